import { randomBytes } from 'node:crypto';
import type { PostedMessage, Session } from '../core/rocketchat-api.js';
import { spoolSecret } from '../core/secret-spool.js';
import { recordSeededUsername } from '../core/seed-ledger.js';
import { ApiError, type RocketChatClient } from './rocketchat-client.js';

/**
 * Creates uniquely named users, rooms and messages (every name starts with the seeder's prefix,
 * `ct-<run>-<worker>-…`, so global teardown can sweep what an interrupted run left) and deletes
 * everything it created in `cleanup()`, which the fixtures call in teardown — also when the test failed.
 * All creation goes through the admin client; it refuses to write when the run is read-only.
 */

export type RoomKind = 'channel' | 'group' | 'dm' | 'discussion';

export interface SeededRoom {
  _id: string;
  kind: RoomKind;
  name?: string;
}

export interface SeededUser {
  _id: string;
  username: string;
  /** The display name, deliberately different from the username. */
  name: string;
  password: string;
}

export class Seeder {
  readonly #rooms: SeededRoom[] = [];
  readonly #users: SeededUser[] = [];
  readonly #sessions: RocketChatClient[] = [];
  #counter = 0;

  constructor(
    readonly admin: RocketChatClient,
    readonly prefix: string,
    readonly writable: boolean,
  ) {}

  /** A fresh name with this seeder's prefix, valid as a Rocket.Chat username and room name. */
  name(kind: string): string {
    this.#counter += 1;
    return `${this.prefix}${kind}${this.#counter}`;
  }

  async user(): Promise<SeededUser> {
    this.#assertWritable();
    const username = this.name('u');
    const password = randomBytes(18).toString('base64url');
    spoolSecret(password);
    this.admin.rest.redactor.add(password);
    // A display name unlike the username: a server that puts display names into `usernames` is caught.
    const name = `CT Display ${username.slice(this.prefix.length)} ${randomBytes(3).toString('hex')}`;
    recordSeededUsername(username);
    const created = await this.admin.usersCreate({
      username,
      name,
      password,
      email: `${username}@example.com`,
    });
    const user = { _id: created._id, username: created.username ?? username, name, password };
    this.#users.push(user);
    return user;
  }

  async channel(): Promise<SeededRoom> {
    this.#assertWritable();
    const name = this.name('c');
    return this.#track({ _id: (await this.admin.channelsCreate(name))._id, kind: 'channel', name });
  }

  async group(): Promise<SeededRoom> {
    this.#assertWritable();
    const name = this.name('p');
    return this.#track({ _id: (await this.admin.groupsCreate(name))._id, kind: 'group', name });
  }

  /**
   * A DM created by `as` (default: the admin) with these usernames (one: 1:1 or self; more: group).
   * `shared`: a room that may exist before the run or be shared with another worker (the admin's
   * self-DM): never deleted here; global teardown deletes it if this run created it.
   */
  async dm(
    usernames: readonly string[],
    options: { as?: RocketChatClient; excludeSelf?: boolean; shared?: boolean } = {},
  ) {
    this.#assertWritable();
    const room = await (options.as ?? this.admin).imCreate(usernames, { excludeSelf: options.excludeSelf });
    // Re-creating an existing DM returns the same room: track it once.
    if (!options.shared && !this.#rooms.some((tracked) => tracked._id === room._id)) {
      this.#track({ _id: room._id, kind: 'dm' });
    }
    return room;
  }

  async discussion(parentRoomId: string): Promise<SeededRoom> {
    this.#assertWritable();
    const name = this.name('d');
    const room = await this.admin.roomsCreateDiscussion(parentRoomId, name);
    return this.#track({ _id: room._id, kind: 'discussion', name });
  }

  async message(roomId: string, text = `${this.name('m')} hello`): Promise<PostedMessage> {
    this.#assertWritable();
    return this.admin.chatPostMessage(roomId, text);
  }

  /** Deletes a room now (a check that needs a deleted room); cleanup will not touch it again. */
  async deleteRoom(room: SeededRoom): Promise<void> {
    this.#assertWritable();
    await this.admin.deleteRoom(room);
    this.#rooms.splice(this.#rooms.indexOf(room), 1);
  }

  /** Logs a seeded user in; the session is logged out in cleanup. */
  async login(user: SeededUser): Promise<RocketChatClient> {
    const session: Session = await this.admin.login(user.username, user.password);
    const client = this.admin.as(session);
    this.#sessions.push(client);
    return client;
  }

  get rooms(): readonly SeededRoom[] {
    return this.#rooms;
  }

  get users(): readonly SeededUser[] {
    return this.#users;
  }

  /**
   * Deletes everything created, rooms before users (deleting a user bumps the rooms it was in), and
   * collects every failure into one error so one refusal does not leave the rest behind.
   */
  async cleanup(): Promise<void> {
    const failures: string[] = [];
    const attempt = async (what: string, action: () => Promise<void>) => {
      try {
        await action();
      } catch (error) {
        // Already gone (e.g. a DM removed with its user): nothing left to clean.
        if (error instanceof ApiError && /not.?found|invalid.?room|error-room-not-found/i.test(error.message))
          return;
        failures.push(`${what}: ${(error as Error).message}`);
      }
    };
    await Promise.all(this.#sessions.splice(0).map((client) => attempt('logout', () => client.logout())));
    await Promise.all(
      this.#rooms
        .splice(0)
        .reverse()
        .map((room) => attempt(`delete ${room.kind} ${room._id}`, () => this.admin.deleteRoom(room))),
    );
    await Promise.all(
      this.#users
        .splice(0)
        .map((user) => attempt(`delete user ${user.username}`, () => this.admin.usersDelete(user._id))),
    );
    if (failures.length > 0) {
      throw new Error(
        `could not delete everything the suite seeded (global teardown sweeps the rest):\n${failures.join('\n')}`,
      );
    }
  }

  #track(room: SeededRoom): SeededRoom {
    this.#rooms.push(room);
    return room;
  }

  #assertWritable(): void {
    if (!this.writable)
      throw new Error('the suite tried to write while CONTRACT_WRITE is false (a bug in a check)');
  }
}
