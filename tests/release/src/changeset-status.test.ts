import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changesetFile, runChangeset } from './changeset-cli';
import { nextVersion } from './release-plan';
import { repoRoot, runtimeDependents, workspacePackages } from './workspace';
import { copyWorkspace, type WorkspaceCopy } from './workspace-copy';

const CORE = '@imdb-rnn/core';

interface PlannedRelease {
  name: string;
  type: string;
  oldVersion: string;
  newVersion: string;
}

/** Runs `changeset status --output` and returns its exit status and release plan. */
function statusPlan(copy: WorkspaceCopy) {
  const run = runChangeset(copy.dir, ['status', '--output=release-plan.json']);
  const text = copy.read('release-plan.json');
  const releases = text === undefined ? [] : (JSON.parse(text).releases as PlannedRelease[]);
  return { ...run, releases };
}

/** Starts a feature branch off main whose one commit adds a source file to `packageDir`. */
function commitFeature(copy: WorkspaceCopy, packageDir: string) {
  copy.git('checkout', '--quiet', '-b', 'feature');
  copy.write(`${packageDir}/src/feature.ts`, 'export const feature = 1;\n');
  copy.git('add', '--all');
  copy.git('commit', '--quiet', '--message', `feature in ${packageDir}`);
}

describe('changeset status', () => {
  let copy: WorkspaceCopy;
  beforeEach(() => {
    copy = copyWorkspace(repoRoot);
  });
  afterEach(() => {
    copy.remove();
  });

  it('exits 0 on a clean copy of main, planning releases only for published packages', () => {
    const published = new Set(
      workspacePackages(repoRoot)
        .filter(({ manifest }) => !manifest.private)
        .map(({ manifest }) => manifest.name),
    );
    const { status, output, releases } = statusPlan(copy);
    expect(status, output).toBe(0);
    // Ignored workspaces (docs, packaging-tests) appear in the plan with type 'none': no release.
    const planned = releases.filter((release) => release.type !== 'none');
    for (const release of planned) expect(published).toContain(release.name);
  });

  it('fails when a published package changed on a branch without a changeset', () => {
    copy.dropPendingChangesets();
    commitFeature(copy, 'packages/core');
    const { status, output } = runChangeset(copy.dir, ['status']);
    expect(status).toBe(1);
    expect(output).toContain('Some packages have been changed but no changesets were found');
  });

  it('passes once a changeset names the changed package, planning its dependents as patches', () => {
    copy.dropPendingChangesets();
    commitFeature(copy, 'packages/core');
    copy.write('.changeset/core-feature.md', changesetFile({ [CORE]: 'minor' }, 'A feature.'));
    copy.git('add', '--all');
    copy.git('commit', '--quiet', '--message', 'changeset');

    const { status, output, releases } = statusPlan(copy);
    expect(status, output).toBe(0);
    const core = copy.manifest('packages/core');
    expect(releases).toContainEqual(
      expect.objectContaining({
        name: CORE,
        type: 'minor',
        newVersion: nextVersion(core.version, 'minor'),
      }),
    );
    const dependents = runtimeDependents(workspacePackages(copy.dir), CORE);
    expect(dependents.length).toBeGreaterThan(0);
    for (const name of dependents) {
      expect(releases).toContainEqual(expect.objectContaining({ name, type: 'patch' }));
    }
  });

  it('needs no changeset for a change that only touches private workspaces', () => {
    const privateDirs = workspacePackages(repoRoot)
      .filter(({ manifest }) => manifest.private)
      .map(({ dir }) => dir);
    expect(privateDirs).toContain('tests/release');
    copy.dropPendingChangesets();
    copy.git('checkout', '--quiet', '-b', 'feature');
    for (const dir of privateDirs)
      copy.write(`${dir}/src/feature.ts`, 'export const feature = 1;\n');
    copy.git('add', '--all');
    copy.git('commit', '--quiet', '--message', 'private-only change');
    const { status, output } = runChangeset(copy.dir, ['status']);
    expect(status, output).toBe(0);
  });
});
