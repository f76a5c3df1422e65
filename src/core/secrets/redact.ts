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

/**
 * Forms are found through their first MIN_SECRET_LENGTH characters: a run against many targets (the
 * mutation matrix) registers thousands of forms while it keeps redacting, and one regular expression of
 * them all would be rebuilt after every new secret and tried at every position. Here adding a secret is
 * cheap and redacting costs one lookup per position of the text, however many secrets there are.
 */
export class Redactor {
  /** First two characters → next two → the forms starting with those four, longest first. */
  readonly #forms = new Map<number, Map<number, string[]>>();
  #size = 0;

  /** Registers a secret; undefined and empty values are ignored so callers need no guard. */
  add(secret: string | undefined | null): this {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return this;
    for (const form of secretForms(secret)) {
      const head = pair(form, 0);
      const byTail = this.#forms.get(head) ?? new Map<number, string[]>();
      this.#forms.set(head, byTail);
      const tail = pair(form, 2);
      const list = byTail.get(tail) ?? [];
      if (list.includes(form)) continue;
      // Longest first, so a secret is never half-replaced by a shorter form of itself.
      list.push(form);
      list.sort((a, b) => b.length - a.length);
      byTail.set(tail, list);
      this.#size += 1;
    }
    return this;
  }

  get size(): number {
    return this.#size;
  }

  redact(text: string): string {
    if (this.#size === 0) return text;
    let out = '';
    let copied = 0;
    for (let at = 0; at <= text.length - MIN_SECRET_LENGTH; ) {
      const list = this.#forms.get(pair(text, at))?.get(pair(text, at + 2));
      const form = list?.find((candidate) => text.startsWith(candidate, at));
      if (form === undefined) {
        at += 1;
        continue;
      }
      out += text.slice(copied, at) + REDACTED;
      at += form.length;
      copied = at;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }

  /** A plain function, for hooks such as the error formatter's `redact` option. */
  get fn(): (text: string) => string {
    return (text) => this.redact(text);
  }
}

/** Two UTF-16 code units at `at` as one number: a map key without slicing the text. */
function pair(text: string, at: number): number {
  return text.charCodeAt(at) * 65_536 + text.charCodeAt(at + 1);
}
