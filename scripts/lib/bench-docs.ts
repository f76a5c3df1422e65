/**
 * The bench's figures as the docs show them. Their one home is docs/bench.json, a bench report kept in
 * the repository (`npm run bench -- --json docs/bench.json`, then `npm run docs`); nothing in the docs
 * types a figure by hand.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/core/project-root.js';
import { type BenchRecord, describeBenchRun, renderNotes, renderTable } from '../bench/figures.js';

const BENCH_RECORD = join(PROJECT_ROOT, 'docs', 'bench.json');

function readRecord(): BenchRecord | undefined {
  return existsSync(BENCH_RECORD)
    ? (JSON.parse(readFileSync(BENCH_RECORD, 'utf8')) as BenchRecord)
    : undefined;
}

const NOT_MEASURED =
  'No bench record yet: run `npm run bench -- --json docs/bench.json`, then `npm run docs`.';

/** docs/performance.md: every figure of the recorded run, with its notes. */
export function renderBenchFigures(): string {
  const record = readRecord();
  if (!record) return NOT_MEASURED;
  const notes = renderNotes(record.figures);
  return [
    describeBenchRun(record),
    '',
    renderTable(record.figures),
    ...(notes ? ['', 'Notes:', '', notes] : []),
  ].join('\n');
}

/** README: the figures that have a target, the runner's floor they are bounded by, and the run they come from. */
export function renderBenchHeadline(): string {
  const record = readRecord();
  if (!record) return NOT_MEASURED;
  // Out of their table, sub-rows stand alone: no indent.
  const headline = record.figures
    .filter((figure) => figure.target || figure.id === 'floor.wallSeconds')
    .map((figure) => ({ ...figure, label: figure.label.trim() }));
  return [describeBenchRun(record), '', renderTable(headline)].join('\n');
}
