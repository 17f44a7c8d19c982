import { ArgumentError } from '@imdb-rnn/core';
import { describe, expect, it } from 'vitest';
import { type ExperimentOptions, runExperiment } from './experiment';

// Every case fails before any data is read: the data path does not exist.
const base: ExperimentOptions = {
  data: '/nonexistent/aclImdb_v1.tar.gz',
  outDir: '/nonexistent/out',
  architectures: ['rnn'],
  seeds: [1],
  preset: 'reference',
  vectors: 'none',
};

describe('runExperiment options', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['data', { data: undefined }, 'data: expected the IMDB archive or folder'],
    ['data', { data: { rows: [] } }, 'got an object'],
    ['outDir', { outDir: '' }, 'outDir: expected the report folder'],
    ['preset', { preset: 'fast' }, 'preset: expected one of reference, best'],
    [
      'architectures',
      { architectures: [] },
      'architectures: expected at least one of rnn, gru, lstm, bilstm, got an empty array',
    ],
    ['architectures[1]', { architectures: ['rnn', 'cnn'] }, 'architectures[1]: expected one of'],
    ['seeds', { seeds: [] }, 'seeds: expected at least one seed'],
    ['seeds[0]', { seeds: [1.5] }, 'seeds[0]: expected an integer, got 1.5'],
  ];
  for (const [name, patch, message] of cases) {
    it(`names a bad ${name} before reading data`, async () => {
      const run = runExperiment({ ...base, ...patch } as ExperimentOptions);
      await expect(run).rejects.toThrow(ArgumentError);
      await expect(runExperiment({ ...base, ...patch } as ExperimentOptions)).rejects.toThrow(
        message,
      );
    });
  }
});
