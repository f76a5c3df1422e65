/**
 * Bad contract input. The message always names the file and, when known, the JSON pointer of the
 * offending node in URI-fragment form (`file#/pointer`), so the fix is one search away.
 */
export class ContractError extends Error {
  readonly file: string;
  readonly pointer: string | undefined;

  constructor(file: string, pointer: string | undefined, reason: string) {
    super(`${pointer === undefined ? file : `${file}#${pointer}`}: ${reason}`);
    this.name = 'ContractError';
    this.file = file;
    this.pointer = pointer;
  }
}
