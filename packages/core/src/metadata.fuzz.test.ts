// Fuzzing the artifact-metadata validator and the JSON it arrives as (issue 8):
// seeded mutations of a valid metadata object (fields dropped, retyped, extreme
// numbers, NaN, deep nesting, huge strings, prototype-pollution keys) and random
// JSON text. The only acceptable outcomes are a validated result or core's typed
// error: MetadataError from validateMetadata, plus ModelFormatError for text that
// is not JSON when it comes through an ONNX model's metadata_props. Never a
// TypeError or RangeError, never a polluted Object.prototype.

import { concat, metadataPropBytes } from '@imdb-rnn/test-support/fuzz-bytes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelFormatError } from './classifier/classifier-errors.js';
import { modelProtoBytes, tinyMetadata } from './classifier/model-proto.test-support.js';
import { readOnnxModelMetadata } from './classifier/onnx-model-metadata.js';
import { MetadataError } from './errors.js';
import { validateMetadata } from './metadata.js';

const SEED = 20_261_130;
const BASE = tinyMetadata(['good', 'bad', 'film', "don't", 'é']);

function deepArray(depth: number): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function deepObject(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { spec: value };
  return value;
}

/** Values no field expects, chosen to break code that trusts types or ranges. */
const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    undefined,
    null,
    true,
    false,
    0,
    -0,
    -1,
    0.5,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    Number.MAX_SAFE_INTEGER,
    2 ** 53,
    2 ** 64,
    1e308,
    -1e308,
    '',
    ' ',
    'lstm',
    'LSTM',
    '1',
    'NaN',
    '<unk>',
    '<pad>',
    '2026-13-45T99:99:99Z',
    '2026-11-29T06:00:00Z',
    [],
    [null],
    ['<unk>'],
    ['<unk>', '<pad>', '<pad>'],
    ['negative', 'positive', 'neutral'],
    ['positive', 'negative'],
    {},
    Object.create(null),
    'x'.repeat(1 << 20),
    deepArray(100_000),
    deepObject(100_000),
    JSON.parse('{"__proto__": {"polluted": true}}'),
    JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
  ),
  fc.jsonValue({ maxDepth: 4 }),
  fc.double(),
  fc.integer(),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

/** Every path (as keys) into a JSON-like value: object fields and array entries. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push(...paths(v, [...prefix, i]));
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  }
  return out;
}
const BASE_PATHS = paths(BASE).filter((p) => p.length > 0);

type Mutation =
  | { op: 'drop'; path: (string | number)[] }
  | { op: 'set'; path: (string | number)[]; value: unknown }
  | { op: 'add'; path: (string | number)[]; key: string; value: unknown };

const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), path: fc.constantFrom(...BASE_PATHS) }),
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('set' as const),
      path: fc.constantFrom(...BASE_PATHS),
      value: weirdValue,
    }),
  },
  fc.record({
    op: fc.constant('add' as const),
    path: fc.constantFrom<(string | number)[]>([], ['spec'], ['metrics']),
    key: fc.oneof(fc.constantFrom(...POLLUTING_KEYS), fc.string({ maxLength: 8 })),
    value: weirdValue,
  }),
);

/** A deep copy of BASE with the mutations applied; own properties only, as JSON.parse makes. */
function mutate(mutations: readonly Mutation[]): unknown {
  const root = structuredClone(BASE) as unknown as Record<string, unknown>;
  for (const m of mutations) {
    const parentPath = m.op === 'add' ? m.path : m.path.slice(0, -1);
    let parent: unknown = root;
    for (const key of parentPath) {
      parent = typeof parent === 'object' && parent !== null ? Reflect.get(parent, key) : undefined;
    }
    if (typeof parent !== 'object' || parent === null) continue; // an earlier mutation removed it
    const key = m.op === 'add' ? m.key : m.path[m.path.length - 1]!;
    if (m.op === 'drop') {
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else Reflect.deleteProperty(parent, key);
    } else {
      // defineProperty, not assignment: `x.__proto__ = v` would set the prototype instead.
      Object.defineProperty(parent, key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return root;
}

/** Runs `run`; returns 'ok' or the thrown error's class name, failing on anything untyped. */
function outcome(
  run: () => unknown,
  allowed: readonly (abstract new (...args: never[]) => Error)[],
) {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (!allowed.some((cls) => error instanceof cls)) throw error;
    return (error as Error).name;
  }
}

function assertNotPolluted(): void {
  expect(Reflect.get({}, 'polluted')).toBe(undefined);
  expect(Reflect.get(Object.prototype, 'polluted')).toBe(undefined);
}

describe('validateMetadata fuzzing (seeded)', () => {
  it('the unmutated base metadata validates (the fuzzing starts from a valid object)', () => {
    expect(validateMetadata(structuredClone(BASE))).toEqual(BASE);
  });

  it('4,000 mutated metadata objects: validated or MetadataError, never another error', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const name = outcome(() => validateMetadata(mutate(mutations)), [MetadataError]);
        seen.set(name, (seen.get(name) ?? 0) + 1);
        assertNotPolluted();
      }),
      { seed: SEED, numRuns: 4_000 },
    );
    // The fuzzing must reach both sides: some mutations are harmless (e.g. metrics.epochs).
    expect((seen.get('MetadataError') ?? 0) > 0 && (seen.get('ok') ?? 0) > 0).toBe(true);
  });

  it('2,000 arbitrary values (any JSON, any shape): validated or MetadataError', () => {
    fc.assert(
      fc.property(fc.oneof(weirdValue, fc.anything({ maxDepth: 3 })), (value) => {
        outcome(() => validateMetadata(value), [MetadataError]);
      }),
      { seed: SEED + 1, numRuns: 2_000 },
    );
  });
});

describe('metadata JSON text through an ONNX model (seeded)', () => {
  const valid = JSON.stringify(BASE);
  // A stand-in ModelProto (ir_version, graph) plus the metadata entry, built without
  // spreading arrays so a 10 MB value fits.
  const bare = modelProtoBytes({});
  const throughModel = (json: string) => () =>
    readOnnxModelMetadata(concat([bare, metadataPropBytes('imdb-rnn', json)]));
  const TYPED = [MetadataError, ModelFormatError];

  it('3,000 edits of the valid JSON text (cuts, inserted and replaced characters): typed errors only', () => {
    const edit = fc.record({
      at: fc.nat({ max: valid.length }),
      cut: fc.nat({ max: 12 }),
      insert: fc.oneof(
        fc.string({ unit: 'binary', maxLength: 6 }),
        fc.constantFrom('"', '{', '}', '[', ']', ',', ':', '\\', '\\u', 'e999', '-', '\u0000'),
      ),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => {
        let text = valid;
        for (const { at, cut, insert } of edits) {
          const i = Math.min(at, text.length);
          text = text.slice(0, i) + insert + text.slice(i + cut);
        }
        outcome(throughModel(text), TYPED);
      }),
      { seed: SEED + 2, numRuns: 3_000 },
    );
  });

  it('2,000 random JSON texts and mutated-object texts: typed errors only', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json({ maxDepth: 4 }),
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.array(mutation, { minLength: 1, maxLength: 3 }).map((m) => {
            // 100,000-deep values overflow JSON.stringify's stack: text of those is
            // covered by the pathological cases below.
            try {
              return JSON.stringify(mutate(m)) ?? 'undefined';
            } catch {
              return '{}';
            }
          }),
        ),
        (text) => {
          outcome(throughModel(text), TYPED);
          assertNotPolluted();
        },
      ),
      { seed: SEED + 3, numRuns: 2_000 },
    );
  });

  it('pathological JSON: 100,000-deep nesting, a 10 MB string, huge numbers, __proto__ keys', () => {
    const cases = [
      '['.repeat(100_000) + ']'.repeat(100_000),
      `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`,
      `"${'x'.repeat(10_000_000)}"`,
      valid.replace('"hiddenSize":3', `"hiddenSize":1${'0'.repeat(400)}`),
      valid.replace('"hiddenSize":3', '"hiddenSize":-0'),
      valid.replace('"hiddenSize":3', '"hiddenSize":3.0000000000000001'),
      valid.replace('{', '{"__proto__":{"polluted":true},'),
      valid.replace('"spec":{', '"spec":{"__proto__":{"polluted":true},'),
      valid.replace('"metrics":{', '"metrics":{"__proto__":1,'),
      valid.replace('"vocab":[', `"vocab":[${'"w",'.repeat(10)}`),
    ];
    const outcomes = cases.map((text) => outcome(throughModel(text), TYPED));
    assertNotPolluted();
    // 3.0000000000000001 parses to 3 and is valid. A numeric metric named __proto__
    // passes as a finite number; assigning it to the metrics object cannot change a
    // prototype to a primitive, so it is dropped (no pollution: checked above).
    // Everything else is refused.
    expect(outcomes).toEqual([
      'MetadataError',
      'MetadataError',
      'MetadataError',
      'MetadataError',
      'MetadataError',
      'ok',
      'MetadataError',
      'MetadataError',
      'ok',
      'MetadataError',
    ]);
  });
});
