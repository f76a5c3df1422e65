import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/core/project-root.js';
import { typedAt, typingsReleaseFor, typingsSchemaName } from '../src/core/contract/typings.js';
import type { DriftReport } from '../src/core/contract/drift.js';

/**
 * Where Rocket.Chat's own typings disagree with what its servers send, for the documentation proposal:
 * a finding worth showing Rocket.Chat. Public facts only: field paths, package names and releases.
 * - `remove[]`: rest-typings types it `IRoom[]`; the items servers send hold other fields.
 * - room fields the typings type as a scalar, sent with fields of their own (IMessage's `bot: boolean`);
 * - room fields sent that the typings of the server's release declare nowhere.
 */

/** The release whose rest-typings are installed, and its schema of a `remove[]` item (IRoom). */
interface RemoveItemTyping {
  release: string;
  item: Record<string, unknown>;
}

const REST_RELEASE = '6.13.1';

export function restTypingsRemoveItem(): RemoveItemTyping | undefined {
  const file = join(PROJECT_ROOT, 'schemas', typingsSchemaName('rooms.get.200', REST_RELEASE));
  if (!existsSync(file)) return undefined;
  const answer = JSON.parse(readFileSync(file, 'utf8')) as {
    properties: { remove: { items: Record<string, unknown> } };
    definitions?: unknown;
  };
  return {
    release: REST_RELEASE,
    item: { ...answer.properties.remove.items, definitions: answer.definitions },
  };
}

export function typingsVersusWire(
  runs: ReadonlyArray<{ report: DriftReport; version: string | undefined }>,
  roomFieldsTypedNowhere: readonly string[],
  scalarsWithFields: readonly string[],
  remove: RemoveItemTyping | undefined,
): string[] {
  const lines: string[] = [];
  const sent = new Set(
    runs.flatMap(({ report }) =>
      report.undocumentedResponseFields
        .filter((path) => path.startsWith('remove[].'))
        .map((path) => path.slice('remove[].'.length))
        .filter((path) => !path.includes('.')),
    ),
  );
  // Names a server sent are its data: only names the typings themselves declare are printed.
  if (remove && sent.size > 0) {
    const names = (list: string[]) => list.map((name) => `\`${name}\``).join(', ');
    const required = ['_id', '_updatedAt', 't', 'msgs', 'u', 'usersCount'].filter(
      (field) => typedAt(remove.item, [field]).required && !sent.has(field),
    );
    // `_deletedAt` is core-typings' own name (RocketChatRecordDeleted); any other undeclared name is counted.
    const undeclared = [...sent].filter((field) => !typedAt(remove.item, [field]).declared);
    const others = undeclared.filter((field) => field !== '_deletedAt').length;
    const extra = [
      ...(undeclared.includes('_deletedAt') ? ['`_deletedAt`'] : []),
      ...(others > 0 ? [`${others} other field(s)`] : []),
    ];
    if (required.length > 0 || extra.length > 0)
      lines.push(
        `\`remove[]\`: @rocket.chat/rest-typings ${remove.release} types the items as IRoom; servers send items` +
          (required.length > 0 ? ` without ${names(required)}, which IRoom requires` : '') +
          (extra.length > 0
            ? `${required.length > 0 ? ',' : ''} with ${extra.join(' and ')}, which IRoom does not declare`
            : '') +
          '.',
      );
  }
  const releases = [...new Set(runs.map(({ version }) => typingsReleaseFor(version).release))].sort();
  if (scalarsWithFields.length > 0)
    lines.push(
      `Room fields @rocket.chat/core-typings ${releases.join(' and ')} type as a scalar, sent with fields of their own: ${scalarsWithFields.map((path) => `\`${path}\``).join(', ')}.`,
    );
  if (roomFieldsTypedNowhere.length > 0)
    lines.push(
      `${roomFieldsTypedNowhere.length} room field(s) servers send are declared nowhere in @rocket.chat/core-typings ${releases.join(' or ')}.`,
    );
  return lines;
}
