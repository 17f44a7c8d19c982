import { describeValue, isRecord } from './describe-value.js';
import { MetadataError } from './errors.js';
import { checkModelSpec, type ModelSpec } from './model-spec.js';
import { TOKENIZER_VERSION } from './tokenize.js';
import { checkVocabTokens } from './vocab.js';

export const ARTIFACT_FORMAT = 'imdb-rnn';
export const ARTIFACT_FORMAT_VERSION = 1;
/** Output 0 of the classifier's sigmoid is "negative", 1 "positive" (IMDB's labels). */
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
  labels: ['negative', 'positive'];
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
  if (
    !(
      typeof tokenizerVersion === 'number' &&
      Number.isSafeInteger(tokenizerVersion) &&
      tokenizerVersion >= 1
    )
  ) {
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
  const labels = value.labels;
  if (
    !(
      Array.isArray(labels) &&
      labels.length === 2 &&
      labels[0] === LABELS[0] &&
      labels[1] === LABELS[1]
    )
  ) {
    fail('metadata.labels', `expected ["negative","positive"], got ${describeValue(labels)}`);
  }
  const result: ArtifactMetadata = {
    format: ARTIFACT_FORMAT,
    formatVersion: ARTIFACT_FORMAT_VERSION,
    spec,
    tokenizerVersion,
    vocab,
    labels: [LABELS[0], LABELS[1]],
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
