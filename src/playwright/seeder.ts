import { seededUserPassword } from '../core/secrets/password.js';
import type { PostedMessage, Session } from '../core/rocketchat/rocketchat-api.js';
import { spoolSecret } from '../core/secrets/secret-spool.js';
import { recordSeededUsername } from '../core/run/seed-ledger.js';
import { ApiError, type RocketChatClient, type RoomKind, type StateCall } from './rocketchat-client.js';
import { type ClientEvents, TransportError } from './rest-client.js';

/**
 * Creates uniquely named users, rooms and messages (every name starts with the seeder's prefix,
 * `ct-<run>-…`, so global teardown can sweep what an interrupted run left) and deletes everything it
 * created in `deleteCreated()` — also when the check failed. All creation goes through the admin client unless
 * a check creates as another user; it refuses to write when the run is read-only.
 *
 * A refusal is a SeedingError: the check could not be judged, which says nothing about rooms.get.
 */
export interface SeededRoom {
  _id: string;
  kind: RoomKind;
  name?: string;
}

export interface SeededUser {
  _id: string;
  username: string;
  /** The display name, deliberately different from the username. */
  name: string;
  password: string;
}

/** How this server lets the suite create users (decided by preflight, docs/rocketchat-behaviour.md §9). */
export interface SeedingPolicy {
  writable: boolean;
  emailDomain: string;
  /**
   * Create users with a verified e-mail: only where Accounts_EmailVerification refuses the login of an
   * unverified one (a verified address switches on e-mail two-factor on a stock server).
   */
  verifiedEmails: boolean;
}

/** Seeding was refused or could not reach the server: the check cannot be judged. */
export class SeedingError extends Error {
  override name = 'SeedingError';
  constructor(
    message: string,
    readonly original: unknown,
    /** The refused call, e.g. `users.create ct-…u1`. */
    readonly step?: string,
  ) {
    super(message);
  }
}

export class Seeder {
  readonly #rooms: SeededRoom[] = [];
  readonly #users: SeededUser[] = [];
  readonly #sessions: RocketChatClient[] = [];
  #counter = 0;

  constructor(
    readonly admin: RocketChatClient,
    readonly prefix: string,
    readonly policy: SeedingPolicy,
  ) {}

  /** A fresh name with this seeder's prefix, valid as a Rocket.Chat username and room name. */
  name(kind: string): string {
    this.#counter += 1;
    return `${this.prefix}${kind}${this.#counter}`;
  }

  async user(): Promise<SeededUser> {
    this.#assertWritable();
    const username = this.name('u');
    const password = seededUserPassword();
    spoolSecret(password);
    this.admin.rest.redactor.add(password);
    // A display name unlike the username: a server that puts display names into `usernames` is caught.
    const name = `CT Display ${username.slice(this.prefix.length)}`;
    recordSeededUsername(this.admin.rest.baseUrl, username);
    const created = await seeding(`users.create ${username}`, () =>
      this.admin.usersCreate({
        username,
        name,
        password,
        email: `${username}@${this.policy.emailDomain}`,
        verified: this.policy.verifiedEmails,
      }),
    );
    const user = { _id: created._id, username: created.username ?? username, name, password };
    this.#users.push(user);
    return user;
  }

  /** A channel created by `as` (default: the admin), with `members` (usernames) in it from the start. */
  async channel(options: { as?: RocketChatClient; members?: readonly string[] } = {}): Promise<SeededRoom> {
    this.#assertWritable();
    const name = this.name('c');
    const room = await seeding(`channels.create ${name}`, () =>
      (options.as ?? this.admin).channelsCreate(name, options.members),
    );
    return this.#track({ _id: room._id, kind: 'channel', name });
  }

  async group(options: { as?: RocketChatClient } = {}): Promise<SeededRoom> {
    this.#assertWritable();
    const name = this.name('p');
    const room = await seeding(`groups.create ${name}`, () => (options.as ?? this.admin).groupsCreate(name));
    return this.#track({ _id: room._id, kind: 'group', name });
  }

  /** A team (its main room is `_id` of the returned room; `teamId` names the team). */
  async team(
    options: { as?: RocketChatClient; memberIds?: readonly string[] } = {},
  ): Promise<SeededRoom & { teamId: string }> {
    this.#assertWritable();
    const name = this.name('t');
    const team = await seeding(`teams.create ${name}`, () =>
      (options.as ?? this.admin).teamsCreate(name, 0, options.memberIds),
    );
    // Deleted through teams.delete, which takes the team id.
    this.#rooms.push({ _id: team.teamId, kind: 'team', name });
    return { _id: team.roomId, kind: 'team', name, teamId: team.teamId };
  }

  /** A DM created by `as` (default: the admin) with these usernames (one: 1:1 or self; more: group). */
  async dm(usernames: readonly string[], options: { as?: RocketChatClient; excludeSelf?: boolean } = {}) {
    this.#assertWritable();
    const room = await seeding(`im.create ${usernames.join(',')}`, () =>
      (options.as ?? this.admin).imCreate(usernames, { excludeSelf: options.excludeSelf }),
    );
    // Re-creating an existing DM returns the same room: track it once.
    if (!this.#rooms.some((tracked) => tracked._id === room._id)) {
      this.#track({ _id: room._id, kind: 'dm' });
    }
    return room;
  }

  /** A discussion of `parentRoomId` created by `as` (default: the admin), with `members` (usernames) in it. */
  async discussion(
    parentRoomId: string,
    options: { as?: RocketChatClient; members?: readonly string[] } = {},
  ): Promise<SeededRoom> {
    this.#assertWritable();
    const name = this.name('d');
    const room = await seeding(`rooms.createDiscussion ${name}`, () =>
      (options.as ?? this.admin).roomsCreateDiscussion(parentRoomId, name, options.members),
    );
    return this.#track({ _id: room._id, kind: 'discussion', name });
  }

  async message(
    roomId: string,
    text = `${this.name('m')} hello`,
    options: { as?: RocketChatClient } = {},
  ): Promise<PostedMessage> {
    this.#assertWritable();
    return seeding(`chat.postMessage in ${roomId}`, () =>
      (options.as ?? this.admin).chatPostMessage(roomId, text),
    );
  }

  /** Adds a user to a channel or group (`as` the room's owner, default the admin). */
  async invite(room: SeededRoom, userId: string, options: { as?: RocketChatClient } = {}): Promise<void> {
    this.#assertWritable();
    if (room.kind !== 'channel' && room.kind !== 'group')
      throw new Error(`cannot invite into a ${room.kind}`);
    const kind = room.kind;
    await seeding(`invite into ${room._id}`, () =>
      (options.as ?? this.admin).invite({ _id: room._id, kind }, userId),
    );
  }

  /** `as` leaves a channel or group. */
  async leave(room: SeededRoom, as: RocketChatClient): Promise<void> {
    this.#assertWritable();
    if (room.kind !== 'channel' && room.kind !== 'group') throw new Error(`cannot leave a ${room.kind}`);
    const kind = room.kind;
    await seeding(`leave ${room._id}`, () => as.leave({ _id: room._id, kind }));
  }

  /** Puts rooms into a team as its channels. */
  async addToTeam(teamId: string, roomIds: readonly string[], options: { as?: RocketChatClient } = {}) {
    this.#assertWritable();
    await seeding(`teams.addRooms ${teamId}`, () =>
      (options.as ?? this.admin).teamsAddRooms(teamId, roomIds),
    );
  }

  /** Deletes a room now (a check that needs a deleted room); cleanup will not touch it again. */
  async deleteRoom(room: SeededRoom): Promise<void> {
    this.#assertWritable();
    await seeding(`delete ${room.kind} ${room._id}`, () => this.admin.deleteRoom(room));
    const index = this.#rooms.indexOf(room);
    if (index >= 0) this.#rooms.splice(index, 1);
  }

  /** Puts a room or a subscription into a state (or ends one) through `call`, `as` a member (default the admin). */
  async state(call: StateCall, options: { as?: RocketChatClient } = {}): Promise<void> {
    this.#assertWritable();
    await seeding(call.endpoint, () => (options.as ?? this.admin).stateCall(call));
  }

  /** Deletes a seeded user now (a check that needs a deleted account); cleanup will not touch it again. */
  async deleteUser(user: SeededUser): Promise<void> {
    this.#assertWritable();
    await seeding(`users.delete ${user.username}`, () => this.admin.usersDelete(user._id));
    const index = this.#users.indexOf(user);
    if (index >= 0) this.#users.splice(index, 1);
  }

  /** Logs a seeded user in; the session is logged out in cleanup. */
  async login(user: SeededUser): Promise<RocketChatClient> {
    const session: Session = await seeding(`login of ${user.username}`, () =>
      this.admin.login(user.username, user.password),
    );
    const client = this.admin.as(session);
    this.#sessions.push(client);
    return client;
  }

  /** Deletes the users created so far (preflight re-creates them when the server needs verified addresses). */
  async deleteUsers(): Promise<void> {
    await deleteSeeded(this.admin, { rooms: [], users: this.#users.splice(0) });
  }

  /** What this seeder created and has not deleted yet (for the run state, so teardown can find it). */
  created(): { rooms: SeededRoom[]; users: Array<Pick<SeededUser, '_id' | 'username'>> } {
    return {
      rooms: [...this.#rooms],
      users: this.#users.map(({ _id, username }) => ({ _id, username })),
    };
  }

  /**
   * Deletes everything created, rooms before users (deleting a user bumps the rooms it was in), and
   * returns what could not be deleted, one line each: one refusal does not leave the rest behind.
   * `events`: the hooks of a cleanup that outlives its check (its retries are no later check's).
   */
  async deleteCreated(options: { events?: ClientEvents } = {}): Promise<string[]> {
    const hooked = (client: RocketChatClient) =>
      options.events ? client.withEvents(options.events) : client;
    return deleteSeeded(hooked(this.admin), {
      sessions: this.#sessions.splice(0).map(hooked),
      rooms: this.#rooms.splice(0).reverse(),
      users: this.#users.splice(0),
    });
  }

  #track(room: SeededRoom): SeededRoom {
    this.#rooms.push(room);
    return room;
  }

  #assertWritable(): void {
    if (!this.policy.writable)
      throw new Error('the suite tried to write while CONTRACT_WRITE is false (a bug in a check)');
  }
}

/** Deletes seeded sessions, rooms (in the order given) and users; returns what could not be deleted. */
export async function deleteSeeded(
  admin: RocketChatClient,
  seeded: {
    sessions?: RocketChatClient[];
    rooms: ReadonlyArray<{ _id: string; kind: RoomKind }>;
    users: ReadonlyArray<{ _id: string; username: string }>;
  },
): Promise<string[]> {
  const failures: string[] = [];
  const attempt = async (what: string, action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      // Already gone (a DM removed with its user, a discussion with its parent): nothing left to clean.
      if (error instanceof ApiError && /not.?found|invalid.?room|room-not-found/i.test(error.message)) return;
      failures.push(`${what}: ${(error as Error).message}`);
    }
  };
  // Discussions first: erasing a parent erases its discussions, and a discussion deleted at the same
  // moment makes the parent's erase fail as "not found" — read as already gone, it left the parent behind.
  const discussions = seeded.rooms.filter((room) => room.kind === 'discussion');
  await Promise.all(
    discussions.map((room) => attempt(`delete ${room.kind} ${room._id}`, () => admin.deleteRoom(room))),
  );
  // The rest all at once: a round trip per kind would cost more than the rare "already gone" (a DM
  // erased with its user), which is not a failure.
  await Promise.all([
    // A logout answered 401 is a session already dead: its user deleted here or by the check itself.
    ...(seeded.sessions ?? []).map((client) =>
      attempt('logout', () =>
        client.logout().catch((error: unknown) => {
          if (!(error instanceof ApiError && error.status === 401)) throw error;
        }),
      ),
    ),
    ...seeded.rooms
      .filter((room) => room.kind !== 'discussion')
      .map((room) => attempt(`delete ${room.kind} ${room._id}`, () => admin.deleteRoom(room))),
    ...seeded.users.map((user) => attempt(`delete user ${user.username}`, () => admin.usersDelete(user._id))),
  ]);
  return failures;
}

/** Runs one seeding step; a refusal or a transport failure becomes a SeedingError naming the step. */
async function seeding<T>(step: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ApiError || error instanceof TransportError) {
      throw new SeedingError(`seeding failed at ${step}: ${error.message}`, error, step);
    }
    throw error;
  }
}
