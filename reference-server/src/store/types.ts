/** Documents of the in-memory collections, modelled on Rocket.Chat's (core-typings IUser, IRoom, ...). */

export type RoomType = 'c' | 'p' | 'd' | 'l' | 'v';

export interface UserRef {
  _id: string;
  username: string;
  name?: string;
}

/** Fields `rememberAuthorization` sets on a token after a passed 2FA gate (apps/meteor/app/2fa/server/code/index.ts). */
interface TwoFactorMemory {
  twoFactorAuthorizedUntil?: Date;
  /** md5(JSON.stringify({userAgent, clientAddress})) of the client that passed. */
  twoFactorAuthorizedHash?: string;
}

/** A login token (`Accounts._insertLoginToken`). */
interface LoginToken extends TwoFactorMemory {
  hashedToken: string;
  when: Date;
  type?: undefined;
}

/** A personal access token (imports/personal-access-tokens/server/api/methods/generateToken.ts). */
export interface PersonalAccessToken extends TwoFactorMemory {
  hashedToken: string;
  type: 'personalAccessToken';
  createdAt: Date;
  lastTokenPart: string;
  name: string;
  bypassTwoFactor: boolean;
}

export type StoredToken = LoginToken | PersonalAccessToken;

export interface UserDoc {
  _id: string;
  createdAt: Date;
  username: string;
  name: string;
  emails: { address: string; verified: boolean }[];
  type: 'user' | 'bot';
  status: 'online' | 'offline';
  active: boolean;
  roles: string[];
  _updatedAt: Date;
  settings: Record<string, unknown>;
  services: {
    /** sha256(salt + sha256hex(password)); Rocket.Chat keeps bcrypt(sha256hex(password)). */
    password?: { salt: string; hash: string };
    resume: { loginTokens: StoredToken[] };
    /** Set by `Accounts_TwoFactorAuthentication_By_Email_Auto_Opt_In` on new users. */
    email2fa?: { enabled: boolean; changedAt: Date };
    totp?: { enabled: boolean; secret: string };
    /** The pending e-mailed code: sha256 here (Rocket.Chat keeps bcrypt). */
    emailCode?: { code: string; expire: Date; attempts: number };
  };
}

export interface MessageDoc {
  _id: string;
  rid: string;
  msg: string;
  t?: string;
  ts: Date;
  u: UserRef;
  _updatedAt: Date;
  urls: { url: string; meta: Record<string, unknown> }[];
  mentions: UserRef[];
  channels: { _id: string; name: string }[];
  /** The message-parser output; messages from before the `md` era (≤ 4.x) have none. */
  md?: { type: string; value: { type: string; value: string }[] }[];
  drid?: string;
  groupable?: boolean;
  starred?: { _id: string }[];
  /** Integration (incoming webhook / bot) messages. */
  alias?: string;
  emoji?: string;
  avatar?: string;
  bot?: { i: string };
  attachments?: Record<string, unknown>[];
}

/** A room document. Optional fields are absent (never undefined-valued when serialised). */
export interface RoomDoc {
  _id: string;
  t: RoomType;
  name?: string;
  fname?: string;
  u?: UserRef;
  msgs: number;
  usersCount: number;
  ts: Date;
  _updatedAt: Date;
  lm?: Date;
  lastMessage?: MessageDoc;
  default?: boolean;
  ro?: boolean;
  /** `true`, or (rooms configured to hide some) the hidden system-message types. */
  sysMes?: boolean | string[];
  usernames?: string[];
  uids?: string[];
  prid?: string;
  topic?: string;
  announcement?: string;
  /** Rocket.Chat's newest IRoom types it `{ style?: string } | null`. */
  announcementDetails?: { style?: string } | null;
  description?: string;
  customFields?: Record<string, unknown>;
  archived?: boolean;
  teamId?: string;
  teamMain?: boolean;
  encrypted?: boolean;
  broadcast?: boolean;
  reactWhenReadOnly?: boolean;
  avatarETag?: string;
  federated?: boolean;
  muted?: string[];
  retention?: {
    enabled: boolean;
    overrideGlobal: boolean;
    maxAge: number;
    filesOnly: boolean;
    excludePinned: boolean;
  };
  /** Never projected by rooms.get (Rocket.Chat keeps it out of `roomFields`). */
  joinCode?: string;
}

export interface SubscriptionDoc {
  _id: string;
  rid: string;
  u: UserRef;
  t: RoomType;
  name: string;
  fname?: string;
  open: boolean;
  alert: boolean;
  unread: number;
  userMentions: number;
  groupMentions: number;
  ts: Date;
  ls?: Date;
  roles?: string[];
  /** rooms.favorite (toggleFavorite). */
  f?: boolean;
  /** archiveRoom sets it on every subscription of the room; unarchiveRoom clears it. */
  archived?: boolean;
  /** chat.ignoreUser: the members whose messages this subscriber ignores. */
  ignored?: string[];
  /** rooms.saveNotification (saveNotificationSettings): the preferences it was given. */
  disableNotifications?: boolean;
  hideUnreadStatus?: boolean;
  hideMentionStatus?: boolean;
  muteGroupMentions?: boolean;
  desktopNotifications?: string;
  mobilePushNotifications?: string;
  emailNotifications?: string;
  audioNotificationValue?: string;
  unreadAlert?: string;
  _updatedAt: Date;
}

/** `rocketchat_team` (apps/meteor/server/services/team/service.ts). */
export interface TeamDoc {
  _id: string;
  name: string;
  /** 0 public, 1 private (TEAM_TYPE). */
  type: 0 | 1;
  createdAt: Date;
  createdBy: { _id: string; username: string };
  _updatedAt: Date;
  roomId: string;
}

/** `rocketchat__trash`: the deleted document plus `_deletedAt`, upserted by `_id`. */
export interface TrashEntry {
  _id: string;
  __collection__: 'room';
  _deletedAt: Date;
  /** The room as it was; kept so faults like deleted-kept-in-update can replay it. */
  doc: RoomDoc;
  /** Who was subscribed when the room was erased (Rocket.Chat does not keep this; faults use it). */
  formerMembers: readonly string[];
}
