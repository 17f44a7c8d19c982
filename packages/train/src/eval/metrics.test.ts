import { describe, expect, it } from 'vitest';
import { evaluate } from './metrics.js';

describe('evaluate', () => {
  // predicted at 0.5: [1,1,0,0,1,1] -> tp 2 (0,4), fp 2 (1,5), tn 1 (3), fn 1 (2)
  const scores = Float32Array.from([0.9, 0.6, 0.4, 0.2, 0.7, 0.5]);
  const labels = Uint8Array.from([1, 0, 1, 0, 1, 0]);

  it('computes the confusion matrix and derived ratios of a hand-checked example', () => {
    const m = evaluate(scores, labels, { scoreKind: 'probability' });
    expect(m.confusion).toEqual({ tp: 2, fp: 2, tn: 1, fn: 1 });
    expect(m.count).toBe(6);
    expect(m.accuracy).toBeCloseTo(3 / 6, 12);
    expect(m.precision).toBeCloseTo(2 / 4, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.f1).toBeCloseTo(4 / 7, 12);
    // positives {0.9,0.4,0.7} vs negatives {0.6,0.2,0.5}: 3 + 1 + 3 = 7 of 9 pairs
    expect(m.rocAuc.value).toBeCloseTo(7 / 9, 6);
  });

  it('thresholds probabilities at 0.5 and logits at 0, both inclusive', () => {
    const atThreshold = evaluate(Float32Array.from([0.5]), Uint8Array.from([1]), {
      scoreKind: 'probability',
    });
    expect(atThreshold.threshold).toBe(0.5);
    expect(atThreshold.confusion.tp).toBe(1);
    const logits = evaluate(Float32Array.from([0, -0.01, 0.3]), Float32Array.from([1, 0, 0]), {
      scoreKind: 'logit',
    });
    expect(logits.threshold).toBe(0);
    expect(logits.confusion).toEqual({ tp: 1, fp: 1, tn: 1, fn: 0 });
  });

  it('returns null precision when nothing is predicted positive, and null AUC for one class', () => {
    const m = evaluate(Float32Array.from([0.1, 0.2]), Uint8Array.from([0, 0]), {
      scoreKind: 'probability',
    });
    expect(m.accuracy).toBe(1);
    expect(m.precision).toBeNull();
    expect(m.recall).toBeNull();
    expect(m.f1).toBeNull();
    expect(m.rocAuc.value).toBeNull();
    expect(m.rocAuc.reason).toMatch(/undefined/);
    expect(JSON.parse(JSON.stringify(m)).rocAuc.value).toBeNull();
  });

  it('gives F1 0 (not null) when there are positives but none is found', () => {
    const m = evaluate(Float32Array.from([0.1, 0.9]), Uint8Array.from([1, 0]), {
      scoreKind: 'probability',
    });
    expect(m.precision).toBe(0);
    expect(m.recall).toBe(0);
    expect(m.f1).toBe(0);
    expect(m.rocAuc.value).toBe(0);
  });

  it('adds accuracy by length bucket when lengths are given', () => {
    const m = evaluate(scores, labels, {
      scoreKind: 'probability',
      lengths: Int32Array.from([10, 20, 150, 150, 900, 900]),
      lengthBuckets: [0, 100, 800],
    });
    expect(m.byLength?.map((b) => [b.count, b.correct])).toEqual([
      [2, 1],
      [2, 1],
      [2, 1],
    ]);
    expect(evaluate(scores, labels, { scoreKind: 'probability' }).byLength).toBeUndefined();
  });

  it('rejects mismatched lengths, non-binary labels, NaN scores and empty input', () => {
    const one = { scoreKind: 'probability' } as const;
    expect(() => evaluate(Float32Array.from([0.1]), Uint8Array.from([1, 0]), one)).toThrow(
      /scores has 1 entries but labels has 2/,
    );
    expect(() => evaluate(Float32Array.from([0.1]), Float32Array.from([0.5]), one)).toThrow(
      /labels\[0\] is 0.5/,
    );
    expect(() => evaluate(Float32Array.from([Number.NaN]), Uint8Array.from([1]), one)).toThrow(
      /scores\[0\] is NaN/,
    );
    expect(() => evaluate(new Float32Array(0), new Uint8Array(0), one)).toThrow(/empty/);
  });
});
