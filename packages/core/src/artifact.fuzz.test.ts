// Fuzzing decodeArtifact (issue 8) with seeded mutations of a real artifact: the
// safetensors file PyTorch 1.13 wrote (fixtures/torch-artifact.ts). Raw byte
// mutations aimed mostly at the 8-byte length and the JSON header, and structured
// edits of the header (dtype, shape, data_offsets, entries, __metadata__) written
// back with a correct length. Every input must decode or throw core's ArtifactError
// or MetadataError; a decoded artifact must be self-consistent.

import {
  applyMutations,
  byteMutation,
  concat,
  describeMutations,
} from '@imdb-rnn/test-support/fuzz-bytes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeArtifact } from './artifact.js';
import { ArtifactError, MetadataError } from './errors.js';
import { torchArtifactBase64 } from './fixtures/torch-artifact.js';

const SEED = 20_261_131;
const ORIGINAL = Uint8Array.from(atob(torchArtifactBase64), (c) => c.charCodeAt(0));
const HEADER_LENGTH = new DataView(ORIGINAL.buffer).getUint32(0, true);
const HEADER = JSON.parse(
  new TextDecoder().decode(ORIGINAL.subarray(8, 8 + HEADER_LENGTH)),
) as Record<string, unknown>;
const DATA = ORIGINAL.subarray(8 + HEADER_LENGTH);
const TENSOR_NAMES = Object.keys(HEADER).filter((name) => name !== '__metadata__');

type Outcome = 'ok' | 'ArtifactError' | 'MetadataError';

/** Decodes with and without the shape check; anything but a typed error fails the test. */
function decodeOutcome(bytes: Uint8Array, context: string): Outcome {
  let result: Outcome = 'ok';
  for (const checkTensorShapes of [true, false]) {
    try {
      const { tensors } = decodeArtifact(bytes, { checkTensorShapes });
      for (const [name, { shape, data }] of Object.entries(tensors)) {
        const elements = shape.reduce((n, d) => n * d, 1);
        if (elements !== data.length) throw new Error(`${context}: ${name} decoded inconsistent`);
      }
    } catch (error) {
      if (error instanceof ArtifactError) result = 'ArtifactError';
      else if (error instanceof MetadataError) result = 'MetadataError';
      else throw new Error(`${context}: untyped ${String(error)}`, { cause: error });
    }
  }
  return result;
}

/** Safetensors bytes for a header object and data section (length prefix recomputed). */
function withHeader(header: unknown, data: Uint8Array = DATA): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setUint32(0, json.length, true);
  return concat([prefix, json, data]);
}

const oddValue = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    -1,
    0,
    1.5,
    2 ** 53,
    1e308,
    '',
    'F16',
    'f32',
    'BF16',
    [],
    [0],
    [-1, 4],
    [4, 0],
    [0, 2 ** 60],
    [0, Number.MAX_SAFE_INTEGER],
    [0, 72, 144],
    [1e308, 1e308],
    {},
    [[6, 3]],
    [6, 3, 0],
    [2 ** 26, 2 ** 26],
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

type HeaderEdit =
  | { kind: 'field'; tensor: string; field: 'dtype' | 'shape' | 'data_offsets'; value: unknown }
  | { kind: 'drop'; tensor: string }
  | { kind: 'add'; name: string; value: unknown }
  | { kind: 'metadata'; value: unknown }
  | { kind: 'data'; cut: number };

const headerEdit: fc.Arbitrary<HeaderEdit> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('field' as const),
      tensor: fc.constantFrom(...TENSOR_NAMES),
      field: fc.constantFrom('dtype' as const, 'shape' as const, 'data_offsets' as const),
      value: oddValue,
    }),
  },
  fc.record({ kind: fc.constant('drop' as const), tensor: fc.constantFrom(...TENSOR_NAMES) }),
  fc.record({
    kind: fc.constant('add' as const),
    name: fc.oneof(fc.constantFrom('__proto__', 'constructor', '', 'fc.weight2'), fc.string()),
    value: fc.oneof(oddValue, fc.constant({ dtype: 'F32', shape: [1], data_offsets: [0, 4] })),
  }),
  fc.record({ kind: fc.constant('metadata' as const), value: oddValue }),
  fc.record({ kind: fc.constant('data' as const), cut: fc.integer({ min: -8, max: 8 }) }),
);

function editedArtifact(edits: readonly HeaderEdit[]): Uint8Array {
  const header = structuredClone(HEADER);
  let data = DATA;
  for (const edit of edits) {
    if (edit.kind === 'field') {
      const entry = header[edit.tensor];
      if (typeof entry === 'object' && entry !== null) Reflect.set(entry, edit.field, edit.value);
    } else if (edit.kind === 'drop') {
      delete header[edit.tensor];
    } else if (edit.kind === 'add') {
      // defineProperty so a "__proto__" entry is an own key, as JSON.parse makes it.
      Object.defineProperty(header, edit.name, {
        value: edit.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else if (edit.kind === 'metadata') {
      header.__metadata__ = edit.value;
    } else {
      data =
        edit.cut < 0
          ? data.subarray(0, data.length + edit.cut)
          : concat([data, new Uint8Array(edit.cut)]);
    }
  }
  return withHeader(header, data);
}

describe('decodeArtifact fuzzing (seeded) on the PyTorch-written fixture', () => {
  it('the fixture decodes (the fuzzing starts from a valid artifact)', () => {
    expect(decodeOutcome(ORIGINAL, 'original')).toBe('ok');
  });

  it('2,000 byte-mutated artifacts (flips, truncation, insertions, deletions, zeroed and random ranges): typed errors only', () => {
    const counts: Record<string, number> = {};
    fc.assert(
      fc.property(
        fc.array(byteMutation(ORIGINAL.length, [{ start: 0, end: 8 + HEADER_LENGTH }]), {
          minLength: 1,
          maxLength: 4,
        }),
        (mutations) => {
          const outcome = decodeOutcome(
            applyMutations(ORIGINAL, mutations),
            describeMutations(mutations),
          );
          counts[outcome] = (counts[outcome] ?? 0) + 1;
        },
      ),
      { seed: SEED, numRuns: 2_000 },
    );
    // Flips inside float data leave a valid artifact; most header hits do not.
    expect((counts.ok ?? 0) > 0 && (counts.ArtifactError ?? 0) > 0).toBe(true);
  });

  it('1,500 structured header edits (odd dtype, shape, data_offsets, entries, __metadata__, data length): typed errors only', () => {
    fc.assert(
      fc.property(fc.array(headerEdit, { minLength: 1, maxLength: 3 }), (edits) => {
        decodeOutcome(editedArtifact(edits), JSON.stringify(edits).slice(0, 200));
      }),
      { seed: SEED + 1, numRuns: 1_500 },
    );
  });

  it('500 random byte strings with a plausible length prefix: typed errors only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.nat({ max: 600 }), (body, length) => {
        const prefix = new Uint8Array(8);
        new DataView(prefix.buffer).setUint32(0, length, true);
        expect(decodeOutcome(concat([prefix, body]), 'random')).not.toBe('ok');
      }),
      { seed: SEED + 2, numRuns: 500 },
    );
  });

  it('header lengths at the limits (0, 2^32, 2^53 and 2^64 - 1) are ArtifactErrors', () => {
    for (const [low, high] of [
      [0, 0],
      [0, 1],
      [0, 0x200000],
      [0xffffffff, 0xffffffff],
    ] as const) {
      const bytes = ORIGINAL.slice();
      const view = new DataView(bytes.buffer);
      view.setUint32(0, low, true);
      view.setUint32(4, high, true);
      expect(decodeOutcome(bytes, `header length ${low} + ${high} * 2^32`)).toBe('ArtifactError');
    }
  });
});
