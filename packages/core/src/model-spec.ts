import { describeValue, isRecord } from './describe-value.js';
import { type Fail, SpecError } from './errors.js';
import { isPositiveInteger } from './positive-integer.js';

/** The recurrent cell; gate layouts follow PyTorch (gru: r,z,n; lstm: i,f,g,o). */
export type CellType = 'rnn' | 'gru' | 'lstm';

/** The four reference architectures; `bilstm` is a bidirectional LSTM. */
export type Architecture = 'rnn' | 'gru' | 'lstm' | 'bilstm';

export const ARCHITECTURES: readonly Architecture[] = Object.freeze([
  'rnn',
  'gru',
  'lstm',
  'bilstm',
]);
export const CELL_TYPES: readonly CellType[] = Object.freeze(['rnn', 'gru', 'lstm']);

/** How reports, charts and the docs name each architecture. */
export const ARCHITECTURE_LABELS: Readonly<Record<Architecture, string>> = Object.freeze({
  rnn: 'RNN',
  gru: 'GRU',
  lstm: 'LSTM',
  bilstm: 'BiLSTM',
});

/**
 * What the classifier reads from the recurrent layer (per direction, concatenated):
 * - `last`: the final state, as the reference model (width D*H);
 * - `last-max-mean`: the final state, then the element-wise max and the mean of
 *   the states after each real token (padding never counts; a sequence with no
 *   tokens pools to zeros), width 3*D*H.
 */
export type Pooling = 'last' | 'last-max-mean';

export const POOLINGS: readonly Pooling[] = Object.freeze(['last', 'last-max-mean']);

/** Index of `<unk>` in every vocabulary: unknown words and empty texts map here. */
export const UNK_INDEX = 0;
/** Index of `<pad>` in every vocabulary: padding positions of a batch. */
export const PAD_INDEX = 1;

/**
 * Everything training and inference must agree on about a model's shape.
 * The reference model: embedding -> dropout -> recurrent layer -> dropout on the
 * final hidden state -> linear(1) -> sigmoid.
 */
export interface ModelSpec {
  /** Recurrent cell type. */
  cell: CellType;
  /** Run a second cell over the reversed sequence and concatenate both final states. */
  bidirectional: boolean;
  /** Rows of the embedding matrix: vocabulary tokens including `<unk>` and `<pad>`. */
  vocabSize: number;
  /** Width of each word vector. */
  embeddingSize: number;
  /** Width of the recurrent state (per direction). */
  hiddenSize: number;
  /** Dropout probability in [0, 1), applied to embeddings and to the final state while training. */
  dropout: number;
  /** Token id of `<pad>`; always PAD_INDEX. */
  padIndex: number;
  /** Token id of `<unk>`; always UNK_INDEX. */
  unkIndex: number;
  /** The classifier's input (see Pooling); absent means 'last', so models written before the field read unchanged. */
  pooling?: Pooling;
}

/** The reference setup: 20,000 most frequent training tokens + `<unk>` + `<pad>`. */
export const DEFAULT_SPEC: Readonly<Omit<ModelSpec, 'cell' | 'bidirectional'>> = Object.freeze({
  vocabSize: 20_002,
  embeddingSize: 100,
  hiddenSize: 10,
  dropout: 0.5,
  padIndex: PAD_INDEX,
  unkIndex: UNK_INDEX,
});

/** Number of stacked gate blocks in the PyTorch weight layout: rnn 1, gru 3, lstm 4. */
export function gateCount(cell: CellType): 1 | 3 | 4 {
  return cell === 'rnn' ? 1 : cell === 'gru' ? 3 : 4;
}

/** The spec's pooling, 'last' when the field is absent. */
export function poolingOf(spec: ModelSpec): Pooling {
  return spec.pooling ?? 'last';
}

/** Width of the classifier's input: D*H per pooled statistic (fc.weight is [1, this]). */
export function classifierInputWidth(spec: ModelSpec): number {
  const states = spec.hiddenSize * (spec.bidirectional ? 2 : 1);
  return poolingOf(spec) === 'last' ? states : 3 * states;
}

/** The reference spec of an architecture, with optional field overrides; validated. */
export function modelSpec(arch: Architecture, overrides: Partial<ModelSpec> = {}): ModelSpec {
  if (!ARCHITECTURES.includes(arch)) {
    throw new SpecError(
      'architecture',
      `expected one of ${ARCHITECTURES.join(', ')}, got ${describeValue(arch)}`,
    );
  }
  const base: ModelSpec = {
    cell: arch === 'bilstm' ? 'lstm' : arch,
    bidirectional: arch === 'bilstm',
    ...DEFAULT_SPEC,
  };
  return validateModelSpec({ ...base, ...overrides });
}

/** The architecture name of a spec, or undefined for combinations outside the four (e.g. a bidirectional GRU). */
export function architectureOf(spec: ModelSpec): Architecture | undefined {
  if (!spec.bidirectional) return spec.cell;
  return spec.cell === 'lstm' ? 'bilstm' : undefined;
}

/** Checks an unknown value is a ModelSpec; throws SpecError naming the first bad field. */
export function validateModelSpec(value: unknown): ModelSpec {
  return checkModelSpec(value, 'spec', (path, problem) => {
    throw new SpecError(path, problem);
  });
}

const SPEC_KEYS: readonly (keyof ModelSpec)[] = [
  'cell',
  'bidirectional',
  'vocabSize',
  'embeddingSize',
  'hiddenSize',
  'dropout',
  'padIndex',
  'unkIndex',
  'pooling',
];

/** ModelSpec validation against a caller-chosen path and error class (metadata reuses it). */
export function checkModelSpec(value: unknown, path: string, fail: Fail): ModelSpec {
  if (!isRecord(value)) return fail(path, `expected an object, got ${describeValue(value)}`);
  for (const key of Object.keys(value)) {
    // Unknown keys are usually typos of real ones; silently ignoring them would hide the intent.
    if (!(SPEC_KEYS as readonly string[]).includes(key)) fail(`${path}.${key}`, 'unknown field');
  }
  const {
    cell,
    bidirectional,
    vocabSize,
    embeddingSize,
    hiddenSize,
    dropout,
    padIndex,
    unkIndex,
    pooling,
  } = value;
  if (typeof cell !== 'string' || !(CELL_TYPES as readonly string[]).includes(cell)) {
    fail(`${path}.cell`, `expected one of ${CELL_TYPES.join(', ')}, got ${describeValue(cell)}`);
  }
  if (typeof bidirectional !== 'boolean') {
    fail(`${path}.bidirectional`, `expected a boolean, got ${describeValue(bidirectional)}`);
  }
  // At least <unk> and <pad> (a vocab built from an empty corpus has only those).
  if (!isPositiveInteger(vocabSize) || vocabSize < 2) {
    fail(`${path}.vocabSize`, `expected an integer >= 2, got ${describeValue(vocabSize)}`);
  }
  if (!isPositiveInteger(embeddingSize)) {
    fail(
      `${path}.embeddingSize`,
      `expected a positive integer, got ${describeValue(embeddingSize)}`,
    );
  }
  if (!isPositiveInteger(hiddenSize)) {
    fail(`${path}.hiddenSize`, `expected a positive integer, got ${describeValue(hiddenSize)}`);
  }
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) {
    fail(`${path}.dropout`, `expected a number in [0, 1), got ${describeValue(dropout)}`);
  }
  // Every Vocab puts <unk> at 0 and <pad> at 1; a spec saying otherwise could never match one.
  if (padIndex !== PAD_INDEX) {
    fail(
      `${path}.padIndex`,
      `expected ${PAD_INDEX} (the vocab puts <pad> there), got ${describeValue(padIndex)}`,
    );
  }
  if (unkIndex !== UNK_INDEX) {
    fail(
      `${path}.unkIndex`,
      `expected ${UNK_INDEX} (the vocab puts <unk> there), got ${describeValue(unkIndex)}`,
    );
  }
  if (pooling !== undefined && !(POOLINGS as readonly unknown[]).includes(pooling)) {
    fail(
      `${path}.pooling`,
      `expected one of ${POOLINGS.join(', ')}, got ${describeValue(pooling)}`,
    );
  }
  return {
    cell: cell as CellType,
    bidirectional: bidirectional as boolean,
    vocabSize: vocabSize as number,
    embeddingSize: embeddingSize as number,
    hiddenSize: hiddenSize as number,
    dropout: dropout as number,
    padIndex: PAD_INDEX,
    unkIndex: UNK_INDEX,
    // Kept only when given: a spec without it stays byte-identical when written back.
    ...(pooling === undefined ? {} : { pooling: pooling as Pooling }),
  };
}
