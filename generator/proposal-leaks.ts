import { knownSecrets, scanText } from '../src/core/secrets/leak-scan.js';
import { ownReferences } from './public-evidence.js';

/**
 * The leak scan of a documentation proposal, run on every output before anything is written (files and
 * terminal lines): a proposal goes into a public pull request, so it must name nothing of the servers its
 * drift reports came from, and none of this repository's files. Findings name the kind, never the value.
 */

/** The configuration's names of a server and its accounts: URLs, user names, user ids. */
const IDENTIFYING_ENV = [
  'ROCKETCHAT_URL',
  'ROCKETCHAT_ADMIN_USER',
  'ROCKETCHAT_ADMIN_USER_ID',
  'ROCKETCHAT_USER',
  'ROCKETCHAT_USER_ID',
] as const;

/** A server's URL in every form it could be printed: the URL, host with port, host name. */
function targetForms(url: string): string[] {
  const forms = [url.trim()];
  try {
    const parsed = new URL(url.trim());
    forms.push(parsed.origin, parsed.host, parsed.hostname.replace(/^\[|\]$/g, ''));
  } catch {
    // Not a URL: the text itself is searched for.
  }
  return forms.filter((form) => form.length >= 3);
}

export interface ProposalLeak {
  output: string;
  what: string;
}

/**
 * What of the run's servers and of this repository the outputs name. `targets` are the servers the drift
 * reports were taken from (conformance.json's run.target); the configuration's URL, accounts and secrets
 * are added from the environment.
 */
export function proposalLeaks(
  outputs: ReadonlyArray<{ name: string; text: string; ownFiles: boolean }>,
  targets: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ProposalLeak[] {
  const identifying = new Map<string, string>();
  for (const target of targets)
    for (const form of targetForms(target)) identifying.set(form, 'the target server');
  for (const name of IDENTIFYING_ENV) {
    const value = env[name]?.trim();
    if (!value) continue;
    const forms = name === 'ROCKETCHAT_URL' ? targetForms(value) : [value];
    for (const form of forms) if (form.length >= 3) identifying.set(form, name);
  }
  const secrets = knownSecrets(env);
  const leaks: ProposalLeak[] = [];
  for (const { name, text, ownFiles } of outputs) {
    const lower = text.toLowerCase();
    const found = new Set<string>();
    for (const [form, what] of identifying) if (lower.includes(form.toLowerCase())) found.add(what);
    if (scanText(text, secrets, name).length > 0) found.add('a secret of the configuration');
    if (ownFiles && ownReferences(text).length > 0) found.add('a file of this repository');
    for (const what of found) leaks.push({ output: name, what });
  }
  return leaks;
}
