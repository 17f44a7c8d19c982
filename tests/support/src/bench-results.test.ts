import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchContext, benchRequested, writeBenchResult } from './bench-results';

const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeBenchResult', () => {
  it('creates the folder, replaces the file whole and leaves no temporary file', async () => {
    const path = join(dir, 'nested', 'figures.md');
    await writeBenchResult(path, 'first\n');
    await writeBenchResult(path, 'second\n');
    expect(readFileSync(path, 'utf8')).toBe('second\n');
    expect(readdirSync(join(dir, 'nested'))).toEqual(['figures.md']);
  });

  it('removes its temporary file and leaves the target alone when the rename fails', async () => {
    const failing = join(dir, 'failing');
    // A file cannot be renamed over a non-empty folder: the rename fails after the data is written.
    const target = join(failing, 'figures.md');
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, 'inside'), 'kept');
    await expect(writeBenchResult(target, 'x')).rejects.toThrow();
    expect(readdirSync(failing)).toEqual(['figures.md']);
    expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('kept');
  });
});

describe('bench context', () => {
  it('names the date, Node, the cores and the load', () => {
    expect(benchContext()).toMatch(
      /^\d{4}-\d\d-\d\d, Node v\d+\.\d+\.\d+, \d+ cores, 1-minute load average \d+\.\d$/,
    );
  });

  it('writes only when IMDB_RNN_BENCH is 1', () => {
    const saved = process.env.IMDB_RNN_BENCH;
    try {
      process.env.IMDB_RNN_BENCH = '1';
      expect(benchRequested()).toBe(true);
      process.env.IMDB_RNN_BENCH = '0';
      expect(benchRequested()).toBe(false);
      delete process.env.IMDB_RNN_BENCH;
      expect(benchRequested()).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.IMDB_RNN_BENCH;
      else process.env.IMDB_RNN_BENCH = saved;
    }
  });
});
