import type { FullConfig, Suite } from '@playwright/test/reporter';
import { METADATA_KEY, RunSummaryReporter, runFactsOf } from './run-summary.js';

/**
 * The run's facts — target, version, profile, write mode, contract hash, suite version, run id, the checks
 * the run is meant to judge and those that do not apply — into `config.metadata.contract` when the run
 * begins, before the built-in reporters write: the json reporter (results.json) and the blob report carry
 * them (so a merged sharded run knows them too), and the HTML report keeps them.
 */
export default class MetadataReporter extends RunSummaryReporter {
  override onBegin(config: FullConfig, suite: Suite): void {
    super.onBegin(config, suite);
    (config.metadata as Record<string, unknown>)[METADATA_KEY] = runFactsOf(config);
  }

  protected onRunEnd(): void {}
}
