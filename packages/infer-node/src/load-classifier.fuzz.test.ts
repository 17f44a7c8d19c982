// Fuzzing loadClassifier with corrupted ONNX models (issue 8). Seeded mutations
// (bit flips, truncation, insertions, deletions, zeroed ranges, random garbage)
// of real exported models go through the whole path: core's metadata reader, ONNX
// Runtime's session creation, and, for a model that still loads, classify and
// explain. The only acceptable outcomes: the model loads and gives finite,
// consistent predictions, or a typed ImdbRnnError (ModelFormatError,
// MetadataError) at load or at the call. Never a raw ONNX Runtime error, a
// TypeError, a crash or a hang.
//
// Counts (about 1 ms per small-model case, 30 ms per docs-model case, measured):
// 4,800 mutations of small exported models (4 architectures x fp32/fp16/int8, 400
// each), 240 structure-aimed mutations of the four committed trained int8 models,
// 600 valid models whose metadata_props were rewritten, 200 truncations.
import { readFileSync } from 'node:fs';
import { type Architecture, ImdbRnnError, ModelFormatError } from '@imdb-rnn/core';
import type { WeightFormat } from '@imdb-rnn/export-onnx';
import { buildTestModel } from '@imdb-rnn/export-onnx/testing';
import {
  applyMutations,
  byteMutation,
  describeMutations,
  structureRanges,
  withMetadataProps,
} from '@imdb-rnn/test-support/fuzz-bytes';
import { trainedModelPath } from '@imdb-rnn/test-support/trained-models';
import fc from 'fast-check';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadClassifier } from './index.js';

const SEED = 20_261_133;
const ARCHS: readonly Architecture[] = ['rnn', 'gru', 'lstm', 'bilstm'];
const WEIGHTS: readonly WeightFormat[] = ['fp32', 'fp16', 'int8'];
const TEXTS = ['A good film.', '', 'bad bad bad', 'zyzzyva \ud800 ★'];

// Kernel failures of corrupted graphs are expected here; ORT would print each one.
ort.env.logLevel = 'fatal';

type Outcome = 'ok' | `load: ${string}` | `call: ${string}`;

/**
 * Loads `bytes`; if that works, classifies and explains, checking the results.
 * Returns the outcome, or throws (failing the property) on anything untyped.
 */
async function tryModel(bytes: Uint8Array, context: string): Promise<Outcome> {
  let classifier: Awaited<ReturnType<typeof loadClassifier>>;
  try {
    classifier = await loadClassifier(bytes, { batchSize: 2 });
  } catch (error) {
    if (error instanceof ImdbRnnError) return `load: ${error.name}`;
    throw new Error(`${context}: load threw untyped ${String(error)}`, { cause: error });
  }
  try {
    const results = [...(await classifier.classify(TEXTS)), await classifier.classify('good')];
    const explained = await classifier.explain('good bad film');
    for (const r of [...results, explained]) {
      const consistent =
        Number.isFinite(r.logit) &&
        r.score >= 0 &&
        r.score <= 1 &&
        // A flipped byte can rename a class ("oegative"): still a valid name, so the
        // label must be the model's own name for the logit's side.
        r.label === classifier.metadata.labels[r.logit >= 0 ? 1 : 0];
      if (!consistent) throw new Error(`${context}: inconsistent prediction ${JSON.stringify(r)}`);
    }
    return 'ok';
  } catch (error) {
    if (error instanceof ImdbRnnError) return `call: ${error.name}`;
    throw new Error(`${context}: call threw untyped ${String(error)}`, { cause: error });
  } finally {
    await classifier.dispose();
  }
}

function tally(counts: Map<string, number>, outcome: string): void {
  counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
}

const models = new Map<string, Uint8Array>();

beforeAll(async () => {
  // Small models (embedding 8, hidden 4): a few KB, so mutations land in the graph
  // and metadata as often as in weights, and ORT loads one in about a millisecond.
  for (const arch of ARCHS) {
    const model = buildTestModel(arch, { embeddingSize: 8, hiddenSize: 4 });
    for (const weights of WEIGHTS) models.set(`${arch} ${weights}`, model.onnx(weights));
  }
}, 120_000);

describe('loadClassifier on corrupted models (seeded fuzzing)', () => {
  it('the unmutated models load and classify (the fuzzing starts from valid models)', async () => {
    for (const [name, bytes] of models) expect(await tryModel(bytes, name)).toBe('ok');
  });

  it('4,800 byte-mutated exported models (400 per architecture and weight format): loads and predicts, or a typed error', async () => {
    const counts = new Map<string, number>();
    let seed = SEED;
    for (const [name, base] of models) {
      await fc.assert(
        fc.asyncProperty(
          fc.array(byteMutation(base.length), { minLength: 1, maxLength: 4 }),
          async (mutations) => {
            const context = `${name} [${describeMutations(mutations)}]`;
            tally(counts, await tryModel(applyMutations(base, mutations), context));
          },
        ),
        { seed: seed++, numRuns: 400 },
      );
    }
    console.log('[fuzz] byte-mutated small models:', Object.fromEntries(counts));
    // Mutations must reach all three layers: the metadata reader, ORT, and the calls.
    expect(counts.get('load: ModelFormatError')).toBeGreaterThan(0);
    expect(counts.get('load: MetadataError')).toBeGreaterThan(0);
    expect(counts.get('ok')).toBeGreaterThan(0);
  }, 120_000);

  it('240 structure-aimed mutations of the committed trained models (60 each)', async () => {
    const counts = new Map<string, number>();
    let seed = SEED + 100;
    for (const arch of ARCHS) {
      const buffer = readFileSync(trainedModelPath(arch));
      const base = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      const focus = structureRanges(base);
      await fc.assert(
        fc.asyncProperty(
          fc.array(byteMutation(base.length, focus), { minLength: 1, maxLength: 3 }),
          async (mutations) => {
            const context = `docs ${arch} [${describeMutations(mutations)}]`;
            tally(counts, await tryModel(applyMutations(base, mutations), context));
          },
        ),
        { seed: seed++, numRuns: 60 },
      );
    }
    console.log('[fuzz] structure-aimed trained models:', Object.fromEntries(counts));
    expect(counts.get('load: ModelFormatError')).toBeGreaterThan(0);
  }, 120_000);

  it('600 valid models with rewritten metadata_props (vocab larger than the graph, other spec, junk keys): typed errors only', async () => {
    const base = models.get('lstm fp32')!;
    const metadata = JSON.parse(new TextDecoder().decode(readMetadataProp(base)));
    const vocab = metadata.vocab as string[];
    const props = fc.record({
      // Extra words get ids past the graph's embedding rows: ORT's Gather then fails.
      extraWords: fc.nat({ max: 40 }),
      cell: fc.constantFrom('rnn', 'gru', 'lstm'),
      bidirectional: fc.boolean(),
      hiddenSize: fc.integer({ min: 1, max: 2 ** 40 }),
      weights: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
      name: fc.option(fc.string({ unit: 'binary', maxLength: 30 }), { nil: undefined }),
      junk: fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 }), {
        maxKeys: 3,
      }),
    });
    const counts = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(props, async (p) => {
        const words = [...vocab, ...Array.from({ length: p.extraWords }, (_, i) => `extra${i}`)];
        const json = JSON.stringify({
          format: 'imdb-rnn',
          formatVersion: 1,
          spec: {
            ...metadata.spec,
            cell: p.cell,
            bidirectional: p.bidirectional,
            hiddenSize: p.hiddenSize,
            vocabSize: words.length,
          },
          tokenizerVersion: metadata.tokenizerVersion,
          ...(p.name === undefined ? {} : { name: p.name }),
          vocab: words,
          labels: ['negative', 'positive'],
        });
        const bytes = withMetadataProps(base, {
          ...p.junk,
          'imdb-rnn': json,
          ...(p.weights === undefined ? {} : { 'imdb-rnn.weights': p.weights }),
        });
        const context = JSON.stringify(p).slice(0, 200);
        tally(counts, await tryModel(bytes, context));
        if (p.extraWords > 0) {
          // "extra0" has the first id past the graph's embedding rows: ORT's Gather fails.
          const classifier = await loadClassifier(bytes).catch(() => undefined);
          if (classifier) {
            const error = await classifier.classify('extra0').then(
              () => new Error(`${context}: an id past the embedding classified`),
              (e: unknown) => e,
            );
            await classifier.dispose();
            expect(error, context).toBeInstanceOf(ModelFormatError);
            tally(counts, 'id past the rows: ModelFormatError');
          }
        }
      }),
      { seed: SEED + 200, numRuns: 600 },
    );
    console.log('[fuzz] rewritten metadata_props:', Object.fromEntries(counts));
  }, 120_000);

  it('a word whose id is past the graph embedding rows is a ModelFormatError, not ORT Gather error', async () => {
    const base = models.get('gru int8')!;
    const meta = JSON.parse(new TextDecoder().decode(readMetadataProp(base)));
    const vocab = [...meta.vocab, 'overflowing'];
    const bytes = withMetadataProps(base, {
      'imdb-rnn': JSON.stringify({
        ...meta,
        vocab,
        spec: { ...meta.spec, vocabSize: vocab.length },
      }),
    });
    const classifier = await loadClassifier(bytes);
    await expect(classifier.classify('an overflowing film')).rejects.toThrow(ModelFormatError);
    await expect(classifier.classify('an overflowing film')).rejects.toThrow(
      'ONNX Runtime failed to run the model',
    );
    // The model itself still works for words it has rows for.
    expect(Number.isFinite((await classifier.classify('a good film')).score)).toBe(true);
    await classifier.dispose();
  });

  it('200 truncations at evenly spaced offsets: every one a typed error', async () => {
    const base = models.get('bilstm fp16')!;
    const counts = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const at = Math.floor((i * base.length) / 200);
      const outcome = await tryModel(base.subarray(0, at), `truncated at ${at}`);
      tally(counts, outcome);
      expect(outcome.startsWith('load: '), `truncated at ${at}: ${outcome}`).toBe(true);
    }
    console.log('[fuzz] truncations:', Object.fromEntries(counts));
  });
});

/** The raw bytes of the model's "imdb-rnn" metadata_props value. */
function readMetadataProp(model: Uint8Array): Uint8Array {
  const key = new TextEncoder().encode('imdb-rnn');
  // StringStringEntryProto: 0x0a <len> "imdb-rnn" 0x12 <varint len> <value>.
  for (let at = 0; at < model.length - key.length - 2; at++) {
    if (model[at] !== 0x0a || model[at + 1] !== key.length) continue;
    if (!key.every((b, i) => model[at + 2 + i] === b) || model[at + 2 + key.length] !== 0x12) {
      continue;
    }
    let p = at + 3 + key.length;
    let length = 0;
    let scale = 1;
    while (model[p]! >= 0x80) {
      length += (model[p++]! & 0x7f) * scale;
      scale *= 128;
    }
    length += model[p++]! * scale;
    return model.subarray(p, p + length);
  }
  throw new Error('readMetadataProp: no "imdb-rnn" entry');
}
