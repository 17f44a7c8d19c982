import { totalmem } from 'node:os';
import { describe, expect, it } from 'vitest';
import { peakRssMB } from './peak-rss.js';

const MIB = 2 ** 20;

describe('peakRssMB', () => {
  it('rises to the new high-water mark, in MiB, when the process touches more memory than ever', () => {
    const before = peakRssMB();
    const rss = process.memoryUsage().rss / MIB;
    expect(before).toBeGreaterThanOrEqual(rss - 1);
    // Resident memory 128 MiB above the old peak: Buffer.alloc writes (so maps) every page.
    const grow = Math.ceil(before - rss) + 128;
    const block = Buffer.alloc(grow * MIB, 1);
    const after = peakRssMB();
    const rssWithBlock = process.memoryUsage().rss / MIB;
    expect(block.at(-1)).toBe(1);
    expect(rssWithBlock).toBeGreaterThan(before + 64);
    // The peak follows: at least the resident size now, in the same unit, and
    // not a figure in KiB (1024 times larger than the machine's memory in MiB).
    expect(after).toBeGreaterThanOrEqual(rssWithBlock - 1);
    expect(after).toBeLessThan(totalmem() / MIB);
  });
});
