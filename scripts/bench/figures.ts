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

export function renderTable(figures: readonly Figure[]): string {
  const header = ['figure', 'median', 'min', 'max', 'target', 'met?'];
  const rows = figures.map((figure) => [
    figure.label,
    figure.summary ? format(figure.summary.median, figure.unit) : 'not measured',
    figure.summary ? format(figure.summary.min, figure.unit) : '',
    figure.summary ? format(figure.summary.max, figure.unit) : '',
    figure.target ?? '',
    figure.met === undefined ? '' : figure.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) =>
        column >= 1 && column <= 3 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join(' | ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('-|-'), ...rows.map(line)].join('\n');
}

export function renderNotes(figures: readonly Figure[]): string {
  return figures
    .filter((figure) => figure.note)
    .map((figure) => `- ${figure.label}: ${figure.note}`)
    .join('\n');
}
