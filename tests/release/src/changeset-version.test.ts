import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesetFile, runChangeset } from './changeset-cli';
import { nextVersion } from './release-plan';
import {
  type PackageManifest,
  repoRoot,
  runtimeDependents,
  type WorkspacePackage,
  workspacePackages,
} from './workspace';
import { copyWorkspace, type WorkspaceCopy } from './workspace-copy';

const CORE = '@imdb-rnn/core';

/** All `workspace:` ranges of a manifest, keyed `field/name`. */
function workspaceRanges(manifest: PackageManifest): Record<string, string> {
  const ranges: Record<string, string> = {};
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies'] as const) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (range.startsWith('workspace:')) ranges[`${field}/${name}`] = range;
    }
  }
  return ranges;
}

/** The pnpm the repository pins in the root package.json (`packageManager`). */
function pinnedPnpm(): string {
  const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  return String(root.packageManager);
}

describe('changeset version, dry run on a copy of main: @imdb-rnn/core gets a minor changeset', () => {
  let copy: WorkspaceCopy;
  let before: WorkspacePackage[];
  let run: { status: number | null; output: string };

  beforeAll(() => {
    copy = copyWorkspace(repoRoot);
    copy.dropPendingChangesets();
    copy.write('.changeset/core-minor.md', changesetFile({ [CORE]: 'minor' }, 'A new feature.'));
    before = workspacePackages(copy.dir);
    run = runChangeset(copy.dir, ['version']);
  });
  afterAll(() => {
    copy?.remove();
  });

  const beforeOf = (name: string) => {
    const found = before.find(({ manifest }) => manifest.name === name);
    if (!found) throw new Error(`${name} is not a workspace package`);
    return found;
  };

  it('exits 0 and consumes the changeset file', () => {
    expect(run.status, run.output).toBe(0);
    expect(copy.read('.changeset/core-minor.md')).toBeUndefined();
  });

  it('bumps @imdb-rnn/core by a minor version and records the summary in its CHANGELOG.md', () => {
    const core = beforeOf(CORE);
    const version = nextVersion(core.manifest.version, 'minor');
    expect(copy.manifest(core.dir).version).toBe(version);
    const changelog = copy.read(`${core.dir}/CHANGELOG.md`) ?? '';
    expect(changelog).toContain(`## ${version}`);
    expect(changelog).toMatch(/### Minor Changes[\s\S]*A new feature\./);
  });

  it('patch-bumps every published dependent of core, its CHANGELOG.md naming the new core', () => {
    const coreVersion = nextVersion(beforeOf(CORE).manifest.version, 'minor');
    const dependents = runtimeDependents(before, CORE);
    expect(dependents).toEqual(
      expect.arrayContaining([
        '@imdb-rnn/export-onnx',
        '@imdb-rnn/infer-node',
        '@imdb-rnn/infer-web',
        '@imdb-rnn/train',
      ]),
    );
    for (const name of dependents) {
      const { dir, manifest } = beforeOf(name);
      if (manifest.private) continue;
      const version = nextVersion(manifest.version, 'patch');
      expect(copy.manifest(dir).version, name).toBe(version);
      const changelog = copy.read(`${dir}/CHANGELOG.md`) ?? '';
      expect(changelog, name).toContain(`## ${version}`);
      expect(changelog, name).toMatch(/### Patch Changes[\s\S]*Updated dependencies/);
      expect(changelog, name).toContain(`${CORE}@${coreVersion}`);
    }
  });

  it('keeps every workspace: range as is, for pnpm publish to rewrite', () => {
    for (const { dir, manifest } of before) {
      expect(workspaceRanges(copy.manifest(dir)), dir).toEqual(workspaceRanges(manifest));
    }
  });

  it('never versions the private workspaces or gives them a CHANGELOG.md', () => {
    const privates = before.filter(({ manifest }) => manifest.private);
    expect(privates.map(({ dir }) => dir)).toEqual(
      expect.arrayContaining(['apps/docs', 'tests/release']),
    );
    for (const { dir, manifest } of privates) {
      expect(copy.manifest(dir), dir).toEqual(manifest);
      expect(copy.read(`${dir}/CHANGELOG.md`), dir).toBeUndefined();
    }
  });

  it('pnpm pack of a dependent turns workspace:^ into a caret range on the new core version', () => {
    copy.linkWorkspaceDependencies();
    const coreVersion = nextVersion(beforeOf(CORE).manifest.version, 'minor');
    const { dir, manifest } = beforeOf('@imdb-rnn/export-onnx');
    expect(manifest.dependencies?.[CORE]).toBe('workspace:^');
    const packed = execFileSync(
      'npx',
      ['-y', pinnedPnpm(), 'pack', '--json', '--pack-destination', copy.dir],
      { cwd: join(copy.dir, dir), encoding: 'utf8', stdio: 'pipe' },
    );
    const tarball = String(JSON.parse(packed).filename);
    const packedManifest = JSON.parse(
      execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' }),
    ) as PackageManifest;
    expect(packedManifest.version).toBe(nextVersion(manifest.version, 'patch'));
    expect(packedManifest.dependencies?.[CORE]).toBe(`^${coreVersion}`);
  });
});
