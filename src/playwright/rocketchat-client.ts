import type {
  CreatedUser,
  InfoBody,
  LoginBody,
  PostedMessage,
  RoomsGetBody,
  Session,
} from '../core/rocketchat-api.js';
import { spoolSecret } from '../core/secret-spool.js';
import type { Auth, Query, RestClient, RestResponse } from './rest-client.js';

/**
 * Typed Rocket.Chat endpoints over RestClient: what the suite calls, named as Rocket.Chat names them.
 * Seeding and login helpers throw an ApiError (status and a redacted body excerpt) when the server
 * refuses; rooms.get is returned raw, because its answers are what the checks examine.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
  }
}

interface SuccessBody {
  success?: unknown;
  error?: unknown;
  errorType?: unknown;
}

export interface RoomRef {
  _id: string;
  t?: string;
  name?: string;
}

export class RocketChatClient {
  constructor(readonly rest: RestClient) {}

  get session(): Session | undefined {
    return this.rest.session;
  }

  /** The same connection, as another account. */
  as(session: Session | undefined): RocketChatClient {
    return new RocketChatClient(this.rest.withSession(session));
  }

  // --- rooms.get: returned raw ------------------------------------------------------------------

  /** `updatedSince` given twice when an array; `auth` overrides the session headers. */
  roomsGet(options: { updatedSince?: string | readonly string[]; auth?: Auth } = {}) {
    const query: Query = { updatedSince: options.updatedSince };
    return this.rest.get<RoomsGetBody>('rooms.get', { query, auth: options.auth ?? 'session' });
  }

  // --- server and sessions ------------------------------------------------------------------------

  info(options: { auth?: Auth; timeoutMs?: number } = {}) {
    return this.rest.get<InfoBody>('/api/info', { auth: options.auth ?? 'none', ...options });
  }

  /**
   * Logs in with a username and password. The token is registered with the redactor and the secret
   * spool before anything else can see it; the raw answer is never returned (it holds the token).
   */
  async login(username: string, password: string): Promise<Session> {
    const response = await this.rest.post<LoginBody>('login', { user: username, password }, { auth: 'none' });
    const data = response.body?.data;
    if (data?.authToken) {
      this.rest.redactor.add(data.authToken);
      spoolSecret(data.authToken);
    }
    if (response.status !== 200 || !data?.userId || !data.authToken) {
      throw new ApiError(
        `login as "${username}" was refused: ${summarise(response, this.rest)}`,
        response.status,
        undefined,
      );
    }
    return { userId: data.userId, authToken: data.authToken, username: data.me?.username ?? username };
  }

  /** Ends this client's session: Rocket.Chat deletes the token. */
  async logout(): Promise<void> {
    await this.#expectSuccess(await this.rest.post('logout', {}), 'logout', { successKey: false });
  }

  async me(auth: Auth = 'session'): Promise<{ _id: string; username: string }> {
    const response = await this.rest.get<{ _id?: string; username?: string }>('me', { auth });
    const body = await this.#expectSuccess(response, 'me');
    if (!body._id || !body.username)
      throw new ApiError(`me: no _id/username in ${summarise(response, this.rest)}`, 200, body);
    return { _id: body._id, username: body.username };
  }

  // --- seeding --------------------------------------------------------------------------------------

  async usersCreate(user: {
    username: string;
    name: string;
    email: string;
    password: string;
  }): Promise<CreatedUser> {
    const response = await this.rest.post<{ user?: CreatedUser }>('users.create', {
      ...user,
      verified: true,
      // The default (true) would bump GENERAL's _updatedAt and add a system message to it.
      joinDefaultChannels: false,
      requirePasswordChange: false,
      sendWelcomeEmail: false,
    });
    const body = await this.#expectSuccess(response, `users.create ${user.username}`);
    if (!body.user?._id) throw new ApiError(`users.create: no user._id in the answer`, response.status, body);
    return body.user;
  }

  async usersDelete(userId: string): Promise<void> {
    await this.#expectSuccess(
      await this.rest.post('users.delete', { userId, confirmRelinquish: true }),
      'users.delete',
    );
  }

  /** users.delete by username: for the sweep, which knows the names it seeded but maybe not the ids. */
  async usersDeleteByUsername(username: string): Promise<void> {
    await this.#expectSuccess(
      await this.rest.post('users.delete', { username, confirmRelinquish: true }),
      'users.delete',
    );
  }

  /** GET users.list, admin only; one page. */
  async usersList(offset: number, count: number) {
    const response = await this.rest.get<{ users?: { _id: string; username?: string }[]; total?: number }>(
      'users.list',
      { query: { offset: String(offset), count: String(count) } },
    );
    const body = await this.#expectSuccess(response, 'users.list');
    return { users: body.users ?? [], total: body.total ?? 0 };
  }

  async channelsCreate(name: string): Promise<RoomRef> {
    const response = await this.rest.post<{ channel?: RoomRef }>('channels.create', { name });
    return this.#room(await this.#expectSuccess(response, `channels.create ${name}`), 'channel', response);
  }

  async groupsCreate(name: string): Promise<RoomRef> {
    const response = await this.rest.post<{ group?: RoomRef }>('groups.create', { name });
    return this.#room(await this.#expectSuccess(response, `groups.create ${name}`), 'group', response);
  }

  /** im.create: one username (1:1 or self-DM) or several (group DM); excludeSelf leaves the caller out. */
  async imCreate(
    usernames: readonly string[],
    options: { excludeSelf?: boolean } = {},
  ): Promise<RoomRef & { rid?: string; usernames?: string[] }> {
    const data: Record<string, unknown> =
      usernames.length === 1 ? { username: usernames[0] } : { usernames: usernames.join(',') };
    if (options.excludeSelf) data.excludeSelf = true;
    const response = await this.rest.post<{ room?: RoomRef & { rid?: string; usernames?: string[] } }>(
      'im.create',
      data,
    );
    return this.#room(
      await this.#expectSuccess(response, `im.create ${usernames.join(',')}`),
      'room',
      response,
    );
  }

  async roomsCreateDiscussion(parentRoomId: string, name: string): Promise<RoomRef> {
    const response = await this.rest.post<{ discussion?: RoomRef }>('rooms.createDiscussion', {
      prid: parentRoomId,
      t_name: name,
    });
    return this.#room(
      await this.#expectSuccess(response, `rooms.createDiscussion ${name}`),
      'discussion',
      response,
    );
  }

  async chatPostMessage(roomId: string, text: string): Promise<PostedMessage> {
    const response = await this.rest.post<{ message?: PostedMessage }>('chat.postMessage', { roomId, text });
    const body = await this.#expectSuccess(response, 'chat.postMessage');
    if (!body.message?._id)
      throw new ApiError('chat.postMessage: no message in the answer', response.status, body);
    return body.message;
  }

  /** Deletes a room through the endpoint for its kind (all reach Rocket.Chat's room-erase path). */
  async deleteRoom(room: { _id: string; kind: 'channel' | 'group' | 'dm' | 'discussion' }): Promise<void> {
    const endpoint = {
      channel: 'channels.delete',
      group: 'groups.delete',
      dm: 'im.delete',
      discussion: 'rooms.delete',
    }[room.kind];
    await this.#expectSuccess(
      await this.rest.post(endpoint, { roomId: room._id }),
      `${endpoint} ${room._id}`,
    );
  }

  /** GET rooms.adminRooms, admin only: rooms whose name contains `filter`. */
  async adminRooms(filter: string, offset: number, count: number) {
    const response = await this.rest.get<{
      rooms?: { _id: string; t?: string; name?: string; prid?: string }[];
      total?: number;
    }>('rooms.adminRooms', {
      query: {
        filter,
        offset: String(offset),
        count: String(count),
        'types[]': ['c', 'p', 'd', 'discussions', 'teams'],
      },
    });
    const body = await this.#expectSuccess(response, 'rooms.adminRooms');
    return { rooms: body.rooms ?? [], total: body.total ?? 0 };
  }

  // --- helpers ----------------------------------------------------------------------------------------

  #room<K extends string>(
    body: Partial<Record<K, RoomRef>>,
    key: K,
    response: RestResponse,
  ): RoomRef & Record<string, unknown> {
    const room = body[key] as (RoomRef & Record<string, unknown>) | undefined;
    const id = room?._id ?? (room?.rid as string | undefined);
    if (!room || !id)
      throw new ApiError(
        `${response.path}: no ${key}._id in ${summarise(response, this.rest)}`,
        response.status,
        body,
      );
    return { ...room, _id: id };
  }

  async #expectSuccess<T>(
    response: RestResponse<T>,
    what: string,
    options: { successKey?: boolean } = {},
  ): Promise<T & SuccessBody> {
    const body = response.body as (T & SuccessBody) | undefined;
    const ok =
      response.status === 200 &&
      body !== undefined &&
      (options.successKey === false || body.success === true);
    if (!ok) throw new ApiError(`${what} failed: ${summarise(response, this.rest)}`, response.status, body);
    return body;
  }
}

/** "POST /api/v1/x answered 400: {…}", redacted and short. */
export function summarise(response: RestResponse, rest: RestClient): string {
  const text = rest.redactor.redact(response.text).replace(/\s+/g, ' ').trim();
  const excerpt = text.length > 200 ? `${text.slice(0, 200)}…` : text || '(empty body)';
  return `${response.method} ${rest.redactor.redact(response.path)} answered ${response.status}: ${excerpt}`;
}
