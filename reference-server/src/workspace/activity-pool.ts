import { randomInt } from 'node:crypto';
import type { RoomDoc, UserDoc } from '../store/types.js';
import type { Workspace } from './context.js';
import { postMessage } from './messages.js';
import { eraseRoom } from './rooms.js';

/** The pool's caps: the oldest entry is dropped (or erased) first. */
export const POOL_LIMITS = { users: 12, rooms: 8, dms: 6, messages: 60, trash: 100 } as const;

let poolSequence = 0;

/**
 * What the background activity made and still owns: a recycled pool of users, rooms and DMs, its
 * newest messages and its own trash entries, each list capped.
 */
export class ActivityPool {
  /** Unique per pool, so two servers in one process never collide on names. */
  readonly tag = `${process.pid.toString(36)}${(poolSequence++).toString(36)}`;
  readonly users: UserDoc[] = [];
  readonly rooms: string[] = [];
  readonly dms: string[] = [];
  private readonly messages: string[] = [];
  private readonly trashed: string[] = [];
  private counter = 0;

  constructor(readonly ws: Workspace) {}

  /** A fresh number for names and message texts. */
  next(): number {
    this.counter += 1;
    return this.counter;
  }

  pick<T>(items: readonly T[]): T | undefined {
    return items[randomInt(items.length || 1)];
  }

  /** Erases a room (its trash entry is remembered, and forgotten once the trash list is full). */
  erase(rid: string): void {
    const room = this.ws.db.rooms.get(rid);
    if (!room) return;
    eraseRoom(this.ws, room);
    this.recordTrash(rid);
  }

  post(room: RoomDoc, author: UserDoc): void {
    const message = postMessage(this.ws, room, author, `activity ${this.next()}`);
    remember(this.messages, message._id, POOL_LIMITS.messages, (id) => this.ws.db.messages.delete(id));
  }

  recordTrash(id: string): void {
    remember(this.trashed, id, POOL_LIMITS.trash, (old) => this.ws.db.trash.delete(old));
  }

  get size(): { users: number; rooms: number; dms: number; messages: number; trash: number } {
    return {
      users: this.users.length,
      rooms: this.rooms.length,
      dms: this.dms.length,
      messages: this.messages.length,
      trash: this.trashed.length,
    };
  }
}

function remember(list: string[], id: string, max: number, drop: (id: string) => void): void {
  list.push(id);
  while (list.length > max) {
    const old = list.shift();
    if (old !== undefined) drop(old);
  }
}
