import type { ReferenceServerConfig } from '../config.js';
import type { RoomDoc, UserDoc } from '../store/types.js';
import type { Workspace } from './context.js';
import { createUser } from './users.js';

const ADMIN_AGE_MS = 2 * 365 * 24 * 60 * 60 * 1000;

export interface FreshWorkspace {
  admin: UserDoc;
  /** The account benchmarks and read-only runs look at: ROCKETCHAT_USER if given, else the admin. */
  checked: UserDoc;
}

/**
 * A fresh Rocket.Chat: the bot `rocket.cat` (its `_id` is literally `rocket.cat`), the default
 * channel GENERAL (`_id` GENERAL) that every new user joins, and the admin.
 */
export function bootstrapWorkspace(ws: Workspace, config: ReferenceServerConfig): FreshWorkspace {
  const rocketCat = createUser(ws, {
    _id: 'rocket.cat',
    username: 'rocket.cat',
    name: 'Rocket.Cat',
    roles: ['bot'],
    type: 'bot',
    joinDefaultChannels: false,
    viaAccounts: false,
  });
  const now = ws.now();
  const general: RoomDoc = {
    _id: 'GENERAL',
    ts: now,
    t: 'c',
    name: 'general',
    fname: 'general',
    usernames: [],
    msgs: 0,
    usersCount: 0,
    _updatedAt: now,
    u: { _id: rocketCat._id, username: rocketCat.username, name: rocketCat.name },
    default: true,
    ro: false,
    sysMes: true,
  };
  ws.db.rooms.set(general._id, general);

  // A long-lived staging admin: made through the setup wizard (registerUser → Accounts, so e-mail 2FA
  // auto opt-in applies, but the address was never verified, so EmailCheck does not) two years ago,
  // so isAuthorizedForToken's "remember right after registration" never lets it through.
  const admin = createUser(ws, {
    username: config.admin.username,
    name: 'Administrator',
    email: `${config.admin.username}@reference.invalid`,
    password: config.admin.password,
    roles: ['admin', 'user'],
    createdAt: new Date(ws.now().getTime() - ADMIN_AGE_MS),
  });
  if (config.adminTotpSecret) admin.services.totp = { enabled: true, secret: config.adminTotpSecret };
  for (const seed of config.seedUsers) {
    createUser(ws, {
      _id: seed._id,
      username: seed.username,
      name: seed.name ?? seed.username,
      email: `${seed.username}@reference.invalid`,
      password: seed.password,
    });
  }
  let checked = admin;
  const account = config.checkedAccount;
  if (account && account.username !== admin.username) {
    checked =
      ws.db.findUserByUsername(account.username) ??
      createUser(ws, {
        username: account.username,
        name: account.username,
        email: `${account.username}@reference.invalid`,
        password: account.password,
      });
  }
  return { admin, checked };
}
