import { findCaseSensitivePartner } from '../core/dm-room-id.js';
import type { RocketChatClient } from './rocketchat-client.js';
import type { SeededRoom, SeededUser, Seeder } from './seed.js';

/**
 * The rooms and users a worker seeds once and many read-only checks share (seeding per test would
 * multiply the suite's run time). Nothing here is modified after it is built: checks that change rooms
 * (post, delete, re-create) seed their own with the test-scoped `seed`.
 */

export interface Member {
  _id: string;
  username: string;
}

export interface SeededDm {
  _id: string;
  /** Who is in it, by construction (not as the server reports it). */
  members: Member[];
  /** Who can see it in their rooms.get: the admin, or the peer when the admin is not a member. */
  viewer: 'admin' | 'peer';
  label: string;
}

export interface World {
  admin: Member;
  users: SeededUser[];
  /** A seeded user with no DM with the admin yet; logs in (once per worker) only when a check needs it. */
  peer: SeededUser;
  channel: SeededRoom;
  group: SeededRoom;
  /** Undefined where the server does not support rooms.createDiscussion. */
  discussion: SeededRoom | undefined;
  discussionSkipped: string | undefined;
  oneToOne: SeededDm[];
  selfDm: SeededDm;
  groupDm: SeededDm;
  /** A 1:1 DM between two seeded users, created by the admin with excludeSelf: the admin is not in it. */
  foreignDm: SeededDm;
  /**
   * A 1:1 DM whose two user ids sort differently by UTF-16 code unit than case-insensitively, or
   * undefined when none was found within the bound (reported by the check).
   */
  caseSensitiveDm: SeededDm | undefined;
  /** The peer's client, logged in on first use. */
  peerClient(): Promise<RocketChatClient>;
}

/** Users created up front, and the most the world creates while looking for a case-sensitive id pair. */
const INITIAL_USERS = 4;
const MAX_USERS = 14;

export async function buildWorld(seeder: Seeder, admin: Member): Promise<World> {
  const users = await Promise.all(Array.from({ length: INITIAL_USERS }, () => seeder.user()));
  const peer = await seeder.user();

  // A pair whose UTF-16 order differs from a case-insensitive order, preferring the admin (who sees its
  // own DMs) and else the peer (who logs in to see them). Random ids: ~1 in 5 users pairs with a given id.
  const partnerFor = (anchor: Member) =>
    findCaseSensitivePartner(
      anchor._id,
      users.map((user) => user._id),
    );
  let anchor: 'admin' | 'peer' | undefined;
  let partnerId: string | undefined;
  while (users.length < MAX_USERS) {
    partnerId = partnerFor(admin);
    anchor = partnerId === undefined ? undefined : 'admin';
    if (partnerId === undefined) {
      partnerId = partnerFor(peer);
      anchor = partnerId === undefined ? undefined : 'peer';
    }
    if (partnerId !== undefined) break;
    users.push(...(await Promise.all([seeder.user(), seeder.user()])));
  }
  const byId = (id: string) => users.find((user) => user._id === id) as SeededUser;
  const member = (user: SeededUser): Member => ({ _id: user._id, username: user.username });

  // 1:1 DMs the admin creates: with the first three users, and with its case-sensitive partner.
  const oneToOneUsers = users.slice(0, 3);
  if (
    anchor === 'admin' &&
    partnerId !== undefined &&
    !oneToOneUsers.some((user) => user._id === partnerId)
  ) {
    oneToOneUsers.push(byId(partnerId));
  }
  const [u0, u1] = users as [SeededUser, SeededUser];
  // The foreign DM is the peer's with its case-sensitive partner when the admin has none.
  const foreignPartner = anchor === 'peer' && partnerId !== undefined ? byId(partnerId) : u0;

  const [oneToOneRooms, selfRoom, groupRoom, foreignRoom, channel, group] = await Promise.all([
    Promise.all(oneToOneUsers.map((user) => seeder.dm([user.username]))),
    // One per account, so shared by both workers (and maybe older than the run): never deleted by a
    // worker; global teardown deletes it if this run created it (CONTRACT_ADMIN_SELF_DMS_BEFORE).
    seeder.dm([admin.username], { shared: true }),
    seeder.dm([u0.username, u1.username]),
    seeder.dm([peer.username, foreignPartner.username], { excludeSelf: true }),
    seeder.channel(),
    seeder.group(),
  ]);
  let discussion: SeededRoom | undefined;
  let discussionSkipped: string | undefined;
  try {
    discussion = await seeder.discussion(channel._id);
  } catch (error) {
    discussionSkipped = `rooms.createDiscussion is not available: ${(error as Error).message}`;
  }

  const oneToOne = oneToOneUsers.map(
    (user, index): SeededDm => ({
      _id: (oneToOneRooms[index] as { _id: string })._id,
      members: [admin, member(user)],
      viewer: 'admin',
      label: `1:1 DM admin ↔ ${user.username}`,
    }),
  );
  const foreignDm: SeededDm = {
    _id: foreignRoom._id,
    members: [member(peer), member(foreignPartner)],
    viewer: 'peer',
    label: `1:1 DM ${peer.username} ↔ ${foreignPartner.username} (created by the admin with excludeSelf)`,
  };
  const caseSensitiveDm =
    anchor === 'admin'
      ? oneToOne.find((dm) => dm.members.some((m) => m._id === partnerId))
      : anchor === 'peer'
        ? foreignDm
        : undefined;

  let peerClient: Promise<RocketChatClient> | undefined;
  return {
    admin,
    users,
    peer,
    channel,
    group,
    discussion,
    discussionSkipped,
    oneToOne,
    selfDm: { _id: selfRoom._id, members: [admin], viewer: 'admin', label: 'self-DM of the admin' },
    groupDm: {
      _id: groupRoom._id,
      members: [admin, member(u0), member(u1)],
      viewer: 'admin',
      label: `group DM admin, ${u0.username}, ${u1.username}`,
    },
    foreignDm,
    caseSensitiveDm,
    peerClient() {
      peerClient ??= seeder.login(peer);
      return peerClient;
    },
  };
}
