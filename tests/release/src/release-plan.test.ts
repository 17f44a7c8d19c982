import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextVersion, pendingChangesets, VersionFormatError } from './release-plan';

describe('nextVersion', () => {
  it('applies semver major, minor and patch bumps, resetting the lower parts', () => {
    expect(nextVersion('0.0.0', 'minor')).toBe('0.1.0');
    expect(nextVersion('1.4.2', 'major')).toBe('2.0.0');
    expect(nextVersion('1.4.2', 'minor')).toBe('1.5.0');
    expect(nextVersion('1.4.2', 'patch')).toBe('1.4.3');
  });

  it('rejects a prerelease or malformed version, naming it', () => {
    expect(() => nextVersion('1.0.0-next.1', 'patch')).toThrow(VersionFormatError);
    expect(() => nextVersion('1.0', 'patch')).toThrow(/"1\.0"/);
  });
});

describe('pendingChangesets', () => {
  it('lists the changeset markdown files but not the README or the config', () => {
    const root = mkdtempSync(join(tmpdir(), 'imdb-rnn-pending-'));
    try {
      mkdirSync(join(root, '.changeset'));
      for (const file of ['README.md', 'config.json', 'brave-cats-sing.md']) {
        writeFileSync(join(root, '.changeset', file), '');
      }
      expect(pendingChangesets(root)).toEqual(['.changeset/brave-cats-sing.md']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
