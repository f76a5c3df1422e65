import { EXIT_CODE } from '../../core/results/summary.js';
import { exitWithVerdict } from './exit-code.js';
import { type FinishedRun, RunSummaryReporter } from './run-summary.js';

/**
 * The run's exit code, from the verdict (README "Verdicts, statuses and exit codes"); last in the list.
 * A run whose checks all passed but which the runner saw fail elsewhere (global teardown, a reporter) is
 * never a green gate: INCOMPLETE. The leak scan's 5 and an interruption's 130 outrank it (exit-code.ts).
 */
export default class ExitCodeReporter extends RunSummaryReporter {
  protected onRunEnd({ summary, runnerStatus }: FinishedRun): void {
    if (summary.exitCode === EXIT_CODE.PASSED && runnerStatus !== 'passed') {
      process.stderr.write(
        `rooms.get conformance: the run itself ${runnerStatus} outside the checks (see above): exit ${EXIT_CODE.INCOMPLETE}\n`,
      );
      exitWithVerdict(EXIT_CODE.INCOMPLETE);
    } else exitWithVerdict(summary.exitCode);
  }
}
