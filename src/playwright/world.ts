import { compareUtf16, findCaseSensitivePartner } from '../core/dm-room-id.js';
import { type Listing, listRooms } from './listing.js';
import type { RocketChatClient } from './rocketchat-client.js';
import type { SeededRoom, SeededUser, Seeder } from './seed.js';

/**
 * The rooms and users a worker seeds once and many checks share (seeding per test would multiply the
 * suite's run time). Nothing here is modified after it is built: checks that change rooms (post,
 * delete, re-create) seed their own with the test-scoped `seed`.
 *
 * The DMs are chosen so that the id rules are really exercised whatever ids the server hands out:
 * a DM whose creator sorts first (the admin's, usually) and one whose creator sorts second (the
 * peer's), a pair of ids whose order depends on upper- versus lower-case, and a group DM whose
 * members were requested out of order.
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

/** The peer's side: logged in once per worker, on first use; its DMs and its one listing. */
export interface PeerView {
  client: RocketChatClient;
  /** DMs the peer created itself: the peer's id sorts after the other member's. */
  dms: SeededDm[];
  listing: Listing;
}

export interface World {
  admin: Member;
  users: SeededUser[];
  /** The seeded user with the greatest id; has no DM with the admin until a check creates one. */
  peer: SeededUser;
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
  /**
   * Whose DM has two ids whose UTF-16 order differs from a case-insensitive order (the admin's or the
   * peer's), or undefined when no such pair was found within the bound (the check notes it).
   */
  caseSensitive: { viewer: 'admin' | 'peer'; partnerId: string } | undefined;
  /** The peer's side, built on first use (a login, one DM, one listing). */
  peerView(): Promise<PeerView>;
}

/** Users created up front, and the most the world creates while looking for a case-sensitive id pair. */
const INITIAL_USERS = 5;
const MAX_USERS = 15;

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

export async function buildWorld(seeder: Seeder, admin: Member): Promise<World> {
  const users = await Promise.all(Array.from({ length: INITIAL_USERS }, () => seeder.user()));
  // The peer: the greatest id, so every other seeded user sorts before it.
  const peerOf = () => users.reduce((max, user) => (compareUtf16(user._id, max._id) > 0 ? user : max));
  let peer = peerOf();
  const others = () => users.filter((user) => user !== peer);

  // Random ids: about one user in five pairs case-sensitively with a given id. Prefer the admin's DMs.
  let caseSensitive: World['caseSensitive'];
  let foreignPair: [SeededUser, SeededUser] | undefined;
  for (;;) {
    peer = peerOf();
    const ids = others().map((user) => user._id);
    const adminPartner = findCaseSensitivePartner(admin._id, ids);
    const peerPartner = findCaseSensitivePartner(peer._id, ids);
    if (adminPartner) caseSensitive = { viewer: 'admin', partnerId: adminPartner };
    else if (peerPartner) caseSensitive = { viewer: 'peer', partnerId: peerPartner };
    // The admin's id is not ours to choose (one starting with a digit pairs with nothing), so the
    // foreign DM between two seeded users carries a case-sensitive pair of its own as well.
    foreignPair = caseSensitivePairAmong(others());
    if ((caseSensitive && foreignPair) || users.length >= MAX_USERS) break;
    users.push(...(await Promise.all([seeder.user(), seeder.user()])));
  }
  const rest = others();
  const member = (user: SeededUser | Member): Member => ({ _id: user._id, username: user.username });
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

  const [oneToOneRooms, selfRoom, groupRoom, foreignRoom, channel, group] = await Promise.all([
    Promise.all(oneToOneUsers.map((user) => seeder.dm([user.username]))),
    // One per account, so shared by both workers (and maybe older than the run): never deleted by a
    // worker; global teardown deletes it if this run created it (CONTRACT_ADMIN_SELF_DMS_BEFORE).
    seeder.dm([admin.username], { shared: true }),
    // Requested in descending id order: a server that keeps the request order in uids is caught.
    seeder.dm([g1.username, g2.username]),
    seeder.dm([f1.username, f2.username], { excludeSelf: true }),
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
      label: `1:1 DM admin ↔ ${user.username}${user._id === caseSensitive?.partnerId ? ' (ids whose order depends on case)' : ''}`,
    }),
  );

  let peerView: Promise<PeerView> | undefined;
  const buildPeerView = async (): Promise<PeerView> => {
    const client = await seeder.login(peer);
    // The peer creates a DM with a user whose id sorts first: the creator's id comes second.
    const partner =
      caseSensitive?.viewer === 'peer'
        ? byId(caseSensitive.partnerId)
        : (rest[rest.length - 1] as SeededUser);
    const room = await seeder.dm([partner.username], { as: client });
    const dms: SeededDm[] = [
      {
        _id: room._id,
        members: [member(peer), member(partner)],
        viewer: 'peer',
        label:
          `1:1 DM created by ${peer.username} with ${partner.username} (creator's id sorts second` +
          `${caseSensitive?.viewer === 'peer' ? '; ids whose order depends on case' : ''})`,
      },
    ];
    return { client, dms, listing: await listRooms(client) };
  };

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
    caseSensitive,
    peerView() {
      peerView ??= buildPeerView();
      return peerView;
    },
  };
}
