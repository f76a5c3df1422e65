import { spawnSync } from 'node:child_process';

/**
 * Whether something already listens on the bundled reference server's port. Asked once, by the runner,
 * before Playwright's webServer would start the server there: with the port taken, Playwright's own
 * message ("…is already used … set reuseExistingServer") names a setting the user should not change,
 * and the run would then judge nothing. Synchronous (a config file cannot await), in a child process:
 * about 50 ms.
 */
export function referencePortTaken(port: number): boolean {
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      "const s=require('node:net').createServer();" +
        "s.once('error',e=>process.exit(e.code==='EADDRINUSE'?3:0));" +
        `s.listen(${port},'127.0.0.1',()=>s.close(()=>process.exit(0)));`,
    ],
    { timeout: 5_000 },
  );
  return probe.status === 3;
}

/** The one message for a taken port, with both ways out. */
export function referencePortMessage(port: number): string {
  return (
    `rooms-get-conformance: port ${port} is already in use, so the bundled reference server cannot start ` +
    'there. Give it another port with RC_REFERENCE_PORT=<free port>, or, if that is a reference server ' +
    `you started yourself (npm run reference-server), run against it with ROCKETCHAT_URL=http://127.0.0.1:${port}.`
  );
}
