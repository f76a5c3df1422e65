import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import type { Activity } from './workspace/activity.js';
import { type ReferenceServerConfig, type ReferenceServerOptions, resolveServerConfig } from './config.js';

export interface StartedReferenceServer {
  url: string;
  port: number;
  config: ReferenceServerConfig;
  /** The busy background activity, when RC_REFERENCE_ACTIVITY=busy. */
  activity: Activity | null;
  close(): Promise<void>;
}

/** Starts a reference server on 127.0.0.1 (never another address). `port: 0` picks a free port. */
export async function startReferenceServer(
  options: ReferenceServerOptions = {},
): Promise<StartedReferenceServer> {
  const config = resolveServerConfig(options);
  const { app, startActivity } = createApp(config);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: config.port, hostname: '127.0.0.1' }, () =>
      resolve(started),
    );
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const activity = startActivity();
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    config,
    activity,
    close: () => {
      activity?.stop();
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** The start-up line: version, URL, faults, rate limiting, and the staging shape when not the default. */
export function describeServer(started: StartedReferenceServer): string {
  const { config } = started;
  const faults = config.faults.list();
  const extras = [
    config.instances > 1 ? `instances: ${config.instances} ±${config.clockSkewMs} ms` : '',
    config.activity.mode === 'busy' ? 'activity: busy' : '',
    config.legacy ? 'legacy rooms' : '',
  ].filter(Boolean);
  return (
    `reference Rocket.Chat ${config.profile.version} listening on ${started.url} ` +
    `(faults: ${faults.length > 0 ? faults.join(',') : 'none'}, rate limit: ${config.rateLimit.enabled ? 'on' : 'off'}` +
    `${extras.length > 0 ? `, ${extras.join(', ')}` : ''})`
  );
}
