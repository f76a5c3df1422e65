import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { proposalValidator } from '../../generator/proposal-checks.js';
import { runCommand } from '../../scripts/lib/processes.js';
import { mapLimit } from '../../src/core/map-limit.js';
import { computeDrift, type DriftReport, fieldInventory } from '../../src/core/drift.js';
import { formatViolations } from '../../src/core/format-errors.js';
import { PROJECT_ROOT } from '../../src/core/project-root.js';
import { call, type Json, REFERENCE_ADMIN, startServer } from './suite-run.js';

/**
 * `npm run contract:proposal` on the real command line, fed by the hardest bodies we can make: reference
 * servers in profiles 6–9 shaped like staging (legacy rooms from older versions, other users busy),
 * where this test first creates rooms with messages over REST. Their rooms.get bodies (with and without
 * updatedSince) give the drift report the proposal is built from, and the proposal's own generated schema
 * must accept every one of them.
 */

const PROFILES = ['6', '7', '8', '9'] as const;

interface Body {
  profile: string;
  query: string;
  body: unknown;
}

/** Rooms with messages of every kind the REST API makes, then rooms.get three ways. */
async function bodiesOf(profile: string): Promise<Body[]> {
  const server = await startServer({ RC_REFERENCE_VERSION: profile, RC_REFERENCE_STAGING: '1' });
  try {
    const login = await call(server.url, '/api/v1/login', undefined, {
      user: REFERENCE_ADMIN.ROCKETCHAT_ADMIN_USER,
      password: REFERENCE_ADMIN.ROCKETCHAT_ADMIN_PASSWORD,
    });
    const auth = login.data as Json;
    const post = (path: string, body: Json) => call(server.url, `/api/v1/${path}`, auth, body);
    const started = new Date().toISOString();
    const name = `proposal-${profile}-${Date.now()}`;
    const channel = ((await post('channels.create', { name: `${name}-c` })).channel as Json)._id as string;
    const group = ((await post('groups.create', { name: `${name}-p` })).group as Json)._id as string;
    const direct = ((await post('im.create', { username: 'legacy.ana' })).room as Json)._id as string;
    const groupDirect = ((await post('im.create', { usernames: 'legacy.ana,legacy.bruno' })).room as Json)
      ._id as string;
    for (const roomId of [channel, group, direct, groupDirect])
      await post('chat.postMessage', { roomId, text: `first line in ${roomId}\nsecond line` });
    await post('rooms.createDiscussion', { prid: channel, t_name: `${name}-discussion` });
    const doomed = ((await post('channels.create', { name: `${name}-gone` })).channel as Json)._id as string;
    await post('channels.delete', { roomId: doomed });
    const bodies: Body[] = [];
    for (const query of ['', `?updatedSince=${started}`, '?updatedSince=2000-01-01T00:00:00.000Z']) {
      bodies.push({ profile, query, body: await call(server.url, `/api/v1/rooms.get${query}`, auth) });
    }
    return bodies;
  } finally {
    await server.stop();
  }
}

const runProposal = (env: Record<string, string>, args: string[] = []) =>
  runCommand(process.execPath, ['--import', 'tsx', 'scripts/contract-proposal.ts', ...args], env, 60_000);

describe('contract:proposal against the bodies of staging-shaped reference servers 6–9', () => {
  const dir = mkdtempSync(join(tmpdir(), 'contract-proposal-'));
  const reports = join(dir, 'reports');
  let bodies: Body[] = [];
  let drift: DriftReport;
  let output = '';

  before(async () => {
    bodies = (await mapLimit(PROFILES, 2, bodiesOf)).flat();
    const documented = JSON.parse(
      readFileSync(join(PROJECT_ROOT, 'schemas', 'rooms.get.200.documented.json'), 'utf8'),
    );
    drift = computeDrift(
      bodies.map(({ body }) => fieldInventory(body)),
      documented,
    );
    mkdirSync(reports);
    writeFileSync(join(reports, 'drift.json'), `${JSON.stringify(drift, null, 2)}\n`);
    const run = { target: 'reference servers 6-9 (RC_REFERENCE_STAGING=1)' };
    const timing = { date: '2026-11-30T12:00:00.000Z', durationMs: 0, rateLimitWaitMs: 0 };
    writeFileSync(join(reports, 'conformance.json'), JSON.stringify({ run, timing }));
    const result = await runProposal({ CONTRACT_REPORTS_DIR: reports });
    output = result.stdout + result.stderr;
    assert.equal(result.code, 0, output);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the bodies are the hard ones: legacy rooms, every room type, remove entries', () => {
    assert.equal(bodies.length, 12);
    const types = new Set(drift.undocumentedRoomFields.map((entry) => entry.t));
    assert.ok(types.has('c') && types.has('p'), JSON.stringify([...types]));
    const paths = drift.undocumentedRoomFields.flatMap((entry) => entry.fields.map((field) => field.path));
    for (const path of [
      'customFields',
      'retention',
      'lastMessage.bot',
      'lastMessage.attachments[].fields',
      'prid',
    ])
      assert.ok(paths.includes(path), path);
    assert.ok(bodies.some(({ body }) => ((body as { remove: unknown[] }).remove ?? []).length > 0));
  });

  test('writes the proposal and its diff, and says what it did on one line per file', () => {
    const yaml = join(reports, 'rooms.get.openapi.proposed.yaml');
    const diff = join(reports, 'rooms.get.openapi.proposed.diff');
    assert.ok(existsSync(yaml) && existsSync(diff));
    const lines = output.trim().split('\n');
    assert.match(
      lines[0] ?? '',
      new RegExp(
        `^contract:proposal: \\d+ changes \\(17 from the strict overlay, \\d+ from drift\\); drift: ${reports}/drift\\.json$`,
      ),
    );
    assert.equal(
      lines[1],
      `  ${yaml}: valid OpenAPI 3.0; its schemas accept the documentation's own 200 example`,
    );
    assert.equal(lines[2], `  ${diff}: against contract/rooms.get.openapi.yaml`);
    assert.equal(lines[3], '  seen, not proposed: lastMessage.attachments[].x_ticket');
    assert.ok(
      readFileSync(diff, 'utf8').startsWith(
        '===================================================================\n--- a/contract/rooms.get.openapi.yaml\n',
      ),
    );
  });

  test('a drift field carries the run in its comment', () => {
    const text = readFileSync(join(reports, 'rooms.get.openapi.proposed.yaml'), 'utf8');
    assert.match(
      text,
      new RegExp(
        `\\n {24}# Proposed: seen in \\d+ rooms of type c and \\d+ rooms of type p in the run of 2026-11-30T12:00:00\\.000Z against reference servers 6-9 \\(RC_REFERENCE_STAGING=1\\) \\(${reports}/drift\\.json\\)\\.\\n {24}# Type: from packages/core-typings/src/IRoom\\.ts \\(https://github\\.com/RocketChat/Rocket\\.Chat/blob/develop/packages/core-typings/src/IRoom\\.ts\\)\\n {24}fname:\\n {26}type: string\\n`,
      ),
    );
  });

  test('the schema our generator makes of the proposal accepts every 200 body of the run', () => {
    const validator = proposalValidator(
      readFileSync(join(reports, 'rooms.get.openapi.proposed.yaml'), 'utf8'),
      'rooms.get',
    );
    for (const { profile, query, body } of bodies) {
      const result = validator.validate('rooms.get', 200, body);
      assert.ok(
        result.valid,
        `profile ${profile} rooms.get${query}:\n${formatViolations(result.violations, body)}`,
      );
    }
  });
});

describe('contract:proposal on bad input: one line, exit 2, nothing written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'contract-proposal-bad-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [title, args, setup, message] of [
    [
      'an unknown option',
      ['--draft', 'x'],
      () => {},
      "contract:proposal: Unknown option '--draft' (options: --drift <file>, --out-dir <dir>)",
    ],
    [
      'a drift report that is not there',
      ['--drift', join(dir, 'none.json')],
      () => {},
      `contract:proposal: cannot read the drift report ${join(dir, 'none.json')}: no such file`,
    ],
    [
      'a drift report that is not JSON',
      ['--drift', join(dir, 'text.json')],
      () => writeFileSync(join(dir, 'text.json'), 'drift'),
      `contract:proposal: the drift report ${join(dir, 'text.json')} is not JSON: Unexpected token 'd', "drift" is not valid JSON`,
    ],
    [
      'JSON that is not a drift report',
      ['--drift', join(dir, 'list.json')],
      () => writeFileSync(join(dir, 'list.json'), '[]'),
      `contract:proposal: ${join(dir, 'list.json')} is not a drift report: expected an object`,
    ],
  ] as const) {
    test(title, async () => {
      setup();
      const out = join(dir, 'out');
      const result = await runProposal({ CONTRACT_REPORTS_DIR: join(dir, 'reports') }, [
        ...args,
        '--out-dir',
        out,
      ]);
      assert.equal(result.code, 2, result.stdout + result.stderr);
      assert.equal(result.stderr, `${message}\n`);
      assert.equal(existsSync(out), false);
    });
  }

  test('without a drift report the overlay alone is proposed, and the run says so', async () => {
    const out = join(dir, 'overlay-only');
    const result = await runProposal({ CONTRACT_REPORTS_DIR: join(dir, 'empty') }, ['--out-dir', out]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout.split('\n')[0],
      `contract:proposal: 17 changes (17 from the strict overlay, 0 from drift); no drift report at ${join(dir, 'empty', 'drift.json')}: proposing from the overlay alone`,
    );
    assert.ok(existsSync(join(out, 'rooms.get.openapi.proposed.yaml')));
  });
});
