import type {
  CreatedUser,
  InfoBody,
  LoginBody,
  PostedMessage,
  RoomsGetBody,
  Session,
} from '../core/rocketchat/rocketchat-api.js';
import { spoolSecret } from '../core/secrets/secret-spool.js';
import type { Auth, ClientEvents, Query, RestClient, RestResponse, SecondFactor } from './rest-client.js';

/**
 * Typed Rocket.Chat endpoints over RestClient: what the suite calls, named as Rocket.Chat names them
 * (model: Rocket.Chat's tests/data/api-data.ts, minus its mutable global credentials). Seeding and
 * login helpers throw an ApiError (status, Rocket.Chat's error code and a redacted excerpt) when the
 * server refuses; rooms.get is returned raw, because its answers are what the checks examine.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    /** Rocket.Chat's error code (`errorType`, or `error` when it is a code), e.g. `totp-required`. */
    readonly code: string | undefined,
    /** The 2FA method a `totp-required` answer names (`email`, `totp`, `password`). */
    readonly method?: string,
  ) {
    super(message);
  }
}

interface SuccessBody {
  success?: unknown;
  error?: unknown;
  errorType?: unknown;
  details?: { method?: unknown };
  message?: unknown;
}

export interface RoomRef {
  _id: string;
  t?: string;
  name?: string;
}

/** The fields of a rooms.adminRooms item that cleanup reads. */
export interface AdminRoom {
  _id: string;
  t?: string;
  name?: string;
  prid?: string;
  teamMain?: boolean;
  teamId?: string;
}

/** A REST call that sets a room or subscription state: a POST body, or a GET query. */
export interface StateCall {
  endpoint: string;
  body?: Record<string, unknown>;
  query?: Query;
}

export type RoomKind = 'channel' | 'group' | 'dm' | 'discussion' | 'team';

export class RocketChatClient {
  constructor(readonly rest: RestClient) {}

  get session(): Session | undefined {
    return this.rest.session;
  }

  /** The same connection, as another account (with that account's second factor, if any). */
  as(session: Session | undefined, secondFactor?: SecondFactor): RocketChatClient {
    return new RocketChatClient(this.rest.withSession(session, secondFactor));
  }

  /** The same connection and account, other hooks (see RestClient.withEvents). */
  withEvents(events: ClientEvents): RocketChatClient {
    return new RocketChatClient(this.rest.withEvents(events));
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
   * Logs in with a username and password (and a TOTP code when given one). The token is registered with
   * the redactor and the secret spool before anything else can see it; the raw answer is never returned.
   * Rocket.Chat limits the REST login like any route (429 + X-RateLimit-Reset): RestClient waits those
   * out, bounded. Any other refusal is an ApiError carrying Rocket.Chat's error code.
   */
  async login(username: string, password: string, options: { code?: () => string } = {}): Promise<Session> {
    // Built per attempt: after a 429 wait the TOTP code must be a fresh one.
    const body = (): Record<string, string> =>
      options.code ? { user: username, password, code: options.code() } : { user: username, password };
    const response = await this.rest.post<LoginBody & SuccessBody>('login', body, { auth: 'none' });
    const data = response.body?.data;
    if (data?.authToken) {
      this.rest.redactor.add(data.authToken);
      spoolSecret(data.authToken);
    }
    if (response.status === 200 && data?.userId && data.authToken) {
      return { userId: data.userId, authToken: data.authToken, username: data.me?.username ?? username };
    }
    throw new ApiError(
      `login as "${username}" was refused: ${describeResponse(response, this.rest)}`,
      response.status,
      errorCode(response.body),
      detailsMethod(response.body),
    );
  }

  /** Ends this client's session: Rocket.Chat deletes the token. Never call it on a personal access token. */
  async logout(): Promise<void> {
    await this.#expectSuccess(await this.rest.post('logout', {}), 'logout', { successKey: false });
  }

  async me(auth: Auth = 'session'): Promise<{ _id: string; username: string; roles: string[] }> {
    const response = await this.rest.get<{ _id?: string; username?: string; roles?: unknown }>('me', {
      auth,
    });
    const body = await this.#expectSuccess(response, 'me');
    if (!body._id || !body.username)
      throw new ApiError(`me: no _id/username in ${describeResponse(response, this.rest)}`, 200, undefined);
    const roles = Array.isArray(body.roles) ? body.roles.filter((role) => typeof role === 'string') : [];
    return { _id: body._id, username: body.username, roles };
  }

  /** permissions.listAll: which roles hold each permission. */
  async permissions(): Promise<Map<string, string[]>> {
    const response = await this.rest.get<{ update?: { _id?: unknown; roles?: unknown }[] }>(
      'permissions.listAll',
    );
    const body = await this.#expectSuccess(response, 'permissions.listAll');
    const permissions = new Map<string, string[]>();
    for (const entry of body.update ?? []) {
      if (typeof entry._id !== 'string' || !Array.isArray(entry.roles)) continue;
      permissions.set(
        entry._id,
        entry.roles.filter((role): role is string => typeof role === 'string'),
      );
    }
    return permissions;
  }

  // --- seeding --------------------------------------------------------------------------------------

  /**
   * users.create: never joined to the default channels (that would bump GENERAL), no welcome mail, and
   * the e-mail verified only when the server demands it (a verified address switches on e-mail two-factor
   * for new users on a stock server, docs/rocketchat-behaviour.md §9.1). It sends the account's second
   * factor: no release asks for one here, but Rocket.Chat's develop branch does (§9.2).
   */
  async usersCreate(user: {
    username: string;
    name: string;
    email: string;
    password: string;
    verified: boolean;
  }): Promise<CreatedUser> {
    const response = await this.rest.post<{ user?: CreatedUser }>(
      'users.create',
      {
        ...user,
        joinDefaultChannels: false,
        requirePasswordChange: false,
        sendWelcomeEmail: false,
      },
      { twoFactor: true },
    );
    const body = await this.#expectSuccess(response, `users.create ${user.username}`);
    if (!body.user?._id)
      throw new ApiError('users.create: no user._id in the answer', response.status, undefined);
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

  /** channels.create; `members` (usernames) join it at once. */
  async channelsCreate(name: string, members: readonly string[] = []): Promise<RoomRef> {
    const response = await this.rest.post<{ channel?: RoomRef }>('channels.create', {
      name,
      ...(members.length > 0 ? { members } : {}),
    });
    return this.#room(await this.#expectSuccess(response, `channels.create ${name}`), 'channel', response);
  }

  async groupsCreate(name: string): Promise<RoomRef> {
    const response = await this.rest.post<{ group?: RoomRef }>('groups.create', { name });
    return this.#room(await this.#expectSuccess(response, `groups.create ${name}`), 'group', response);
  }

  /**
   * teams.create: a public (0) or private (1) team, `members` (user ids) in it at once; returns the team
   * id and its main room.
   */
  async teamsCreate(
    name: string,
    type: 0 | 1 = 0,
    members: readonly string[] = [],
  ): Promise<{ teamId: string; roomId: string }> {
    const response = await this.rest.post<{ team?: { _id?: string; roomId?: string } }>('teams.create', {
      name,
      type,
      ...(members.length > 0 ? { members } : {}),
    });
    const body = await this.#expectSuccess(response, `teams.create ${name}`);
    if (!body.team?._id || !body.team.roomId) {
      throw new ApiError(
        `teams.create: no team._id/roomId in ${describeResponse(response, this.rest)}`,
        200,
        undefined,
      );
    }
    return { teamId: body.team._id, roomId: body.team.roomId };
  }

  /** teams.addRooms: makes existing rooms channels of the team. */
  async teamsAddRooms(teamId: string, roomIds: readonly string[]): Promise<void> {
    await this.#expectSuccess(
      await this.rest.post('teams.addRooms', { teamId, rooms: roomIds }),
      `teams.addRooms ${teamId}`,
    );
  }

  /** channels.invite / groups.invite: the user joins the room. */
  async invite(room: { _id: string; kind: 'channel' | 'group' }, userId: string): Promise<void> {
    const endpoint = room.kind === 'channel' ? 'channels.invite' : 'groups.invite';
    await this.#expectSuccess(
      await this.rest.post(endpoint, { roomId: room._id, userId }),
      `${endpoint} ${room._id}`,
    );
  }

  /** channels.leave / groups.leave: this client's account leaves the room. */
  async leave(room: { _id: string; kind: 'channel' | 'group' }): Promise<void> {
    const endpoint = room.kind === 'channel' ? 'channels.leave' : 'groups.leave';
    await this.#expectSuccess(
      await this.rest.post(endpoint, { roomId: room._id }),
      `${endpoint} ${room._id}`,
    );
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

  /** rooms.createDiscussion; `users` (usernames) are members from the start. */
  async roomsCreateDiscussion(
    parentRoomId: string,
    name: string,
    users: readonly string[] = [],
  ): Promise<RoomRef> {
    const response = await this.rest.post<{ discussion?: RoomRef }>('rooms.createDiscussion', {
      prid: parentRoomId,
      t_name: name,
      ...(users.length > 0 ? { users } : {}),
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
      throw new ApiError('chat.postMessage: no message in the answer', response.status, undefined);
    return body.message;
  }

  /** Deletes a room through the endpoint for its kind (all reach Rocket.Chat's room-erase path). */
  async deleteRoom(room: { _id: string; kind: RoomKind }): Promise<void> {
    if (room.kind === 'team') {
      await this.#expectSuccess(
        await this.rest.post('teams.delete', { teamId: room._id }),
        `teams.delete ${room._id}`,
      );
      return;
    }
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
    const response = await this.rest.get<{ rooms?: AdminRoom[]; total?: number }>('rooms.adminRooms', {
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

  // --- subscription and room states (the subscription-state checks of specs/shape.spec.ts) ----------

  /**
   * One call that puts a room or a member's subscription into a state, or ends a subscription
   * (channels.close, rooms.favorite, channels.kick, teams.removeMember …): POST with a JSON body, or GET
   * with a query where Rocket.Chat declares the route so (chat.ignoreUser). Anything but 200
   * `{success: true}` is an ApiError naming the call.
   */
  async stateCall(call: StateCall): Promise<void> {
    const response = call.query
      ? await this.rest.get(call.endpoint, { query: call.query })
      : await this.rest.post(call.endpoint, call.body ?? {});
    await this.#expectSuccess(response, call.endpoint);
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
        `${response.path}: no ${key}._id in ${describeResponse(response, this.rest)}`,
        response.status,
        undefined,
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
    if (!ok) {
      throw new ApiError(
        `${what} failed: ${describeResponse(response, this.rest)}`,
        response.status,
        errorCode(body),
        detailsMethod(body),
      );
    }
    return body;
  }
}

/** Rocket.Chat's error code in a failure body: `errorType`, or `error` when it looks like a code. */
function errorCode(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { errorType, error } = body as SuccessBody;
  if (typeof errorType === 'string') return errorType;
  if (typeof error === 'string') {
    const bracketed = /\[([\w-]+)\]\s*$/.exec(error)?.[1];
    if (bracketed) return bracketed;
    if (/^[\w-]+$/.test(error)) return error;
  }
  return undefined;
}

function detailsMethod(body: unknown): string | undefined {
  const method = (body as SuccessBody | undefined)?.details?.method;
  return typeof method === 'string' ? method : undefined;
}

/** "POST /api/v1/x answered 400: {…}", redacted and short. */
export function describeResponse(response: RestResponse, rest: RestClient): string {
  const text = rest.redactor.redact(response.text).replace(/\s+/g, ' ').trim();
  const excerpt = text.length > 200 ? `${text.slice(0, 200)}…` : text || '(empty body)';
  return `${response.method} ${rest.redactor.redact(response.path)} answered ${response.status}: ${excerpt}`;
}
