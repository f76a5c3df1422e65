import semver from 'semver';

/**
 * Rocket.Chat versions as /api/info reports them: "X.Y.Z" for a caller with `view-statistics` (an
 * admin), "X.Y" (patch stripped) for everyone else. Rules that changed between releases are keyed on
 * these helpers, never on a server's name.
 */
export function normaliseVersion(reported: string): string | undefined {
  return semver.valid(reported) ?? semver.coerce(reported)?.version ?? undefined;
}

/** True when `version` (as reported; undefined = unknown) is at least `minimum` ("X.Y.Z"). */
export function isAtLeast(version: string | undefined, minimum: string): boolean {
  if (version === undefined) return false;
  const normalised = normaliseVersion(version);
  return normalised !== undefined && semver.gte(normalised, minimum);
}

/** "8.x" for messages. */
export function majorLine(version: string | undefined): string {
  const normalised = version === undefined ? undefined : normaliseVersion(version);
  return normalised === undefined ? 'an unknown version' : `${semver.major(normalised)}.x`;
}
