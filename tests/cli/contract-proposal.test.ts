import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { proposalValidator } from '../../generator/proposal-checks.js';
import { runCommand } from '../../scripts/lib/processes.js';
import { mapLimit } from '../../src/core/run/map-limit.js';
import { computeDrift, type DriftReport, fieldInventory } from '../../src/core/contract/drift.js';
import { formatViolations } from '../../src/core/contract/format-errors.js';
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
    const run = { target: 'http://127.0.0.1:4137', serverVersion: '7.4.1' };
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

  test('writes the operation alone (no patch without --against), and says what it did on one line per file', () => {
    const yaml = join(reports, 'rooms.get.openapi.proposed.yaml');
    assert.ok(existsSync(yaml));
    assert.equal(existsSync(join(reports, 'rooms.get.openapi.proposed.diff')), false);
    const lines = output.trim().split('\n');
    assert.match(
      lines[0] ?? '',
      new RegExp(
        `^contract:proposal: \\d+ changes \\(18 from Rocket\\.Chat's source, \\d+ from drift\\); drift: ${reports}/drift\\.json$`,
      ),
    );
    assert.equal(
      lines[1],
      `  ${yaml}: the operation alone; valid OpenAPI 3.0; its schemas accept the documentation's own examples`,
    );
    // retention (not in IRoom of 6.13.1, the typings 7.4.1 maps to), lastMessage.bot.i (IMessage types bot
    // as a boolean) and the integration's own attachment field.
    assert.equal(lines[2], '  3 field(s) seen, not proposed (no Rocket.Chat typing): see the drift report');
  });

  test('a drift field carries its counts per Rocket.Chat version, never the run’s target', () => {
    const text = readFileSync(join(reports, 'rooms.get.openapi.proposed.yaml'), 'utf8');
    assert.match(
      text,
      /\n {24}# Proposed: sent by Rocket\.Chat, not documented\.\n {24}# Rocket\.Chat 7\.4\.1: seen in \d+ of \d+ listed rooms of type c(, \d+ of \d+ of type [dlv])* and \d+ of \d+ of type p\n {24}# Type: @rocket\.chat\/core-typings 6\.13\.1 \(https:\/\/www\.npmjs\.com\/package\/@rocket\.chat\/core-typings\/v\/6\.13\.1\)\n {24}fname:\n {26}type: string\n/,
    );
    assert.equal(text.includes('127.0.0.1'), false);
    assert.equal(output.includes('127.0.0.1'), false);
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
      "contract:proposal: Unknown option '--draft' (options: --against <rooms.yaml>, --drift <file>, --no-drift, --out-dir <dir>)",
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
    [
      'the drift report of a run that judged nothing (a stopped run)',
      ['--drift', join(dir, 'stopped', 'drift.json')],
      () => {
        mkdirSync(join(dir, 'stopped'), { recursive: true });
        writeFileSync(join(dir, 'stopped', 'drift.json'), JSON.stringify({ ...emptyDrift(), responses: 0 }));
      },
      `contract:proposal: ${join(dir, 'stopped', 'drift.json')} is from a run that judged nothing ("responses": 0: no 200 body was seen, a stopped run?); refused. Run the suite to its end against the server, or pass --no-drift to propose from Rocket.Chat's source alone.`,
    ],
    [
      'a drift report of null',
      ['--drift', join(dir, 'null.json')],
      () => writeFileSync(join(dir, 'null.json'), 'null'),
      `contract:proposal: ${join(dir, 'null.json')} is from a run that judged nothing (no drift recorded: no 200 body was seen, a stopped run?); refused. Run the suite to its end against the server, or pass --no-drift to propose from Rocket.Chat's source alone.`,
    ],
    [
      'an --against file that does not describe rooms.get',
      ['--no-drift', '--against', join(dir, 'other.yaml')],
      () =>
        writeFileSync(
          join(dir, 'other.yaml'),
          'openapi: 3.0.0\npaths:\n  /api/v1/rooms.info:\n    get: {}\n',
        ),
      `contract:proposal: --against ${join(dir, 'other.yaml')}: the OpenAPI document does not describe rooms.get`,
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

  test('the default drift.json of a stopped run is refused too', async () => {
    const reports = join(dir, 'stopped-default');
    mkdirSync(reports, { recursive: true });
    writeFileSync(join(reports, 'drift.json'), JSON.stringify({ ...emptyDrift(), responses: 0 }));
    const result = await runProposal({ CONTRACT_REPORTS_DIR: reports }, ['--out-dir', join(dir, 'out')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /drift\.json is from a run that judged nothing \("responses": 0/);
    assert.equal(existsSync(join(dir, 'out')), false);
  });

  test('without a drift report the overlay alone is proposed, and the run says so', async () => {
    const out = join(dir, 'overlay-only');
    const result = await runProposal({ CONTRACT_REPORTS_DIR: join(dir, 'empty') }, ['--out-dir', out]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout.split('\n')[0],
      `contract:proposal: 18 changes (18 from Rocket.Chat's source, 0 from drift); no drift report at ${join(dir, 'empty', 'drift.json')}: proposing from Rocket.Chat's source alone`,
    );
    assert.ok(existsSync(join(out, 'rooms.get.openapi.proposed.yaml')));
  });
});

function emptyDrift(): DriftReport {
  return {
    responses: 0,
    roomsSeen: 0,
    documentedRoomTypes: ['c', 'd', 'p', 'l', 'v'],
    undocumentedRoomFields: [],
    undocumentedResponseFields: [],
    documentedNeverSeen: [],
    undocumentedRoomTypes: [],
    truncated: false,
  };
}

/** Data of the server a run went to: none of it may reach any output of contract:proposal. */
const PLANTED = {
  hostname: 'chat.staging.corp.example',
  ip: '10.23.45.67',
  user: 'ana.planted',
  room: 'PLANTEDroom7xQ2kTz',
} as const;

describe('contract:proposal --against a rooms.yaml, with server data planted in the drift data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'contract-proposal-planted-'));
  const checkout = join(dir, 'Rocket.Chat-Open-API');
  const runs = [join(dir, 'run-7'), join(dir, 'run-6')];
  const out = join(dir, 'out');
  let result: Awaited<ReturnType<typeof runProposal>>;
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(async () => {
    mkdirSync(join(checkout, '.git'), { recursive: true });
    cpSync(join(PROJECT_ROOT, 'tests', 'contract', 'fixtures', 'rooms.yaml'), join(checkout, 'rooms.yaml'));
    const { hostname, ip, user, room } = PLANTED;
    const drift = (version: string): DriftReport & Record<string, unknown> => ({
      ...emptyDrift(),
      responses: 4,
      roomsSeen: 14,
      undocumentedRoomFields: [
        {
          t: 'c',
          rooms: 12,
          fields: [
            { path: 'fname', rooms: 12 },
            { path: `customFields.${hostname}`, rooms: 2 },
            { path: `lastMessage.attachments[].x_${ip}`, rooms: 1 },
            { path: `lastMessage.u.${user}`, rooms: 1 },
            { path: `${room}`, rooms: 1 },
          ],
        },
        {
          t: room,
          rooms: 1,
          fields: [
            { path: 'fname', rooms: 1 },
            { path: `x_${user}`, rooms: 1 },
          ],
        },
      ],
      undocumentedResponseFields: [`remove[].${room}`, hostname],
      undocumentedRoomTypes: [
        { t: room, rooms: 1 },
        { t: user, rooms: 1 },
      ],
      // Whatever else a drift file might hold: never read.
      target: `https://${hostname}:8443`,
      server: ip,
      version,
    });
    const summaries = [
      { run: { target: `https://${hostname}:8443/`, serverVersion: '7.4.1' } },
      { run: { target: `http://${ip}:3000`, serverVersion: `6.13.0 (${user}@${hostname})` } },
    ];
    runs.forEach((folder, index) => {
      mkdirSync(folder, { recursive: true });
      writeFileSync(
        join(folder, 'drift.json'),
        JSON.stringify(drift(index === 0 ? '7.4.1' : `6.13.0-${ip}`)),
      );
      writeFileSync(join(folder, 'conformance.json'), JSON.stringify(summaries[index]));
    });
    result = await runProposal(
      {
        CONTRACT_REPORTS_DIR: join(dir, 'reports'),
        ROCKETCHAT_URL: `https://${hostname}:8443`,
        ROCKETCHAT_USER: user,
      },
      [
        '--against',
        join(checkout, 'rooms.yaml'),
        '--drift',
        join(runs[0] as string, 'drift.json'),
        '--drift',
        join(runs[1] as string, 'drift.json'),
        '--out-dir',
        out,
      ],
    );
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  test('writes a patch git apply --check accepts in the checkout, named as the file is there', () => {
    const patch = join(out, 'rooms.get.openapi.proposed.diff');
    assert.ok(readFileSync(patch, 'utf8').includes('\n--- a/rooms.yaml\n+++ b/rooms.yaml\n'));
    const check = spawnSync('git', ['apply', '--check', patch], { cwd: checkout, encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
  });

  test('the evidence is counts per Rocket.Chat version; a version that is not a version is not printed', () => {
    const patch = readFileSync(join(out, 'rooms.get.openapi.proposed.diff'), 'utf8');
    assert.ok(
      patch.includes(
        '\n+                        # Rocket.Chat 7.4.1: seen in 12 of 12 listed rooms of type c and 1 of 1 of another type\n',
      ),
      patch,
    );
    assert.ok(
      patch.includes(
        '\n+                        # Rocket.Chat (version not recorded): seen in 12 of 12 listed rooms of type c and 1 of 1 of another type\n',
      ),
    );
  });

  test('no planted hostname, IP, user name or room id reaches any output: files, stdout, stderr', () => {
    const outputs = [
      ...readdirSync(out).map((name) => [name, readFileSync(join(out, name), 'utf8')] as const),
      ['stdout', result.stdout] as const,
      ['stderr', result.stderr] as const,
    ];
    assert.deepEqual(readdirSync(out).sort(), [
      'rooms.get.openapi.proposed.diff',
      'rooms.get.openapi.proposed.yaml',
    ]);
    for (const [name, text] of outputs)
      for (const [what, value] of Object.entries(PLANTED))
        assert.equal(text.includes(value), false, `${what} in ${name}`);
  });

  test('a folder the user named after the server is theirs to print: not a leak', async () => {
    const folder = join(dir, PLANTED.hostname);
    const named = await runProposal(
      { CONTRACT_REPORTS_DIR: join(dir, 'reports'), ROCKETCHAT_URL: `https://${PLANTED.hostname}:8443` },
      ['--against', join(checkout, 'rooms.yaml'), '--no-drift', '--out-dir', folder],
    );
    assert.equal(named.code, 0, named.stdout + named.stderr);
    assert.ok(existsSync(join(folder, 'rooms.get.openapi.proposed.diff')));
  });

  test('the leak scan stops a proposal that would name the target: nothing written, exit 1', async () => {
    const leaky = join(dir, 'leaky');
    mkdirSync(leaky);
    const text = readFileSync(join(checkout, 'rooms.yaml'), 'utf8').replace(
      'Get all opened rooms',
      `Get (try https://${PLANTED.hostname}:8443) all opened rooms`,
    );
    writeFileSync(join(leaky, 'rooms.yaml'), text);
    const leak = await runProposal(
      { CONTRACT_REPORTS_DIR: join(dir, 'reports'), ROCKETCHAT_URL: `https://${PLANTED.hostname}:8443` },
      ['--against', join(leaky, 'rooms.yaml'), '--no-drift', '--out-dir', join(leaky, 'out')],
    );
    assert.equal(leak.code, 1, leak.stdout + leak.stderr);
    assert.match(
      leak.stderr,
      /^contract:proposal: nothing written, the proposal's leak scan found \d+ thing\(s\) a public patch must not name:\n {2}- .*rooms\.get\.openapi\.proposed\.yaml: ROCKETCHAT_URL\n/,
    );
    assert.equal(leak.stderr.includes(PLANTED.hostname), false);
    assert.equal(existsSync(join(leaky, 'out')), false);
  });
});
