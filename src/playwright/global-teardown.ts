import { request } from '@playwright/test';
import { resolveConfig } from '../core/config.js';
import type { Room } from '../core/rocketchat-api.js';
import { seededUsernames } from '../core/seed-ledger.js';
import { RestClient } from './rest-client.js';
import { RocketChatClient } from './rocketchat-client.js';
import { redactor, registerConfigSecrets } from './secrets.js';
import { ADMIN_SELF_DMS_ENV, findSelfDms } from './self-dm.js';
import { loadSessions, removeSessions } from './session-store.js';
import { TARGET_ENV } from './target.js';

/**
 * Global teardown: the safety net behind the fixtures' own cleanup. Whatever this run seeded (every
 * name starts with `ct-<run>-`) and is still on the server — because a worker was killed, or the run
 * was interrupted — is deleted: rooms found through the admin's rooms.get and rooms.adminRooms, users
 * from the run's seed ledger (src/core/seed-ledger.ts), or through users.list when there is none. Then the run's sessions are logged out (never a personal access token).
 */
const USERS_PAGE = 100;
const MAX_USER_PAGES = 200;

export default async function globalTeardown(): Promise<void> {
  const sessions = loadSessions();
  const runId = process.env[TARGET_ENV.runId];
  if (!sessions) return;
  const config = resolveConfig();
  registerConfigSecrets(config);
  for (const session of [sessions.primary, sessions.checked]) if (session) redactor.add(session.authToken);
  const context = await request.newContext();
  try {
    const base = new RocketChatClient(new RestClient({ request: context, baseUrl: config.url, redactor }));
    const admin = base.as(sessions.primary);
    if (config.write && sessions.primary.isAdmin && runId) {
      const swept = await sweep(admin, `ct-${runId}-`);
      // The admin's self-DM is shared by the workers: deleted here, and only if this run created it.
      const before = process.env[ADMIN_SELF_DMS_ENV];
      if (before !== undefined) {
        const preexisting = new Set(before.split(',').filter(Boolean));
        const selfDms = await findSelfDms(admin, sessions.primary.userId, sessions.primary.username).catch(
          () => [],
        );
        for (const id of selfDms.filter((id) => !preexisting.has(id))) {
          await admin.deleteRoom({ _id: id, kind: 'dm' }).catch(() => undefined);
        }
      }
      if (swept.rooms + swept.users > 0) {
        console.log(
          `rooms-get-conformance: swept ${swept.rooms} room(s) and ${swept.users} user(s) left by run ${runId}`,
        );
      }
    }
    // Log out what preflight logged in; a personal access token is the user's own and is never logged out.
    const personalToken =
      config.checkedAccount?.kind === 'token' ? config.checkedAccount.authToken : undefined;
    const tokens = new Set(
      [sessions.primary, sessions.checked].flatMap((session) => (session ? [session.authToken] : [])),
    );
    tokens.delete(personalToken ?? '');
    const unique = [sessions.primary, sessions.checked].filter(
      (session): session is NonNullable<typeof session> =>
        session !== undefined && tokens.delete(session.authToken),
    );
    await Promise.all(
      unique.map((session) =>
        base
          .as(session)
          .logout()
          .catch(() => undefined),
      ),
    );
  } finally {
    await context.dispose();
    removeSessions();
  }
}

export async function sweep(
  admin: RocketChatClient,
  prefix: string,
): Promise<{ rooms: number; users: number }> {
  const rooms = new Map<string, { _id: string; kind: 'channel' | 'group' | 'dm' | 'discussion' }>();
  // The ledger names every user the run seeded: one request each. Without it, page through users.list.
  const ledger = seededUsernames()?.filter((username) => username.startsWith(prefix));
  const users: { _id?: string; username: string }[] = ledger?.map((username) => ({ username })) ?? [];
  for (let page = 0; !ledger && page < MAX_USER_PAGES; page++) {
    const { users: batch, total } = await admin.usersList(page * USERS_PAGE, USERS_PAGE);
    for (const user of batch)
      if (user.username?.startsWith(prefix)) users.push({ _id: user._id, username: user.username });
    if (batch.length === 0 || (page + 1) * USERS_PAGE >= total) break;
  }
  const seededNames = new Set(users.map((user) => user.username));
  // A DM has no name; recognised by that, not by `t` alone, so a server misreporting `t` is still swept.
  const isDm = (room: { t?: unknown; name?: unknown }) => room.t === 'd' || room.name === undefined;
  const kindOf = (room: { t?: unknown; name?: unknown; prid?: unknown }) =>
    room.prid ? 'discussion' : isDm(room) ? 'dm' : room.t === 'p' ? 'group' : 'channel';

  const listing = await admin.roomsGet();
  for (const room of (listing.body?.update ?? []) as Room[]) {
    const usernames = Array.isArray(room.usernames) ? (room.usernames as unknown[]) : [];
    const seededDm =
      isDm(room) &&
      usernames.some(
        (name) => typeof name === 'string' && (name.startsWith(prefix) || seededNames.has(name)),
      );
    if (room.name?.startsWith(prefix) || seededDm) rooms.set(room._id, { _id: room._id, kind: kindOf(room) });
  }
  try {
    for (let offset = 0; offset < 10_000; offset += 100) {
      const { rooms: batch, total } = await admin.adminRooms(prefix, offset, 100);
      for (const room of batch)
        if (room.name?.startsWith(prefix)) rooms.set(room._id, { _id: room._id, kind: kindOf(room) });
      if (batch.length === 0 || offset + 100 >= total) break;
    }
  } catch {
    // rooms.adminRooms is optional: rooms.get already found the admin's own rooms.
  }
  // Discussions before their parents; failures are left for the user deletion that follows.
  const ordered = [...rooms.values()].sort(
    (a, b) => Number(b.kind === 'discussion') - Number(a.kind === 'discussion'),
  );
  let deletedRooms = 0;
  for (const room of ordered) {
    try {
      await admin.deleteRoom(room);
      deletedRooms += 1;
    } catch {
      // Already gone (deleted with its parent or its user).
    }
  }
  // Most ledger users are already gone (the fixtures deleted them): only real deletions count.
  const deleted = await Promise.all(
    users.map((user) =>
      (user._id ? admin.usersDelete(user._id) : admin.usersDeleteByUsername(user.username)).then(
        () => true,
        () => false,
      ),
    ),
  );
  return { rooms: deletedRooms, users: deleted.filter(Boolean).length };
}
