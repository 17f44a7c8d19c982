import { describe, expect, it } from 'vitest';
import { resolveThreads } from './runtime-settings.js';

const isolated = { crossOriginIsolated: true, hardwareConcurrency: 8 };
const plain = { crossOriginIsolated: false, hardwareConcurrency: 8 };

describe('resolveThreads', () => {
  it('uses 1 thread by default, isolated or not', () => {
    expect(resolveThreads(undefined, isolated)).toBe(1);
    expect(resolveThreads(undefined, plain)).toBe(1);
  });

  it('gives more threads only to a cross-origin isolated page', () => {
    expect(resolveThreads(3, isolated)).toBe(3);
    expect(resolveThreads(3, plain)).toBe(1);
    expect(resolveThreads('auto', isolated)).toBe(4);
    expect(resolveThreads('auto', { crossOriginIsolated: true, hardwareConcurrency: 2 })).toBe(2);
    expect(resolveThreads('auto', plain)).toBe(1);
  });

  it('rejects a thread count that is not a positive integer', () => {
    expect(() => resolveThreads(0, isolated)).toThrow('options.numThreads');
    expect(() => resolveThreads(1.5, isolated)).toThrow('expected a positive integer or "auto"');
  });
});
