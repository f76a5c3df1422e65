/**
 * Replaces every known secret — and the encoded forms in which it can leak (URL-encoded, base64,
 * base64url) — with a fixed marker. Framework-neutral: used by the error formatter, the API client
 * wrapper and the reporters alike.
 */
const REDACTED = '[REDACTED]';

/** Secrets shorter than this are not tracked: redacting "a" or "1" would shred every message. */
const MIN_SECRET_LENGTH = 4;

/** Every form in which a secret value can appear in a file or a log line. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([
    secret,
    encodeURIComponent(secret),
    Buffer.from(secret, 'utf8').toString('base64'),
    Buffer.from(secret, 'utf8').toString('base64url'),
  ]);
  // A base64 form may lose its padding when embedded in another encoded string.
  for (const form of [...forms]) forms.add(form.replace(/=+$/, ''));
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

export class Redactor {
  readonly #forms = new Set<string>();
  #pattern: RegExp | undefined;

  /** Registers a secret; undefined and empty values are ignored so callers need no guard. */
  add(secret: string | undefined | null): this {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return this;
    for (const form of secretForms(secret)) this.#forms.add(form);
    this.#pattern = undefined;
    return this;
  }

  get size(): number {
    return this.#forms.size;
  }

  redact(text: string): string {
    if (this.#forms.size === 0) return text;
    this.#pattern ??= new RegExp(
      // Longest first, so a secret is never half-replaced by a shorter form of itself.
      [...this.#forms]
        .sort((a, b) => b.length - a.length)
        .map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return text.replace(this.#pattern, REDACTED);
  }

  /** A plain function, for hooks such as the error formatter's `redact` option. */
  get fn(): (text: string) => string {
    return (text) => this.redact(text);
  }
}
