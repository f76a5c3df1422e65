import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { ContractError } from './contract-error.js';

export interface YamlFile {
  /** The parsed content (YAML 1.2 core schema: dates stay strings). */
  value: unknown;
  /** The text with line endings normalised, so hashes are the same on every OS. */
  text: string;
}

export function normaliseLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Reads and parses a YAML file; malformed YAML or duplicate keys → ContractError naming file and line. */
export function readYamlFile(file: string, displayName: string): YamlFile {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ContractError(displayName, undefined, `cannot read: ${(error as Error).message}`);
  }
  const text = normaliseLineEndings(raw);
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const [error] = document.errors;
  if (error) {
    const where = error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
    // prettyErrors appends " at line L, column C:" and a code frame: keep the reason only.
    const reason = (error.message.split('\n')[0] ?? error.code).replace(/ at line \d+, column \d+:?$/, '');
    throw new ContractError(displayName, undefined, `malformed YAML${where}: ${reason}`);
  }
  return { value: document.toJS({ maxAliasCount: 100 }), text };
}
