import { checkById, WORLD_PIECES, type WorldPiece, worldPiecesOf } from '../core/run/checks.js';
import { compareUtf16, findCaseSensitivePartner } from '../core/rocketchat/dm-room-id.js';
import type { PostedMessage, RoomsGetBody, StoredSession } from '../core/rocketchat/rocketchat-api.js';
import type { RestResponse } from './rest-client.js';
import type { RocketChatClient } from './rocketchat-client.js';
import { type SeededRoom, type SeededUser, type Seeder, SeedingError } from './seeder.js';

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
 * The world comes in pieces (WORLD_PIECES in src/core/run/checks.ts), each built on its own as far as the
 * server allows: a refused call loses the pieces that depend on it and no other (users refused: the DMs,
 * the peer, the messaged DM; the channels and the deleted room still come). Each piece is recorded as
 * built or refused — the call, the server's answer, the fix — and a check naming a refused piece in its
 * needs ends as an error saying so. Only the pieces the run's planned checks read are built
 * (worldPiecesFor: all of them in a normal run; a piece or two for a mutation-matrix target); a piece
 * left out is not recorded, and a check naming it ends as an error too (fixtures/shared-world.ts).
 *
 * Built in as few round trips as the data allows (every one of them is paid at the server's latency):
 * users and the admin's rooms at once; then the peer's login with the first messages; then everything
 * that needs users; then the DMs' messages and the peer's own listing.
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

/** A seeding call the server refused: what was asked, what it answered (redacted), what to change. */
export interface Refusal {
  call: string;
  /** Rocket.Chat's error code (errorType), when the answer has one. */
  code?: string;
  answer: string;
  fix: string;
}

/** Whether one piece of the world was built, or which refused call lost it. */
export type PieceState =
  | { piece: WorldPiece; built: true }
  | { piece: WorldPiece; built: false; refusal: Refusal };

interface WorldBase {
  prefix: string;
  admin: Member;
  /** Every piece, built or refused. */
  pieces: PieceState[];
  /** Everything created, for global teardown. */
  created: ReturnType<Seeder['created']>;
}

/** The fields of the pieces (the piece that brings each is named). */
interface WorldPieces {
  /** peer: the seeded user with the greatest id, logged in for the whole run. */
  peer: Member & { session: StoredSession };
  /** peer: a seeded user whose password a check may log in with (and out again). */
  loginUser: { username: string; password: string };
  /** rooms */
  channel: SeededRoom;
  /** rooms */
  group: SeededRoom;
  /** discussion: undefined where the server does not let the suite open one (discussionSkipped says why). */
  discussion: SeededRoom | undefined;
  discussionSkipped: string | undefined;
  /** messages: the admin posted two messages in each of these rooms: the second is the last. */
  messaged: Array<{ room: SeededRoom; last: PostedMessage }>;
  /** deleted-room: a channel deleted while the world was built: it is in `remove`. */
  deletedRoomId: string;
  /** dms: 1:1 DMs the admin created (the first one is the messaged DM). */
  oneToOne: SeededDm[];
  /** dms: the peer's self-DM (a room of the run's own: the admin's is one per account, maybe in use elsewhere). */
  selfDm: SeededDm;
  groupDm: SeededDm;
  /** dms: a 1:1 DM between two seeded users, created by the admin with excludeSelf: the admin is not in it. */
  foreignDm: SeededDm;
  /** dms: the DM the peer created (the creator's id sorts second). */
  peerDm: SeededDm;
  /**
   * dms: the peer's own rooms.get, read once at the end of building the DMs (a normal user is
   * rate-limited): how it sees its DM and its self-DM.
   */
  peerListing: RestResponse<RoomsGetBody>;
  /** dms: whose DM has two ids whose UTF-16 order differs from a case-insensitive order, if one was found. */
  caseSensitive: { viewer: 'admin' | 'peer'; partnerId: string } | undefined;
  /** not-member: rooms of every type the admin does not belong to: never in its list. */
  notMember: LabelledRoom[];
  /** not-member: rooms the admin joined through someone else (made a member of a team): in its list. */
  memberThroughOthers: LabelledRoom[];
}

/** The world as a check sees it: the pieces its needs name are built (fixtures/world.ts sees to it). */
export type WorldData = WorldBase & WorldPieces;
/** The world as preflight stored it: the fields of refused pieces are absent. */
export type BuiltWorld = WorldBase & Partial<WorldPieces>;

/**
 * Users created up front. Enough that, with random ids, a pair whose order depends on letter case is
 * almost always among them (about one user in five pairs so with a given id), so a second round of
 * users.create is rarely needed.
 */
export const INITIAL_WORLD_USERS = 9;
const MAX_USERS = 19;

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

/** The peer: the seeded user with the greatest id, so every other seeded user sorts before it. */
export function peerAmong(users: readonly SeededUser[]): SeededUser {
  return users.reduce((max, user) => (compareUtf16(user._id, max._id) > 0 ? user : max));
}

/** The admin's first 1:1 partner, whose DM holds the world's messages: the first user but the peer. */
function messagedPartner(users: readonly SeededUser[]): SeededUser {
  const peer = peerAmong(users);
  return users.find((user) => user !== peer) as SeededUser;
}

/**
 * A seeding step's result: its value, or the refusal that stopped it (or a step it depends on), or
 * `notWanted` when no piece the run seeds needs it (the step was never taken).
 */
export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; refusal: Refusal; notWanted?: never }
  | { ok: false; refusal?: never; notWanted: true };

/** The outcome of a step no wanted piece needs: nothing was asked of the server. */
export const NOT_WANTED = { ok: false, notWanted: true } as const;

/**
 * What each piece is built from besides its own calls, so it is seeded along with them: the messaged DM
 * is the first of the DMs; the DMs and the other users' rooms need the peer's login; the rooms the admin
 * is not in include the foreign DM and the discussion the peer opens in the admin's channel. And the
 * rooms bring the discussion in their channel: the room-kind checks read it when the server opens one.
 */
const PIECE_INPUTS: Readonly<Record<WorldPiece, readonly WorldPiece[]>> = {
  peer: [],
  rooms: ['discussion'],
  messages: ['dms'],
  'deleted-room': [],
  dms: ['peer'],
  'not-member': ['peer', 'dms', 'rooms'],
  discussion: ['rooms'],
};

/**
 * The pieces of the world to seed for these checks: those their `world:<piece>` needs name and what
 * those are built from; every piece when one of them `reads-world` (it looks at whatever the run seeded,
 * and only a whole world counts: fixtures/shared-world.ts `worldIfSeeded`). None when no check uses the
 * world. A run that plans every check seeds every piece; a multi-target run seeds, per target, what its
 * planned checks read.
 */
export function worldPiecesFor(checkIds: readonly string[]): WorldPiece[] {
  const checks = checkIds.map(checkById);
  if (checks.some((check) => check.needs.includes('reads-world'))) return [...WORLD_PIECES];
  const wanted = new Set<WorldPiece>();
  const want = (piece: WorldPiece): void => {
    if (wanted.has(piece)) return;
    wanted.add(piece);
    for (const input of PIECE_INPUTS[piece]) want(input);
  };
  for (const check of checks) for (const piece of worldPiecesOf(check)) want(piece);
  return WORLD_PIECES.filter((piece) => wanted.has(piece));
}

/** What seed-world.ts hands the builder: the seeded users and the peer's session, each or its refusal. */
export interface WorldUsers {
  users: Outcome<SeededUser[]>;
  /** The peer (peerAmong(users)) logged in. */
  login: Outcome<{ client: RocketChatClient; session: StoredSession }>;
}

export interface WorldOptions {
  /** The pieces to build (worldPiecesFor): a step no wanted piece needs is not taken. */
  pieces: readonly WorldPiece[];
  /** Creates the users and logs the peer in (started at once, alongside the admin's own rooms). */
  users: Promise<WorldUsers>;
  /**
   * The users as soon as they exist, before the peer's login (default: with `users`). A server that
   * refuses the login of an unverified address gets them created again: `users` has the final ones.
   */
  firstUsers?: Promise<Outcome<SeededUser[]>>;
  /** Creates one more user (rarely: to find ids whose order depends on case). */
  moreUsers(): Promise<SeededUser[]>;
  /** Words a refused seeding call (preflight/explain.ts). */
  refusal(error: SeedingError): Refusal;
  /** Lists rooms as the peer (a plain rooms.get): its own view of its DMs. */
  listAsPeer(peer: RocketChatClient): Promise<RestResponse<RoomsGetBody>>;
}

/** Builds the world, every piece as far as the server allows. */
export async function buildWorld(seeder: Seeder, admin: Member, options: WorldOptions): Promise<BuiltWorld> {
  const attempt = <T>(action: () => Promise<T>): Promise<Outcome<T>> =>
    action().then(
      (value) => ({ ok: true, value }),
      (error: unknown) => {
        if (error instanceof SeedingError) return { ok: false, refusal: options.refusal(error) };
        throw error;
      },
    );
  // Only the steps of wanted pieces are taken (PIECE_INPUTS brings in what they are built from).
  const wanted = new Set(options.pieces);
  const stepOf = <T>(piece: WorldPiece, step: () => Promise<Outcome<T>>): Promise<Outcome<T>> =>
    wanted.has(piece) ? step() : Promise.resolve(NOT_WANTED);
  // Round trips 1 and 2: the users and the peer's login, the admin's rooms, the first channel message,
  // the deleted room, the discussion.
  const channel = stepOf('rooms', () => attempt(() => seeder.channel()));
  const group = stepOf('rooms', () => attempt(() => seeder.group()));
  const messagedChannel = stepOf('messages', () => attempt(() => seeder.channel()));
  const deletedRoom = stepOf('deleted-room', () =>
    attempt(async () => {
      const doomed = await seeder.channel();
      await seeder.deleteRoom(doomed);
      return doomed._id;
    }),
  );
  const firstInChannel = after(messagedChannel, (room) =>
    attempt(() => seeder.message(room._id, `${seeder.prefix} first in a channel`)),
  );
  const discussion = stepOf('discussion', () =>
    after(channel, (room) => attempt(() => seeder.discussion(room._id))),
  );
  const lastInChannel = after(both(messagedChannel, firstInChannel), ([room]) =>
    attempt(() => seeder.message(room._id, `${seeder.prefix} the last message in this channel`)),
  );
  // The messaged DM, the admin's with its first 1:1 partner, and its two messages (in order): they need
  // the users, not the peer's login, so they do not wait for it (a round trip off preflight).
  const messagedDmIn = (users: Promise<Outcome<SeededUser[]>> | Outcome<SeededUser[]>) => {
    const dm = stepOf('messages', () =>
      after(users, (seededUsers) => attempt(() => seeder.dm([messagedPartner(seededUsers).username]))),
    );
    const firstInDm = after(dm, (room) =>
      attempt(() => seeder.message(room._id, `${seeder.prefix} first in a DM`)),
    );
    const lastInDm = after(both(dm, firstInDm), ([room]) =>
      attempt(() => seeder.message(room._id, `${seeder.prefix} the last message in this DM`)),
    );
    return { dm, messages: both(dm, lastInDm) };
  };
  const firstUsers = options.firstUsers ?? options.users.then((seeded) => seeded.users);
  const firstMessagedDm = messagedDmIn(firstUsers);
  // Not awaited when the users are made again: a bug thrown there must not go unhandled.
  firstMessagedDm.messages.catch(() => undefined);
  const seeded = await options.users;
  const peerLogin = combine(seeded.users, seeded.login);
  const first = await firstUsers;
  // Users created again (verified addresses): the first DM went with the first users; made anew.
  const messagedDm =
    first.ok && seeded.users.ok && messagedPartner(first.value) !== messagedPartner(seeded.users.value)
      ? messagedDmIn(seeded.users)
      : firstMessagedDm;

  // Then what needs the peer's login: the DMs (the messaged DM among them, made once), its rooms.
  const dms = stepOf('dms', () =>
    after(peerLogin, ([users, login]) =>
      buildDms(seeder, admin, users, login, options, attempt, messagedDm.dm),
    ),
  );
  // The peer's own view of its DMs, read once they exist.
  const peerListing = after(both(dms, peerLogin), async ([, [, login]]) =>
    ok(await options.listAsPeer(login.client)),
  );
  const strangers = stepOf('not-member', () =>
    after(peerLogin, ([, login]) => attempt(() => buildStrangerRooms(seeder, admin, login.client))),
  );
  // A discussion the peer opens in the admin's channel: the admin is in the parent, not in it.
  const peerDiscussion = stepOf('not-member', () =>
    after(both(peerLogin, channel), ([[, login], room]) =>
      attempt(() => seeder.discussion(room._id, { as: login.client })),
    ),
  );

  const [
    channelBuilt,
    groupBuilt,
    deletedBuilt,
    discussionBuilt,
    channelMessages,
    dmsBuilt,
    strangersBuilt,
    peerDiscussionBuilt,
  ] = await Promise.all([
    channel,
    group,
    deletedRoom,
    discussion,
    both(both(messagedChannel, lastInChannel), messagedDm.messages),
    both(dms, peerListing),
    strangers,
    peerDiscussion,
  ]);

  const pieces: PieceState[] = [];
  // `created` is filled by the caller, which knows every seeder that took part.
  const world: BuiltWorld = { prefix: seeder.prefix, admin, pieces, created: { rooms: [], users: [] } };
  const record = <T>(piece: WorldPiece, outcome: Outcome<T>, fill: (value: T) => void) => {
    if (!wanted.has(piece)) return;
    // A wanted piece whose input was not wanted: PIECE_INPUTS misses an edge (a bug, not a refusal).
    if (!outcome.ok && outcome.notWanted)
      throw new Error(`the shared world's ${piece} was wanted but a step it is built from was not taken`);
    if (outcome.ok) fill(outcome.value);
    pieces.push(outcome.ok ? { piece, built: true } : { piece, built: false, refusal: outcome.refusal });
  };
  record('peer', peerLogin, ([users, login]) => {
    const peer = peerAmong(users);
    const others = users.filter((user) => user !== peer);
    // A user a check may log in and out with (a login touches no room, whatever rooms the user is in).
    const loginUser = others[others.length - 2] ?? peer;
    world.peer = { ...member(peer), session: login.session };
    world.loginUser = { username: loginUser.username, password: loginUser.password };
  });
  record('rooms', combine(channelBuilt, groupBuilt), ([builtChannel, builtGroup]) => {
    world.channel = builtChannel;
    world.group = builtGroup;
  });
  record('messages', channelMessages, ([[room, last], [dm, lastDm]]) => {
    world.messaged = [
      { room, last },
      { room: { _id: dm._id, kind: 'dm' }, last: lastDm },
    ];
  });
  record('deleted-room', deletedBuilt, (id) => {
    world.deletedRoomId = id;
  });
  record('dms', dmsBuilt, ([built, listing]) => Object.assign(world, built.dms, { peerListing: listing }));
  record('not-member', strangersBuilt, (built) => {
    world.notMember = [
      ...built.notMember,
      ...(dmsBuilt.ok
        ? [{ _id: dmsBuilt.value[0].dms.foreignDm._id, label: 'a 1:1 DM between two other users' }]
        : []),
      ...(peerDiscussionBuilt.ok
        ? [
            {
              _id: peerDiscussionBuilt.value._id,
              label: "a discussion the peer opened in the admin's channel",
            },
          ]
        : []),
    ];
    world.memberThroughOthers = built.memberThroughOthers;
  });
  record('discussion', discussionBuilt, (room) => {
    world.discussion = room;
  });
  if (!discussionBuilt.ok && discussionBuilt.refusal) {
    world.discussion = undefined;
    world.discussionSkipped = `rooms.createDiscussion is not available: ${discussionBuilt.refusal.call}: ${discussionBuilt.refusal.answer}`;
  }
  return world;
}

/** Applies a step to a built value; a refusal passes through untouched. */
async function after<A, T>(
  input: Promise<Outcome<A>> | Outcome<A>,
  step: (value: A) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  const outcome = await input;
  return outcome.ok ? step(outcome.value) : outcome;
}

/** Both values, or the first refusal. */
async function both<A, B>(
  a: Promise<Outcome<A>> | Outcome<A>,
  b: Promise<Outcome<B>> | Outcome<B>,
): Promise<Outcome<[A, B]>> {
  const [first, second] = await Promise.all([a, b]);
  if (!first.ok) return first;
  if (!second.ok) return second;
  return { ok: true, value: [first.value, second.value] };
}

const combine = <A, B>(a: Outcome<A>, b: Outcome<B>): Outcome<[A, B]> =>
  !a.ok ? a : !b.ok ? b : { ok: true, value: [a.value, b.value] };

const ok = async <T>(value: T): Promise<Outcome<T>> => ({ ok: true, value });

type DmFields = Pick<
  WorldPieces,
  'oneToOne' | 'selfDm' | 'groupDm' | 'foreignDm' | 'peerDm' | 'caseSensitive'
>;

/**
 * The DMs, each created once: the admin's 1:1 DMs (the first is the one that gets messages), the peer's
 * self-DM and its DM, a group DM, a DM between two others; then the peer's own listing of them.
 */
async function buildDms(
  seeder: Seeder,
  admin: Member,
  seededUsers: SeededUser[],
  login: { client: RocketChatClient },
  options: Pick<WorldOptions, 'moreUsers'>,
  attempt: <T>(action: () => Promise<T>) => Promise<Outcome<T>>,
  /** The admin's DM with messagedPartner(users), made before the login (or not wanted). */
  messagedDm: Promise<Outcome<{ _id: string }>>,
): Promise<Outcome<{ dms: DmFields }>> {
  const users = [...seededUsers];
  const peer = peerAmong(users);
  const peerClient = login.client;
  const others = () => users.filter((user) => user !== peer);

  // A pair of ids whose order depends on letter case: in the foreign DM between two seeded users, whose
  // ids are ours to draw (more users are drawn, rarely, until such a pair exists), and — when the random
  // ids allow it — in one of the admin's or the peer's DMs too (an admin id starting with a digit pairs
  // with nothing, a greatest id seldom does).
  let caseSensitive: WorldData['caseSensitive'];
  let foreignPair: [SeededUser, SeededUser] | undefined;
  // Drawn users whose id sorts above the peer's: the peer's must stay the greatest, so they serve the
  // foreign DM alone (the admin is in no DM with them). Leaving them out of the pool made a world
  // without such a pair about one in a hundred; with them, it is about one in four thousand.
  const foreignOnly: SeededUser[] = [];
  for (let created = users.length; ; created += 2) {
    const ids = others().map((user) => user._id);
    const adminPartner = findCaseSensitivePartner(admin._id, ids);
    const peerPartner = findCaseSensitivePartner(peer._id, ids);
    caseSensitive = adminPartner
      ? { viewer: 'admin', partnerId: adminPartner }
      : peerPartner
        ? { viewer: 'peer', partnerId: peerPartner }
        : undefined;
    foreignPair = caseSensitivePairAmong([...others(), ...foreignOnly]);
    if (foreignPair || created >= MAX_USERS) break;
    const fresh = await attempt(() => options.moreUsers());
    if (!fresh.ok) break;
    for (const user of fresh.value) (compareUtf16(user._id, peer._id) < 0 ? users : foreignOnly).push(user);
  }
  const rest = others();
  const byId = (id: string) => rest.find((user) => user._id === id) as SeededUser;

  // The admin's 1:1 DMs: three users (the first one's DM is the messaged one), plus its case-sensitive partner.
  const oneToOneUsers = rest.slice(0, 3);
  if (oneToOneUsers[0] !== messagedPartner(users)) throw new Error('the messaged DM is not the first 1:1 DM');
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

  // The first 1:1 DM is the messaged one, made already when the messages are wanted.
  const firstDm = messagedDm.then((made) =>
    made.ok ? made : made.notWanted ? attempt(() => seeder.dm([rest[0]?.username ?? ''])) : made,
  );
  const created = await attempt(() =>
    Promise.all([
      Promise.all(oneToOneUsers.slice(1).map((user) => seeder.dm([user.username]))),
      // The peer's, not the admin's: an account has one self-DM, and the admin's may be in use by another
      // run against the same server (deleting it at the end would pull it from under that run).
      seeder.dm([peer.username], { as: peerClient }),
      // Requested in descending id order: a server that keeps the request order in uids is caught.
      seeder.dm([g1.username, g2.username]),
      seeder.dm([f1.username, f2.username], { excludeSelf: true }),
      seeder.dm([peerPartner.username], { as: peerClient }),
    ]),
  );
  if (!created.ok) return created;
  const made = await firstDm;
  if (!made.ok) return made;
  const [otherOneToOneRooms, selfRoom, groupRoom, foreignRoom, peerRoom] = created.value;
  const oneToOneRooms = [made.value, ...otherOneToOneRooms];

  const oneToOne = oneToOneUsers.map(
    (user, index): SeededDm => ({
      _id: (oneToOneRooms[index] as { _id: string })._id,
      members: [admin, member(user)],
      viewer: 'admin',
      label: `1:1 DM admin ↔ ${user.username}${user._id === caseSensitive?.partnerId ? ' (ids whose order depends on case)' : ''}`,
    }),
  );
  return {
    ok: true,
    value: {
      dms: {
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
        peerDm: {
          _id: peerRoom._id,
          members: [member(peer), member(peerPartner)],
          viewer: 'peer',
          label:
            `1:1 DM created by ${peer.username} with ${peerPartner.username} (creator's id sorts second` +
            `${caseSensitive?.viewer === 'peer' ? '; ids whose order depends on case' : ''})`,
        },
        caseSensitive,
      },
    },
  };
}

/**
 * Rooms the peer makes that the admin must never see in its own list: a public channel, a private group,
 * a team the admin is not in, a channel of a team whose main room the admin IS in, and a channel the
 * admin was a member of and left. The team main room the admin was made a member of is the control: listed.
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
    seeder.team({ ...as, memberIds: [admin._id] }),
    seeder.channel(as),
    seeder.channel({ ...as, members: [admin.username] }),
  ]);
  await Promise.all([
    seeder.addToTeam(sharedTeam.teamId, [teamChannel._id], as),
    seeder.leave(leftChannel, seeder.admin),
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
  };
}
