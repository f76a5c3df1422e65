import { declaredFields, type TypingsChoice, typingsReleaseFor, typingsRoomSchema } from './typings.js';

/**
 * The judging of shape/absent-fields-omitted-not-null: Rocket.Chat leaves an absent field out (the Mongo
 * driver drops undefined values, docs/rocketchat-behaviour.md §1.6), so a `null` in a listed room is a
 * fault — unless a contract source types that field as nullable: the contract's own schema (the
 * documentation's `alias`, an overlay entry citing Rocket.Chat's source) or Rocket.Chat's typings of the
 * server's release. A check never fails a server for what Rocket.Chat's own types allow.
 */

/**
 * Subtrees whose values an administrator or an integration chose, not Rocket.Chat: they may hold null
 * (docs/rocketchat-behaviour.md §9.6), so the rule does not reach into them. Drift notation.
 */
const ADMIN_DEFINED =
  /^(customFields|livechatData)(\.|\[|$)|^lastMessage\.(attachments|customFields|blocks)(\.|\[|$)/;

/** Room field path (drift notation: `lastMessage.alias`) → the source that types it nullable. */
export type NullAllowance = ReadonlyMap<string, string>;

/**
 * Which room fields may be null for a server: those the contract's 200 schema (its rooms at
 * `/properties/update/items`) types nullable, and those the typings release chosen for its version does.
 */
export function nullAllowance(
  contract200: Record<string, unknown>,
  serverVersion: string | undefined,
  typingsRoom: Record<string, unknown> | undefined = typingsRoomSchema(
    typingsReleaseFor(serverVersion).release,
  ),
): { allowed: NullAllowance; typings: TypingsChoice } {
  const allowed = new Map<string, string>();
  const prefix = 'update[].';
  for (const [path, { nullable }] of declaredFields(contract200, 6).paths)
    if (nullable && path.startsWith(prefix)) allowed.set(path.slice(prefix.length), 'the contract');
  const typings = typingsReleaseFor(serverVersion);
  for (const [path, { nullable }] of typingsRoom ? declaredFields(typingsRoom).paths : [])
    if (nullable && !allowed.has(path)) allowed.set(path, `Rocket.Chat's typings ${typings.release}`);
  return { allowed, typings };
}

/** The JSON pointers of the nulls in a room that no source allows. */
export function unexpectedNulls(room: unknown, allowed: NullAllowance): string[] {
  const found: string[] = [];
  const visit = (value: unknown, pointer: string, path: string): void => {
    if (ADMIN_DEFINED.test(path)) return;
    if (value === null) {
      if (!allowed.has(path)) found.push(pointer);
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, `${pointer}/${index}`, `${path}[]`);
    } else if (typeof value === 'object') {
      for (const [key, child] of Object.entries(value as object))
        visit(child, `${pointer}/${key}`, path === '' ? key : `${path}.${key}`);
    }
  };
  if (room !== null && typeof room === 'object') visit(room, '', '');
  return found;
}
