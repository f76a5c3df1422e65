import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

/**
 * The one YAML reader for the contract's hand-written files (the OpenAPI description, overlays,
 * waivers). It keeps each node's position, so every problem — a YAML syntax error or a schema
 * violation found later — is reported as `<file>:<line>: <what is wrong>`.
 */
export interface YamlSource {
  /** The file as messages show it (relative to the working directory). */
  file: string;
  /** The text with line endings normalised, so hashes are the same on every OS. */
  text: string;
  /** The parsed content (YAML 1.2 core schema: dates stay strings). */
  value: unknown;
  /**
   * The 1-based line of the node at `path` (mapping keys and list indexes), or of its nearest ancestor
   * that exists. With `key`: the line of that key in the mapping at `path` (an unknown field's line).
   */
  lineAt(path: readonly (string | number)[], key?: string): number;
}

export interface SourceProblem {
  /** Absent when the problem is the file as a whole (it cannot be read). */
  line?: number;
  reason: string;
}

/** Problems in one hand-written file, one `<file>:<line>: <what is wrong>` per line of the message. */
export class SourceError extends Error {
  override name = 'SourceError';
  readonly file: string;
  readonly problems: readonly SourceProblem[];

  constructor(file: string, problems: readonly SourceProblem[]) {
    super(
      problems
        .map(({ line, reason }) => (line === undefined ? `${file}: ${reason}` : `${file}:${line}: ${reason}`))
        .join('\n'),
    );
    this.file = file;
    this.problems = problems;
  }
}

/** How messages name a file: relative to the working directory when inside it. */
function shownPath(file: string): string {
  const shown = relative(process.cwd(), file);
  return shown === '' || shown.startsWith('..') ? file : shown;
}

export function readYamlFile(file: string, shown: string = shownPath(file)): YamlSource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SourceError(shown, [{ reason: `cannot read: ${(error as Error).message}` }]);
  }
  return parseYaml(text, shown);
}

/** Parses YAML text; malformed YAML or a duplicate key → SourceError naming the line. */
export function parseYaml(raw: string, shown: string): YamlSource {
  const text = raw.replace(/\r\n?/g, '\n');
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new SourceError(
      shown,
      document.errors.map((error) => ({
        line: lineCounter.linePos(error.pos[0]).line,
        reason: `malformed YAML: ${error.message.split('\n')[0]}`,
      })),
    );
  }
  const lineOf = (node: Node | null | undefined): number | undefined =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined;

  return {
    file: shown,
    text,
    value: document.toJS({ maxAliasCount: 100 }),
    lineAt(path, key) {
      let node: Node | null = document.contents;
      let line = lineOf(node) ?? 1;
      const steps = key === undefined ? path : [...path, key];
      for (const [index, step] of steps.entries()) {
        if (isMap(node)) {
          const pair = node.items.find(
            (item) => isScalar(item.key) && String(item.key.value) === String(step),
          );
          if (!pair) break;
          const keyLine = lineOf(pair.key as Node);
          // An unknown field is reported on its key; any other node on its value (or key, if empty).
          const isLastKey = key !== undefined && index === steps.length - 1;
          node = pair.value as Node | null;
          line = (isLastKey ? keyLine : (lineOf(node) ?? keyLine)) ?? line;
        } else if (isSeq(node)) {
          const item = node.items[Number(step)] as Node | undefined;
          if (item === undefined) break;
          node = item;
          line = lineOf(node) ?? line;
        } else {
          break;
        }
      }
      return line;
    },
  };
}
