/** Documents of the in-memory collections, modelled on Rocket.Chat's (core-typings IUser, IRoom, ...). */

export type RoomType = 'c' | 'p' | 'd' | 'l' | 'v';

export interface UserRef {
  _id: string;
  username: string;
  name?: string;
}

export interface LoginToken {
  hashedToken: string;
  when: Date;
}

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
    resume: { loginTokens: LoginToken[] };
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
  md: { type: string; value: { type: string; value: string }[] }[];
  drid?: string;
  groupable?: boolean;
  starred?: { _id: string }[];
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
  sysMes?: boolean;
  usernames?: string[];
  uids?: string[];
  prid?: string;
  topic?: string;
  description?: string;
  customFields?: Record<string, unknown>;
  archived?: boolean;
  teamId?: string;
  teamMain?: boolean;
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
  _updatedAt: Date;
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
