import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type OverlayEntry, parseOverlay } from '../../generator/overlay.js';
import { PROJECT_ROOT } from '../../src/core/project-root.js';
import { TYPINGS_RELEASES, typedAt, typingsRoomSchema } from '../../src/core/contract/typings.js';
import { readContractSchema, SCHEMAS_DIR } from '../../src/core/contract/validation.js';
import { readYamlFile } from '../../src/core/contract/yaml-source.js';

/**
 * Every requirement the strict profile adds is checked against what Rocket.Chat's published typings of
 * each release line declare (schemas/typings/). Where the strict schema is narrower than the typings —
 * a field required that a room of some kind may lack, a type or value the typings allow and the schema
 * rules out — the overlay entry behind it must cite Rocket.Chat's source code as its evidence. A `null`
 * the typings allow is never ruled out, evidence or not.
 */

type Schema = Record<string, unknown>;
const CODE_EVIDENCE = /https:\/\/github\.com\/RocketChat\/Rocket\.Chat\/blob\//;
const ROOM = '/properties/update/items';

const overlay = parseOverlay(
  readYamlFile(join(PROJECT_ROOT, 'contract', 'overlays', 'rooms.get.strict.yaml')),
);
const strict200 = readContractSchema('rooms.get', 200, 'strict');
const definitions = strict200.definitions;
const at = (schema: Schema, pointer: string): Schema =>
  pointer
    .split('/')
    .slice(1)
    .reduce<Schema>((node, token) => node[token] as Schema, schema);
const strictRoom: Schema = { ...at(strict200, ROOM), definitions };

/** The overlay entries that state something about the field at `pointer` (below a room or the root). */
function entriesAbout(pointer: string, field: string): OverlayEntry[] {
  const parent = pointer.slice(0, pointer.lastIndexOf('/properties/'));
  return overlay.filter(
    (entry) =>
      entry.status === 200 &&
      (entry.path === pointer ||
        entry.path.startsWith(`${pointer}/`) ||
        ((entry.path === parent || entry.path === `${parent}/properties`) &&
          JSON.stringify(entry.value).includes(`"${field}"`))),
  );
}

interface Disagreement {
  release: string;
  pointer: string;
  what: string;
}

const sameType = (types: Set<string> | undefined) =>
  types && new Set([...types].flatMap((type) => (type === 'integer' ? ['integer', 'number'] : [type])));

/** Where the strict room schema is narrower than a release's typings, field by field (two levels). */
function roomDisagreements(
  release: string,
  typings: Schema,
): { cited: Disagreement[]; nulls: Disagreement[] } {
  const cited: Disagreement[] = [];
  const nulls: Disagreement[] = [];
  const paths: string[][] = [];
  for (const field of Object.keys(at(strictRoom, '/properties'))) {
    paths.push([field]);
    const nested = typedAt(strictRoom, [field]);
    if (nested.declared && field === 'lastMessage')
      for (const child of Object.keys(at(strict200, `${ROOM}/properties/lastMessage/properties`)))
        paths.push([field, child]);
  }
  for (const path of paths) {
    const pointer = `${ROOM}${path.map((segment) => `/properties/${segment}`).join('')}`;
    const ours = typedAt(strictRoom, path);
    const theirs = typedAt(typings, path);
    if (!theirs.declared) continue;
    const allowed = sameType(ours.types);
    const extra = allowed && theirs.types ? [...theirs.types].filter((type) => !allowed.has(type)) : [];
    if (extra.includes('null'))
      nulls.push({ release, pointer, what: 'typed nullable, the strict schema forbids null' });
    const others = extra.filter((type) => type !== 'null');
    if (others.length > 0)
      cited.push({
        release,
        pointer,
        what: `typed ${others.join(' or ')} too, which the strict schema rules out`,
      });
    if (ours.values && theirs.values && [...theirs.values].some((value) => !ours.values?.has(value)))
      cited.push({ release, pointer, what: 'typed with values the strict schema rules out' });
  }
  for (const field of (strictRoom.required as string[] | undefined) ?? []) {
    if (!typedAt(typings, [field]).required)
      cited.push({
        release,
        pointer: `${ROOM}/properties/${field}`,
        what: 'required, optional in the typings',
      });
  }
  return { cited, nulls };
}

function assertCited(disagreements: Disagreement[]): void {
  for (const { release, pointer, what } of disagreements) {
    const field = pointer.slice(pointer.lastIndexOf('/') + 1);
    const entries = entriesAbout(pointer, field);
    assert.ok(
      entries.some((entry) => CODE_EVIDENCE.test(entry.source)),
      `${pointer}: ${what} (Rocket.Chat's typings ${release}); no overlay entry about it cites Rocket.Chat's source (${entries.map((entry) => `line ${entry.line}`).join(', ') || 'none'})`,
    );
  }
}

describe("the strict profile against Rocket.Chat's typings", () => {
  for (const release of TYPINGS_RELEASES) {
    const typings = typingsRoomSchema(release) as Schema;

    test(`${release}: no room field the typings type nullable is forbidden null`, () => {
      assert.deepEqual(roomDisagreements(release, typings).nulls, []);
    });

    test(`${release}: every narrower room requirement is an overlay entry citing Rocket.Chat's source`, () => {
      assertCited(roomDisagreements(release, typings).cited);
    });
  }

  test("rest-typings 6.13.1's answer: the envelope and remove items where the strict schema differs cite the source", () => {
    const answer = JSON.parse(
      readFileSync(join(SCHEMAS_DIR, 'typings', 'rooms.get.200.6.13.1.json'), 'utf8'),
    ) as Schema;
    const disagreements: Disagreement[] = [];
    for (const field of strict200.required as string[])
      if (!typedAt(answer, [field]).required)
        disagreements.push({
          release: '6.13.1',
          pointer: `/properties/${field}`,
          what: 'required, not in the typings',
        });
    // remove: IRoom[] in the typings; the strict schema allows exactly {_id, _deletedAt}.
    const remove: Schema = { ...at(strict200, '/properties/remove/items'), definitions };
    const removeTyped = { ...at(answer, '/properties/remove/items'), definitions: answer.definitions };
    for (const field of ['_id', 't', 'msgs', 'u', 'usersCount', '_updatedAt', '_deletedAt']) {
      const ours = typedAt(remove, [field]);
      const theirs = typedAt(removeTyped, [field]);
      if (theirs.required && !ours.declared && remove.additionalProperties === false)
        disagreements.push({
          release: '6.13.1',
          pointer: '/properties/remove/items',
          what: `forbids ${field}, typed required`,
        });
      if (ours.required && !theirs.declared)
        disagreements.push({
          release: '6.13.1',
          pointer: '/properties/remove/items',
          what: `requires ${field}, typed nowhere`,
        });
    }
    // The typings and the wire disagree here: the finding the test exists to keep visible.
    assert.ok(disagreements.some((entry) => entry.what === 'requires _deletedAt, typed nowhere'));
    for (const { pointer, what } of disagreements) {
      const field = pointer.slice('/properties/'.length);
      const entries = pointer.startsWith('/properties/remove')
        ? overlay.filter((entry) => entry.status === 200 && entry.path === pointer)
        : overlay.filter((entry) => entry.path === '' && JSON.stringify(entry.value).includes(`"${field}"`));
      assert.ok(
        entries.some((entry) => CODE_EVIDENCE.test(entry.source)),
        `${pointer}: ${what}; no overlay entry about it cites Rocket.Chat's source`,
      );
    }
  });
});
