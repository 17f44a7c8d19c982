import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** The names an entry file re-exports: `export { a, type B } from '...'` blocks only. */
function exportedNames(source: string): string[] {
  const names: string[] = [];
  for (const [, list] of source.matchAll(/export (?:type )?\{([^}]*)\} from/g)) {
    for (const item of (list as string).split(',')) {
      const name = item.replace(/^\s*type\s+/, '').trim();
      if (name !== '') names.push(name);
    }
  }
  return names.sort();
}

// Backticked words of the README's API section that are values, not names of ours.
const NOT_EXPORTS = new Set([
  'reference',
  'best',
  'cpu',
  'wasm',
  'auto',
  'js',
  'code',
  'ImdbRnnError',
]);

describe('the public entries', () => {
  it('export exactly the names the README API section documents', () => {
    const readme = read('../README.md');
    const section = readme.slice(
      readme.indexOf('## API'),
      readme.indexOf('\n## ', readme.indexOf('## API') + 1),
    );
    const documented = [...section.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)`/g)]
      .map(([, name]) => name as string)
      .filter((name) => !NOT_EXPORTS.has(name));
    const exported = [...exportedNames(read('./index.ts')), ...exportedNames(read('./testing.ts'))];
    expect([...new Set(documented)].sort()).toEqual([...new Set(exported)].sort());
  });

  it('keep test helpers and the CLI runner out of the main entry', async () => {
    const index = await import('./index');
    for (const name of ['runCli', 'referenceRecurrentLayer', 'syntheticResults', 'smallDataset']) {
      expect(Object.keys(index)).not.toContain(name);
    }
    const testing = await import('./testing');
    expect(typeof testing.referenceRecurrentLayer).toBe('function');
    expect(typeof testing.syntheticResults).toBe('function');
    // Importing loads tfjs and the wasm kernels: slow on a loaded machine.
  }, 60_000);
});
