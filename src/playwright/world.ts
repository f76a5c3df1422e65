import { compareUtf16, findCaseSensitivePartner } from '../core/dm-room-id.js';
import type { PostedMessage, RoomsGetBody } from '../core/rocketchat-api.js';
import type { RestResponse } from './rest-client.js';
import type { RocketChatClient } from './rocketchat-client.js';
import type { StoredSession } from './run-state.js';
import type { SeededRoom, SeededUser, Seeder } from './seed.js';

/**
 * The users and rooms many checks share, built ONCE per run by preflight (global setup) and handed to
 * every worker through the run state — seeding per test or per worker would multiply the run time and
 * the load on staging. Nothing here is modified after it is built: checks that change rooms seed their own.
 *
 * The DMs are chosen so that the id rules are really exercised whatever ids the server hands out: a DM
 * whose creator sorts first (usually the admin's) and one whose creator sorts second (the peer's), a pair
 * of ids whose order depends on upper- versus lower-case, and a group DM requested out of order. The
 * membership rooms are rooms of every type the admin does NOT belong to, made by the peer. A channel and
 * a DM carry two messages each, and one channel is already deleted: what the read-only checks of lastMessage,
 * dates and `remove` need.
 *
 * Built in as few round trips as the data allows (every one of them is paid at the server's latency):
 * users, rooms and the first message at once; then the peer's login; then everything that needs users.
 */
export interface Member {
  _id: string;
  username: string;
}

export interface SeededDm {
  _id: string;
  /** Who is in it, by construction (not as the server reports it). */
  members: Member[];
  /** Whose rooms.get lists it: the admin's, the peer's, or neither's (the admin's excludeSelf DM). */
  viewer: 'admin' | 'peer' | 'neither';
  label: string;
}

/** A room and why it is (or is not) in the admin's list. */
interface LabelledRoom {
  _id: string;
  label: string;
}

export interface WorldData {
  prefix: string;
  admin: Member;
  /** The seeded user with the greatest id, logged in for the whole run. */
  peer: Member & { session: StoredSession };
  /** A seeded user whose password a check may log in with (and out again). */
  loginUser: { username: string; password: string };
  channel: SeededRoom;
  group: SeededRoom;
  /** Undefined where the server does not support rooms.createDiscussion. */
  discussion: SeededRoom | undefined;
  discussionSkipped: string | undefined;
  /** The admin posted two messages in each of these rooms: the second is the last. */
  messaged: Array<{ room: SeededRoom; last: PostedMessage }>;
  /** A channel deleted while the world was built: it is in `remove`. */
  deletedRoomId: string;
  /** 1:1 DMs the admin created. */
  oneToOne: SeededDm[];
  /** The peer's self-DM: a room of the run's own (the admin's is one per account, maybe in use elsewhere). */
  selfDm: SeededDm;
  groupDm: SeededDm;
  /** A 1:1 DM between two seeded users, created by the admin with excludeSelf: the admin is not in it. */
  foreignDm: SeededDm;
  /** The DM the peer created (the creator's id sorts second). */
  peerDm: SeededDm;
  /**
   * The peer's own rooms.get, read once at the end of building the world (a normal user is rate-limited):
   * how it sees its DM and its self-DM.
   */
  peerListing: RestResponse<RoomsGetBody>;
  /** Whose DM has two ids whose UTF-16 order differs from a case-insensitive order, if one was found. */
  caseSensitive: { viewer: 'admin' | 'peer'; partnerId: string } | undefined;
  /** Rooms of every type the admin does not belong to: never in its list. */
  notMember: LabelledRoom[];
  /** Rooms the admin joined through someone else (made a member of a team): in its list. */
  memberThroughOthers: LabelledRoom[];
  /** Everything created, for global teardown. */
  created: ReturnType<Seeder['created']>;
}

/**
 * Users created up front. Enough that, with random ids, a pair whose order depends on letter case is
 * almost always among them (about one user in five pairs so with a given id), so a second round of
 * users.create is rarely needed.
 */
export const INITIAL_WORLD_USERS = 9;
const MAX_USERS = 15;

const member = (user: SeededUser | Member): Member => ({ _id: user._id, username: user.username });

/** Two users whose ids' UTF-16 order differs from their case-insensitive order, if any. */
function caseSensitivePairAmong(users: SeededUser[]): [SeededUser, SeededUser] | undefined {
  for (const user of users) {
    const partnerId = findCaseSensitivePartner(
      user._id,
      users.map((other) => other._id),
    );
    const partner = users.find((other) => other._id === partnerId);
    if (partner) return [user, partner];
  }
  return undefined;
}

/** What preflight seeded in the first round trip (seed-world.ts), before the peer logged in. */
export interface WorldStart {
  users: SeededUser[];
  peer: SeededUser;
  peerClient: RocketChatClient;
  peerSession: StoredSession;
  channel: SeededRoom;
  group: SeededRoom;
  /** A channel that holds messages, its first one posted. */
  messagedChannel: SeededRoom;
  /** The admin's DM with the first seeded user other than the peer: it gets two messages. */
  messagedDm: { _id: string };
}

export interface WorldOptions {
  /** Lists rooms as the peer (a plain rooms.get): its own view of its DMs. */
  listAsPeer(peer: RocketChatClient): Promise<RestResponse<RoomsGetBody>>;
}

/** Builds the rest of the world on what preflight seeded first; `users` exclude none, the peer among them. */
export async function buildWorld(
  seeder: Seeder,
  admin: Member,
  start: WorldStart,
  options: WorldOptions,
): Promise<WorldData> {
  const users = [...start.users];
  const { peer, peerClient } = start;
  const others = () => users.filter((user) => user !== peer);

  // A pair of ids whose order depends on letter case: in the foreign DM between two seeded users, whose
  // ids are ours to draw (more users are drawn, rarely, until such a pair exists), and — when the random
  // ids allow it — in one of the admin's or the peer's DMs too (an admin id starting with a digit pairs
  // with nothing, a greatest id seldom does).
  let caseSensitive: WorldData['caseSensitive'];
  let foreignPair: [SeededUser, SeededUser] | undefined;
  for (let created = users.length; ; created += 2) {
    const ids = others().map((user) => user._id);
    const adminPartner = findCaseSensitivePartner(admin._id, ids);
    const peerPartner = findCaseSensitivePartner(peer._id, ids);
    caseSensitive = adminPartner
      ? { viewer: 'admin', partnerId: adminPartner }
      : peerPartner
        ? { viewer: 'peer', partnerId: peerPartner }
        : undefined;
    foreignPair = caseSensitivePairAmong(others());
    if (foreignPair || created >= MAX_USERS) break;
    // The peer's id must stay the greatest: a new user that sorts above it is left unused (and deleted).
    const fresh = await Promise.all([seeder.user(), seeder.user()]);
    users.push(...fresh.filter((user) => compareUtf16(user._id, peer._id) < 0));
  }
  const rest = others();
  const byId = (id: string) => rest.find((user) => user._id === id) as SeededUser;
  // A user a check may log in and out with (a login touches no room, whatever rooms the user is in).
  const loginUser = rest[rest.length - 2] as SeededUser;

  // The admin's 1:1 DMs: three users (the first one's DM is the messaged one), plus its case-sensitive partner.
  const oneToOneUsers = rest.slice(0, 3);
  if (
    caseSensitive?.viewer === 'admin' &&
    !oneToOneUsers.some((user) => user._id === caseSensitive?.partnerId)
  ) {
    oneToOneUsers.push(byId(caseSensitive.partnerId));
  }
  const [g1, g2] = [rest[0], rest[1]].sort((a, b) => compareUtf16(b?._id ?? '', a?._id ?? '')) as [
    SeededUser,
    SeededUser,
  ];
  // Requested in descending id order, like the group DM.
  const [f1, f2] = (foreignPair ?? [g1, g2]).sort((a, b) => compareUtf16(b._id, a._id)) as [
    SeededUser,
    SeededUser,
  ];
  // The peer creates a DM with a user whose id sorts first: the creator's id comes second.
  const peerPartner =
    caseSensitive?.viewer === 'peer' ? byId(caseSensitive.partnerId) : (rest[rest.length - 1] as SeededUser);

  const [
    oneToOneRooms,
    selfRoom,
    groupRoom,
    foreignRoom,
    peerRoom,
    strangers,
    discussion,
    peerDiscussion,
    lastInChannel,
  ] = await Promise.all([
    Promise.all(oneToOneUsers.map((user) => seeder.dm([user.username]))),
    // The peer's, not the admin's: an account has one self-DM, and the admin's may be in use by another
    // run against the same server (deleting it at the end would pull it from under that run).
    seeder.dm([peer.username], { as: peerClient }),
    // Requested in descending id order: a server that keeps the request order in uids is caught.
    seeder.dm([g1.username, g2.username]),
    seeder.dm([f1.username, f2.username], { excludeSelf: true }),
    seeder.dm([peerPartner.username], { as: peerClient }),
    buildStrangerRooms(seeder, admin, peerClient),
    seeder.discussion(start.channel._id).then(
      (room) => ({ room, skipped: undefined }),
      (error: unknown) => ({
        room: undefined,
        skipped: `rooms.createDiscussion is not available: ${(error as Error).message}`,
      }),
    ),
    // A discussion the peer opens in the admin's channel: the admin is in the parent, not in it.
    seeder.discussion(start.channel._id, { as: peerClient }).catch(() => undefined),
    seeder.message(start.messagedChannel._id, `${seeder.prefix} the last message in this channel`),
    seeder.message(start.messagedDm._id, `${seeder.prefix} first in a DM`),
  ]);
  // The DM's second message, and the peer's own view of its DM, read last.
  const [lastInDm, peerListing] = await Promise.all([
    seeder.message(start.messagedDm._id, `${seeder.prefix} the last message in this DM`),
    options.listAsPeer(peerClient),
  ]);

  const oneToOne = oneToOneUsers.map(
    (user, index): SeededDm => ({
      _id: (oneToOneRooms[index] as { _id: string })._id,
      members: [admin, member(user)],
      viewer: 'admin',
      label: `1:1 DM admin ↔ ${user.username}${user._id === caseSensitive?.partnerId ? ' (ids whose order depends on case)' : ''}`,
    }),
  );
  const peerDm: SeededDm = {
    _id: peerRoom._id,
    members: [member(peer), member(peerPartner)],
    viewer: 'peer',
    label:
      `1:1 DM created by ${peer.username} with ${peerPartner.username} (creator's id sorts second` +
      `${caseSensitive?.viewer === 'peer' ? '; ids whose order depends on case' : ''})`,
  };
  const notMember = [
    ...strangers.notMember,
    { _id: foreignRoom._id, label: 'a 1:1 DM between two other users' },
  ];
  if (peerDiscussion)
    notMember.push({ _id: peerDiscussion._id, label: "a discussion the peer opened in the admin's channel" });

  return {
    prefix: seeder.prefix,
    admin,
    peer: { ...member(peer), session: start.peerSession },
    loginUser: { username: loginUser.username, password: loginUser.password },
    channel: start.channel,
    group: start.group,
    discussion: discussion.room,
    discussionSkipped: discussion.skipped,
    messaged: [
      { room: start.messagedChannel, last: lastInChannel },
      { room: { _id: start.messagedDm._id, kind: 'dm' }, last: lastInDm },
    ],
    deletedRoomId: strangers.deletedRoomId,
    oneToOne,
    selfDm: {
      _id: selfRoom._id,
      members: [member(peer)],
      viewer: 'peer',
      label: `self-DM of ${peer.username}`,
    },
    groupDm: {
      _id: groupRoom._id,
      members: [admin, member(g1), member(g2)],
      viewer: 'admin',
      label: `group DM admin, ${g1.username}, ${g2.username}`,
    },
    foreignDm: {
      _id: foreignRoom._id,
      members: [member(f1), member(f2)],
      viewer: 'neither',
      label:
        `1:1 DM ${f1.username} ↔ ${f2.username} (created by the admin with excludeSelf` +
        `${foreignPair ? '; ids whose order depends on case' : ''})`,
    },
    peerDm,
    peerListing,
    caseSensitive,
    notMember,
    memberThroughOthers: strangers.memberThroughOthers,
    created: seeder.created(),
  };
}

/**
 * Rooms the peer makes that the admin must never see in its own list: a public channel, a private group,
 * a team the admin is not in, a channel of a team whose main room the admin IS in, and a channel the
 * admin was a member of and left. The team main room the admin was made a member of is the control: listed.
 * Also the world's deleted channel, made and erased here.
 */
async function buildStrangerRooms(
  seeder: Seeder,
  admin: Member,
  peer: RocketChatClient,
): Promise<{ notMember: LabelledRoom[]; memberThroughOthers: LabelledRoom[]; deletedRoomId: string }> {
  const as = { as: peer };
  const [channel, group, foreignTeam, sharedTeam, teamChannel, leftChannel, doomed] = await Promise.all([
    seeder.channel(as),
    seeder.group(as),
    seeder.team(as),
    seeder.team({ ...as, memberIds: [admin._id] }),
    seeder.channel(as),
    seeder.channel({ ...as, members: [admin.username] }),
    seeder.channel(),
  ]);
  await Promise.all([
    seeder.addToTeam(sharedTeam.teamId, [teamChannel._id], as),
    seeder.leave(leftChannel, seeder.admin),
    seeder.deleteRoom(doomed),
  ]);
  return {
    notMember: [
      { _id: channel._id, label: 'a public channel of another user' },
      { _id: group._id, label: 'a private group of another user' },
      { _id: foreignTeam._id, label: "the main room of another user's team" },
      {
        _id: teamChannel._id,
        label: "a channel of a team whose main room the admin is in (not the channel's member)",
      },
      { _id: leftChannel._id, label: 'a channel the admin was a member of and left' },
    ],
    memberThroughOthers: [
      { _id: sharedTeam._id, label: "the main room of another user's team the admin was made a member of" },
    ],
    deletedRoomId: doomed._id,
  };
}
