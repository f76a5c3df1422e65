import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { startLoggingProxy } from '../../scripts/bench/logging-proxy.js';
import {
  PROC_AVAILABLE,
  processTree,
  residentBytes,
  socketInodes,
  socketOwners,
} from '../../scripts/bench/proc.js';

// An upstream that echoes what it received, so the test sees what the proxy forwarded.
const upstream = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => {
    body += chunk.toString();
  });
  req.on('end', () => {
    const status = req.url?.startsWith('/missing') ? 404 : 200;
    res.writeHead(status, { 'content-type': 'application/json', 'x-upstream': 'yes' });
    res.end(
      JSON.stringify({ method: req.method, url: req.url, token: req.headers['x-auth-token'] ?? null, body }),
    );
  });
});
let upstreamUrl = '';

before(async () => {
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  const address = upstream.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  upstreamUrl = `http://127.0.0.1:${address.port}`;
});
after(() => upstream.close());

test('forwards method, path, query, headers and body, and records method, path without query, status', async () => {
  const proxy = await startLoggingProxy(upstreamUrl);
  try {
    const answer = await fetch(`${proxy.url}/api/v1/rooms.get?updatedSince=2024-01-01T00:00:00.000Z`, {
      headers: { 'X-Auth-Token': 'token-value' },
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('x-upstream'), 'yes');
    assert.deepEqual(await answer.json(), {
      method: 'GET',
      url: '/api/v1/rooms.get?updatedSince=2024-01-01T00:00:00.000Z',
      token: 'token-value',
      body: '',
    });
    const posted = await fetch(`${proxy.url}/missing`, { method: 'POST', body: '{"a":1}' });
    assert.equal(posted.status, 404);
    assert.equal(((await posted.json()) as { body: string }).body, '{"a":1}');

    assert.equal(proxy.requests.length, 2);
    const [first, second] = proxy.requests;
    assert.equal(first?.method, 'GET');
    assert.equal(first?.path, '/api/v1/rooms.get');
    assert.equal(first?.status, 200);
    assert.ok(first && first.end >= first.start);
    assert.equal(second?.path, '/missing');
    assert.equal(second?.status, 404);
    assert.equal(
      second?.bytes,
      Buffer.byteLength(JSON.stringify({ method: 'POST', url: '/missing', token: null, body: '{"a":1}' })),
    );
    // Nothing of the request beyond method, path and status is kept: no header value, no query.
    assert.doesNotMatch(JSON.stringify(proxy.requests), /token-value|updatedSince/);
  } finally {
    await proxy.close();
  }
});

test('attributes each connection to the process holding its socket (Linux /proc)', {
  skip: !PROC_AVAILABLE,
}, async () => {
  const proxy = await startLoggingProxy(upstreamUrl, (clientPorts, proxyPort) => {
    const inodes = socketInodes(clientPorts, proxyPort);
    const owners = socketOwners(inodes.values(), [process.pid]);
    return new Map([...inodes].map(([port, inode]) => [port, owners.get(inode) ?? -1]));
  });
  try {
    // A burst of new connections is identified in one batch.
    const agents = Array.from({ length: 5 }, () => fetch(`${proxy.url}/api/info`, { keepalive: false }));
    await Promise.all((await Promise.all(agents)).map((answer) => answer.text()));
    assert.equal(proxy.requests.length, 5);
    for (const request of proxy.requests) assert.equal(request.client, process.pid);
  } finally {
    await proxy.close();
  }
});

test('an unreachable upstream is answered 502, not a crash', async () => {
  const proxy = await startLoggingProxy('http://127.0.0.1:1');
  try {
    const answer = await fetch(`${proxy.url}/api/info`);
    assert.equal(answer.status, 502);
  } finally {
    await proxy.close();
  }
});

test('processTree and residentBytes see this process', { skip: !PROC_AVAILABLE }, () => {
  assert.ok(processTree(process.pid).includes(process.pid));
  assert.ok((residentBytes(process.pid) ?? 0) > 10 * 1024 * 1024);
});
