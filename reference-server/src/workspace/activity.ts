import { randomInt } from 'node:crypto';
import { FailureError } from '../errors.js';
import type { RoomDoc, UserDoc } from '../store/types.js';
import type { Workspace } from './context.js';
import { createDirectMessage } from './direct-rooms.js';
import { postMessage } from './messages.js';
import { createRoom, eraseRoom } from './rooms.js';
import { createUser, deleteUser } from './users.js';

/**
 * RC_REFERENCE_ACTIVITY=busy: a staging server's other users. One unref'd timer fires every
 * ~150–300 ms and performs one action, served by the next app instance in turn: a new user joins
 * GENERAL (bumping its `_updatedAt` and usersCount), someone posts in GENERAL or in one of the
 * pool's rooms, a pool member creates or deletes a channel or group, two members open or delete a
 * DM, the oldest pool user is deleted. Deletions land in every caller's `remove` (the trash is
 * workspace-wide). Bounded: a recycled pool of users, rooms and DMs, old messages pruned, and the
 * activity's own trash entries capped.
 */
export interface Activity {
  stop(): void;
  /** Actions performed so far (tests read it to see the timer run and stop). */
  readonly actions: number;
  /** The pool's current size (bounded). */
  readonly poolSize: { users: number; rooms: number; dms: number; messages: number; trash: number };
}

/** A background action the server answers with a failure (as a user's client would see it): nothing happens. */
function refusedAsNull<T>(action: () => T): T | null {
  try {
    return action();
  } catch (error) {
    if (error instanceof FailureError) return null;
    throw error;
  }
}

const MAX_USERS = 12;
const MAX_ROOMS = 8;
const MAX_DMS = 6;
const MAX_MESSAGES = 60;
const MAX_TRASH = 100;

let activitySequence = 0;

export function startActivity(ws: Workspace, intervalMs: readonly [number, number]): Activity {
  const tag = `${process.pid.toString(36)}${(activitySequence++).toString(36)}`;
  const users: UserDoc[] = [];
  const rooms: string[] = [];
  const dms: string[] = [];
  const messages: string[] = [];
  const trashed: string[] = [];
  let counter = 0;
  let actions = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const pick = <T>(items: readonly T[]): T | undefined => items[randomInt(items.length || 1)];

  const remember = (list: string[], id: string, max: number, drop: (id: string) => void): void => {
    list.push(id);
    while (list.length > max) {
      const old = list.shift();
      if (old !== undefined) drop(old);
    }
  };
  const forgetTrash = (id: string): void => {
    ws.db.trash.delete(id);
  };
  const recordTrash = (id: string): void => remember(trashed, id, MAX_TRASH, forgetTrash);
  const erase = (rid: string): void => {
    const room = ws.db.rooms.get(rid);
    if (!room) return;
    eraseRoom(ws, room);
    recordTrash(rid);
  };
  const post = (room: RoomDoc, author: UserDoc): void => {
    const message = postMessage(ws, room, author, `activity ${++counter}`);
    remember(messages, message._id, MAX_MESSAGES, (id) => ws.db.messages.delete(id));
  };

  const newUser = (): void => {
    if (users.length >= MAX_USERS) {
      const oldest = users.shift();
      if (oldest) {
        deleteUser(ws, oldest);
        // The user's 1:1 DMs (and rooms left empty) went to the trash with them.
        for (const list of [dms, rooms]) {
          for (const rid of list.filter((candidate) => !ws.db.rooms.has(candidate))) {
            list.splice(list.indexOf(rid), 1);
            recordTrash(rid);
          }
        }
      }
    }
    const id = ++counter;
    users.push(
      createUser(ws, {
        username: `activity.${tag}.${id}`,
        name: `Activity User ${id}`,
      }),
    );
  };

  const ACTIONS: ReadonlyArray<readonly [weight: number, run: () => void]> = [
    [3, newUser],
    [
      4,
      () => {
        const author = pick(users);
        const general = ws.db.rooms.get('GENERAL');
        if (author && general && ws.db.findSubscription(general._id, author._id)) post(general, author);
      },
    ],
    [
      2,
      () => {
        const owner = pick(users);
        if (!owner) return;
        if (rooms.length >= MAX_ROOMS) {
          const oldest = rooms.shift();
          if (oldest) erase(oldest);
        }
        const other = pick(users);
        const room = createRoom(ws, {
          type: randomInt(2) === 0 ? 'c' : 'p',
          name: `activity-${tag}-${++counter}`,
          owner,
          members: other && other !== owner ? [other] : [],
        });
        rooms.push(room._id);
      },
    ],
    [
      2,
      () => {
        const rid = pick(rooms);
        const room = rid ? ws.db.rooms.get(rid) : undefined;
        const author = room?.u ? ws.db.users.get(room.u._id) : undefined;
        if (room && author) post(room, author);
      },
    ],
    [
      1,
      () => {
        const rid = rooms.shift();
        if (rid) erase(rid);
      },
    ],
    [
      1,
      () => {
        const [a, b] = [pick(users), pick(users)];
        if (!a || !b || a === b) return;
        if (dms.length >= MAX_DMS) {
          const oldest = dms.shift();
          if (oldest) erase(oldest);
        }
        // A server whose re-creation fails (a dm-recreate-error-… fault) refuses this user too.
        const created = refusedAsNull(() => createDirectMessage(ws, a, [b.username]));
        if (created?.inserted) dms.push(created.room._id);
      },
    ],
    [
      1,
      () => {
        const rid = dms.shift();
        if (rid) erase(rid);
      },
    ],
  ];
  const totalWeight = ACTIONS.reduce((sum, [weight]) => sum + weight, 0);

  const act = (): void => {
    let roll = randomInt(totalWeight);
    for (const [weight, run] of ACTIONS) {
      if (roll < weight) {
        ws.clock.runNext(run);
        return;
      }
      roll -= weight;
    }
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        try {
          act();
          actions += 1;
        } catch {
          // A background action never takes the server down (e.g. a name collision): skip it.
        }
        schedule();
      },
      intervalMs[0] + randomInt(intervalMs[1] - intervalMs[0] + 1),
    );
    timer.unref();
  };
  schedule();

  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    get actions() {
      return actions;
    },
    get poolSize() {
      return {
        users: users.length,
        rooms: rooms.length,
        dms: dms.length,
        messages: messages.length,
        trash: trashed.length,
      };
    },
  };
}
