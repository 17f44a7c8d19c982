import { describe, expect, it } from 'vitest';
import { MetadataError } from './errors.js';
import { type ArtifactMetadata, assertTokenizerCompatible, validateMetadata } from './metadata.js';
import { modelSpec } from './model-spec.js';
import { TOKENIZER_VERSION } from './tokenize.js';

const vocab = ['<unk>', '<pad>', 'the', 'film', 'great'];
const good: ArtifactMetadata = {
  format: 'imdb-rnn',
  formatVersion: 1,
  spec: modelSpec('bilstm', { vocabSize: vocab.length }),
  tokenizerVersion: TOKENIZER_VERSION,
  vocab,
  labels: ['negative', 'positive'],
  metrics: { testAccuracy: 0.87, testLoss: 0.31, epochs: 5 },
  createdAt: '2026-11-29T03:30:00.000Z',
  name: 'bilstm',
};

function withField(path: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(good));
  const keys = path.split('.');
  let target = copy;
  for (const key of keys.slice(0, -1)) target = target[key];
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

describe('validateMetadata', () => {
  it('accepts complete metadata and returns an equal copy', () => {
    expect(validateMetadata(JSON.parse(JSON.stringify(good)))).toEqual(good);
  });

  it('keeps custom class names, in order', () => {
    const custom = validateMetadata(withField('labels', ['ham', 'spam']));
    expect(custom.labels).toEqual(['ham', 'spam']);
    // Any two names, including IMDB's in the other order (class 1 = "negative").
    expect(validateMetadata(withField('labels', ['positive', 'négatif'])).labels).toEqual([
      'positive',
      'négatif',
    ]);
  });

  it("gives metadata without labels IMDB's negative/positive (files written before custom names)", () => {
    expect(validateMetadata(withField('labels', undefined)).labels).toEqual([
      'negative',
      'positive',
    ]);
  });

  it('accepts metadata without the optional fields', () => {
    const { metrics: _m, createdAt: _c, name: _n, ...required } = good;
    expect(validateMetadata(required)).toEqual(required);
  });

  const bad: [string, unknown, string][] = [
    ['format', 'onnx', 'metadata.format: expected "imdb-rnn", got "onnx"'],
    [
      'formatVersion',
      2,
      'metadata.formatVersion: unsupported version 2: this @imdb-rnn/core reads version 1',
    ],
    ['formatVersion', '1', 'metadata.formatVersion: expected 1, got "1"'],
    ['formatVersion', undefined, 'metadata.formatVersion: expected 1, got undefined'],
    ['spec', undefined, 'metadata.spec: expected an object, got undefined'],
    ['spec.hiddenSize', -3, 'metadata.spec.hiddenSize: expected a positive integer, got -3'],
    ['spec.cell', 'cnn', 'metadata.spec.cell: expected one of rnn, gru, lstm, got "cnn"'],
    [
      'spec.vocabSize',
      20_002,
      'metadata.spec.vocabSize: expected 5 (the length of metadata.vocab), got 20002',
    ],
    ['tokenizerVersion', 0, 'metadata.tokenizerVersion: expected a positive integer, got 0'],
    ['vocab', 'the film', 'metadata.vocab: expected an array of strings, got "the film"'],
    [
      'vocab',
      ['<unk>', '<pad>', 'a', 'a', 'b'],
      'metadata.vocab[3]: duplicate of metadata.vocab[2] ("a")',
    ],
    [
      'vocab',
      ['<pad>', '<unk>', 'a', 'b', 'c'],
      'metadata.vocab[0]: expected "<unk>", got "<pad>"',
    ],
    ['vocab', ['<unk>', '<pad>', 'a', null, 'c'], 'metadata.vocab[3]: expected a string, got null'],
    ['labels', ['spam'], 'metadata.labels: expected two class names, got an array of length 1'],
    ['labels', 'spam,ham', 'metadata.labels: expected two class names, got "spam,ham"'],
    ['labels', ['ham', 'ham'], 'metadata.labels: the two class names must differ, got "ham" twice'],
    ['labels', ['ham', ''], 'metadata.labels[1]: expected a non-empty string, got ""'],
    ['labels', [0, 1], 'metadata.labels[0]: expected a non-empty string, got 0'],
    ['labels', ['ham', ' spam'], 'metadata.labels[1]: has leading or trailing whitespace: " spam"'],
    ['labels', ['ham', 'sp\nam'], 'metadata.labels[1]: contains a control character: "sp\\nam"'],
    [
      'labels',
      ['ham', 'x'.repeat(101)],
      'metadata.labels[1]: expected at most 100 characters, got 101',
    ],
    ['metrics', 0.9, 'metadata.metrics: expected an object, got 0.9'],
    [
      'metrics.testAccuracy',
      87,
      'metadata.metrics.testAccuracy: expected a fraction in [0, 1], got 87',
    ],
    ['metrics.testLoss', -1, 'metadata.metrics.testLoss: expected a number >= 0, got -1'],
    ['metrics.epochs', '5', 'metadata.metrics.epochs: expected a finite number, got "5"'],
    [
      'createdAt',
      'yesterday',
      'metadata.createdAt: expected an ISO 8601 date-time string, got "yesterday"',
    ],
    [
      'createdAt',
      '2026-13-45T00:00:00Z',
      'metadata.createdAt: expected an ISO 8601 date-time string',
    ],
    ['name', '', 'metadata.name: expected a non-empty string, got ""'],
    ['weights', [1, 2], 'metadata.weights: unknown field'],
  ];
  for (const [path, value, message] of bad) {
    it(`names ${path} when it is ${JSON.stringify(value) ?? 'missing'}`, () => {
      const input = withField(path, value);
      expect(() => validateMetadata(input)).toThrow(message);
      expect(() => validateMetadata(input)).toThrow(MetadataError);
    });
  }

  it('rejects a non-object', () => {
    expect(() => validateMetadata('{}')).toThrow('metadata: expected an object, got "{}"');
  });

  it('carries the field path and code on the error', () => {
    try {
      validateMetadata(withField('spec.dropout', 2));
      throw new Error('validateMetadata accepted dropout 2');
    } catch (error) {
      expect(error).toBeInstanceOf(MetadataError);
      expect((error as MetadataError).path).toBe('metadata.spec.dropout');
      expect((error as MetadataError).code).toBe('INVALID_METADATA');
    }
  });
});

describe('assertTokenizerCompatible', () => {
  it('accepts metadata from this tokenizer version and refuses another', () => {
    expect(() => assertTokenizerCompatible(good)).not.toThrow();
    expect(() =>
      assertTokenizerCompatible({ ...good, tokenizerVersion: TOKENIZER_VERSION + 1 }),
    ).toThrow('metadata.tokenizerVersion: model was trained with tokenizer version 2');
  });
});
