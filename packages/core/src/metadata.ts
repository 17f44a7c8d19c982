import { describeValue, isRecord } from './describe-value.js';
import { type Fail, MetadataError } from './errors.js';
import { checkModelSpec, type ModelSpec } from './model-spec.js';
import { isPositiveInteger } from './positive-integer.js';
import { TOKENIZER_VERSION } from './tokenize.js';
import { checkVocabTokens } from './vocab.js';

export const ARTIFACT_FORMAT = 'imdb-rnn';
export const ARTIFACT_FORMAT_VERSION = 1;
/**
 * IMDB's class names: output 0 of the classifier's sigmoid is "negative", 1 "positive".
 * Also the names of any model whose metadata records none (files written before
 * `labels` could name other classes).
 */
export const LABELS: readonly ['negative', 'positive'] = Object.freeze([
  'negative',
  'positive',
]) as readonly ['negative', 'positive'];

/**
 * Measured quality of a trained model. Accuracies are fractions in [0, 1] (not
 * percent); losses are mean binary cross-entropy (>= 0); other entries any finite number.
 */
export interface ArtifactMetrics {
  testAccuracy?: number;
  testLoss?: number;
  validAccuracy?: number;
  validLoss?: number;
  trainAccuracy?: number;
  trainLoss?: number;
  epochs?: number;
  [name: string]: number | undefined;
}

/** What a model artifact says about itself; everything inference needs besides the weights. */
export interface ArtifactMetadata {
  format: 'imdb-rnn';
  formatVersion: 1;
  spec: ModelSpec;
  /** TOKENIZER_VERSION at training time; inference must tokenize the same way. */
  tokenizerVersion: number;
  /** Tokens by id: `<unk>`, `<pad>`, then by training frequency; length spec.vocabSize. */
  vocab: string[];
  /**
   * Class names by output: `labels[0]` when the logit is < 0, `labels[1]` (class 1,
   * "positive" for IMDB) when >= 0. Two different non-empty strings of at most
   * MAX_LABEL_LENGTH characters; LABELS when the stored metadata has none.
   */
  labels: [string, string];
  metrics?: ArtifactMetrics;
  /** ISO 8601 timestamp of training's end. */
  createdAt?: string;
  /** Human-readable model name, e.g. "bilstm". */
  name?: string;
}

const KNOWN_KEYS = [
  'format',
  'formatVersion',
  'spec',
  'tokenizerVersion',
  'vocab',
  'labels',
  'metrics',
  'createdAt',
  'name',
];
/** Longest class name `labels` accepts: a name, not a sentence. */
export const MAX_LABEL_LENGTH = 100;
// Date-time as JSON.stringify(new Date()) writes it, or with an offset.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

function fail(path: string, problem: string): never {
  throw new MetadataError(path, problem);
}

/** Checks an unknown value (parsed JSON) is ArtifactMetadata; throws MetadataError naming the field. */
export function validateMetadata(value: unknown): ArtifactMetadata {
  if (!isRecord(value)) return fail('metadata', `expected an object, got ${describeValue(value)}`);
  if (value.format !== ARTIFACT_FORMAT) {
    fail('metadata.format', `expected "${ARTIFACT_FORMAT}", got ${describeValue(value.format)}`);
  }
  const version = value.formatVersion;
  if (
    typeof version === 'number' &&
    Number.isInteger(version) &&
    version > ARTIFACT_FORMAT_VERSION
  ) {
    fail(
      'metadata.formatVersion',
      `unsupported version ${version}: this @imdb-rnn/core reads version ${ARTIFACT_FORMAT_VERSION}; upgrade it`,
    );
  }
  if (version !== ARTIFACT_FORMAT_VERSION) {
    fail(
      'metadata.formatVersion',
      `expected ${ARTIFACT_FORMAT_VERSION}, got ${describeValue(version)}`,
    );
  }
  for (const key of Object.keys(value)) {
    if (!KNOWN_KEYS.includes(key)) fail(`metadata.${key}`, 'unknown field');
  }
  const spec = checkModelSpec(value.spec, 'metadata.spec', fail);
  const tokenizerVersion = value.tokenizerVersion;
  if (!isPositiveInteger(tokenizerVersion)) {
    fail(
      'metadata.tokenizerVersion',
      `expected a positive integer, got ${describeValue(tokenizerVersion)}`,
    );
  }
  const vocab = checkVocabTokens(value.vocab, 'metadata.vocab', fail);
  if (vocab.length !== spec.vocabSize) {
    fail(
      'metadata.spec.vocabSize',
      `expected ${vocab.length} (the length of metadata.vocab), got ${spec.vocabSize}`,
    );
  }
  const labels: [string, string] =
    value.labels === undefined
      ? [LABELS[0], LABELS[1]]
      : checkLabels(value.labels, 'metadata.labels', fail);
  const result: ArtifactMetadata = {
    format: ARTIFACT_FORMAT,
    formatVersion: ARTIFACT_FORMAT_VERSION,
    spec,
    tokenizerVersion,
    vocab,
    labels,
  };
  if (value.metrics !== undefined) result.metrics = checkMetrics(value.metrics);
  if (value.createdAt !== undefined) {
    const createdAt = value.createdAt;
    if (
      typeof createdAt !== 'string' ||
      !ISO_DATE_TIME.test(createdAt) ||
      Number.isNaN(Date.parse(createdAt))
    ) {
      fail(
        'metadata.createdAt',
        `expected an ISO 8601 date-time string, got ${describeValue(createdAt)}`,
      );
    }
    result.createdAt = createdAt;
  }
  if (value.name !== undefined) {
    if (typeof value.name !== 'string' || value.name.length === 0) {
      fail('metadata.name', `expected a non-empty string, got ${describeValue(value.name)}`);
    }
    result.name = value.name;
  }
  return result;
}

/**
 * Checks two class names (exported for readers of user data, who must refuse
 * names that a model could not store): each a non-empty string without
 * surrounding whitespace or control characters, the two different.
 */
export function checkLabels(value: unknown, path: string, failWith: Fail): [string, string] {
  if (!(Array.isArray(value) && value.length === 2)) {
    return failWith(path, `expected two class names, got ${describeValue(value)}`);
  }
  value.forEach((label: unknown, i) => {
    const at = `${path}[${i}]`;
    if (typeof label !== 'string' || label.length === 0) {
      failWith(at, `expected a non-empty string, got ${describeValue(label)}`);
    }
    if (label.length > MAX_LABEL_LENGTH) {
      failWith(at, `expected at most ${MAX_LABEL_LENGTH} characters, got ${label.length}`);
    }
    if (label.trim() !== label) {
      failWith(at, `has leading or trailing whitespace: ${describeValue(label)}`);
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
    if (/[\u0000-\u001f\u007f]/.test(label)) {
      failWith(at, `contains a control character: ${describeValue(label)}`);
    }
  });
  if (value[0] === value[1]) {
    failWith(path, `the two class names must differ, got ${describeValue(value[0])} twice`);
  }
  return [value[0] as string, value[1] as string];
}

function checkMetrics(value: unknown): ArtifactMetrics {
  if (!isRecord(value))
    return fail('metadata.metrics', `expected an object, got ${describeValue(value)}`);
  const metrics: ArtifactMetrics = {};
  for (const [name, metric] of Object.entries(value)) {
    const path = `metadata.metrics.${name}`;
    if (typeof metric !== 'number' || !Number.isFinite(metric)) {
      fail(path, `expected a finite number, got ${describeValue(metric)}`);
    }
    if (name.endsWith('Accuracy') && !(metric >= 0 && metric <= 1)) {
      fail(path, `expected a fraction in [0, 1], got ${metric}`);
    }
    if (name.endsWith('Loss') && metric < 0) fail(path, `expected a number >= 0, got ${metric}`);
    metrics[name] = metric;
  }
  return metrics;
}

/** Refuses metadata whose tokenizer differs from this build's (tokens would silently differ). */
export function assertTokenizerCompatible(metadata: ArtifactMetadata): void {
  if (metadata.tokenizerVersion !== TOKENIZER_VERSION) {
    fail(
      'metadata.tokenizerVersion',
      `model was trained with tokenizer version ${metadata.tokenizerVersion}, this @imdb-rnn/core has ${TOKENIZER_VERSION}`,
    );
  }
}
