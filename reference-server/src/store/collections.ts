import type {
  MessageDoc,
  RoomDoc,
  StoredToken,
  SubscriptionDoc,
  TeamDoc,
  TrashEntry,
  UserDoc,
} from './types.js';

/** The trash collection's TTL index: deletions older than 30 days are never reported. */
const TRASH_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Rocket.Chat's collections, in memory. Maps keep insertion order, which plays the part of
 * MongoDB's natural order. Only plain storage and indexes live here; the rules that change the
 * documents (and bump `_updatedAt`) live in `workspace/`.
 */
export class Collections {
  readonly users = new Map<string, UserDoc>();
  /** lower-cased username → user id (Rocket.Chat looks DM targets up ignoring case). */
  private readonly usernameIndex = new Map<string, string>();
  /** base64(sha256(token)) → user id. */
  private readonly tokenIndex = new Map<string, string>();

  readonly rooms = new Map<string, RoomDoc>();
  /** For DMs: the members the room was created for, the key of the "existing DM" lookup. */
  readonly directMembers = new Map<string, readonly string[]>();

  private readonly subscriptionsByUser = new Map<string, Map<string, SubscriptionDoc>>();
  private readonly subscriptionsByRoom = new Map<string, Set<string>>();

  readonly messages = new Map<string, MessageDoc>();
  readonly trash = new Map<string, TrashEntry>();
  readonly teams = new Map<string, TeamDoc>();
  /** rid → user ids whose subscription a leave or kick only hid (left-rooms-still-listed, kicked-rooms-still-listed). */
  readonly hiddenSubscriptions = new Map<string, Set<string>>();

  // ── users ──
  insertUser(user: UserDoc): void {
    this.users.set(user._id, user);
    this.usernameIndex.set(user.username.toLowerCase(), user._id);
  }

  findUserByUsername(username: string): UserDoc | undefined {
    const id = this.usernameIndex.get(username.toLowerCase());
    return id === undefined ? undefined : this.users.get(id);
  }

  findUserByEmail(email: string): UserDoc | undefined {
    const wanted = email.toLowerCase();
    for (const user of this.users.values()) {
      if (user.emails.some((entry) => entry.address.toLowerCase() === wanted)) return user;
    }
    return undefined;
  }

  removeUser(userId: string): void {
    const user = this.users.get(userId);
    if (!user) return;
    for (const token of user.services.resume.loginTokens) this.tokenIndex.delete(token.hashedToken);
    this.usernameIndex.delete(user.username.toLowerCase());
    this.users.delete(userId);
  }

  /** A login token or a personal access token: both authenticate the same way. */
  addLoginToken(userId: string, token: StoredToken): void {
    const user = this.users.get(userId);
    if (!user) return;
    user.services.resume.loginTokens.push(token);
    this.tokenIndex.set(token.hashedToken, userId);
  }

  findToken(userId: string, hashedToken: string): StoredToken | undefined {
    return this.users
      .get(userId)
      ?.services.resume.loginTokens.find((token) => token.hashedToken === hashedToken);
  }

  removeLoginToken(userId: string, hashedToken: string): void {
    const user = this.users.get(userId);
    if (!user) return;
    user.services.resume.loginTokens = user.services.resume.loginTokens.filter(
      (token) => token.hashedToken !== hashedToken,
    );
    this.tokenIndex.delete(hashedToken);
  }

  /** The owner of a hashed token, whoever the request claims to be. */
  findUserIdByHashedToken(hashedToken: string): string | undefined {
    return this.tokenIndex.get(hashedToken);
  }

  // ── rooms ──
  findRoomByName(name: string): RoomDoc | undefined {
    for (const room of this.rooms.values()) if (room.name === name && room.t !== 'd') return room;
    return undefined;
  }

  removeRoom(rid: string): void {
    this.rooms.delete(rid);
    this.directMembers.delete(rid);
  }

  // ── subscriptions ──
  /** A subscription a fault only hid instead of removing (left-rooms-still-listed, kicked-rooms-still-listed). */
  hideSubscription(rid: string, userId: string): void {
    const hidden = this.hiddenSubscriptions.get(rid) ?? new Set<string>();
    hidden.add(userId);
    this.hiddenSubscriptions.set(rid, hidden);
  }

  upsertSubscription(subscription: SubscriptionDoc): void {
    let mine = this.subscriptionsByUser.get(subscription.u._id);
    if (!mine) {
      mine = new Map();
      this.subscriptionsByUser.set(subscription.u._id, mine);
    }
    mine.set(subscription.rid, subscription);
    let members = this.subscriptionsByRoom.get(subscription.rid);
    if (!members) {
      members = new Set();
      this.subscriptionsByRoom.set(subscription.rid, members);
    }
    members.add(subscription.u._id);
  }

  findSubscription(rid: string, userId: string): SubscriptionDoc | undefined {
    return this.subscriptionsByUser.get(userId)?.get(rid);
  }

  subscriptionsOfUser(userId: string): ReadonlyMap<string, SubscriptionDoc> {
    return this.subscriptionsByUser.get(userId) ?? new Map();
  }

  memberIdsOfRoom(rid: string): string[] {
    return [...(this.subscriptionsByRoom.get(rid) ?? [])];
  }

  removeSubscription(rid: string, userId: string): void {
    this.subscriptionsByUser.get(userId)?.delete(rid);
    this.subscriptionsByRoom.get(rid)?.delete(userId);
  }

  removeSubscriptionsOfRoom(rid: string): void {
    for (const userId of this.subscriptionsByRoom.get(rid) ?? [])
      this.subscriptionsByUser.get(userId)?.delete(rid);
    this.subscriptionsByRoom.delete(rid);
  }

  removeSubscriptionsOfUser(userId: string): void {
    for (const rid of this.subscriptionsByUser.get(userId)?.keys() ?? []) {
      this.subscriptionsByRoom.get(rid)?.delete(userId);
    }
    this.subscriptionsByUser.delete(userId);
  }

  // ── messages ──
  removeMessagesOfRoom(rid: string): void {
    for (const [id, message] of this.messages) if (message.rid === rid) this.messages.delete(id);
  }

  // ── trash ──
  /** Upsert by `_id`, as Rocket.Chat's `trash.updateOne({_id}, {$set}, {upsert: true})`. */
  trashRoom(entry: TrashEntry): void {
    this.trash.set(entry._id, entry);
  }

  /**
   * Drops entries past the TTL, as MongoDB's TTL monitor would. Entries are kept in deletion order,
   * so the scan stops at the first one still alive (an upsert keeps its old place: close enough).
   */
  expireTrash(nowMs: number): void {
    for (const [id, entry] of this.trash) {
      if (nowMs - entry._deletedAt.getTime() <= TRASH_TTL_MS) return;
      this.trash.delete(id);
    }
  }

  // ── teams ──
  findTeamByName(name: string): TeamDoc | undefined {
    for (const team of this.teams.values()) if (team.name === name) return team;
    return undefined;
  }
}
