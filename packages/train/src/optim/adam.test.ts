import { maxAbsDiff } from '@imdb-rnn/test-support/max-abs-diff';
import { describe, expect, it } from 'vitest';
import { Rng } from '../data/rng';
import { kernelArray } from '../kernels/wasm/kernel-memory';
import { ADAM_DEFAULTS, type AdamHyperparameters, JsMoments, WasmAdam } from './adam';

function randomArray(rng: Rng, n: number, scale: number): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
}

/**
 * Runs `steps` Adam steps from the same start on both engines. The wasm kernel
 * rounds every intermediate to float32 (as PyTorch), the JS loop keeps them in
 * float64, so they agree to float32 rounding, not bit for bit.
 */
function bothEngines(size: number, steps: number, h: AdamHyperparameters, seed: number) {
  const rng = new Rng(seed);
  const start = randomArray(rng, size, 1);
  const grads = Array.from({ length: steps }, () => randomArray(rng, size, 0.5));
  const kernel = WasmAdam.create();
  expect(kernel, 'this runtime has WebAssembly SIMD').toBeDefined();
  const wasm = kernel!.allocate(size)!;
  const js = new JsMoments(size);
  const pWasm = start.slice();
  const pJs = start.slice();
  for (let s = 1; s <= steps; s++) {
    wasm.update(pWasm, grads[s - 1]!, pWasm, s, h);
    js.update(pJs, grads[s - 1]!, pJs, s, h);
  }
  return { start, pWasm, pJs, wasm: wasm.read(), js: js.read() };
}

describe('WasmAdam (f32x4 kernel) against the JavaScript loop', () => {
  const cases: [string, Partial<AdamHyperparameters>][] = [
    ['defaults', {}],
    [
      'weight decay, lr 0.01, betas (0.8, 0.99)',
      { weightDecay: 0.01, learningRate: 0.01, beta1: 0.8, beta2: 0.99 },
    ],
    ['epsilon 0', { epsilon: 0 }],
  ];
  for (const [label, overrides] of cases) {
    // 1003 is not a multiple of 4: the last vector runs over padding lanes.
    it(`${label}: parameters and moments agree within float32 rounding over 6 steps`, () => {
      const h = { ...ADAM_DEFAULTS, ...overrides };
      const r = bothEngines(1003, 6, h, 7);
      expect(maxAbsDiff(r.pWasm, r.pJs)).toBeLessThanOrEqual(1e-6);
      expect(maxAbsDiff(r.wasm.m, r.js.m)).toBeLessThanOrEqual(1e-7);
      expect(maxAbsDiff(r.wasm.v, r.js.v)).toBeLessThanOrEqual(1e-7);
      expect(r.pWasm.every(Number.isFinite)).toBe(true);
      // Every parameter moved: the update reached the last, partial vector too.
      expect(r.pWasm.every((p, i) => p !== r.start[i])).toBe(true);
    });
  }

  it('keeps each variable in its own slot: interleaved updates equal separate runs', () => {
    const h = { ...ADAM_DEFAULTS, learningRate: 0.05 };
    const kernel = WasmAdam.create()!;
    const rng = new Rng(3);
    const sizes = [5, 12, 1];
    const starts = sizes.map((n) => randomArray(rng, n, 1));
    const grads = sizes.map((n) => [1, 2, 3].map(() => randomArray(rng, n, 1)));
    const shared = sizes.map((n) => kernel.allocate(n)!);
    const params = starts.map((s) => s.slice());
    for (let s = 1; s <= 3; s++) {
      sizes.forEach((_, k) => {
        shared[k]!.update(params[k]!, grads[k]![s - 1]!, params[k]!, s, h);
      });
    }
    sizes.forEach((n, k) => {
      const alone = WasmAdam.create()!.allocate(n)!;
      const p = starts[k]!.slice();
      for (let s = 1; s <= 3; s++) alone.update(p, grads[k]![s - 1]!, p, s, h);
      expect(Array.from(params[k]!)).toEqual(Array.from(p));
    });
  });

  it('reads a gradient that lies in its memory where it is, with the bits of a copied one', () => {
    const rng = new Rng(9);
    const size = 1000;
    const start = randomArray(rng, size, 1);
    const grads = [1, 2, 3].map(() => randomArray(rng, size, 0.5));
    const owner = WasmAdam.create()!;
    // The first slot of a fresh memory: parameters, gradient, m, v from float 0.
    const inPlace = owner.allocate(size)!;
    const inside = kernelArray(owner, Float32Array, size)!;
    const copied = WasmAdam.create()!.allocate(size)!;
    const a = start.slice();
    const b = start.slice();
    for (let s = 1; s <= 3; s++) {
      inside.set(grads[s - 1]!);
      inPlace.update(a, inside, a, s, ADAM_DEFAULTS);
      copied.update(b, grads[s - 1]!, b, s, ADAM_DEFAULTS);
    }
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(inPlace.read()).toEqual(copied.read());
    // Never copied into the slot's gradient floats, which stay zero.
    const slotGradient = new Float32Array(owner.memory.buffer, size * 4, size);
    expect(slotGradient.every((g) => g === 0)).toBe(true);
    expect(Array.from(inside)).toEqual(Array.from(grads[2]!));
  });

  it('leaves the input parameters alone when writing to a separate output', () => {
    const moments = WasmAdam.create()!.allocate(3)!;
    const param = Float32Array.of(1, 2, 3);
    const out = new Float32Array(3);
    moments.update(param, Float32Array.of(1, -1, 0.5), out, 1, ADAM_DEFAULTS);
    expect(Array.from(param)).toEqual([1, 2, 3]);
    // First step: m / sqrt(v) is sign(g) (up to eps), so each moves by lr.
    expect(maxAbsDiff(out, [1 - 1e-3, 2 + 1e-3, 3 - 1e-3])).toBeLessThanOrEqual(1e-6);
  });

  it('stores m below 2^-100 and subnormal v as zero, leaving the parameters as the JS loop does', () => {
    // Rows a batch no longer touches (zero gradient) whose m decays into the subnormal
    // range; a NaN moment stays NaN.
    const m = [1e-39, -2e-31, 3e-29, 0.01, Number.NaN, 1e-39, 0, 0];
    const v = [1e-6, 1e-6, 1e-6, 1e-6, 1e-6, 1e-40, 1.176e-38, 1e-6];
    const param = Float32Array.of(0.3, -0.7, 0.05, 1.5, 0.2, -0.01, 0.4, 0.9);
    const grad = new Float32Array(8);
    const moments = WasmAdam.create()!.allocate(8, { m, v })!;
    const out = new Float32Array(8);
    moments.update(param, grad, out, 700, ADAM_DEFAULTS);
    const js = new JsMoments(8, { m, v });
    const jsOut = new Float32Array(8);
    js.update(param, grad, jsOut, 700, ADAM_DEFAULTS);
    const read = moments.read();
    // 0.9 * 1e-39 and 0.9 * 2e-31 (< 2^-100) become 0; 0.9 * 3e-29 stays.
    expect(Array.from(read.m.slice(0, 2))).toEqual([0, 0]);
    expect(read.m[2]).toBe(Math.fround(Math.fround(0.9) * Math.fround(3e-29)));
    expect(read.m[3]).toBeCloseTo(0.009, 9);
    expect(read.m[4]).toBeNaN();
    // 0.999 * 1e-40 and 0.999 * 1.176e-38 (just above 2^-126) are subnormal: 0; 0.999 * 1e-6 is kept.
    expect(read.v[5]).toBe(0);
    expect(read.v[6]).toBe(0);
    expect(read.v[0]).toBeGreaterThan(0);
    // Where a moment was flushed the parameter is exactly where the JS loop (which
    // keeps every value) leaves it: unmoved.
    const flushed = [0, 1, 5, 6, 7];
    expect(flushed.map((i) => out[i])).toEqual(flushed.map((i) => param[i]));
    expect(flushed.map((i) => jsOut[i])).toEqual(flushed.map((i) => param[i]));
    expect(maxAbsDiff(out.subarray(2, 4), jsOut.subarray(2, 4))).toBeLessThanOrEqual(1e-6);
  });

  it('restores saved moments into a slot and reads back copies', () => {
    const moments = WasmAdam.create()!.allocate(2, { m: [0.5, -0.25], v: [0.125, 2] })!;
    const read = moments.read();
    expect(Array.from(read.m)).toEqual([0.5, -0.25]);
    expect(Array.from(read.v)).toEqual([0.125, 2]);
    read.m[0] = 99;
    expect(moments.read().m[0]).toBe(0.5);
  });
});

describe('WasmAdam step hints', () => {
  const h = { ...ADAM_DEFAULTS, learningRate: 1e-2 };
  const size = 21;

  it('paramUnchanged skips copying the parameters in without changing a bit', () => {
    const rng = new Rng(41);
    const start = randomArray(rng, size, 1);
    const plain = WasmAdam.create()!.allocate(size)!;
    const hinted = WasmAdam.create()!.allocate(size)!;
    const pPlain = start.slice();
    const pHinted = start.slice();
    for (let s = 1; s <= 6; s++) {
      const grad = randomArray(rng, size, 1);
      plain.update(pPlain, grad, pPlain, s, h);
      hinted.update(pHinted, grad, pHinted, s, h, { paramUnchanged: s > 1 });
      expect(Array.from(pHinted)).toEqual(Array.from(pPlain));
    }
    expect(hinted.read()).toEqual(plain.read());
  });

  it('copies the parameters in anyway when they are not the array it last wrote', () => {
    const rng = new Rng(42);
    const moments = WasmAdam.create()!.allocate(size)!;
    const reference = WasmAdam.create()!.allocate(size)!;
    const p = randomArray(rng, size, 1);
    const q = p.slice();
    const grad = randomArray(rng, size, 1);
    moments.update(p, grad, p, 1, h);
    reference.update(q, grad, q, 1, h);
    // Edited outside the optimizer, into a new array: the hint cannot apply.
    const edited = Float32Array.from(p, (x) => x + 1);
    const editedCopy = edited.slice();
    moments.update(edited, grad, edited, 2, h, { paramUnchanged: true });
    reference.update(editedCopy, grad, editedCopy, 2, h);
    expect(Array.from(edited)).toEqual(Array.from(editedCopy));
  });
});
