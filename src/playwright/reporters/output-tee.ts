/**
 * Keeps a copy of everything this process prints, for the leak scan: a secret printed to a CI log is a
 * leak like one written to a file. Bounded in memory: beyond the bound the copy stops, and the scan says so.
 */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export class OutputTee {
  readonly #output: Array<{ source: string; text: string }> = [];
  #bytes = 0;
  #cut = false;

  /** Starts copying this process's stdout and stderr. */
  attach(): this {
    for (const [stream, source] of [
      [process.stdout, 'terminal output (stdout)'],
      [process.stderr, 'terminal output (stderr)'],
    ] as const) {
      const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        this.keep(source, chunk);
        return write(chunk, ...rest);
      }) as typeof stream.write;
    }
    return this;
  }

  keep(source: string, chunk: unknown): void {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    if (this.#bytes + text.length > MAX_OUTPUT_BYTES) {
      this.#cut = true;
      return;
    }
    this.#bytes += text.length;
    this.#output.push({ source, text });
  }

  /** What was printed, by source. */
  bySource(): Map<string, string> {
    const sources = new Map<string, string>();
    for (const { source, text } of this.#output) sources.set(source, (sources.get(source) ?? '') + text);
    return sources;
  }

  /** A warning line when the copy was cut, else undefined. */
  cutWarning(): string | undefined {
    return this.#cut
      ? `leak scan: the run printed more than ${MAX_OUTPUT_BYTES} bytes; only the first were scanned.`
      : undefined;
  }
}
