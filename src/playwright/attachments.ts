import type { TestInfo } from '@playwright/test';
import { knownSecrets } from '../core/secrets/leak-scan.js';
import { Redactor } from '../core/secrets/redact.js';

/**
 * Attachments are redacted when they are created: a report is published, so an attachment is written
 * as if it were. The secrets are read at the moment of attaching — the spool grows during the run as
 * workers log in — so a token obtained a second ago is already redacted.
 */
export function runRedactor(env: NodeJS.ProcessEnv = process.env): Redactor {
  const redactor = new Redactor();
  for (const secret of knownSecrets(env)) redactor.add(secret);
  return redactor;
}

/**
 * Attaches `content` to the current test with every known secret redacted. Strings are attached as
 * text (or `contentType`), anything else as pretty-printed JSON. Binary attachments and files are not
 * supported on purpose: what cannot be redacted should not be attached.
 */
export async function attachRedacted(
  testInfo: TestInfo,
  name: string,
  content: unknown,
  options: { contentType?: string; redactor?: Redactor } = {},
): Promise<void> {
  const isText = typeof content === 'string';
  const text = isText ? content : JSON.stringify(content, null, 2);
  const redactor = options.redactor ?? runRedactor();
  await testInfo.attach(redactor.redact(name), {
    body: redactor.redact(text ?? String(content)),
    contentType: options.contentType ?? (isText ? 'text/plain' : 'application/json'),
  });
}
