import { Agent, createServer, type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import type { TimedRequest } from './critical-path.js';

/**
 * A transparent HTTP proxy between the suite and the server, recording when each request started and
 * ended and which client process sent it. Only method, path (no query) and status are kept: never a
 * header or a body, which hold tokens and passwords.
 */

export interface RecordedRequest extends TimedRequest {
  method: string;
  path: string;
  status: number;
  /** Response body bytes, as received from the server. */
  bytes: number;
}

export interface LoggingProxy {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Distinct client connections seen. */
  connections: number;
  close(): Promise<void>;
}

/**
 * `identify(clientPorts, proxyPort)` returns the owning process id of each client port (or none). It is
 * called for the connections accepted since its last call, in one batch, off the request path (a burst
 * of new connections costs one /proc scan, and no request waits for it), while the clients still hold
 * them — before any of their requests is recorded.
 */
export type Identify = (clientPorts: readonly number[], proxyPort: number) => Map<number, number>;

export async function startLoggingProxy(
  upstream: string,
  identify: Identify = () => new Map(),
): Promise<LoggingProxy> {
  const target = new URL(upstream);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const requests: RecordedRequest[] = [];
  const owners = new WeakMap<Socket, number | undefined>();
  let pending: Socket[] = [];
  const identifyPending = () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    const ports = batch.flatMap((socket) => (socket.remotePort === undefined ? [] : [socket.remotePort]));
    const found = identify(ports, port);
    for (const socket of batch)
      owners.set(socket, socket.remotePort === undefined ? undefined : found.get(socket.remotePort));
  };
  let connections = 0;
  let port = 0;

  const server = createServer((req, res) => {
    const start = performance.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const forward = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...withoutHopByHop(req.headers), host: target.host },
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers));
        let bytes = 0;
        answer.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        answer.pipe(res);
        res.on('finish', () => {
          if (!owners.has(req.socket)) identifyPending();
          const client = owners.get(req.socket);
          requests.push({
            start,
            end: performance.now(),
            client,
            method: req.method ?? '?',
            path,
            status: answer.statusCode ?? 0,
            bytes,
          });
        });
      },
    );
    forward.on('error', () => {
      // The upstream went away: answer as a gateway would, so the suite reports a transport problem.
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('bench proxy: upstream unreachable');
    });
    req.pipe(forward);
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket: Socket) => {
    connections += 1;
    if (pending.length === 0) setImmediate(identifyPending);
    pending.push(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('bench proxy: no port');
  port = address.port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get connections() {
      return connections;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      agent.destroy();
    },
  };
}

/** Connection-level headers belong to one hop; the proxy manages its own connections. */
function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const { connection: _connection, 'keep-alive': _keepAlive, ...rest } = headers;
  return rest;
}
