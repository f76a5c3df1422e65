import semver from 'semver';

/**
 * Rocket.Chat versions as /api/info reports them: "X.Y.Z" for a caller with `view-statistics` (an
 * admin), "X.Y" (patch stripped) for everyone else. Rules that changed between releases are keyed on
 * these helpers, never on a server's name.
 */
export function normaliseVersion(reported: string): string | undefined {
  return semver.valid(reported) ?? semver.coerce(reported)?.version ?? undefined;
}

/** True when `text` is a semver range of versions (">=8.0.0", "7.x", ">=6.0.0 <7.0.0"). */
export function isVersionRange(text: string): boolean {
  return semver.validRange(text) !== null;
}

/**
 * True when `version` (as reported; undefined = unknown) is inside `range`. An unknown version is in no
 * range; a pre-release counts as its release line (8.1.0-rc.1 is in ">=8.0.0").
 */
export function isInRange(version: string | undefined, range: string): boolean {
  if (version === undefined) return false;
  const normalised = normaliseVersion(version);
  return normalised !== undefined && semver.satisfies(normalised, range, { includePrerelease: true });
}
