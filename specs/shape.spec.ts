import { nullAllowance, unexpectedNulls } from '../src/core/contract/absent-not-null.js';
import type { PostedMessage, Room } from '../src/core/rocketchat/rocketchat-api.js';
import { isIsoUtcMillis } from '../src/core/rocketchat/updated-since.js';
import { readContractSchema } from '../src/core/contract/validation.js';
import { expect, forEachTarget, test } from '../src/playwright/fixtures/index.js';
import { fromRegistry } from '../src/playwright/registered-test.js';
import { answerOrRefusal } from '../src/playwright/contract-call.js';
import {
  endUnjudged,
  LONG_AGO,
  type Listing,
  listRooms,
  readListing,
  roomIn,
} from '../src/playwright/listing.js';
import type { StateCall } from '../src/playwright/rocketchat-client.js';
import { type SeededRoom, SeedingError } from '../src/playwright/seeder.js';
import type { WorldData } from '../src/playwright/shared-world.js';

/**
 * @shape: the 200 answer of rooms.get — its schema (active profile), its headers, every kind of room the
 * caller belongs to and none it does not, lastMessage, fields that follow each write, and what Rocket.Chat's
 * serialisation guarantees (absent not null, ISO dates). docs/rocketchat-behaviour.md §1.4–§1.8, §3.
 */

// One block of checks per target of a multi-target run; a plain run declares them once. The read-only
// checks of the admin's own listing, without a date and with LONG_AGO, judge the answers their worker
// read once (sharedListing, src/playwright/fixtures/shared-listing.ts); a check that writes reads afresh.
forEachTarget(() => {
  test(...fromRegistry('shape/response-validates'), async ({ sharedListing }) => {
    const { full, dated } = await test.step('list the rooms, without and with updatedSince', () =>
      sharedListing.answers());
    await test.step('both answers match the contract', async () => {
      await expect(full).toMatchContract('rooms.get', 200);
      await expect(dated).toMatchContract('rooms.get', 200);
    });
  });

  test(...fromRegistry('shape/checked-account-response-validates'), async ({ checkedAccount }) => {
    const response = await test.step('list the checked account’s rooms', () =>
      (checkedAccount as NonNullable<typeof checkedAccount>).roomsGet());
    await expect(response).toMatchContract('rooms.get', 200);
  });

  test(...fromRegistry('shape/every-room-kind-validates'), async ({ sharedListing, world, findings }) => {
    const response = await test.step('list the admin’s rooms', async () =>
      (await sharedListing.answers()).full);
    await test.step('the answer matches the contract', () =>
      expect(response).toMatchContract('rooms.get', 200));
    const listing = readListing(response);
    await test.step('every kind of room the admin joined is listed', () => {
      const joined = [
        { id: world.channel._id, what: 'the public channel' },
        { id: world.group._id, what: 'the private group' },
        { id: (world.oneToOne[0] as { _id: string })._id, what: 'a 1:1 DM' },
        { id: world.groupDm._id, what: 'the group DM' },
        ...(world.discussion ? [{ id: world.discussion._id, what: 'the discussion' }] : []),
        ...world.memberThroughOthers.map((room) => ({ id: room._id, what: room.label })),
      ];
      for (const room of joined)
        findings.expect(listing.rooms.has(room.id), `${room.what} (${room.id}) is not in "update"`);
    });
    // The self-DM is the peer's (a room of the run's own): its list, read while the world was built.
    await test.step('the peer’s own list matches the contract and holds its self-DM', async () => {
      await expect(world.peerListing).toMatchContract('rooms.get', 200);
      findings.expect(
        readListing(world.peerListing).rooms.has(world.selfDm._id),
        `${world.selfDm.label} (${world.selfDm._id}) is not in the peer's "update"`,
      );
    });
    endUnjudged(findings, discussionNotJudged(world));
  });

  /** The part of a room-kind check left unjudged when the server would not create a discussion. */
  function discussionNotJudged(world: WorldData): string[] {
    return world.discussionSkipped ? [`the discussion (${world.discussionSkipped})`] : [];
  }

  test(
    ...fromRegistry('shape/update-lists-only-callers-rooms'),
    async ({ sharedListing, account, world, findings }) => {
      const listings = await test.step('list the admin’s rooms, without and with updatedSince', () =>
        Promise.all([sharedListing.full(), sharedListing.dated()]));
      await test.step('no room the admin does not belong to is listed; the rooms it joined are', () => {
        for (const listing of listings) {
          const query = listing.response.path;
          for (const room of world.notMember) {
            findings.expect(
              !listing.rooms.has(room._id),
              `${query} lists ${room.label} (${room._id}), which the caller is not a member of`,
            );
          }
          for (const room of world.memberThroughOthers) {
            findings.expect(
              listing.rooms.has(room._id),
              `${query} misses ${room.label} (${room._id}), which the caller joined`,
            );
          }
          // Whatever else is listed: a listed DM always has the caller among its uids (a DM without uids is
          // dm/listed-dm-rooms-are-consistent's finding; this title is about the rooms above).
          for (const room of listing.update) {
            if (room?.t === 'd' && Array.isArray(room.uids) && !room.uids.includes(account._id)) {
              findings.problem(
                `${query} lists DM ${room._id} whose uids ${JSON.stringify(room.uids)} do not include the caller`,
              );
            }
          }
        }
      });
    },
  );

  test(...fromRegistry('shape/response-headers'), async ({ sharedListing, findings }) => {
    // Both query paths of rooms.get: without a date and with one.
    const answers = await test.step('list the rooms, without and with updatedSince', async () => {
      const { full, dated } = await sharedListing.answers();
      return [full, dated];
    });
    for (const response of answers) {
      const where = `${response.method} ${response.path}`;
      if (response.status !== 200) {
        findings.problem(
          `${where} answered ${response.status}, expected 200: ${response.text.slice(0, 200)}`,
        );
        continue;
      }
      // Restivus (≤ 6.x) and the 7.x/8.x router send these on every answer (docs/rocketchat-behaviour.md §3).
      const { headers } = response;
      findings.expect(
        /^application\/json\s*(;|$)/i.test(headers['content-type'] ?? ''),
        `${where}: Content-Type is ${JSON.stringify(headers['content-type'])}, expected application/json`,
      );
      findings.expect(
        /(^|,)\s*no-store\s*(,|$)/i.test(headers['cache-control'] ?? ''),
        `${where}: Cache-Control is ${JSON.stringify(headers['cache-control'])}, expected no-store`,
      );
      findings.expect(
        /^\s*no-cache\s*$/i.test(headers.pragma ?? ''),
        `${where}: Pragma is ${JSON.stringify(headers.pragma)}, expected no-cache`,
      );
    }
  });

  test(...fromRegistry('shape/room-ids-unique'), async ({ sharedListing, findings }) => {
    // With write access the list holds the world's rooms, messaged ones among them: a server that repeats
    // rooms with a lastMessage is caught.
    const listings = await test.step('list the rooms, without and with updatedSince', () =>
      Promise.all([sharedListing.full(), sharedListing.dated()]));
    for (const listing of listings) {
      const counts = new Map<string, number>();
      listing.update.forEach((room, index) => {
        // The strict contract requires a string _id: a room without one cannot be told apart from others.
        if (typeof room?._id === 'string') counts.set(room._id, (counts.get(room._id) ?? 0) + 1);
        else
          findings.problem(
            `${listing.response.path}: update[${index}] has _id ${JSON.stringify(room?._id) ?? 'missing'}, so it cannot be told apart from other rooms`,
          );
      });
      for (const [id, count] of counts) {
        findings.expect(
          count === 1,
          `${listing.response.path}: room ${id} is listed ${count} times in "update"`,
        );
      }
    }
  });

  test(
    ...fromRegistry('shape/absent-fields-omitted-not-null'),
    async ({ sharedListing, target, findings }) => {
      const listings = await test.step('list the rooms, without and with updatedSince', () =>
        Promise.all([sharedListing.full(), sharedListing.dated()]));
      // The Mongo driver drops undefined values (§1.6): Rocket.Chat's own fields are left out, never null —
      // except where the contract or Rocket.Chat's typings of the server's release type a field nullable.
      const { allowed } = nullAllowance(readContractSchema('rooms.get', 200, 'strict'), target.serverVersion);
      for (const listing of listings)
        for (const room of listing.update)
          for (const pointer of unexpectedNulls(room, allowed))
            findings.problem(`${listing.response.path}: room ${room._id}: ${pointer} is null`);
    },
  );

  test(...fromRegistry('shape/dates-are-iso-8601-utc'), async ({ sharedListing, findings }) => {
    // With write access the world holds rooms with messages (lm, lastMessage) and a deleted room (a remove
    // item with _deletedAt in the dated listing); read-only, whatever the account has.
    const listings = await Promise.all([sharedListing.full(), sharedListing.dated()]);
    const checkDate = (value: unknown, where: string, required: boolean) => {
      if (value === undefined && !required) return;
      findings.expect(
        isIsoUtcMillis(value),
        `${where} = ${JSON.stringify(value)}, not an ISO-8601 UTC date with milliseconds (e.g. 2017-11-25T15:08:17.248Z)`,
      );
    };
    for (const listing of listings) {
      for (const room of listing.update) {
        const where = `${listing.response.path} room ${room._id}`;
        checkDate(room._updatedAt, `${where} _updatedAt`, true);
        checkDate(room.ts, `${where} ts`, false);
        checkDate(room.lm, `${where} lm`, false);
        if (room.lastMessage) {
          checkDate(room.lastMessage.ts, `${where} lastMessage.ts`, true);
          checkDate(room.lastMessage._updatedAt, `${where} lastMessage._updatedAt`, false);
        }
      }
      for (const item of listing.remove)
        checkDate(item._deletedAt, `${listing.response.path} removed ${item._id} _deletedAt`, true);
    }
  });

  test(...fromRegistry('shape/room-types-match-kinds'), async ({ sharedListing, world, findings }) => {
    const listing = await sharedListing.full();
    // The self-DM as its owner, the peer, listed it while the world was built.
    const peerListing = readListing(world.peerListing);
    const expected = [
      { id: world.channel._id, what: 'the public channel', t: 'c', in: listing },
      { id: world.group._id, what: 'the private group', t: 'p', in: listing },
      { id: (world.oneToOne[0] as { _id: string })._id, what: 'a 1:1 DM', t: 'd', in: listing },
      { id: world.selfDm._id, what: 'the self-DM', t: 'd', in: peerListing },
      { id: world.groupDm._id, what: 'the group DM', t: 'd', in: listing },
      ...(world.discussion
        ? [{ id: world.discussion._id, what: 'the discussion', t: 'c', prid: world.channel._id, in: listing }]
        : []),
    ];
    for (const room of expected) {
      const listed = room.in.rooms.get(room.id);
      if (!listed) {
        findings.problem(`${room.what} (${room.id}) is missing from "update" of ${room.in.response.path}`);
        continue;
      }
      findings.expect(
        listed.t === room.t,
        `${room.what} (${room.id}) has t ${JSON.stringify(listed.t)}, expected "${room.t}"`,
      );
      if (room.prid) {
        findings.expect(
          listed.prid === room.prid,
          `${room.what} (${room.id}) has prid ${JSON.stringify(listed.prid)}, expected its parent "${room.prid}"`,
        );
      }
    }
    endUnjudged(findings, discussionNotJudged(world));
  });

  test(
    ...fromRegistry('shape/last-message-matches-posted'),
    async ({ sharedListing, account, world, findings }) => {
      // The world's channel and DM each got two messages from the admin: a server that keeps the first as
      // lastMessage is caught.
      const listing = await test.step('list the rooms', () => sharedListing.full());
      for (const { room: messaged, last: message } of world.messaged) {
        const room = roomIn(listing, messaged._id, `a ${messaged.kind} the admin posted in`);
        const last = room.lastMessage;
        if (!last) {
          findings.problem(`room ${message.rid}: no lastMessage after posting ${message._id}`);
          continue;
        }
        for (const [field, value] of Object.entries({
          _id: message._id,
          rid: message.rid,
          msg: message.msg,
          ts: message.ts,
        })) {
          findings.expect(
            last[field] === value,
            `room ${message.rid}: lastMessage.${field} is ${JSON.stringify(last[field])}, posted ${JSON.stringify(value)}`,
          );
        }
        findings.expect(
          last.u?._id === account._id,
          `room ${message.rid}: lastMessage.u._id is ${JSON.stringify(last.u?._id)}, the poster is ${account._id}`,
        );
        findings.expect(
          room.lm === message.ts,
          `room ${message.rid}: lm is ${JSON.stringify(room.lm)}, the last message's ts is ${message.ts}`,
        );
      }
    },
  );

  /** The fields a message changes, as one listing shows them. */
  function messageFields(room: Room) {
    return {
      msgs: room.msgs,
      lm: room.lm,
      lastMessageId: room.lastMessage?._id,
      lastMessageTs: room.lastMessage?.ts,
      lastMessageAuthor: room.lastMessage?.u?._id,
      updatedAt: room._updatedAt,
    };
  }

  /**
   * What one message must have done to its room, as the listing after it shows (`before`: the listing
   * before it). `_updatedAt`: the room's update runs after the message is stamped, on the same instance,
   * so it is never before the message's ts. That `lm` and `_updatedAt` moved at all needs care: an
   * instance whose clock is behind can stamp a write on the very millisecond of the room's last one, so a
   * field that stayed put is returned as `unmoved` and judged over several messages.
   */
  function messageProblems(
    before: ReturnType<typeof messageFields>,
    after: ReturnType<typeof messageFields>,
    message: PostedMessage,
    authorId: string,
  ): { problems: string[]; unmoved?: string } {
    const problems: string[] = [];
    const was = (field: keyof typeof before) =>
      `${JSON.stringify(after[field])}, was ${JSON.stringify(before[field])}`;
    if (after.msgs !== Number(before.msgs) + 1) problems.push(`msgs is ${was('msgs')}`);
    if (after.lm !== message.ts) problems.push(`lm is ${was('lm')}, the message's ts is ${message.ts}`);
    if (after.lastMessageId !== message._id) problems.push(`lastMessage._id is ${was('lastMessageId')}`);
    if (after.lastMessageTs !== message.ts)
      problems.push(`lastMessage.ts is ${was('lastMessageTs')}, the message's ts is ${message.ts}`);
    if (after.lastMessageAuthor !== authorId)
      problems.push(`lastMessage.u._id is ${was('lastMessageAuthor')}, the author is ${authorId}`);
    const updatedAt = Date.parse(String(after.updatedAt));
    if (!(updatedAt >= Date.parse(message.ts)))
      problems.push(`_updatedAt is ${was('updatedAt')}: before the message's ts ${message.ts}`);
    const stayed = (['lm', 'updatedAt'] as const).filter(
      (field) => before[field] !== undefined && after[field] === before[field],
    );
    if (stayed.length === 0) return { problems };
    const fields = stayed.map(
      (field) => `${field === 'lm' ? 'lm' : '_updatedAt'} stayed ${JSON.stringify(after[field])}`,
    );
    return { problems, unmoved: fields.join(', ') };
  }

  test(...fromRegistry('shape/room-fields-follow-writes'), async ({ api, account, seed, findings }) => {
    const { member, memberClient, rooms } =
      await test.step('seed a room of every kind with a second member', async () => {
        // The discussion's parent is a channel of its own: whatever a discussion's messages do to their
        // parent stays out of the judged channel. What needs no member is made with the members.
        const [member, third, parent, group] = await Promise.all([
          seed.user(),
          seed.user(),
          seed.channel(),
          seed.group(),
        ]);
        const [memberClient, channel, dm, groupDm, discussion] = await Promise.all([
          seed.login(member),
          seed.channel({ members: [member.username] }),
          seed.dm([member.username]),
          seed.dm([member.username, third.username]),
          seed.discussion(parent._id, { members: [member.username] }),
          seed.invite(group, member._id),
        ]);
        const rooms = [
          { _id: channel._id, what: 'the channel' },
          { _id: group._id, what: 'the private group' },
          { _id: dm._id, what: 'the 1:1 DM' },
          { _id: groupDm._id, what: 'the group DM' },
          { _id: discussion._id, what: 'the discussion' },
        ];
        return { member, memberClient, rooms };
      });
    const read = async (when: string) => {
      const listing = await listRooms(api);
      return rooms.map((room) => messageFields(roomIn(listing, room._id, `${room.what} ${when}`)));
    };
    let before = await test.step('read the rooms before any message', () => read('before any message'));
    // Each round posts in every room at once: the first message (the creator's), then a second from the
    // other member, then a third from the creator again.
    const rounds = [
      { label: 'first message, by the admin (the rooms’ creator)', as: undefined, authorId: account._id },
      { label: 'second message, by the other member', as: memberClient, authorId: member._id },
      { label: 'third message, by the admin again', as: undefined, authorId: account._id },
    ];
    const unmoved = rooms.map(() => [] as string[]);
    // A room whose post was refused and shows nothing of it: not judged further (the others still are).
    const refused = new Map<number, SeedingError>();
    for (const round of rounds) {
      const posted = await test.step(`post the ${round.label} in every room`, () =>
        Promise.all(
          rooms.map((room, index) =>
            refused.has(index)
              ? undefined
              : answerOrRefusal(() =>
                  seed.message(room._id, `${seed.prefix} ${round.label}`, { as: round.as }),
                ),
          ),
        ));
      const after = await test.step(`read the rooms after the ${round.label}`, () =>
        read(`after the ${round.label}`));
      rooms.forEach((room, index) => {
        const outcome = posted[index];
        const [was, now] = [before[index], after[index]] as Array<ReturnType<typeof messageFields>>;
        if (!outcome || !was || !now) return;
        if (outcome.refusal) {
          // The answer says nothing was written; rooms.get is the judge of whether that is true.
          const changed = (['msgs', 'lm', 'lastMessageId', 'updatedAt'] as const).filter(
            (field) => now[field] !== was[field],
          );
          if (changed.length === 0) refused.set(index, outcome.stop);
          else
            findings.problem(
              `${room.what} (${room._id}): the ${round.label} was refused (${outcome.refusal.message}), ` +
                `yet rooms.get shows it written: ${changed.map((field) => `${field} ${JSON.stringify(was[field])} → ${JSON.stringify(now[field])}`).join(', ')}`,
            );
          return;
        }
        const message = outcome.answer;
        const result = messageProblems(was, now, message, round.authorId);
        const where = `${room.what} (${room._id}) after the ${round.label} (${message._id}, ts ${message.ts})`;
        for (const problem of result.problems) findings.problem(`${where}: ${problem}`);
        if (result.unmoved) unmoved[index]?.push(`${where}: ${result.unmoved}`);
      });
      before = after;
    }
    // Once is a clock landing on the same millisecond; twice in one room is a room that does not move.
    for (const notes of unmoved) {
      if (notes.length >= 2) for (const note of notes) findings.problem(note);
      else for (const note of notes) findings.note(`${note} (once: may be another instance's clock)`);
    }
    // A refusal that left no trace is seeding refused: an error, unless the rooms judged already failed.
    const [firstRefusal] = refused.values();
    if (firstRefusal && findings.problemCount === 0) throw firstRefusal;
    for (const [index, refusal] of refused)
      findings.note(`${rooms[index]?.what} was not judged after its refused post: ${refusal.message}`);
  });

  test(...fromRegistry('shape/users-count-follows-membership'), async ({ api, seed, findings }) => {
    const { rooms, joinerClient, joiner } =
      await test.step('seed a channel, a group and a user to invite', async () => {
        const [joiner, channel, group] = await Promise.all([seed.user(), seed.channel(), seed.group()]);
        // Logged in alongside the first reading (a login touches no room); awaited before the user leaves.
        const joinerClient = seed.login(joiner);
        joinerClient.catch(() => undefined); // a refusal surfaces where it is awaited
        return {
          joiner,
          joinerClient,
          rooms: [
            { room: channel, what: 'the channel' },
            { room: group, what: 'the private group' },
          ],
        };
      });
    const read = async (when: string) => {
      const listing = await listRooms(api);
      return rooms.map(({ room, what }) => {
        const listed = roomIn(listing, room._id, `${what} ${when}`);
        return { usersCount: listed.usersCount, updatedAt: listed._updatedAt };
      });
    };
    const writes = [
      {
        label: 'the user is invited',
        change: +1,
        write: (room: SeededRoom) => seed.invite(room, joiner._id),
      },
      {
        label: 'the user left',
        change: -1,
        write: async (room: SeededRoom) => seed.leave(room, await joinerClient),
      },
    ];
    let before = await test.step('read the rooms before', () => read('before any membership change'));
    const unmoved = rooms.map(() => [] as string[]);
    for (const { label, change, write } of writes) {
      await test.step(`${label}, in both rooms`, () => Promise.all(rooms.map(({ room }) => write(room))));
      const after = await test.step(`read the rooms after ${label}`, () => read(`after ${label}`));
      rooms.forEach(({ room, what }, index) => {
        const [was, now] = [before[index], after[index]];
        const where = `${what} (${room._id}) after ${label}`;
        findings.expect(
          now?.usersCount === Number(was?.usersCount) + change,
          `${where}: usersCount is ${JSON.stringify(now?.usersCount)}, was ${JSON.stringify(was?.usersCount)}`,
        );
        // As for messages: the same millisecond once may be another instance's clock; twice is a stale room.
        if (now?.updatedAt === was?.updatedAt)
          unmoved[index]?.push(`${where}: _updatedAt stayed ${JSON.stringify(now?.updatedAt)}`);
      });
      before = after;
    }
    for (const notes of unmoved) {
      if (notes.length >= 2) for (const note of notes) findings.problem(note);
      else for (const note of notes) findings.note(`${note} (once: may be another instance's clock)`);
    }
  });

  // ── Subscription states (docs/rocketchat-behaviour.md §1.4 and §5.2) ──────────────────────────────────
  // rooms.get lists every room the caller holds a subscription to, whatever that subscription's flags or
  // the room's own state, and no room whose subscription ended. Each state gets a room of its own and all
  // are set up at once; a call this server refuses leaves its one state unjudged, never the others.

  /** What a state needs: one of the admin's rooms, one the seeded member is in too, or a DM with the member. */
  type StateRoomKind = 'channel' | 'group' | 'channel-with-member' | 'dm-with-member';

  interface SubscribedState {
    state: string;
    room: StateRoomKind;
    /** The calls, in order, that put the room or the caller's subscription into the state. */
    calls: (roomId: string, ids: { caller: string; member: string }) => StateCall[];
  }

  const post = (endpoint: string, body: Record<string, unknown>): StateCall => ({ endpoint, body });

  /** Every state REST can put a subscription or a room in while the caller stays subscribed (§5.2). */
  const SUBSCRIBED_STATES: readonly SubscribedState[] = [
    {
      state: 'hidden (channels.close)',
      room: 'channel',
      calls: (roomId) => [post('channels.close', { roomId })],
    },
    {
      state: 'a hidden private group (groups.close)',
      room: 'group',
      calls: (roomId) => [post('groups.close', { roomId })],
    },
    {
      state: 'hidden, then re-opened (channels.close, channels.open)',
      room: 'channel',
      calls: (roomId) => [post('channels.close', { roomId }), post('channels.open', { roomId })],
    },
    {
      state: 'a closed DM (im.close)',
      room: 'dm-with-member',
      calls: (roomId) => [post('im.close', { roomId })],
    },
    {
      state: 'favourite (rooms.favorite)',
      room: 'channel',
      calls: (roomId) => [post('rooms.favorite', { roomId, favorite: true })],
    },
    {
      state: 'marked unread (subscriptions.unread)',
      room: 'channel',
      calls: (roomId) => [post('subscriptions.unread', { roomId })],
    },
    {
      state: 'marked unread, then read (subscriptions.unread, subscriptions.read)',
      room: 'channel',
      calls: (roomId) => [
        post('subscriptions.unread', { roomId }),
        post('subscriptions.read', { rid: roomId }),
      ],
    },
    {
      state: 'notifications switched off (rooms.saveNotification)',
      room: 'channel',
      calls: (roomId) => [
        post('rooms.saveNotification', {
          roomId,
          notifications: {
            disableNotifications: '1',
            hideUnreadStatus: '1',
            muteGroupMentions: '1',
            desktopNotifications: 'nothing',
            mobilePushNotifications: 'nothing',
            emailNotifications: 'nothing',
          },
        }),
      ],
    },
    {
      state: 'an archived channel (channels.archive)',
      room: 'channel',
      calls: (roomId) => [post('channels.archive', { roomId })],
    },
    {
      state: 'an archived private group (groups.archive)',
      room: 'group',
      calls: (roomId) => [post('groups.archive', { roomId })],
    },
    {
      state: 'read-only (channels.setReadOnly)',
      room: 'channel',
      calls: (roomId) => [post('channels.setReadOnly', { roomId, readOnly: true })],
    },
    {
      state: 'the caller muted (rooms.muteUser)',
      room: 'channel',
      calls: (roomId, { caller }) => [post('rooms.muteUser', { roomId, userId: caller })],
    },
    {
      state: 'a member ignored by the caller (chat.ignoreUser)',
      room: 'channel-with-member',
      calls: (rid, { member }) => [
        { endpoint: 'chat.ignoreUser', query: { rid, userId: member, ignore: 'true' } },
      ],
    },
    {
      state: 'the caller a moderator (channels.addModerator)',
      room: 'channel',
      calls: (roomId, { caller }) => [post('channels.addModerator', { roomId, userId: caller })],
    },
    {
      state: 'the caller a leader (channels.addLeader)',
      room: 'channel',
      calls: (roomId, { caller }) => [post('channels.addLeader', { roomId, userId: caller })],
    },
  ];

  /** How each state's set-up ended: a room to judge, or the seeding refusal that left it unjudged. */
  type SetUp<T> = { what: string; value: T } | { what: string; refused: string };

  /** Runs every set-up at once; a seeding refusal is kept with its state, anything else is thrown. */
  async function setUpAll<T>(
    setUps: ReadonlyArray<{ what: string; run: () => Promise<T> }>,
  ): Promise<SetUp<T>[]> {
    return Promise.all(
      setUps.map(async ({ what, run }) => {
        try {
          return { what, value: await run() };
        } catch (error) {
          if (error instanceof SeedingError) return { what, refused: error.message };
          throw error;
        }
      }),
    );
  }

  /**
   * After judging what could be set up: with a contract problem the check fails (the refused states are
   * named in notes); without one, a state the server refused to set up makes the check an error naming it.
   */
  function settleRefusals(
    setUps: readonly SetUp<unknown>[],
    findings: { problemCount: number; note(message: string): void },
  ) {
    const refused = setUps.filter((setUp): setUp is { what: string; refused: string } => 'refused' in setUp);
    if (refused.length === 0) return;
    const lines = refused.map((setUp) => `${setUp.what} — ${setUp.refused}`);
    if (findings.problemCount > 0) {
      for (const line of lines) findings.note(`not judged: ${line}`);
      return;
    }
    throw new SeedingError(
      `${refused.length} of ${setUps.length} states could not be set up, so they were not judged (the others passed): ${lines.join('; ')}`,
      undefined,
    );
  }

  /** How many times a room is in `update` (the listing's map keeps one copy). */
  const timesListed = (listing: Listing, roomId: string) =>
    listing.update.filter((room) => room?._id === roomId).length;

  test(
    ...fromRegistry('shape/subscribed-rooms-listed-in-every-state'),
    async ({ api, account, seed, findings }) => {
      const member = seed.user();
      const roomOf: Record<StateRoomKind, () => Promise<{ _id: string }>> = {
        channel: () => seed.channel(),
        group: () => seed.group(),
        'channel-with-member': async () => seed.channel({ members: [(await member).username] }),
        'dm-with-member': async () => seed.dm([(await member).username]),
      };
      // Every state at once, each on its own room: the chain is one room, its calls, one listing.
      const setUps = await test.step('put a room of the caller’s into each state', () =>
        setUpAll(
          SUBSCRIBED_STATES.map(({ state, room: kind, calls }) => ({
            what: state,
            run: async () => {
              const room = await roomOf[kind]();
              const ids = { caller: account._id, member: kind.endsWith('member') ? (await member)._id : '' };
              for (const call of calls(room._id, ids)) await seed.state(call);
              return room;
            },
          })),
        ));
      const listings = await test.step('list the caller’s rooms, without and with updatedSince', () =>
        Promise.all([listRooms(api), listRooms(api, LONG_AGO)]));
      await test.step('each room is in update exactly once, in either query', () => {
        for (const setUp of setUps) {
          if (!('value' in setUp)) continue;
          for (const listing of listings) {
            const times = timesListed(listing, setUp.value._id);
            findings.expect(
              times === 1,
              `${listing.response.path}: the room in state "${setUp.what}" (${setUp.value._id}) is listed ${times} times in "update", expected once`,
            );
          }
        }
      });
      await test.step('both answers match the contract', async () => {
        for (const listing of listings) await expect(listing.response).toMatchContract('rooms.get', 200);
      });
      settleRefusals(setUps, findings);
    },
  );

  test(
    ...fromRegistry('shape/ended-subscriptions-leave-update'),
    async ({ api, account, seed, peer, findings }) => {
      // The world's peer, logged in already, owns the rooms the caller is then removed from (the caller may
      // not leave a room as its last owner); a seeded user is the caller's DM partner whose account is deleted.
      const owner = peer;
      const partner = seed.user();
      const withCaller = async () => seed.channel({ as: owner, members: [account.username] });
      const groupWithCaller = async () => {
        const as = owner;
        const group = await seed.group({ as });
        await seed.invite(group, account._id, { as });
        return group;
      };
      const kick = (endpoint: string) => async () => {
        const room = await (endpoint === 'channels.kick' ? withCaller() : groupWithCaller());
        await seed.state(post(endpoint, { roomId: room._id, userId: account._id }), { as: owner });
        return [room];
      };
      const setUps = await test.step('end one of the caller’s subscriptions each way REST allows', () =>
        setUpAll<Array<{ _id: string; deleted?: boolean }>>([
          {
            what: 'left a channel (channels.leave)',
            run: async () => {
              const room = await withCaller();
              await seed.leave(room, api);
              return [room];
            },
          },
          {
            what: 'left a private group (groups.leave)',
            run: async () => {
              const room = await groupWithCaller();
              await seed.leave(room, api);
              return [room];
            },
          },
          { what: 'kicked from a channel (channels.kick)', run: kick('channels.kick') },
          { what: 'kicked from a private group (groups.kick)', run: kick('groups.kick') },
          {
            what: 'removed from a team with its channel (teams.removeMember)',
            run: async () => {
              const as = owner;
              const [team, channel] = await Promise.all([
                seed.team({ as, memberIds: [account._id] }),
                withCaller(),
              ]);
              await seed.addToTeam(team.teamId, [channel._id], { as });
              await seed.state(
                post('teams.removeMember', {
                  teamId: team.teamId,
                  userId: account._id,
                  rooms: [channel._id],
                }),
                { as },
              );
              return [team, channel];
            },
          },
          {
            what: 'the room deleted (channels.delete)',
            run: async () => {
              const room = await seed.channel();
              await seed.deleteRoom(room);
              return [{ _id: room._id, deleted: true }];
            },
          },
          {
            what: 'the DM partner’s account deleted (users.delete)',
            run: async () => {
              const user = await partner;
              const dm = await seed.dm([user.username]);
              await seed.deleteUser(user);
              return [{ _id: dm._id, deleted: true }];
            },
          },
        ]));
      const [full, dated] = await test.step('list the caller’s rooms, without and with updatedSince', () =>
        Promise.all([listRooms(api), listRooms(api, LONG_AGO)]));
      await test.step('no ended room is in update; a deleted one is in remove', () => {
        for (const setUp of setUps) {
          if (!('value' in setUp)) continue;
          for (const room of setUp.value) {
            for (const listing of [full, dated]) {
              findings.expect(
                !listing.rooms.has(room._id),
                `${listing.response.path}: room ${room._id} is still in "update" after the caller's subscription ended: ${setUp.what}`,
              );
            }
            if (room.deleted) {
              findings.expect(
                dated.removed.has(room._id),
                `${dated.response.path}: room ${room._id} is not in "remove" after ${setUp.what}`,
              );
            }
          }
        }
      });
      settleRefusals(setUps, findings);
    },
  );
});
