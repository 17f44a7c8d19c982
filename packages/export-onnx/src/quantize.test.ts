import { describe, expect, it } from 'vitest';
import { dequantizeRows, quantizeRows } from './quantize.js';

describe('quantizeRows', () => {
  it('gives each row its own scale, max |value| / 127, and codes within [-127, 127]', () => {
    const values = Float32Array.from([1.27, -0.635, 0, 100, 50, -100]);
    const q = quantizeRows(values, 2, 3);
    expect(q.scales[0]).toBeCloseTo(0.01, 7);
    expect(q.scales[1]).toBeCloseTo(100 / 127, 6);
    expect(Array.from(q.codes)).toEqual([127, -64, 0, 127, 64, -127]);
  });

  it('dequantizes within half a step of the original values', () => {
    const values = Float32Array.from({ length: 60 }, (_, i) => Math.cos(i * 7.1) * (1 + (i % 7)));
    const q = quantizeRows(values, 6, 10);
    const back = dequantizeRows(q, 10);
    values.forEach((value, i) => {
      expect(Math.abs(back[i]! - value)).toBeLessThanOrEqual(
        q.scales[Math.floor(i / 10)]! / 2 + 1e-7,
      );
    });
  });

  it('maps an all-zero row (the <pad> row) to scale 0 and zero codes', () => {
    const q = quantizeRows(new Float32Array([0, 0, 0.5, -0.25]), 2, 2);
    expect(q.scales[0]).toBe(0);
    expect(Array.from(dequantizeRows(q, 2).subarray(0, 2))).toEqual([0, 0]);
  });
});
