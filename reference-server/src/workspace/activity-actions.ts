import { randomInt } from 'node:crypto';
import { FailureError } from '../errors.js';
import { type ActivityPool, POOL_LIMITS } from './activity-pool.js';
import { createDirectMessage } from './direct-rooms.js';
import { createRoom } from './rooms.js';
import { createUser, deleteUser } from './users.js';

/** A background action the server answers with a failure (as a user's client would see it): nothing happens. */
function refusedAsNull<T>(action: () => T): T | null {
  try {
    return action();
  } catch (error) {
    if (error instanceof FailureError) return null;
    throw error;
  }
}

/** A new user joins GENERAL (bumping its `_updatedAt` and usersCount); a full pool deletes its oldest user first. */
function newUser(pool: ActivityPool): void {
  const { ws, users } = pool;
  if (users.length >= POOL_LIMITS.users) {
    const oldest = users.shift();
    if (oldest) {
      deleteUser(ws, oldest);
      // The user's 1:1 DMs (and rooms left empty) went to the trash with them.
      for (const list of [pool.dms, pool.rooms]) {
        for (const rid of list.filter((candidate) => !ws.db.rooms.has(candidate))) {
          list.splice(list.indexOf(rid), 1);
          pool.recordTrash(rid);
        }
      }
    }
  }
  const id = pool.next();
  users.push(createUser(ws, { username: `activity.${pool.tag}.${id}`, name: `Activity User ${id}` }));
}

/** A pool user who is in GENERAL posts there. */
function postInGeneral(pool: ActivityPool): void {
  const author = pool.pick(pool.users);
  const general = pool.ws.db.rooms.get('GENERAL');
  if (author && general && pool.ws.db.findSubscription(general._id, author._id)) pool.post(general, author);
}

/** A pool user creates a channel or a group, with another pool user; a full pool erases its oldest room first. */
function createPoolRoom(pool: ActivityPool): void {
  const owner = pool.pick(pool.users);
  if (!owner) return;
  if (pool.rooms.length >= POOL_LIMITS.rooms) {
    const oldest = pool.rooms.shift();
    if (oldest) pool.erase(oldest);
  }
  const other = pool.pick(pool.users);
  const room = createRoom(pool.ws, {
    type: randomInt(2) === 0 ? 'c' : 'p',
    name: `activity-${pool.tag}-${pool.next()}`,
    owner,
    members: other && other !== owner ? [other] : [],
  });
  pool.rooms.push(room._id);
}

/** A pool room's owner posts in it. */
function postInPoolRoom(pool: ActivityPool): void {
  const rid = pool.pick(pool.rooms);
  const room = rid ? pool.ws.db.rooms.get(rid) : undefined;
  const author = room?.u ? pool.ws.db.users.get(room.u._id) : undefined;
  if (room && author) pool.post(room, author);
}

/** The oldest pool room is deleted (its entry reaches every caller's `remove`: the trash is workspace-wide). */
function deletePoolRoom(pool: ActivityPool): void {
  const rid = pool.rooms.shift();
  if (rid) pool.erase(rid);
}

/** Two pool users open a DM; a full pool erases its oldest DM first. */
function openDm(pool: ActivityPool): void {
  const [a, b] = [pool.pick(pool.users), pool.pick(pool.users)];
  if (!a || !b || a === b) return;
  if (pool.dms.length >= POOL_LIMITS.dms) {
    const oldest = pool.dms.shift();
    if (oldest) pool.erase(oldest);
  }
  // A server whose re-creation fails (a dm-recreate-error-… fault) refuses this user too.
  const created = refusedAsNull(() => createDirectMessage(pool.ws, a, [b.username]));
  if (created?.inserted) pool.dms.push(created.room._id);
}

/** The oldest pool DM is deleted. */
function deleteDm(pool: ActivityPool): void {
  const rid = pool.dms.shift();
  if (rid) pool.erase(rid);
}

/** The activity's actions and how often each is drawn (weights). */
export const ACTIVITY_ACTIONS: ReadonlyArray<readonly [weight: number, run: (pool: ActivityPool) => void]> = [
  [3, newUser],
  [4, postInGeneral],
  [2, createPoolRoom],
  [2, postInPoolRoom],
  [1, deletePoolRoom],
  [1, openDm],
  [1, deleteDm],
];
