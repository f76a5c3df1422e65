import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { type ReferenceServerConfig, type ReferenceServerOptions, resolveConfig } from './config.js';

export interface StartedReferenceServer {
  url: string;
  port: number;
  config: ReferenceServerConfig;
  close(): Promise<void>;
}

/** Starts a reference server on 127.0.0.1 (never another address). `port: 0` picks a free port. */
export async function startReferenceServer(
  options: ReferenceServerOptions = {},
): Promise<StartedReferenceServer> {
  const config = resolveConfig(options);
  const { app } = createApp(config);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: config.port, hostname: '127.0.0.1' }, () =>
      resolve(started),
    );
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    config,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** The start-up line: version, URL, faults and rate limiting. */
export function describeServer(started: StartedReferenceServer): string {
  const faults = started.config.faults.list();
  return (
    `reference Rocket.Chat ${started.config.profile.version} listening on ${started.url} ` +
    `(faults: ${faults.length > 0 ? faults.join(',') : 'none'}, rate limit: ${started.config.rateLimit.enabled ? 'on' : 'off'})`
  );
}
