import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatViolations } from '../../src/core/contract/format-errors.js';
import { documentedExample, getContractValidator, loadContractValidator } from '../../src/core/contract/validation.js';

/**
 * The strict profile against corrupted variants of the documentation's own examples: each variant
 * changes one thing, and the strict profile must reject it with exactly the expected text.
 */
type Md = { type?: unknown; value?: unknown };
type Room = Record<string, unknown> & { lastMessage: Record<string, unknown> & { md: Md[] } };
type Body200 = { update: Room[]; remove: unknown[]; success: unknown };
type Body = Record<string, unknown>;

interface Variant<B> {
  name: string;
  corrupt: (body: B) => void;
  expected: string;
}

const v = (name: string, corrupt: (body: Body200) => void, expected: string): Variant<Body200> => ({
  name,
  corrupt,
  expected,
});
const w = (name: string, corrupt: (body: Body) => void, expected: string): Variant<Body> => ({
  name,
  corrupt,
  expected,
});

/** The second room of the example: a 1:1 DM with a plain lastMessage. */
const dm = (body: Body200) => body.update[1] as Room;
/** The third room: the rocket.cat DM whose md has BOLD and LINK nodes. */
const rocketCatDm = (body: Body200) => body.update[2] as Room;

const example200 = () => documentedExample('rooms.get', 200) as Body200;
const example401 = () => documentedExample('rooms.get', 401) as Body;
/** The body of docs/rocketchat-behaviour.md §2.3 (the documentation has no 400). */
const example400 = (): Body => ({
  success: false,
  error: 'The "updatedSince" query parameter must be a valid date. [error-updatedSince-param-invalid]',
  errorType: 'error-updatedSince-param-invalid',
});

const CORRUPTED_200: Variant<Body200>[] = [
  // --- dates (the strict profile's date-time: ISO-8601 with a zone) ---
  v(
    '_updatedAt without a time zone',
    (b) => {
      dm(b)._updatedAt = '2024-07-10T13:48:28.300';
    },
    '/update/*/_updatedAt must match format "date-time" (/update/1/_updatedAt = "2024-07-10T13:48:28.300")',
  ),
  v(
    'ts as a date without time',
    (b) => {
      dm(b).ts = '2024-07-10';
    },
    '/update/*/ts must match format "date-time" (/update/1/ts = "2024-07-10")',
  ),
  v(
    'ts as epoch milliseconds',
    (b) => {
      dm(b).ts = 1720619294998;
    },
    '/update/*/ts must be string (/update/1/ts = 1720619294998)',
  ),
  v(
    '_updatedAt as EJSON {"$date": …}',
    (b) => {
      dm(b)._updatedAt = { $date: 1720619308300 };
    },
    '/update/*/_updatedAt must be string (/update/1/_updatedAt = {"$date":1720619308300})',
  ),
  v(
    'lm as Date.toString()',
    (b) => {
      dm(b).lm = 'Wed Jul 10 2024 13:48:28 GMT+0000 (Coordinated Universal Time)';
    },
    '/update/*/lm must match format "date-time" (/update/1/lm = "Wed Jul 10 2024 13:48:28 GMT+0000 (Coordinated Universal Time)")',
  ),
  v(
    'lastMessage.ts without a time zone',
    (b) => {
      dm(b).lastMessage.ts = '2024-07-10T13:48:28.262';
    },
    '/update/*/lastMessage/ts must match format "date-time" (/update/1/lastMessage/ts = "2024-07-10T13:48:28.262")',
  ),
  v(
    'lastMessage._updatedAt as EJSON',
    (b) => {
      dm(b).lastMessage._updatedAt = { $date: '2024-07-10T13:48:28.296Z' };
    },
    '/update/*/lastMessage/_updatedAt must be string (/update/1/lastMessage/_updatedAt = {"$date":"2024-07-10T13:48:28.296Z"})',
  ),
  // --- room identity and type ---
  v(
    'unknown room type t',
    (b) => {
      dm(b).t = 'x';
    },
    '/update/*/t must be equal to one of the allowed values ("c", "d", "p", "l", "v") (/update/1/t = "x")',
  ),
  v(
    'room without t',
    (b) => {
      delete dm(b).t;
    },
    '/update/* must have required property \'t\' (/update/1 = {"_id":"WbYJfC5kTArcECGkpfZ3bvXC72pobjFPLJ","usernames":["user2","user1"],"user…)',
  ),
  v(
    'room without _id',
    (b) => {
      delete dm(b)._id;
    },
    '/update/* must have required property \'_id\' (/update/1 = {"t":"d","usernames":["user2","user1"],"usersCount":2,"msgs":2,"ts":"2024-07-10…)',
  ),
  v(
    'room without _updatedAt',
    (b) => {
      delete dm(b)._updatedAt;
    },
    '/update/* must have required property \'_updatedAt\' (/update/1 = {"_id":"WbYJfC5kTArcECGkpfZ3bvXC72pobjFPLJ","t":"d","usernames":["user2","user1…)',
  ),
  v(
    'room _id as a number',
    (b) => {
      dm(b)._id = 42;
    },
    '/update/*/_id must be string (/update/1/_id = 42)',
  ),
  // --- envelope ---
  v(
    'success false',
    (b) => {
      b.success = false;
    },
    '/success must be equal to constant true (/success = false)',
  ),
  v(
    'success missing',
    (b) => {
      delete (b as Partial<Body200>).success;
    },
    '(root) must have required property \'success\' ((root) = {"update":[{"_id":"GENERAL","ts":"2024-02-14T14:34:49.365Z","t":"c","name":"gen…)',
  ),
  v(
    'update missing',
    (b) => {
      delete (b as Partial<Body200>).update;
    },
    '(root) must have required property \'update\' ((root) = {"remove":[],"success":true})',
  ),
  v(
    'update as an object',
    (b) => {
      (b as Record<string, unknown>).update = { 0: dm(b) };
    },
    '/update must be array (/update = {"0":{"_id":"WbYJfC5kTArcECGkpfZ3bvXC72pobjFPLJ","t":"d","usernames":["user2","…)',
  ),
  // --- remove ---
  v(
    'remove item as a string',
    (b) => {
      b.remove = ['WbYJfC5kTArcECGkpfZ3bvXC72pobjFPLJ'];
    },
    '/remove/* must be object (/remove/0 = "WbYJfC5kTArcECGkpfZ3bvXC72pobjFPLJ")',
  ),
  v(
    'remove item without _deletedAt',
    (b) => {
      b.remove = [{ _id: 'GENERAL' }];
    },
    '/remove/* must have required property \'_deletedAt\' (/remove/0 = {"_id":"GENERAL"})',
  ),
  v(
    'remove item _deletedAt without a zone',
    (b) => {
      b.remove = [{ _id: 'GENERAL', _deletedAt: '2024-07-10T13:48:28.300' }];
    },
    '/remove/*/_deletedAt must match format "date-time" (/remove/0/_deletedAt = "2024-07-10T13:48:28.300")',
  ),
  v(
    'remove item as the whole deleted room',
    (b) => {
      b.remove = [{ _id: 'GENERAL', _deletedAt: '2024-07-10T13:48:28.300Z', name: 'general' }];
    },
    '/remove/* must NOT have additional properties ("name") (/remove/0 = {"_id":"GENERAL","_deletedAt":"2024-07-10T13:48:28.300Z","name":"general"})',
  ),
  // --- counters and flags ---
  v(
    'msgs as a string',
    (b) => {
      dm(b).msgs = '2';
    },
    '/update/*/msgs must be integer (/update/1/msgs = "2")',
  ),
  v(
    'msgs as a fraction',
    (b) => {
      dm(b).msgs = 2.5;
    },
    '/update/*/msgs must be integer (/update/1/msgs = 2.5)',
  ),
  v(
    'usersCount negative',
    (b) => {
      dm(b).usersCount = -1;
    },
    '/update/*/usersCount must be >= 0 (/update/1/usersCount = -1)',
  ),
  v(
    'sysMes as a string',
    (b) => {
      dm(b).sysMes = 'true';
    },
    '/update/*/sysMes must be boolean,array (/update/1/sysMes = "true")',
  ),
  v(
    'sysMes as an array of numbers',
    (b) => {
      dm(b).sysMes = [1];
    },
    '/update/*/sysMes/* must be string (/update/1/sysMes/0 = 1)',
  ),
  v(
    'default as a string',
    (b) => {
      dm(b).default = 'false';
    },
    '/update/*/default must be boolean (/update/1/default = "false")',
  ),
  v(
    'usernames with a null',
    (b) => {
      dm(b).usernames = ['user2', null];
    },
    '/update/*/usernames/* must be string (/update/1/usernames/1 = null)',
  ),
  // --- null where the server omits ---
  v(
    'lastMessage null',
    (b) => {
      dm(b).lastMessage = null as never;
    },
    '/update/*/lastMessage must be object (/update/1/lastMessage = null)',
  ),
  v(
    'lm null',
    (b) => {
      dm(b).lm = null;
    },
    '/update/*/lm must be string (/update/1/lm = null)',
  ),
  v(
    'lastMessage.alias as a number',
    (b) => {
      dm(b).lastMessage.alias = 7;
    },
    '/update/*/lastMessage/alias must be string,null (/update/1/lastMessage/alias = 7)',
  ),
  // --- md (message-parser AST) ---
  v(
    'md node without type',
    (b) => {
      dm(b).lastMessage.md = [{ value: [] }];
    },
    '/update/*/lastMessage/md/* must have required property \'type\' (/update/1/lastMessage/md/0 = {"value":[]})',
  ),
  v(
    'md PARAGRAPH value as a string',
    (b) => {
      dm(b).lastMessage.md = [{ type: 'PARAGRAPH', value: 'again' }];
    },
    '/update/*/lastMessage/md/*/value must be array (/update/1/lastMessage/md/0/value = "again")',
  ),
  v(
    'md PLAIN_TEXT value as a number',
    (b) => {
      dm(b).lastMessage.md = [{ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: 5 }] }];
    },
    '/update/*/lastMessage/md/*/value/*/value must be string (/update/1/lastMessage/md/0/value/0/value = 5)\n/update/*/lastMessage/md/*/value/*/value must be string,array,object (/update/1/lastMessage/md/0/value/0/value = 5)',
  ),
  v(
    'md node as a string',
    (b) => {
      dm(b).lastMessage.md = [{ type: 'PARAGRAPH', value: ['again'] }];
    },
    '/update/*/lastMessage/md/*/value/* must be object (/update/1/lastMessage/md/0/value/0 = "again")',
  ),
  v(
    'md LINK without src',
    (b) => {
      const paragraph = rocketCatDm(b).lastMessage.md[2] as { value: { value: Record<string, unknown> }[] };
      delete (paragraph.value[0] as { value: Record<string, unknown> }).value.src;
    },
    '/update/*/lastMessage/md/*/value/*/value must have required property \'src\' (/update/2/lastMessage/md/2/value/0/value = {"label":[{"type":"PLAIN_TEXT","value":"https://github.com/RocketChat/Rocket.Ch…)',
  ),
];

const CORRUPTED_401: Variant<Body>[] = [
  w(
    'another message',
    (b) => {
      b.message = 'Unauthorized';
    },
    // Neither body of any version: the 7.x–8.x / ≤ 6.x shape fails its const, the 9.0 shape its keys.
    '/message must be equal to constant "You must be logged in to do this." (/message = "Unauthorized")' +
      `\n(root) must have required property 'success' ((root) = {"status":"error","message":"Unauthorized"})\n(root) must have required property 'error' ((root) = {"status":"error","message":"Unauthorized"})\n(root) must match a schema in anyOf ((root) = {"status":"error","message":"Unauthorized"})`,
  ),
  w(
    'another status',
    (b) => {
      b.status = 'failure';
    },
    '/status must be equal to constant "error" (/status = "failure")' +
      `\n(root) must have required property 'success' ((root) = {"status":"failure","message":"You must be logged in to do this."})\n(root) must have required property 'error' ((root) = {"status":"failure","message":"You must be logged in to do this."})\n(root) must match a schema in anyOf ((root) = {"status":"failure","message":"You must be logged in to do this."})`,
  ),
  w(
    'status key missing',
    (b) => {
      delete b.status;
    },
    '(root) must have required property \'status\' ((root) = {"message":"You must be logged in to do this."})' +
      `\n(root) must have required property 'success' ((root) = {"message":"You must be logged in to do this."})\n(root) must have required property 'error' ((root) = {"message":"You must be logged in to do this."})\n(root) must match a schema in anyOf ((root) = {"message":"You must be logged in to do this."})`,
  ),
  w(
    '7.x success true',
    (b) => {
      Object.assign(b, { success: true, error: 'You must be logged in to do this.' });
    },
    '/success must be equal to constant false (/success = true)',
  ),
];

const CORRUPTED_400: Variant<Body>[] = [
  w(
    'without errorType',
    (b) => {
      delete b.errorType;
    },
    '(root) must have required property \'errorType\' ((root) = {"success":false,"error":"The \\"updatedSince\\" query parameter must be a valid …)',
  ),
  w(
    'another errorType',
    (b) => {
      b.errorType = 'invalid-params';
    },
    '/errorType must be equal to constant "error-updatedSince-param-invalid" (/errorType = "invalid-params")',
  ),
  w(
    'success true',
    (b) => {
      b.success = true;
    },
    '/success must be equal to constant false (/success = true)',
  ),
  w(
    'error as an object',
    (b) => {
      b.error = { reason: 'x' };
    },
    '/error must be string (/error = {"reason":"x"})',
  ),
];

function rejects<B>(status: number, variants: Variant<B>[], example: () => B): void {
  const strict = getContractValidator('strict');
  for (const variant of variants) {
    test(variant.name, () => {
      const body = example();
      variant.corrupt(body);
      const result = strict.validate('rooms.get', status, body);
      assert.equal(result.valid, false);
      assert.equal(result.schemaId, `rooms.get.${status}.strict`);
      assert.equal(formatViolations(result.violations, body), variant.expected);
    });
  }
}

describe('corrupted variants of the documented 200 example are rejected by the strict profile', () => {
  rejects(200, CORRUPTED_200, example200);
});
describe('corrupted 401 bodies are rejected by the strict profile', () => {
  rejects(401, CORRUPTED_401, example401);
});
describe('corrupted 400 bodies are rejected by the strict profile', () => {
  rejects(400, CORRUPTED_400, example400);
});

test('there are at least 25 corrupted variants, all distinct', () => {
  const all = [...CORRUPTED_200, ...CORRUPTED_401, ...CORRUPTED_400];
  assert.ok(all.length >= 25, `${all.length} variants`);
  assert.equal(new Set(all.map((variant) => variant.name)).size, all.length);
});

describe('both profiles', () => {
  test('compile under ajv strict mode, with the expected statuses', () => {
    assert.deepEqual(loadContractValidator('strict').statuses('rooms.get'), [200, 400, 401]);
    assert.deepEqual(loadContractValidator('documented').statuses('rooms.get'), [200, 401]);
  });

  test('are compiled once per process', () => {
    assert.equal(getContractValidator('strict'), getContractValidator('strict'));
    assert.notEqual(getContractValidator('strict'), getContractValidator('documented'));
  });

  test('a status without a schema is a clear error', () => {
    assert.throws(
      () => getContractValidator('documented').validate('rooms.get', 400, {}),
      /^Error: The documented contract has no schema for rooms.get 400; it covers 200, 401 of rooms.get$/,
    );
  });

  test('the documented 401 example validates against both', () => {
    for (const profile of ['strict', 'documented'] as const) {
      assert.equal(
        getContractValidator(profile).validate('rooms.get', 401, example401()).valid,
        true,
        profile,
      );
    }
  });
});

describe("the documentation's own 200 example", () => {
  test('validates against the strict profile', () => {
    const result = getContractValidator('strict').validate('rooms.get', 200, example200());
    assert.deepEqual(result.violations, []);
    assert.equal(result.valid, true);
  });

  test('fails the documented profile on md only (a documentation finding, not a server verdict)', () => {
    const body = example200();
    const result = getContractValidator('documented').validate('rooms.get', 200, body);
    assert.equal(result.valid, false);
    assert.equal(
      formatViolations(result.violations, body, { maxValueLength: 40 }),
      '/update/*/lastMessage/md/*/value/*/value must be string ×2 (first: ' +
        '/update/2/lastMessage/md/0/value/0/value = [{"type":"PLAIN_TEXT","value":"Update y…; ' +
        '/update/2/lastMessage/md/2/value/0/value = {"src":{"type":"PLAIN_TEXT","value":"ht…)',
    );
  });

  test('documentedExample returns a fresh copy each time', () => {
    const first = example200();
    first.success = false;
    assert.equal(example200().success, true);
  });

  test('there is no documented 400 example', () => {
    assert.throws(
      () => documentedExample('rooms.get', 400),
      /The documentation has no 400 response for rooms.get/,
    );
  });
});

describe('the strict profile accepts what real servers send', () => {
  const strict = () => getContractValidator('strict');
  const accept = (body: unknown, status = 200) => {
    const result = strict().validate('rooms.get', status, body);
    assert.equal(formatViolations(result.violations, body), '');
    assert.equal(result.valid, true);
  };

  test('undocumented room fields (fname, topic, prid, teamId, archived, customFields, …)', () => {
    const body = example200();
    Object.assign(body.update[0] as Room, {
      fname: 'general',
      topic: 'Community',
      prid: 'GENERAL',
      teamId: '668fc2bbffe932842327c1fd',
      teamMain: true,
      archived: false,
      encrypted: false,
      broadcast: false,
      customFields: { anything: [1, 'x'] },
    });
    accept(body);
  });

  test('rooms without lastMessage or lm (a fresh DM), and an empty update', () => {
    const body = example200();
    delete (body.update[1] as Partial<Room>).lastMessage;
    delete (body.update[1] as Partial<Room>).lm;
    accept(body);
    accept({ update: [], remove: [], success: true });
  });

  test('all room types, sysMes as a list of hidden system-message types, remove items', () => {
    const body = example200();
    body.update.forEach((room, index) => {
      room.t = ['c', 'p', 'l'][index];
    });
    (body.update[0] as Room).sysMes = ['uj', 'ul'];
    body.remove = [{ _id: 'WbYJfC5kTArcECGkpfZ3bvXC72pobjFPLJ', _deletedAt: '2024-07-18T10:00:00.000Z' }];
    accept(body);
  });

  test('real message-parser nodes: mentions, emoji, code, lists, tasks, headings, quotes, timestamps', () => {
    const plain = (value: string) => ({ type: 'PLAIN_TEXT', value });
    const body = example200();
    dm(body).lastMessage.md = [
      {
        type: 'PARAGRAPH',
        value: [
          { type: 'MENTION_USER', value: plain('user1') },
          { type: 'MENTION_CHANNEL', value: plain('general') },
          { type: 'EMOJI', value: plain('smile'), shortCode: 'smile' },
          { type: 'EMOJI', unicode: '😀' },
          { type: 'INLINE_CODE', value: plain('npm test') },
          { type: 'ITALIC', value: [plain('a'), { type: 'STRIKE', value: [plain('b')] }] },
          { type: 'LINK', value: { src: plain('https://rocket.chat'), label: plain('Rocket.Chat') } },
          { type: 'TIMESTAMP', value: { timestamp: '1720619308', format: 'R' }, fallback: plain('x') },
          { type: 'COLOR', value: { r: 255, g: 0, b: 0, a: 255 } },
        ],
      },
      { type: 'BIG_EMOJI', value: [{ type: 'EMOJI', value: plain('tada'), shortCode: 'tada' }] },
      { type: 'CODE', language: 'ts', value: [{ type: 'CODE_LINE', value: plain('const a = 1;') }] },
      { type: 'HEADING', level: 2, value: [plain('Title')] },
      { type: 'QUOTE', value: [{ type: 'PARAGRAPH', value: [plain('quoted')] }] },
      { type: 'UNORDERED_LIST', value: [{ type: 'LIST_ITEM', value: [plain('one')] }] },
      { type: 'ORDERED_LIST', value: [{ type: 'LIST_ITEM', number: 1, value: [plain('one')] }] },
      { type: 'TASKS', value: [{ type: 'TASK', status: true, value: [plain('done')] }] },
      { type: 'LINE_BREAK' },
      { type: 'KATEX', value: 'x^2' },
    ] as Md[];
    accept(body);
  });

  test('the 7.x/8.x 401 body with success and error', () => {
    accept(
      {
        success: false,
        error: 'You must be logged in to do this.',
        status: 'error',
        message: 'You must be logged in to do this.',
      },
      401,
    );
  });

  test('the 400 body, also with the TEST_MODE stack', () => {
    accept(example400(), 400);
    accept({ ...example400(), stack: 'Error: …' }, 400);
  });
});
