import { describe, expect, it } from 'vitest';
import { repoRoot, workspacePackages } from './workspace';

const packages = workspacePackages(repoRoot);
const published = packages.filter(({ manifest }) => !manifest.private);
const privates = packages.filter(({ manifest }) => manifest.private);

/** Every leaf of an `exports` condition tree, with the condition path that leads to it. */
function exportConditions(
  node: unknown,
  path: string[] = [],
): { path: string[]; conditions: string[] }[] {
  if (typeof node !== 'object' || node === null) return [];
  const keys = Object.keys(node);
  const nested = keys.flatMap((key) =>
    exportConditions((node as Record<string, unknown>)[key], [...path, key]),
  );
  const isLeafObject = keys.every(
    (key) => typeof (node as Record<string, unknown>)[key] === 'string',
  );
  return isLeafObject ? [{ path, conditions: keys }, ...nested] : nested;
}

/**
 * `false`, except in @imdb-rnn/models: each per-model module (every subpath but the manifest
 * entry `.`) registers its model's URL under its name when imported, so bundlers must keep
 * a bare `import '@imdb-rnn/models/best'`; its ESM and CJS files, and nothing else.
 */
function expectedSideEffects(dir: string, manifest: Record<string, unknown>): unknown {
  if (dir !== 'packages/models') return false;
  return exportConditions(manifest.exports)
    .filter(({ path }) => path[0] !== '.' && path[0] !== './package.json')
    .flatMap(({ conditions, path }) =>
      conditions.includes('default') ? [exportTarget(manifest.exports, [...path, 'default'])] : [],
    );
}

function exportTarget(node: unknown, path: string[]): string {
  return path.reduce((at, key) => (at as Record<string, unknown>)[key], node) as string;
}

describe('workspace packages', () => {
  it('are the six published packages and the private docs and test workspaces', () => {
    expect(published.map(({ dir }) => dir)).toEqual([
      'packages/core',
      'packages/export-onnx',
      'packages/infer-node',
      'packages/infer-web',
      'packages/models',
      'packages/train',
    ]);
    expect(privates.map(({ dir }) => dir)).toEqual(
      expect.arrayContaining(['apps/docs', 'tests/release']),
    );
  });
});

describe.each(published.map(({ dir, manifest }) => [dir, manifest] as const))(
  'published manifest %s',
  (dir, manifest) => {
    it('runs publint --strict and attw as its turbo publint/attw tasks', () => {
      const scripts = manifest.scripts as Record<string, string>;
      expect(scripts.publint).toBe('publint --strict');
      expect(scripts.attw).toMatch(/^attw --pack \.(?: |$)/);
    });

    it('has no npm lifecycle script that packing would run', () => {
      const scripts = Object.keys(manifest.scripts as Record<string, string>);
      for (const hook of ['prepack', 'prepare', 'postpack', 'prepublishOnly', 'prepublish']) {
        expect(scripts, `${dir} "${hook}"`).not.toContain(hook);
      }
    });

    it('ships dist only, is side-effect free, public, and states its Node engine', () => {
      expect(manifest.files).toEqual(['dist']);
      expect(manifest.sideEffects).toEqual(expectedSideEffects(dir, manifest));
      expect(manifest.publishConfig).toEqual(expect.objectContaining({ access: 'public' }));
      expect((manifest.engines as Record<string, string>).node).toMatch(/^>=\d+/);
      expect((manifest.repository as Record<string, string>).directory).toBe(dir);
    });

    it('gives every import and require condition of its exports map its own types, listed first', () => {
      const leaves = exportConditions(manifest.exports).filter(
        ({ path }) => path.at(-1) === 'import' || path.at(-1) === 'require',
      );
      expect(leaves.length).toBeGreaterThan(0);
      for (const { path, conditions } of leaves) {
        expect(conditions[0], path.join(' > ')).toBe('types');
        expect(conditions, path.join(' > ')).toContain('default');
      }
    });
  },
);

describe.each(privates.map(({ dir, manifest }) => [dir, manifest] as const))(
  'private workspace %s',
  (_dir, manifest) => {
    it('defines no publint or attw script, so turbo never checks it for publishing', () => {
      const scripts = (manifest.scripts ?? {}) as Record<string, string>;
      expect(Object.keys(scripts)).not.toContain('publint');
      expect(Object.keys(scripts)).not.toContain('attw');
    });
  },
);
