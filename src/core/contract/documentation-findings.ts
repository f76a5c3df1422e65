import { formatViolations } from './format-errors.js';
import { documentationDisagreements, type TypingsDisagreement } from './typings.js';
import { documentedExample, getContractValidator } from './validation.js';

/**
 * What the documentation gets wrong about itself: its own 200 example checked against its own schema.
 * A finding about the documentation, not a verdict on any server — it has its own section in the report
 * and is checked in `npm test` (tests/contract/documentation-self-check.test.ts), never as a server check.
 * Today the example's `md` nodes nest arrays and objects where the schema types `md[].value[].value` as a
 * string (docs/rocketchat-behaviour.md §7); the strict profile's overlay corrects the typing.
 */
export interface DocumentationFindings {
  /** What was checked, e.g. "the documented 200 example of rooms.get against the documented schema". */
  subject: string;
  consistent: boolean;
  /** The formatted violations, one per line; empty when consistent. */
  violations: string[];
  /** Room fields whose documented type rules out what Rocket.Chat's own typings allow (schemas/typings/). */
  typings?: TypingsDisagreement[];
}

export function documentationSelfCheck(): DocumentationFindings {
  const example = documentedExample('rooms.get', 200);
  const result = getContractValidator('documented').validate('rooms.get', 200, example);
  return {
    subject: "the documentation's 200 example of rooms.get against the documentation's own schema",
    consistent: result.valid,
    violations: result.valid ? [] : formatViolations(result.violations, example).split('\n'),
    typings: documentationDisagreements(),
  };
}
