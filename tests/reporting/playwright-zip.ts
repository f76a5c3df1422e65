import { createRequire } from 'node:module';

/**
 * Reads a zip with the reader Playwright's trace viewer uses (playwright-core's internal ZipFile, over
 * yauzl): a trace the scrubber rewrote must still open there. Internal API, so typed here by hand.
 */
interface PlaywrightZipFile {
  entries(): Promise<string[]>;
  read(entry: string): Promise<Buffer>;
  close(): void;
}
type ZipFileClass = new (fileName: string) => PlaywrightZipFile;

const require = createRequire(import.meta.url);
const { ZipFile } = (require('playwright-core/lib/coreBundle') as { utils: { ZipFile: ZipFileClass } }).utils;

/** Entry name → text. */
export async function readWithPlaywright(file: string): Promise<Record<string, string>> {
  const zip = new ZipFile(file);
  try {
    const result: Record<string, string> = {};
    for (const entry of await zip.entries()) result[entry] = (await zip.read(entry)).toString('utf8');
    return result;
  } finally {
    zip.close();
  }
}
