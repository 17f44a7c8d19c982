import { maxAbsDiff } from '@imdb-rnn/test-support/max-abs-diff';
import { describe, expect, it } from 'vitest';
import { RecurrentKernelError } from '../errors';
import { projectAllRows, recurrentBackward, recurrentForward } from './recurrent';
import type { RecurrentShape } from './shape';
import { directionWeights, readKernelFixture } from './torch-fixture';
import { RecurrentWorkspace } from './workspace';

// Activations and gradients are O(1); float32 rounding in a different
// accumulation order than PyTorch's stays far below this.
const TOLERANCE = 1e-5;

const CASES = ['rnn-uni', 'rnn-bi', 'gru-uni', 'gru-bi', 'lstm-uni', 'lstm-bi'] as const;

function load(name: string) {
  const f = readKernelFixture(name);
  const dirs = f.bidirectional ? 2 : 1;
  const shape: RecurrentShape = {
    cell: f.cell,
    inputSize: f.inputSize,
    hiddenSize: f.hiddenSize,
    time: f.time,
    batch: f.batch,
    bidirectional: f.bidirectional,
  };
  const weights = Array.from({ length: dirs }, (_, d) => directionWeights(f.weights, d));
  return { f, shape, weights, x: Float32Array.from(f.x), lengths: Int32Array.from(f.lengths) };
}

const ENGINES = ['wasm', 'js'] as const;

describe.each(CASES.flatMap((name) => ENGINES.map((engine) => ({ name, engine }))))(
  'recurrent layer matches PyTorch packed $name on $engine',
  ({ name, engine }) => {
    it('final hidden state equals h_n', () => {
      const { f, shape, weights, x, lengths } = load(name);
      const { hidden } = recurrentForward(shape, x, lengths, weights, { engine });
      expect(maxAbsDiff(hidden, f.hidden)).toBeLessThanOrEqual(TOLERANCE);
    });

    it('gradients of sum(hidden * R) equal autograd for x and every weight', () => {
      const { f, shape, weights, x, lengths } = load(name);
      const { cache } = recurrentForward(shape, x, lengths, weights, { engine });
      const { dx, dWeights } = recurrentBackward(shape, cache, Float32Array.from(f.R));
      expect(maxAbsDiff(dx, f.grads.x!)).toBeLessThanOrEqual(TOLERANCE);
      dWeights.forEach((grad, d) => {
        const expected = directionWeights(f.grads, d);
        expect(maxAbsDiff(grad.wIh, expected.wIh)).toBeLessThanOrEqual(TOLERANCE);
        expect(maxAbsDiff(grad.wHh, expected.wHh)).toBeLessThanOrEqual(TOLERANCE);
        expect(maxAbsDiff(grad.bIh, expected.bIh)).toBeLessThanOrEqual(TOLERANCE);
        expect(maxAbsDiff(grad.bHh, expected.bHh)).toBeLessThanOrEqual(TOLERANCE);
      });
    });
  },
);

describe.each(ENGINES)('recurrent layer with a reused workspace on %s', (engine) => {
  it('gives the same results as fresh buffers across differently shaped calls', () => {
    const workspace = new RecurrentWorkspace();
    // Big case first so later calls run on larger-than-needed, dirty buffers.
    for (const name of ['lstm-bi', 'gru-uni', 'rnn-bi', 'lstm-bi'] as const) {
      const { f, shape, weights, x, lengths } = load(name);
      const { hidden, cache } = recurrentForward(shape, x, lengths, weights, { workspace, engine });
      expect(maxAbsDiff(hidden, f.hidden)).toBeLessThanOrEqual(TOLERANCE);
      const { dx } = recurrentBackward(shape, cache, Float32Array.from(f.R));
      expect(maxAbsDiff(dx, f.grads.x!)).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});

describe('recurrent layer on wasm with a workspace', () => {
  it('refuses a backward pass from a cache a later forward pass overwrote', () => {
    const workspace = new RecurrentWorkspace();
    const { f, shape, weights, x, lengths } = load('gru-bi');
    const first = recurrentForward(shape, x, lengths, weights, { workspace, engine: 'wasm' });
    recurrentForward(shape, x, lengths, weights, { workspace, engine: 'wasm' });
    expect(() => recurrentBackward(shape, first.cache, Float32Array.from(f.R))).toThrowError(
      /overwritten by a later forward pass/,
    );
  });
});

describe.each(ENGINES)('recurrent layer padding on %s', (engine) => {
  it('never reads padded positions and gives them zero gradient', () => {
    const { f, shape, weights, x, lengths } = load('lstm-bi');
    const scrambled = x.slice();
    for (let t = 0; t < shape.time; t++) {
      for (let b = 0; b < shape.batch; b++) {
        if (t < lengths[b]!) continue;
        for (let k = 0; k < shape.inputSize; k++)
          scrambled[(t * shape.batch + b) * shape.inputSize + k] = 1e3;
      }
    }
    const { hidden, cache } = recurrentForward(shape, scrambled, lengths, weights, { engine });
    expect(maxAbsDiff(hidden, f.hidden)).toBeLessThanOrEqual(TOLERANCE);
    const { dx } = recurrentBackward(shape, cache, Float32Array.from(f.R));
    for (let t = 0; t < shape.time; t++) {
      for (let b = 0; b < shape.batch; b++) {
        if (t < lengths[b]!) continue;
        const row = (t * shape.batch + b) * shape.inputSize;
        expect(Array.from(dx.subarray(row, row + shape.inputSize))).toEqual(
          new Array(shape.inputSize).fill(0),
        );
      }
    }
  });
});

describe.each(CASES.flatMap((name) => ENGINES.map((engine) => ({ name, engine }))))(
  'recurrent layer from projected rows ($name on $engine)',
  ({ name, engine }) => {
    it('gives the unprojected pass bit for bit, and refuses a backward pass', () => {
      const { shape, weights, x, lengths } = load(name);
      const expected = recurrentForward(shape, x, lengths, weights, { engine });
      const table = projectAllRows(x, weights, shape.inputSize, engine);
      const { hidden, cache } = recurrentForward(shape, table, lengths, weights, {
        engine,
        projected: true,
      });
      expect(Array.from(hidden)).toEqual(Array.from(expected.hidden));
      expect(() => recurrentBackward(shape, cache, new Float32Array(hidden.length))).toThrow(
        /projected rows .* no input and no W_ih to differentiate/,
      );
    });
  },
);

describe.each(ENGINES)('recurrent layer gathering a projected table by ids on %s', (engine) => {
  // Tokens from a 6-entry vocabulary: x's rows are its entries, so the
  // table's rows are what a token's projection is.
  function vocabularyProblem() {
    const { shape, weights, lengths } = load('lstm-bi');
    const I = shape.inputSize;
    const vocab = Float32Array.from({ length: 6 * I }, (_, k) => Math.sin(k * 0.37));
    const ids = Int32Array.from({ length: shape.time * shape.batch }, (_, k) => (k * 5 + 2) % 6);
    const x = new Float32Array(shape.time * shape.batch * I);
    for (const [row, id] of ids.entries()) x.set(vocab.subarray(id * I, (id + 1) * I), row * I);
    return { shape, weights, lengths, vocab, ids, x };
  }

  it('gives the unprojected pass bit for bit, from a plain or a shared table', () => {
    const { shape, weights, lengths, vocab, ids, x } = vocabularyProblem();
    const expected = recurrentForward(shape, x, lengths, weights, { engine, pooled: true });
    const table = projectAllRows(vocab, weights, shape.inputSize, engine);
    const shared = new Float32Array(new SharedArrayBuffer(table.byteLength));
    shared.set(table);
    for (const rows of [table, shared]) {
      const got = recurrentForward(shape, rows, lengths, weights, {
        engine,
        pooled: true,
        projected: true,
        ids,
      });
      expect(Array.from(got.hidden)).toEqual(Array.from(expected.hidden));
      expect(Array.from(got.pooled!)).toEqual(Array.from(expected.pooled!));
    }
  });

  it('names an id outside the table, a table of partial rows, ids of the wrong type, and ids without projected', () => {
    const { shape, weights, lengths, vocab, ids } = vocabularyProblem();
    const table = projectAllRows(vocab, weights, shape.inputSize, engine);
    const bad = ids.slice();
    // Row 0 is (t 0, b 0): a real token of every sequence.
    bad[0] = 6;
    const run = (rows: Float32Array, these: Int32Array, projected = true) =>
      recurrentForward(shape, rows, lengths, weights, { engine, projected, ids: these });
    expect(() => run(table, bad)).toThrowError(RecurrentKernelError);
    expect(() => run(table, bad)).toThrowError(
      /options.ids\[0\] is 6, outside the projected table's rows \(0\.\.5\)/,
    );
    expect(() => run(table.subarray(1), ids)).toThrowError(
      /a projected table with options.ids\) has \d+ elements, not whole rows of \d+/,
    );
    expect(() => run(table, ids.subarray(1))).toThrowError(/options.ids has/);
    expect(() => run(table, ids, false)).toThrowError(/set options.projected too/);
    expect(() => run(table, Float32Array.from(ids) as unknown as Int32Array)).toThrowError(
      /options.ids must be an Int32Array of row ids, got \[object Float32Array\]/,
    );
  });

  it('never reads the id of a padding row', () => {
    const { shape, weights, lengths, vocab, ids } = vocabularyProblem();
    const table = projectAllRows(vocab, weights, shape.inputSize, engine);
    const padded = ids.slice();
    for (let t = 0; t < shape.time; t++)
      for (let b = 0; b < shape.batch; b++) if (t >= lengths[b]!) padded[t * shape.batch + b] = -1;
    const options = { engine, projected: true } as const;
    expect(
      recurrentForward(shape, table, lengths, weights, { ...options, ids: padded }).hidden,
    ).toEqual(recurrentForward(shape, table, lengths, weights, { ...options, ids }).hidden);
  });
});

describe('recurrent layer argument checks', () => {
  const { shape, weights, x } = load('gru-uni');

  it('rejects a length of 0', () => {
    const lengths = Int32Array.from([3, 7, 0, 5, 3]);
    expect(() => recurrentForward(shape, x, lengths, weights)).toThrowError(
      /lengths\[2\] is 0; every length must be between 1 and shape.time \(7\)/,
    );
  });

  it('rejects a length longer than time', () => {
    const lengths = Int32Array.from([3, 8, 1, 5, 3]);
    expect(() => recurrentForward(shape, x, lengths, weights)).toThrowError(RecurrentKernelError);
    expect(() => recurrentForward(shape, x, lengths, weights)).toThrowError(/lengths\[1\] is 8/);
  });

  it('rejects a lengths array that does not match the batch', () => {
    expect(() => recurrentForward(shape, x, Int32Array.from([1, 2]), weights)).toThrowError(
      /lengths has 2 entries but shape.batch is 5/,
    );
  });

  it('rejects an input buffer of the wrong size', () => {
    const lengths = Int32Array.from([3, 7, 1, 5, 3]);
    expect(() => recurrentForward(shape, x.subarray(1), lengths, weights)).toThrowError(
      /x has 209 elements, expected 210/,
    );
  });

  it('rejects the wrong number of directions', () => {
    const lengths = Int32Array.from([3, 7, 1, 5, 3]);
    const bi = { ...shape, bidirectional: true };
    expect(() => recurrentForward(bi, x, lengths, weights)).toThrowError(/weights .* expected 2/);
  });

  it('rejects a backward call with a shape other than the recorded one', () => {
    const lengths = Int32Array.from([3, 7, 1, 5, 3]);
    const { cache } = recurrentForward(shape, x, lengths, weights);
    expect(() =>
      recurrentBackward({ ...shape, cell: 'lstm' }, cache, new Float32Array(15)),
    ).toThrowError(/shape.cell is lstm but the cache was recorded with gru/);
  });
});
