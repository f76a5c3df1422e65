import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { request } from '@playwright/test';
import { resolveConfig } from '../../core/run/config.js';
import { mapLimit } from '../../core/run/map-limit.js';
import type { Room } from '../../core/rocketchat/rocketchat-api.js';
import { closeRunLedger, seededUsernames } from '../../core/run/seed-ledger.js';
import { writeFallbackSummary } from '../reporters/fallback.js';
import { RestClient } from '../rest-client.js';
import { type AdminRoom, RocketChatClient, type RoomKind } from '../rocketchat-client.js';
import { loadCleanupFailures, loadRunState, runDirectory, type TargetState } from '../run-state.js';
import { adminSecondFactor } from '../second-factor.js';
import { redactor, registerConfigSecrets } from '../secrets.js';
import { deleteSeeded } from '../seeder.js';
import type { BuiltWorld } from '../shared-world.js';

/**
 * Global teardown, whether the run passed, failed or was interrupted: for every target, the shared world
 * is deleted, then a sweep removes whatever else this run seeded and left (every name starts with
 * `ct-<run>-`: a check's cleanup that failed, a killed worker, Ctrl-C) — users from the run's seed
 * ledger, rooms found through the admin's rooms.get and rooms.adminRooms — and the admin's self-DM if
 * this run created it. What the checks' cleanups could not delete is printed, as is what the sweep
 * could not (neither changes the verdict: no check of rooms.get failed). Then the
 * sessions preflight opened are logged out (never a personal access token) and the run state, which
 * holds them, is deleted.
 */
export default async function globalTeardown(): Promise<void> {
  const state = loadRunState();
  if (!state) return;
  // Before the run state goes: the fallback summary reads the run's facts from it.
  writeFallbackSummary();
  const suite = resolveConfig();
  registerConfigSecrets(suite);
  // What the workers' background cleanups could not delete (fixtures/seeding.ts): the sweep retries it.
  const checksCleanup = loadCleanupFailures();
  const context = await request.newContext();
  try {
    const leftBehind = await mapLimit(state.targets, 8, async (target) => {
      for (const session of [target.primary, target.checked, target.world?.peer?.session]) {
        if (session) redactor.add(session.authToken);
      }
      const base = new RocketChatClient(new RestClient({ request: context, baseUrl: target.url, redactor }));
      const admin = base.as(target.primary, adminSecondFactor(suite.admin));
      const sweeps = target.write && target.primary.isAdmin;
      const swept = sweeps ? await cleanUpTarget(admin, target, `ct-${state.runId}-`) : [];
      // A multi-target run (the mutation matrix) faults its servers on purpose: their refusals are expected.
      if (state.targets.length === 1) {
        if (checksCleanup.length > 0) {
          console.error(
            `rooms-get-conformance: the checks' cleanups could not delete everything on ${target.url}` +
              `${sweeps ? " (global teardown's sweep deleted what it could find)" : ''}:\n  ${checksCleanup.join('\n  ')}`,
          );
        }
        if (swept.length > 0) {
          console.error(
            `rooms-get-conformance: could not delete everything the run seeded on ${target.url}:\n  ${swept.join('\n  ')}`,
          );
        }
      }
      // The peer's session went with the world; a personal access token is never logged out.
      const loggedIn = new Map(
        [target.primary, target.checked]
          .filter((session) => session !== undefined && session.kind === 'login')
          .map((session) => [session?.authToken, session]),
      );
      await Promise.all(
        [...loggedIn.values()].map((session) =>
          base
            .as(session)
            .logout()
            .catch(() => undefined),
        ),
      );
      return swept.length;
    });
    // Everything gone: the ledger goes too (otherwise the next run sweeps what is left).
    if (leftBehind.every((count) => count === 0)) closeRunLedger(state.runId);
  } finally {
    await context.dispose();
    rmSync(join(runDirectory(), 'run-state.json'), { force: true });
  }
}

/**
 * Deletes the world and sweeps what else the run left; returns what could not be deleted. The sweep's
 * look for leftovers (rooms.get, rooms.adminRooms) goes alongside the world's deletion and leaves the
 * world's users and rooms to it, so the whole costs the world's two rounds (discussions, then the rest)
 * whatever the run seeded; the leftovers go in the second.
 */
async function cleanUpTarget(
  admin: RocketChatClient,
  target: TargetState,
  prefix: string,
): Promise<string[]> {
  const world = target.world;
  const handled = {
    users: new Set(world?.created.users.map((user) => user.username) ?? []),
    rooms: new Set(
      world?.created.rooms.flatMap((room) =>
        room.name === undefined ? [room._id] : [room._id, room.name],
      ) ?? [],
    ),
  };
  const [failures, swept] = await Promise.all([
    world ? deleteWorld(admin, world) : [],
    sweep(admin, prefix, handled),
  ]);
  return [...failures, ...swept.failures];
}

/** Deletes the shared world and logs its peer out; returns what could not be deleted. */
export function deleteWorld(admin: RocketChatClient, world: BuiltWorld): Promise<string[]> {
  return deleteSeeded(admin, {
    ...world.created,
    sessions: world.peer ? [admin.as(world.peer.session)] : [],
  });
}

const USERS_PAGE = 100;
const MAX_USER_PAGES = 200;

/**
 * Deletes every room and user named with the run's prefix that is still on the server, but those another
 * deletion takes care of (`handled`: usernames; room ids and names).
 */
export async function sweep(
  admin: RocketChatClient,
  prefix: string,
  handled: { users?: ReadonlySet<string>; rooms?: ReadonlySet<string> } = {},
  /** The run's users, when known otherwise than from this run's ledger (an earlier run's). */
  knownUsernames?: string[],
): Promise<{ rooms: number; users: number; failures: string[] }> {
  // The ledger names every user the run seeded: one request each. Without it, page through users.list.
  const runId = /^ct-([a-z0-9]+)-/.exec(prefix)?.[1] ?? '';
  const ledger = (knownUsernames ?? seededUsernames(admin.rest.baseUrl, runId))?.filter(
    (username) => username.startsWith(prefix) && !handled.users?.has(username),
  );
  const users: { _id?: string; username: string }[] = ledger?.map((username) => ({ username })) ?? [];
  for (let page = 0; !ledger && page < MAX_USER_PAGES; page++) {
    const { users: batch, total } = await admin.usersList(page * USERS_PAGE, USERS_PAGE);
    for (const user of batch)
      if (user.username?.startsWith(prefix) && !handled.users?.has(user.username))
        users.push({ _id: user._id, username: user.username });
    if (batch.length === 0 || (page + 1) * USERS_PAGE >= total) break;
  }
  const seededNames = new Set(users.map((user) => user.username));
  // A DM has no name; recognised by that, not by `t` alone, so a server misreporting `t` is still swept.
  const isDm = (room: { t?: unknown; name?: unknown }) => room.t === 'd' || room.name === undefined;
  const kindOf = (room: { t?: unknown; name?: unknown; prid?: unknown }): RoomKind =>
    room.prid ? 'discussion' : isDm(room) ? 'dm' : room.t === 'p' ? 'group' : 'channel';

  const rooms = new Map<string, { _id: string; kind: RoomKind }>();
  const isHandled = (room: { _id: string; name?: unknown; teamId?: unknown }) =>
    [room._id, room.name, room.teamId].some(
      (key) => typeof key === 'string' && handled.rooms?.has(key) === true,
    );
  const [listing, administered] = await Promise.all([
    admin.roomsGet().catch(() => undefined),
    adminRoomsNamed(admin, prefix),
  ]);
  for (const room of (listing?.body?.update ?? []) as Room[]) {
    const usernames = Array.isArray(room.usernames) ? (room.usernames as unknown[]) : [];
    const seededDm =
      isDm(room) &&
      usernames.some(
        (name) => typeof name === 'string' && (name.startsWith(prefix) || seededNames.has(name)),
      );
    if (isHandled(room)) continue;
    if ((typeof room.name === 'string' && room.name.startsWith(prefix)) || seededDm) {
      rooms.set(room._id, { _id: room._id, kind: kindOf(room) });
    }
  }
  for (const room of administered) {
    if (isHandled(room)) continue;
    // A team's main room goes with its team (teams.delete takes the team id).
    rooms.set(
      room._id,
      room.teamMain && room.teamId
        ? { _id: room.teamId, kind: 'team' }
        : { _id: room._id, kind: kindOf(room) },
    );
  }
  // Most ledger users are already gone (the checks deleted them): only real deletions count.
  const [failures, deleted] = await Promise.all([
    deleteSeeded(admin, { rooms: [...rooms.values()], users: [] }),
    Promise.all(
      users.map((user) =>
        (user._id ? admin.usersDelete(user._id) : admin.usersDeleteByUsername(user.username)).then(
          () => true,
          () => false,
        ),
      ),
    ),
  ]);
  return { rooms: rooms.size - failures.length, users: deleted.filter(Boolean).length, failures };
}

/** rooms.adminRooms (admin only, optional: rooms.get already finds the admin's own rooms). */
async function adminRoomsNamed(admin: RocketChatClient, prefix: string) {
  const found: AdminRoom[] = [];
  try {
    for (let offset = 0; offset < 10_000; offset += 100) {
      const { rooms: batch, total } = await admin.adminRooms(prefix, offset, 100);
      found.push(...batch.filter((room) => room.name?.startsWith(prefix)));
      if (batch.length === 0 || offset + 100 >= total) break;
    }
  } catch {
    // not an admin, or an older server
  }
  return found;
}
