import { EXIT_CODE } from '../../core/results/summary.js';

/**
 * The exit code of `npx playwright test` (README "Verdicts, statuses and exit codes"). Playwright's CLI
 * exits 0 or 1 on its own (130 when interrupted) by calling process.exit once every reporter is done;
 * Node runs the 'exit' listeners after process.exit has set process.exitCode and exits with whatever they
 * leave there. So the exit-code and leak-scan reporters (or the fallback) tell this module the verdict's code
 * and whether the leak scan found a secret, and one 'exit' listener puts the run's code in place:
 * the leak scan's 5 first (the artifacts must not be published), then 130 for an interruption the runner
 * saw, then the verdict's code.
 */
let verdictCode: number | undefined;
let leaked = false;
let listening = false;

function listen(): void {
  if (listening) return;
  listening = true;
  process.on('exit', (code) => {
    if (leaked) process.exitCode = EXIT_CODE.leak;
    else if (code === EXIT_CODE.INTERRUPTED) process.exitCode = EXIT_CODE.INTERRUPTED;
    else if (verdictCode !== undefined) process.exitCode = verdictCode;
  });
}

/** The code the verdict asks for (exitCodeOf in src/core/results/summary.ts). */
export function exitWithVerdict(code: number): void {
  verdictCode = code;
  listen();
}

/** The leak scan found a secret in the run's files or output. */
export function exitWithLeak(): void {
  leaked = true;
  listen();
}
