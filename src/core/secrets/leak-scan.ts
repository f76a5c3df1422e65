import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ConfigError, resolveConfig } from '../run/config.js';
import { secretForms } from './redact.js';
import { readSpooledSecrets } from './secret-spool.js';
import { looksLikeZip, readZipEntries, type ZipEntry } from '../results/zip-entries.js';
import { escapeHtml } from '../results/escape-html.js';

/**
 * The leak scan: searches files (and text kept in memory, such as a run's terminal output) for every
 * secret the run knew, in every form in which a secret can end up in an artifact. Archives are opened,
 * because a secret inside a deflated entry (a trace, a blob report, the HTML report's embedded data) is
 * invisible to a byte search, and so are base64 `data:` URIs, which is how the HTML report embeds its zip.
 * Findings name the file and the form, never the secret.
 */
export interface LeakFinding {
  /** The file (or in-memory source) the secret was found in. */
  file: string;
  /** The path inside the file: archive entries and embedded data URIs, outermost first. */
  inside: string[];
  /** Which form of the secret matched, e.g. "plain", "URL-encoded", "base64". */
  form: string;
}

export interface SecretPattern {
  form: string;
  bytes: Buffer;
}

const SHIFTED_BASE64 = 'base64 (inside longer base64 data)';
/** Base64 forms of a secret that starts mid-way through a 3-byte group are only this long when useful. */
const MIN_SHIFTED_BASE64_LENGTH = 12;
/** Archives inside data URIs inside archives …: deep enough for Playwright's artifacts, bounded. */
const MAX_DEPTH = 4;

/** Every form of every secret, labelled. Built on redact.ts's `secretForms`, plus the escapings files use. */
export function secretPatterns(secrets: Iterable<string>): SecretPattern[] {
  const patterns = new Map<string, string>();
  const add = (text: string, form: string): void => {
    if (text.length >= 4 && !patterns.has(text)) patterns.set(text, form);
  };
  for (const secret of secrets) {
    const forms = secretForms(secret);
    if (forms.length === 0) continue; // too short to track (see redact.ts)
    const base64 = Buffer.from(secret, 'utf8').toString('base64');
    const base64url = Buffer.from(secret, 'utf8').toString('base64url');
    for (const form of forms) {
      if (form === secret) add(form, 'plain');
      else if (form === encodeURIComponent(secret)) add(form, 'URL-encoded');
      else if (form === base64 || form === base64.replace(/=+$/, '')) add(form, 'base64');
      else if (form === base64url) add(form, 'base64url');
      else add(form, 'encoded');
    }
    add(new URLSearchParams({ s: secret }).toString().slice(2), 'form-encoded');
    add(JSON.stringify(secret).slice(1, -1), 'JSON-escaped');
    add(escapeHtml(secret), 'HTML-escaped');
    for (const core of shiftedBase64Cores(secret)) add(core, SHIFTED_BASE64);
  }
  return [...patterns].map(([text, form]) => ({ form, bytes: Buffer.from(text, 'utf8') }));
}

/**
 * A secret encoded as part of a longer value (`user:password` in a Basic header, a token inside a
 * base64-encoded JSON body) starts at byte offset 0, 1 or 2 of a 3-byte group; each alignment gives a
 * different base64 text. The characters that depend on the secret's bytes alone are the same wherever
 * the secret sits at that alignment, so those cores are searched for too — only for long secrets,
 * since a short core could match random base64 by chance.
 */
function shiftedBase64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const cores: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    const start = Math.ceil((8 * shift) / 6);
    const end = Math.floor((8 * (shift + bytes.length)) / 6);
    const core = encoded.slice(start, end);
    if (core.length < MIN_SHIFTED_BASE64_LENGTH) continue;
    cores.push(core, core.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return cores;
}

/** Scans every regular file under each root (missing roots are skipped; symlinks are not followed). */
export function scanDirectories(secrets: Iterable<string>, roots: Iterable<string>): LeakFinding[] {
  const patterns = secretPatterns(secrets);
  if (patterns.length === 0) return [];
  const findings: LeakFinding[] = [];
  for (const root of new Set(roots)) {
    for (const file of listFiles(root)) findings.push(...scanBytes(readFileSync(file), patterns, file));
  }
  return findings;
}

export function scanText(text: string, secrets: Iterable<string>, source: string): LeakFinding[] {
  return scanBytes(Buffer.from(text, 'utf8'), secretPatterns(secrets), source);
}

export function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const stat = lstatSync(root);
  if (stat.isFile()) return [root];
  if (!stat.isDirectory()) return [];
  const files: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path));
    else if (entry.isFile()) files.push(path);
  }
  return files.sort();
}

function scanBytes(bytes: Buffer, patterns: SecretPattern[], file: string): LeakFinding[] {
  const findings: LeakFinding[] = [];
  const seen = new Set<string>();
  const visit = (content: Buffer, inside: string[], depth: number): void => {
    const report = (form: string): void => {
      const key = `${inside.join('\u0000')}\u0001${form}`;
      if (seen.has(key)) return;
      seen.add(key);
      findings.push({ file, inside, form });
    };
    const matched = new Set(patterns.filter((pattern) => content.includes(pattern.bytes)).map((p) => p.form));
    // A whole base64 form also contains its aligned core: name the more specific form only.
    if (matched.has('base64')) matched.delete(SHIFTED_BASE64);
    for (const form of matched) report(form);
    if (depth >= MAX_DEPTH) return;

    if (looksLikeZip(content)) {
      let entries: ZipEntry[];
      try {
        entries = readZipEntries(content);
      } catch (error) {
        // An archive we cannot open could hide anything: that is a finding, not a pass.
        report(`unreadable archive (${(error as Error).message})`);
        return;
      }
      for (const entry of entries) visit(entry.data, [...inside, entry.name], depth + 1);
    } else if (content.length > 2 && content[0] === 0x1f && content[1] === 0x8b) {
      try {
        visit(gunzipSync(content), [...inside, '(gunzipped)'], depth + 1);
      } catch {
        report('unreadable gzip data');
      }
    }

    if (content.includes(';base64,')) {
      const text = content.toString('latin1');
      for (const match of text.matchAll(/data:([\w.+-]+\/[\w.+-]+)?;base64,([A-Za-z0-9+/=_-]{8,})/g)) {
        const decoded = Buffer.from(match[2] ?? '', 'base64');
        visit(decoded, [...inside, `data:${match[1] ?? ''} URI`], depth + 1);
      }
    }
  };
  visit(bytes, [], 0);
  return findings;
}

/** "reports/html/index.html › data:application/zip URI › report.json (base64)" */
export function describeFinding(finding: LeakFinding, relativeTo?: (file: string) => string): string {
  const file = relativeTo ? relativeTo(finding.file) : finding.file;
  return `${[file, ...finding.inside].join(' › ')} (${finding.form})`;
}

/**
 * Every secret the run knew: the spool (tokens obtained by workers, seeded users' passwords …) plus the
 * configuration's own secrets, read again here so that a run whose spool never got written is still
 * scanned for the passwords it was given.
 */
export function knownSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const secrets = new Set(readSpooledSecrets(env));
  try {
    for (const secret of resolveConfig(env).secrets) secrets.add(secret);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // A run stopped by bad configuration still gets its raw secret variables scanned for.
    for (const name of ['ROCKETCHAT_ADMIN_PASSWORD', 'ROCKETCHAT_PASSWORD', 'ROCKETCHAT_AUTH_TOKEN']) {
      const value = env[name]?.trim();
      if (value) secrets.add(value);
    }
  }
  return [...secrets];
}
