import { Redactor } from '../core/secrets/redact.js';
import type { SuiteConfig } from '../core/run/config.js';

/**
 * The redactor of this process (runner or worker). Every secret the process knows or obtains is added
 * to it: the configured passwords and token at start, tokens as they are obtained, seeded users'
 * passwords as they are made. Error messages, matcher output and attachments pass through it.
 */
export const redactor = new Redactor();

export function registerConfigSecrets(config: SuiteConfig): void {
  for (const secret of config.secrets) redactor.add(secret);
}
