// What `pnpm pack` put into each tarball: only the build and the README, a package.json whose
// workspace ranges became real ones, and every file the manifest points at.
import { statSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { PackedTarball } from './packaging-context.js';
import { runChecked } from './run-command.js';
import { PUBLISHED_PACKAGES } from './workspace.js';

const context = inject('packaging');

interface Manifest {
  name: string;
  main?: string;
  module?: string;
  types?: string;
  bin?: Record<string, string>;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

async function packedManifest(tarball: PackedTarball): Promise<Manifest> {
  const { stdout } = await runChecked('tar', ['-xzOf', tarball.file, 'package/package.json'], {
    cwd: context.root,
  });
  return JSON.parse(stdout) as Manifest;
}

/** Every file path a manifest names: main, module, types, bins and all export conditions. */
function manifestTargets(manifest: Manifest): string[] {
  const targets: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk([manifest.main, manifest.module, manifest.types, manifest.bin, manifest.exports]);
  return targets.map((t) => t.replace(/^\.\//, ''));
}

describe.each(PUBLISHED_PACKAGES)('the packed @imdb-rnn/%s', (pkg) => {
  it('ships dist/, package.json, README.md and the MIT LICENSE only', () => {
    const { files } = context.tarballs[pkg];
    const meta = ['package.json', 'README.md', 'LICENSE'];
    for (const file of meta) expect(files).toContain(file);
    const others = files.filter((f) => !meta.includes(f) && !f.startsWith('dist/'));
    expect(others).toEqual([]);
  });

  it('has no workspace: ranges left, and its @imdb-rnn dependencies point at the same version', async () => {
    const tarball = context.tarballs[pkg];
    const manifest = await packedManifest(tarball);
    expect(manifest.name).toBe(`@imdb-rnn/${pkg}`);
    const ranges = {
      ...manifest.dependencies,
      ...manifest.peerDependencies,
      ...manifest.optionalDependencies,
    };
    for (const [name, range] of Object.entries(ranges)) {
      expect(range, name).not.toMatch(/^workspace:/);
      if (name.startsWith('@imdb-rnn/')) expect(range, name).toBe(`^${tarball.version}`);
    }
  });

  it('contains every file its manifest points at (main, module, types, bin, exports)', async () => {
    const tarball = context.tarballs[pkg];
    const targets = manifestTargets(await packedManifest(tarball));
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) {
      if (target === 'package.json') continue;
      expect(tarball.files, target).toContain(target);
    }
  });
});

describe('the packed @imdb-rnn/models', () => {
  it('ships every model file its manifest lists and stays within 12 MB', async () => {
    const { files, file } = context.tarballs.models;
    const { stdout } = await runChecked('tar', ['-xzOf', file, 'package/dist/models.json'], {
      cwd: context.root,
    });
    const manifest = JSON.parse(stdout) as { models: { file: string }[] };
    expect(manifest.models.length).toBeGreaterThan(0);
    for (const model of manifest.models) expect(files).toContain(`dist/${model.file}`);
    expect(statSync(file).size).toBeLessThanOrEqual(12e6);
  });
});
