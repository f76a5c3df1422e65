import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/core/project-root.js';
import { typedAt, typingsReleaseFor, typingsSchemaName } from '../src/core/typings.js';
import type { DriftReport } from '../src/core/drift.js';

/**
 * Where Rocket.Chat's own typings disagree with what its servers send, for the documentation proposal:
 * a finding worth showing Rocket.Chat. Public facts only: field paths, package names and releases.
 * - `remove[]`: rest-typings types it `IRoom[]`; the items servers send hold other fields.
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
  if (remove && sent.size > 0) {
    const names = (list: string[]) => list.map((name) => `\`${name}\``).join(', ');
    const undeclared = [...sent].filter((field) => !typedAt(remove.item, [field]).declared).sort();
    const required = ['_id', '_updatedAt', 't', 'msgs', 'u', 'usersCount'].filter(
      (field) => typedAt(remove.item, [field]).required && !sent.has(field),
    );
    lines.push(
      `\`remove[]\`: @rocket.chat/rest-typings ${remove.release} types the items as IRoom; servers send ${names([...sent].sort())}` +
        (undeclared.length > 0 ? `, of which IRoom declares no ${names(undeclared)}` : '') +
        (required.length > 0 ? `, and none of ${names(required)}, which IRoom requires` : '') +
        '.',
    );
  }
  if (roomFieldsTypedNowhere.length > 0) {
    const releases = [...new Set(runs.map(({ version }) => typingsReleaseFor(version).release))].sort();
    lines.push(
      `Room fields servers send that @rocket.chat/core-typings ${releases.join(' and ')} declare${releases.length === 1 ? 's' : ''} nowhere: ${roomFieldsTypedNowhere.map((path) => `\`${path}\``).join(', ')}.`,
    );
  }
  return lines;
}
