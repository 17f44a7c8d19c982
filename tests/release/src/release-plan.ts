import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export type Bump = 'major' | 'minor' | 'patch';

/** Thrown for a version the release checks cannot bump (only plain x.y.z versions are published). */
export class VersionFormatError extends Error {
  override name = 'VersionFormatError';
}

/** The version after a semver `bump` of a plain `major.minor.patch` version. */
export function nextVersion(version: string, bump: Bump): string {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!match)
    throw new VersionFormatError(`version "${version}" is not of the form major.minor.patch`);
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** The changeset files waiting in `<root>/.changeset`, as paths relative to `root`. */
export function pendingChangesets(root: string): string[] {
  return readdirSync(join(root, '.changeset'))
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .map((file) => `.changeset/${file}`);
}
