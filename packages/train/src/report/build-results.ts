import { aggregateRuns } from './aggregate.js';
import { PUBLISHED, PYTORCH_RERUN } from './reference.js';
import {
  type DataSummary,
  type MachineInfo,
  RESULTS_SCHEMA_VERSION,
  type ResultsFile,
  type RunResult,
  type TrialInfo,
} from './results.js';

/**
 * Assembles a complete results file from finished runs: adds the units, the
 * reference figures and the per-architecture aggregates, so the file can be
 * read (and the docs page rendered) without this package's code.
 */
export function buildResults(input: {
  runs: readonly RunResult[];
  machine: MachineInfo;
  /** the user's own data, when the runs did not train on IMDB */
  data?: DataSummary;
  /** set for selection trials (runs without test figures) */
  trial?: TrialInfo;
  /** defaults to now; fixed in tests */
  generatedAt?: Date;
  /** defaults to "@imdb-rnn/train" */
  generator?: string;
}): ResultsFile {
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    generatedAt: (input.generatedAt ?? new Date()).toISOString(),
    generator: input.generator ?? '@imdb-rnn/train',
    units: {
      accuracy: 'fraction in [0, 1] (0.8712 = 87.12%)',
      seconds: 'wall-clock seconds',
      memory: 'MiB (2^20 bytes)',
    },
    machine: input.machine,
    reference: { published: PUBLISHED, pytorchRerun: PYTORCH_RERUN },
    ...(input.trial === undefined ? {} : { trial: input.trial }),
    ...(input.data === undefined ? {} : { data: input.data }),
    runs: [...input.runs],
    aggregates: aggregateRuns(input.runs),
  };
}
