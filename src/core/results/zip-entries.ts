import { type UnzipFileInfo, unzipSync, zipSync } from 'fflate';

/**
 * Zip archives through fflate: the leak scan looks inside the archives Playwright writes (traces, blob
 * reports, the HTML report's embedded data), because a secret in a deflated entry is invisible to a byte
 * search; the trace scrubber rewrites traces with secrets redacted.
 */
export interface ZipEntry {
  name: string;
  data: Buffer;
}

const LOCAL_HEADER = 0x04034b50;

export function looksLikeZip(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes.readUInt32LE(0) === LOCAL_HEADER;
}

/**
 * Every entry, in archive order. fflate trusts the central directory: a damaged one gives nameless,
 * repeated or short entries rather than an error, so those are errors here — for the leak scan an
 * archive it could not fully read must never look clean.
 */
export function readZipEntries(bytes: Uint8Array): ZipEntry[] {
  const listed: UnzipFileInfo[] = [];
  const files = unzipSync(bytes, {
    filter: (info) => {
      listed.push(info);
      return true;
    },
  });
  const seen = new Set<string>();
  return listed.map(({ name, originalSize }, index) => {
    if (name === '') throw new Error(`entry ${index + 1} has no name (damaged central directory)`);
    if (seen.has(name)) throw new Error(`entry name ${name} appears twice`);
    seen.add(name);
    const data = files[name];
    if (data?.length !== originalSize) {
      throw new Error(`entry ${name} holds ${data?.length ?? 0} bytes, its directory says ${originalSize}`);
    }
    return { name, data: Buffer.from(data.buffer, data.byteOffset, data.length) };
  });
}

/** The same date for every entry (1980-01-01, local: zip stores local time), so a rewrite is deterministic. */
const FIXED_MTIME = new Date(1980, 0, 1);

/** Deflates the entries into one archive, in order. */
export function writeZipEntries(entries: readonly ZipEntry[]): Buffer {
  const files = Object.fromEntries(entries.map((entry) => [entry.name, entry.data]));
  return Buffer.from(zipSync(files, { mtime: FIXED_MTIME }));
}
