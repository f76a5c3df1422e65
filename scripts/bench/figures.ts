import type { Summary } from './stats.js';

/** One row of the bench's table and of reports/bench.json. */
export interface Figure {
  /** Stable key in bench.json, e.g. `roundTrips.latency100.wallMs`. */
  id: string;
  label: string;
  unit: 'ms' | 's' | 'MB' | 'requests' | 'x';
  /** Absent when the figure was not measured (e.g. the mutation matrix in --quick). */
  summary?: Summary;
  /** The target in words, with its computed bound. */
  target?: string;
  met?: boolean;
  /** Why a target is missed, how the figure was computed, or why it was not measured. */
  note?: string;
}

function format(value: number, unit: Figure['unit']): string {
  switch (unit) {
    case 'ms':
      return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
    case 's':
      return `${value.toFixed(2)} s`;
    case 'MB':
      return `${value.toFixed(0)} MB`;
    case 'x':
      return `${value.toFixed(2)}×`;
    case 'requests':
      return value.toFixed(Number.isInteger(value) ? 0 : 1);
  }
}

/** How many runs a figure summarises, in words: a single run is never called a median. */
function runsLabel(figure: Figure): string {
  if (!figure.summary) return '';
  return figure.summary.runs === 1 ? 'single run' : `median of ${figure.summary.runs}`;
}

/**
 * The figures as a markdown table (the bench prints it; `npm run docs` puts it in docs/performance.md).
 * A label indented by two spaces belongs to the row above it: markdown drops the spaces, so it gets a dash.
 */
export function renderTable(figures: readonly Figure[]): string {
  const header = ['figure', 'runs', 'median', 'min', 'max', 'target', 'met?'];
  const rows = figures.map((figure) => [
    figure.label.replace(/^ {2}/, '— '),
    runsLabel(figure),
    figure.summary ? format(figure.summary.median, figure.unit) : 'not measured',
    figure.summary ? format(figure.summary.min, figure.unit) : '',
    figure.summary ? format(figure.summary.max, figure.unit) : '',
    figure.target ?? '',
    figure.met === undefined ? '' : figure.met ? 'yes' : '**no**',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]): string =>
    `| ${cells
      .map((cell, column) =>
        column >= 2 && column <= 4 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join(' | ')} |`;
  return [
    line(header),
    `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`,
    ...rows.map(line),
  ].join('\n');
}

export function renderNotes(figures: readonly Figure[]): string {
  return figures
    .filter((figure) => figure.note)
    .map((figure) => `- ${figure.label}: ${figure.note}`)
    .join('\n');
}

/** What reports/bench.json holds that the docs show (the bench writes more: each run's raw data). */
export interface BenchRecord {
  mode: 'quick' | 'full';
  command: string;
  date: string;
  machine: {
    platform: string;
    cpus: number;
    cpuModel: string;
    memoryMB: number;
    loadAverageBefore: number[];
    loadAverageAfter: number[];
  };
  node: string;
  figures: Figure[];
}

/** One sentence saying which run the figures come from: command, day, machine and how loaded it was. */
export function describeBenchRun(record: BenchRecord): string {
  const { machine } = record;
  const load = (averages: number[]) => (averages[0] ?? 0).toFixed(1);
  return (
    `\`${record.command}\` (${record.mode}), ${record.date.slice(0, 10)}, Node ${record.node}, ` +
    `${machine.platform}, ${machine.cpus} vCPUs (${machine.cpuModel.trim()}), ` +
    `${Math.round(machine.memoryMB / 1024)} GB; load average ${load(machine.loadAverageBefore)} at the start ` +
    `and ${load(machine.loadAverageAfter)} at the end. The runs column says how many runs each figure summarises.`
  );
}
