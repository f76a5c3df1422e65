import { expect as baseExpect, test } from '@playwright/test';
import { resolveConfig } from '../core/run/config.js';
import { checkContract } from '../core/contract/contract-check.js';
import { type ContractOperation, type ContractProfile, getContractValidator } from '../core/contract/validation.js';
import { recordObservedBody } from './observations.js';
import type { RestResponse } from './rest-client.js';
import { redactor } from './secrets.js';

/**
 * `expect(response).toMatchContract('rooms.get', 200)` — or without the status, to hold an answer to
 * the contract for whatever status it has: status, content type and body against the active contract
 * profile. A thin adapter over src/core/contract/contract-check.ts, which holds the logic and the message
 * (asserted word for word in tests/core/contract-check.test.ts). Never prints headers.
 */
let profile: ContractProfile | undefined;
function activeProfile(): ContractProfile {
  profile ??= resolveConfig().profile;
  return profile;
}

export const expect = baseExpect.extend({
  async toMatchContract(received: RestResponse, operation: ContractOperation, status?: number) {
    const name = 'toMatchContract';
    const hint = this.utils.matcherHint(
      name,
      'response',
      status === undefined ? `'${operation}'` : `'${operation}', ${status}`,
      {
        isNot: this.isNot,
      },
    );
    const result = checkContract(
      getContractValidator(activeProfile()),
      operation,
      status,
      received,
      redactor.fn,
    );
    // Feeds the drift report (informational): which fields live answers carry, never their values.
    if ((status === undefined || received.status === status) && received.body !== undefined) {
      await recordObservedBody(test.info(), operation, received.status, received.body);
    }
    const message = () =>
      result.pass
        ? `${hint}\n\nExpected the answer not to match, but it does:\n${result.message}\n\nReceived status: ${this.utils.printReceived(received.status)}`
        : `${hint}\n\n${result.message}`;
    return { pass: result.pass, name, expected: status, actual: received.status, message };
  },
});
