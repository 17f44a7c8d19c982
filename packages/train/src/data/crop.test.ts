import { describe, expect, it } from 'vitest';
import { CROP_MAX_TOKENS, CROP_MIN_TOKENS, cropExamples } from './crop';
import { Rng } from './rng';

// Rows whose ids are their positions, so a crop shows where it came from.
function examples(lengths: readonly number[]) {
  const ids = lengths.map((n) => Int32Array.from({ length: n }, (_, t) => t));
  return {
    ids,
    lengths: Int32Array.from(lengths),
    labels: Uint8Array.from(lengths, (_, i) => i % 2),
  };
}

describe('cropExamples', () => {
  it('with prob 0 returns the examples untouched and draws nothing', () => {
    const data = examples([300, 3]);
    const rng = new Rng(1);
    expect(cropExamples(data, rng, 0)).toBe(data);
    expect(rng.getState()).toEqual(new Rng(1).getState());
  });

  it('with prob 1 crops every review to a contiguous span of 5-50 tokens, labels kept', () => {
    const data = examples(Array.from({ length: 400 }, (_, i) => 60 + i));
    const cropped = cropExamples(data, new Rng(7), 1);
    expect(cropped.labels).toBe(data.labels);
    const seen = new Set<number>();
    cropped.ids.forEach((row, i) => {
      expect(cropped.lengths[i]).toBe(row.length);
      expect(row.length).toBeGreaterThanOrEqual(CROP_MIN_TOKENS);
      expect(row.length).toBeLessThanOrEqual(CROP_MAX_TOKENS);
      // contiguous: consecutive positions of the original row
      expect([...row]).toEqual(Array.from(row, (_, t) => row[0]! + t));
      expect(row[row.length - 1]!).toBeLessThan(data.lengths[i]!);
      seen.add(row.length);
    });
    // every length is drawn, not only one (46 values over 400 draws)
    expect(seen.size).toBeGreaterThan(40);
  });

  it('keeps short reviews whole and crops about prob of them', () => {
    const short = cropExamples(examples([3, 1]), new Rng(3), 1);
    expect(short.ids.map((r) => r.length)).toEqual([3, 1]);
    const data = examples(Array.from({ length: 2000 }, () => 200));
    const cropped = cropExamples(data, new Rng(11), 0.25);
    const share = cropped.ids.filter((row) => row.length < 200).length / 2000;
    expect(share).toBeGreaterThan(0.22);
    expect(share).toBeLessThan(0.28);
  });

  it('is deterministic per rng seed and rejects a probability outside [0, 1]', () => {
    const data = examples([100, 120, 140]);
    const a = cropExamples(data, new Rng(5), 0.5).ids.map((r) => [...r]);
    const b = cropExamples(data, new Rng(5), 0.5).ids.map((r) => [...r]);
    expect(a).toEqual(b);
    expect(() => cropExamples(data, new Rng(5), 1.5)).toThrow(
      'cropProb: expected a number in [0, 1], got 1.5',
    );
    expect(() => cropExamples(data, new Rng(5), Number.NaN)).toThrow('cropProb');
  });
});
