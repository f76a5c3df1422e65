import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoomsGetBody } from '../../src/core/rocketchat/rocketchat-api.js';
import type { RestResponse } from '../../src/playwright/rest-client.js';
import type { RocketChatClient } from '../../src/playwright/rocketchat-client.js';

// The listing read once per worker (src/playwright/fixtures/shared-listing.ts): both requests at once,
// one read per target, session, repetition and retry, and a failed read forgotten.
const { readAnswers, readOnce, sharedListingKey } = await import(
  '../../src/playwright/fixtures/shared-listing.js'
);

const first = { repeatEachIndex: 0, retry: 0 };

test('both requests are sent before either answers: one round trip', async () => {
  const sent: Array<string | undefined> = [];
  const answers: Array<(response: RestResponse<RoomsGetBody>) => void> = [];
  const api = {
    roomsGet: (options: { updatedSince?: string } = {}) => {
      sent.push(options.updatedSince);
      return new Promise<RestResponse<RoomsGetBody>>((resolve) => answers.push(resolve));
    },
  } as unknown as RocketChatClient;
  const read = readAnswers(api, 'shape/response-validates');
  assert.deepEqual(sent, [undefined, '2000-01-01T00:00:00.000Z']);
  for (const [index, resolve] of answers.entries())
    resolve({ path: `answer ${index}` } as RestResponse<RoomsGetBody>);
  const { full, dated, readBy } = await read;
  assert.equal(full.path, 'answer 0');
  assert.equal(dated.path, 'answer 1');
  assert.equal(readBy, 'shape/response-validates');
});

test('a worker reads once per key; later asks, also while the read is under way, share it', async () => {
  const memo = new Map<string, Promise<string>>();
  let reads = 0;
  const read = async () => `read ${++reads}`;
  const key = sharedListingKey('default', 'admin-id', first);
  const [a, b] = await Promise.all([readOnce(memo, key, read), readOnce(memo, key, read)]);
  assert.equal(await readOnce(memo, key, read), 'read 1');
  assert.deepEqual([a, b, reads], ['read 1', 'read 1', 1]);
});

test('another target, session, repetition or retry reads afresh', () => {
  const keys = [
    sharedListingKey('default', 'admin-id', first),
    sharedListingKey('fault-a@7', 'admin-id', first),
    sharedListingKey('default', 'checked-id', first),
    sharedListingKey('default', 'admin-id', { repeatEachIndex: 1, retry: 0 }),
    sharedListingKey('default', 'admin-id', { repeatEachIndex: 0, retry: 1 }),
  ];
  assert.equal(new Set(keys).size, keys.length);
});

test('a read that failed is forgotten: its waiters see the error, the next ask reads again', async () => {
  const memo = new Map<string, Promise<string>>();
  const key = sharedListingKey('default', 'admin-id', first);
  const failed = readOnce(memo, key, async () => {
    throw new Error('ECONNRESET');
  });
  await assert.rejects(failed, /ECONNRESET/);
  assert.equal(await readOnce(memo, key, async () => 'fresh'), 'fresh');
});
