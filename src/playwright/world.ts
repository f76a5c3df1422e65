import { compareUtf16, findCaseSensitivePartner } from '../core/dm-room-id.js';
import type { Room } from '../core/rocketchat-api.js';
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
 * membership rooms are rooms of every type the admin does NOT belong to, made by the peer.
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
export interface LabelledRoom {
  _id: string;
  label: string;
}

export interface WorldData {
  prefix: string;
  admin: Member;
  /** The seeded user with the greatest id, logged in for the whole run. */
  peer: Member & { session: StoredSession };
  channel: SeededRoom;
  group: SeededRoom;
  /** Undefined where the server does not support rooms.createDiscussion. */
  discussion: SeededRoom | undefined;
  discussionSkipped: string | undefined;
  /** 1:1 DMs the admin created. */
  oneToOne: SeededDm[];
  selfDm: SeededDm;
  groupDm: SeededDm;
  /** A 1:1 DM between two seeded users, created by the admin with excludeSelf: the admin is not in it. */
  foreignDm: SeededDm;
  /** The DM the peer created (the creator's id sorts second). */
  peerDm: SeededDm;
  /** The peer's own listing of its DM, read once while building the world (the peer is rate-limited). */
  peerDmAsListed: Room | undefined;
  /** Whose DM has two ids whose UTF-16 order differs from a case-insensitive order, if one was found. */
  caseSensitive: { viewer: 'admin' | 'peer'; partnerId: string } | undefined;
  /** Rooms of every type the admin does not belong to: never in its list. */
  notMember: LabelledRoom[];
  /** Rooms the admin joined through someone else (invited into a team): in its list. */
  memberThroughOthers: LabelledRoom[];
  /** Everything created, for global teardown. */
  created: ReturnType<Seeder['created']>;
}

/** Users created up front (by preflight), and the most the world creates looking for a case-sensitive id pair. */
export const INITIAL_WORLD_USERS = 5;
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

export interface WorldOptions {
  /** Lists rooms as the peer (a plain rooms.get): its own view of its DM. */
  listAsPeer(peer: RocketChatClient): Promise<Room[]>;
}

/**
 * Builds the world. `users` are created up front by the caller (preflight probes the first login with
 * them); the peer is the one with the greatest id and is already logged in.
 */
export async function buildWorld(
  seeder: Seeder,
  admin: Member,
  start: { users: SeededUser[]; peer: SeededUser; peerClient: RocketChatClient; peerSession: StoredSession },
  options: WorldOptions,
): Promise<WorldData> {
  const users = [...start.users];
  const { peer, peerClient } = start;
  const others = () => users.filter((user) => user !== peer);

  // Random ids: about one user in five pairs case-sensitively with a given id. Prefer the admin's DMs.
  let caseSensitive: WorldData['caseSensitive'];
  let foreignPair: [SeededUser, SeededUser] | undefined;
  for (let created = users.length; ; created += 2) {
    const ids = others().map((user) => user._id);
    const adminPartner = findCaseSensitivePartner(admin._id, ids);
    const peerPartner = findCaseSensitivePartner(peer._id, ids);
    if (adminPartner) caseSensitive = { viewer: 'admin', partnerId: adminPartner };
    else if (peerPartner) caseSensitive = { viewer: 'peer', partnerId: peerPartner };
    // The admin's id is not ours to choose (one starting with a digit pairs with nothing), so the
    // foreign DM between two seeded users carries a case-sensitive pair of its own as well.
    foreignPair = caseSensitivePairAmong(others());
    if ((caseSensitive && foreignPair) || created >= MAX_USERS) break;
    // The peer's id must stay the greatest: a new user that sorts above it is left unused (and deleted).
    const fresh = await Promise.all([seeder.user(), seeder.user()]);
    users.push(...fresh.filter((user) => compareUtf16(user._id, peer._id) < 0));
  }
  const rest = others();
  const byId = (id: string) => rest.find((user) => user._id === id) as SeededUser;

  // The admin's 1:1 DMs: three users, plus its case-sensitive partner.
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

  const [oneToOneRooms, selfRoom, groupRoom, foreignRoom, peerRoom, channel, group, strangers] =
    await Promise.all([
      Promise.all(oneToOneUsers.map((user) => seeder.dm([user.username]))),
      // One per account and maybe older than the run: never deleted by the seeder; global teardown deletes
      // it if this run created it.
      seeder.dm([admin.username], { shared: true }),
      // Requested in descending id order: a server that keeps the request order in uids is caught.
      seeder.dm([g1.username, g2.username]),
      seeder.dm([f1.username, f2.username], { excludeSelf: true }),
      seeder.dm([peerPartner.username], { as: peerClient }),
      seeder.channel(),
      seeder.group(),
      buildStrangerRooms(seeder, admin, peerClient),
    ]);
  const [discussion, peerDiscussion, peerListing] = await Promise.all([
    seeder.discussion(channel._id).then(
      (room) => ({ room, skipped: undefined }),
      (error: unknown) => ({
        room: undefined,
        skipped: `rooms.createDiscussion is not available: ${(error as Error).message}`,
      }),
    ),
    // A discussion the peer opens in the admin's channel: the admin is in the parent, not in it.
    seeder.discussion(channel._id, { as: peerClient }).catch(() => undefined),
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
  const notMember = [...strangers.notMember];
  if (peerDiscussion) {
    notMember.push({ _id: peerDiscussion._id, label: "a discussion the peer opened in the admin's channel" });
  }
  notMember.push({ _id: foreignRoom._id, label: 'a 1:1 DM between two other users' });

  return {
    prefix: seeder.prefix,
    admin,
    peer: { ...member(peer), session: start.peerSession },
    channel,
    group,
    discussion: discussion.room,
    discussionSkipped: discussion.skipped,
    oneToOne,
    selfDm: { _id: selfRoom._id, members: [admin], viewer: 'admin', label: 'self-DM of the admin' },
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
    peerDmAsListed: peerListing.find((room) => room._id === peerRoom._id),
    caseSensitive,
    notMember,
    memberThroughOthers: strangers.memberThroughOthers,
    created: seeder.created(),
  };
}

/**
 * Rooms the peer makes that the admin must never see in its own list: a public channel, a private group,
 * a team the admin is not in, a channel of a team whose main room the admin IS in, and a channel the
 * admin joined and left again. The team main room the admin was invited into is the control: listed.
 */
async function buildStrangerRooms(
  seeder: Seeder,
  admin: Member,
  peer: RocketChatClient,
): Promise<{ notMember: LabelledRoom[]; memberThroughOthers: LabelledRoom[] }> {
  const as = { as: peer };
  const [channel, group, foreignTeam, sharedTeam, teamChannel, leftChannel] = await Promise.all([
    seeder.channel(as),
    seeder.group(as),
    seeder.team(as),
    seeder.team(as),
    seeder.channel(as),
    seeder.channel(as),
  ]);
  await Promise.all([
    seeder.addToTeam(sharedTeam.teamId, [teamChannel._id], as),
    seeder.invite({ _id: sharedTeam._id, kind: 'channel' }, admin._id, as),
    seeder.invite(leftChannel, admin._id, as).then(() => seeder.leave(leftChannel, seeder.admin)),
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
      { _id: leftChannel._id, label: 'a channel the admin joined and left' },
    ],
    memberThroughOthers: [
      { _id: sharedTeam._id, label: "the main room of another user's team the admin was invited into" },
    ],
  };
}
