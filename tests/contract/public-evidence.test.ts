import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseOverlay } from '../../generator/overlay.js';
import { ownReferences, publicEvidence, SOURCE_TAG } from '../../generator/public-evidence.js';
import { PROJECT_ROOT } from '../../src/core/project-root.js';
import { readYamlFile } from '../../src/core/contract/yaml-source.js';

const ENTRIES = parseOverlay(
  readYamlFile(join(PROJECT_ROOT, 'contract', 'overlays', 'rooms.get.strict.yaml')),
);
const BLOB = `https://github.com/RocketChat/Rocket.Chat/blob/${SOURCE_TAG}/`;

describe('public evidence', () => {
  test('every strict-overlay entry has some: a reason without our files, Rocket.Chat source at the tag', () => {
    for (const entry of ENTRIES) {
      const lines = publicEvidence(entry);
      assert.match(lines[0] ?? '', /^Proposed: /, entry.reason);
      assert.ok(lines.slice(1).length > 0 && lines.slice(1).every((line) => line.startsWith('Source: ')));
      assert.ok(
        lines.some((line) => line.startsWith(`Source: ${BLOB}`)),
        entry.reason,
      );
      for (const line of lines) assert.deepEqual(ownReferences(line), [], line);
    }
  });

  test(`the Rocket.Chat paths cited at ${SOURCE_TAG}: each must exist at that tag (check them when bumping it)`, () => {
    const cited = new Set<string>();
    const collect = (text: string) => {
      for (const match of text.matchAll(
        /https:\/\/github\.com\/RocketChat\/Rocket\.Chat\/blob\/([^/\s]+)\/([^\s)]+)/g,
      )) {
        assert.equal(match[1], SOURCE_TAG, text);
        cited.add(match[2] as string);
      }
    };
    for (const entry of ENTRIES) for (const line of publicEvidence(entry)) collect(line);
    assert.deepEqual([...cited].sort(), [
      'apps/meteor/server/api/ApiClass.ts',
      'apps/meteor/server/api/v1/middlewares/authenticationHono.ts',
      'apps/meteor/server/api/v1/rooms.ts',
      'apps/meteor/server/models/raw/BaseRaw.ts',
      'apps/meteor/server/models/raw/setUpdatedAt.ts',
      'packages/core-typings/src/IMessage/IMessage.ts',
      'packages/core-typings/src/IRoom.ts',
      'packages/core-typings/src/RoomType.ts',
      'packages/message-parser/src/definitions.ts',
    ]);
  });

  test('our files and sections are found wherever they are; Rocket.Chat paths are not ours', () => {
    assert.deepEqual(ownReferences('see docs/rocketchat-behaviour.md §1.6 and src/core/rocketchat/version-rules.ts'), [
      'docs/rocketchat-behaviour.md',
      '§1.6',
      'src/core/rocketchat/version-rules.ts',
    ]);
    assert.deepEqual(ownReferences('(contract/overlays/rooms.get.strict.yaml:54)'), [
      'contract/overlays/rooms.get.strict.yaml:54'.replace(':54', ''),
    ]);
    assert.deepEqual(
      ownReferences(`${BLOB}packages/core-typings/src/IRoom.ts https://docs.rocket.chat/x`),
      [],
    );
  });
});
