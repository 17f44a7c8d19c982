import { describe, expect, it } from 'vitest';
import { reorderGates } from './gate-order.js';

// Two hidden units, two columns: block k holds values 10k .. 10k+3, so the output shows
// which PyTorch block landed in which ONNX slot.
function blocks(count: number): Float32Array {
  return Float32Array.from({ length: count * 4 }, (_, i) => 10 * Math.floor(i / 4) + (i % 4));
}

describe('reorderGates', () => {
  it('maps LSTM i,f,g,o (PyTorch) to i,o,f,c (ONNX)', () => {
    const out = new Float32Array(16);
    reorderGates('lstm', blocks(4), 2, 2, out, 0);
    expect(Array.from(out).filter((_, i) => i % 4 === 0)).toEqual([0, 30, 10, 20]);
  });

  it('maps GRU r,z,n (PyTorch) to z,r,h (ONNX) and writes at the offset', () => {
    const out = new Float32Array(14).fill(-1);
    reorderGates('gru', blocks(3), 2, 2, out, 2);
    expect(Array.from(out.subarray(0, 2))).toEqual([-1, -1]);
    expect(Array.from(out.subarray(2)).filter((_, i) => i % 4 === 0)).toEqual([10, 0, 20]);
  });

  it('reorders bias vectors (columns = 1) the same way', () => {
    const bias = Float32Array.from([1, 1, 2, 2, 3, 3, 4, 4]);
    const out = new Float32Array(8);
    reorderGates('lstm', bias, 2, 1, out, 0);
    expect(Array.from(out)).toEqual([1, 1, 4, 4, 2, 2, 3, 3]);
  });
});
