// Fuzzing readOnnxModelMetadata's protobuf walk (issue 8): seeded byte mutations
// of a ModelProto carrying valid imdb-rnn metadata, and random bytes. It must
// return metadata or throw ModelFormatError / MetadataError, whatever the bytes:
// varints that never end, lengths past the end, field number 0, unknown wire types,
// invalid UTF-8 in keys and values. (infer-node's fuzz test feeds real exported
// models through ONNX Runtime as well.)

import { applyMutations, byteMutation, describeMutations } from '@imdb-rnn/test-support/fuzz-bytes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetadataError } from '../errors.js';
import { ModelFormatError } from './classifier-errors.js';
import { modelProtoBytes, tinyMetadata } from './model-proto.test-support.js';
import { readOnnxModelMetadata } from './onnx-model-metadata.js';

const SEED = 20_261_132;
const METADATA = tinyMetadata(['good', 'bad', 'film']);
const MODEL = modelProtoBytes({
  author: 'fuzz',
  'imdb-rnn': JSON.stringify(METADATA),
  'imdb-rnn.weights': 'int8',
});

function outcome(bytes: Uint8Array, context: string): string {
  try {
    readOnnxModelMetadata(bytes);
    return 'ok';
  } catch (error) {
    if (error instanceof ModelFormatError || error instanceof MetadataError) return error.name;
    throw new Error(`${context}: untyped ${String(error)}`, { cause: error });
  }
}

describe('readOnnxModelMetadata fuzzing (seeded)', () => {
  it('the unmutated model reads (the fuzzing starts from valid bytes)', () => {
    expect(readOnnxModelMetadata(MODEL).metadata).toEqual(METADATA);
  });

  it('3,000 byte-mutated models: metadata, ModelFormatError or MetadataError only', () => {
    const counts: Record<string, number> = {};
    fc.assert(
      fc.property(
        fc.array(byteMutation(MODEL.length), { minLength: 1, maxLength: 4 }),
        (mutations) => {
          const name = outcome(applyMutations(MODEL, mutations), describeMutations(mutations));
          counts[name] = (counts[name] ?? 0) + 1;
        },
      ),
      { seed: SEED, numRuns: 3_000 },
    );
    // Both kinds of failure are reached: broken protobuf, and broken JSON or fields inside it.
    expect(counts.ModelFormatError! > 0 && counts.MetadataError! > 0).toBe(true);
  });

  it('1,000 random byte strings: never metadata, always ModelFormatError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(outcome(bytes, 'random')).toBe('ModelFormatError');
      }),
      { seed: SEED + 1, numRuns: 1_000 },
    );
  });

  it('endless varints, a 2^53 length, field 0 and wire types 3, 4, 6, 7 are ModelFormatErrors', () => {
    const cases = [
      new Uint8Array(64).fill(0xff),
      Uint8Array.of(0x08, ...new Array(20).fill(0x80), 0x01),
      Uint8Array.of(0x3a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f),
      Uint8Array.of(0x00, 0x00),
      ...[3, 4, 6, 7].map((wire) => Uint8Array.of(0x08, 0x08, (2 << 3) | wire, 0x00)),
    ];
    expect(cases.map((bytes, i) => outcome(bytes, `case ${i}`))).toEqual(
      cases.map(() => 'ModelFormatError'),
    );
  });
});
