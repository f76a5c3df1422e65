import { expect as baseExpect, test } from '@playwright/test';
import { resolveConfig } from '../core/config.js';
import { checkContract } from '../core/contract-check.js';
import { type ContractOperation, getContractValidator } from '../core/validation.js';
import { recordObservedBody } from './observations.js';
import type { RestResponse } from './rest-client.js';
import { redactor } from './secrets.js';
import { TARGET_ENV } from './target.js';

/**
 * `expect(response).toMatchContract('rooms.get', 200)`: status, content type and body against the
 * active contract profile. A thin adapter over src/core/contract-check.ts, which holds the logic and
 * the message (asserted word for word in tests/suite/contract-check.test.ts). Never prints headers.
 */
function activeProfile() {
  const resolved = process.env[TARGET_ENV.profile];
  return resolved === 'strict' || resolved === 'documented' ? resolved : resolveConfig().profile;
}

export const expect = baseExpect.extend({
  async toMatchContract(received: RestResponse, operation: ContractOperation, status: number) {
    const hint = `expect(response).${this.isNot ? 'not.' : ''}toMatchContract('${operation}', ${status})`;
    const result = checkContract(
      getContractValidator(activeProfile()),
      operation,
      status,
      received,
      redactor.fn,
    );
    // Feeds the drift report (informational): which fields live answers carry, never their values.
    if (received.status === status && received.body !== undefined) {
      await recordObservedBody(test.info(), operation, status, received.body);
    }
    return {
      pass: result.pass,
      name: 'toMatchContract',
      expected: status,
      actual: received.status,
      message: () =>
        `${hint}\n\n${result.pass && this.isNot ? `Expected a mismatch, but ${result.message}` : result.message}`,
    };
  },
});
