/**
 * `npm run reference-server [-- --list-faults [--json] | --list-settings [--json]]`: a Rocket.Chat
 * imitation on 127.0.0.1:${RC_REFERENCE_PORT:-3100}, configured by the environment (see README.md).
 */
import { parseArgs } from 'node:util';
import { ConfigError, optionsFromEnv } from './config.js';
import { catalogueForTooling, formatFaultTable } from './faults/catalogue.js';
import { describeServer, startReferenceServer } from './server.js';
import { formatSettingsTable, settingsForTooling } from './settings-table.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'list-faults': { type: 'boolean' },
      'list-settings': { type: 'boolean' },
      json: { type: 'boolean' },
    },
    strict: true,
  });
  if (values['list-faults']) {
    process.stdout.write(
      `${values.json ? JSON.stringify(catalogueForTooling(), null, 2) : formatFaultTable()}\n`,
    );
    return 0;
  }
  if (values['list-settings']) {
    process.stdout.write(
      `${values.json ? JSON.stringify(settingsForTooling(), null, 2) : formatSettingsTable()}\n`,
    );
    return 0;
  }

  // Listen for the signals before the server starts, so a stop during start-up is not lost.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const started = await startReferenceServer(optionsFromEnv(process.env));
  process.stdout.write(`${describeServer(started)}\n`);
  await stopped;
  await started.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`reference server: ${error.message}\n`);
      return process.exit(2);
    }
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'EADDRINUSE') {
      process.stderr.write(
        `reference server: port ${process.env.RC_REFERENCE_PORT ?? 3100} is already in use; set RC_REFERENCE_PORT to a free port\n`,
      );
      return process.exit(2);
    }
    process.stderr.write(`reference server: ${error instanceof Error ? error.message : String(error)}\n`);
    return process.exit(1);
  },
);
