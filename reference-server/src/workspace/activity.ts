import { randomInt } from 'node:crypto';
import { ACTIVITY_ACTIONS } from './activity-actions.js';
import { ActivityPool } from './activity-pool.js';
import type { Workspace } from './context.js';

/**
 * RC_REFERENCE_ACTIVITY=busy: a staging server's other users. One unref'd timer fires every
 * ~150–300 ms and performs one action (activity-actions.ts), served by the next app instance in turn:
 * a new user joins GENERAL, someone posts in GENERAL or in one of the pool's rooms, a pool member
 * creates or deletes a channel or group, two members open or delete a DM, the oldest pool user is
 * deleted. Deletions land in every caller's `remove` (the trash is workspace-wide). Bounded: the pool
 * (activity-pool.ts) recycles its users, rooms and DMs, prunes old messages and caps its own trash entries.
 */
export interface Activity {
  stop(): void;
  /** Actions performed so far (tests read it to see the timer run and stop). */
  readonly actions: number;
  /** The pool's current size (bounded). */
  readonly poolSize: { users: number; rooms: number; dms: number; messages: number; trash: number };
}

const TOTAL_WEIGHT = ACTIVITY_ACTIONS.reduce((sum, [weight]) => sum + weight, 0);

/** Draws one action by weight and runs it on the next app instance. */
function act(pool: ActivityPool): void {
  let roll = randomInt(TOTAL_WEIGHT);
  for (const [weight, run] of ACTIVITY_ACTIONS) {
    if (roll < weight) {
      pool.ws.clock.runNext(() => run(pool));
      return;
    }
    roll -= weight;
  }
}

/** The scheduler: one action per random interval in `intervalMs`, until stopped. */
export function startActivity(ws: Workspace, intervalMs: readonly [number, number]): Activity {
  const pool = new ActivityPool(ws);
  let actions = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        try {
          act(pool);
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
      return pool.size;
    },
  };
}
