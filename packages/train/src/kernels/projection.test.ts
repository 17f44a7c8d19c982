import { maxAbsDiff } from '@imdb-rnn/test-support/max-abs-diff';
import { describe, expect, it } from 'vitest';
import { Rng } from '../data/rng';
import { RecurrentKernelError } from '../errors';
import { activeRows, projectInputs, projectInputsBackward } from './projection';

// Both engines compute the same float32 products; they differ only in
// summation order and precision (float32 in wasm, float64 in JS), ~1e-6 at
// these sizes.
const TOLERANCE = 1e-5;

function random(rng: Rng, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.next() * 2 - 1;
  return out;
}

describe('activeRows', () => {
  it('lists the time-major rows of real tokens in order', () => {
    expect(Array.from(activeRows(3, 2, Int32Array.of(3, 1)))).toEqual([0, 1, 2, 4]);
  });
});

// Widths that are and are not whole f32x4 vectors, narrower and wider than the
// kernels' widest register block (32 floats), with and without padded rows.
describe.each([
  { inputSize: 6, outSize: 9, lengths: [3, 7, 1] },
  { inputSize: 100, outSize: 40, lengths: [5, 5, 5, 5] },
  { inputSize: 33, outSize: 80, lengths: [2, 9, 4] },
  { inputSize: 100, outSize: 30, lengths: [300, 120] },
])('projection engines agree (I=$inputSize, N=$outSize)', ({ inputSize, outSize, lengths }) => {
  const rng = new Rng(inputSize * 1000 + outSize);
  const time = Math.max(...lengths);
  const batch = lengths.length;
  const rows = activeRows(time, batch, Int32Array.from(lengths));
  const x = random(rng, time * batch * inputSize);
  const w = random(rng, outSize * inputSize);
  const bias = random(rng, outSize);
  const dOut = random(rng, time * batch * outSize);
  // Gradients only flow from real rows.
  const isReal = new Uint8Array(time * batch);
  for (const r of rows) isReal[r] = 1;
  for (let r = 0; r < time * batch; r++) {
    if (isReal[r] === 0) dOut.fill(0, r * outSize, (r + 1) * outSize);
  }

  it('forward: wasm equals js and leaves padded rows zero', () => {
    const js = projectInputs(x, w, bias, inputSize, outSize, rows, 'js');
    const wasm = projectInputs(x, w, bias, inputSize, outSize, rows, 'wasm');
    expect(maxAbsDiff(wasm, js)).toBeLessThanOrEqual(TOLERANCE);
    for (let r = 0; r < time * batch; r++) {
      if (isReal[r] === 1) continue;
      expect(wasm.subarray(r * outSize, (r + 1) * outSize).every((v) => v === 0)).toBe(true);
    }
  });

  it('backward: wasm equals js for dx, dW and dBias', () => {
    const js = projectInputsBackward(dOut, x, w, inputSize, outSize, rows, { engine: 'js' });
    const wasm = projectInputsBackward(dOut, x, w, inputSize, outSize, rows, { engine: 'wasm' });
    expect(maxAbsDiff(wasm.dx!, js.dx!)).toBeLessThanOrEqual(TOLERANCE);
    // dW sums over every row: allow for the longer float32 sums.
    expect(maxAbsDiff(wasm.dW, js.dW)).toBeLessThanOrEqual(TOLERANCE * Math.sqrt(rows.length));
    expect(maxAbsDiff(wasm.dBias, js.dBias)).toBeLessThanOrEqual(TOLERANCE);
  });
});

describe('projection engine choice', () => {
  it("refuses float64 on the 'wasm' engine", () => {
    const x = new Float64Array(4);
    const rows = Int32Array.of(0);
    expect(() =>
      projectInputs(x, new Float64Array(8), new Float64Array(2), 4, 2, rows, 'wasm'),
    ).toThrowError(RecurrentKernelError);
  });

  it("runs float64 on 'auto' through the JavaScript loops", () => {
    const x = Float64Array.of(1, 2);
    const out = projectInputs(
      x,
      Float64Array.of(0.5, 0.25),
      Float64Array.of(1),
      2,
      1,
      Int32Array.of(0),
      'auto',
    );
    expect(out).toBeInstanceOf(Float64Array);
    expect(Array.from(out)).toEqual([2]);
  });
});
