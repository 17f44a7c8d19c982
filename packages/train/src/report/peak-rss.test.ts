import { describe, expect, it } from 'vitest';
import { peakRssMB } from './peak-rss.js';

describe('peakRssMB', () => {
  it('is at least the current resident set size and never decreases', () => {
    const before = peakRssMB();
    expect(before).toBeGreaterThanOrEqual(process.memoryUsage().rss / 2 ** 20 - 1);
    // Touch 64 MiB so the high-water mark has a reason to move; it must not go down.
    const block = new Uint8Array(64 * 2 ** 20).fill(1);
    expect(block[block.length - 1]).toBe(1);
    expect(peakRssMB()).toBeGreaterThanOrEqual(before);
  });
});
