import { describe, expect, it } from 'vitest';
import {
  formatAmount,
  formatDone,
  formatDuration,
  formatExtra,
  formatRate,
} from './progress-format';

describe('progress formatting', () => {
  it('shows bytes in MB and counts with their unit', () => {
    expect(formatAmount(84_125_825, 'bytes')).toBe('84.1 MB');
    expect(formatAmount(25_000, 'reviews')).toBe('25,000 reviews');
    expect(formatDone(12_300_000, 84_125_825, 'bytes')).toBe('12.3/84.1 MB');
    expect(formatDone(1200, 25_000, 'reviews')).toBe('1,200/25,000 reviews');
    expect(formatDone(1200, undefined, 'reviews')).toBe('1,200 reviews');
  });

  it('shows rates per second', () => {
    expect(formatRate(5_250_000, 'bytes')).toBe('5.3 MB/s');
    expect(formatRate(41_234.4, 'reviews')).toBe('41,234 reviews/s');
    expect(formatRate(2.5, 'batches')).toBe('2.50 batches/s');
    expect(formatRate(Number.POSITIVE_INFINITY, 'batches')).toBe('-');
  });

  it('shows durations in s, m and h, and "-" when unknown', () => {
    expect(formatDuration(44.6)).toBe('45s');
    expect(formatDuration(185)).toBe('3m05s');
    expect(formatDuration(3725)).toBe('1h02m');
    expect(formatDuration(Number.NaN)).toBe('-');
  });

  it('shows extra figures as key=value with 4 significant digits', () => {
    expect(formatExtra({ loss: 0.432_198, epoch: 3, arch: 'gru' })).toBe(
      ' loss=0.4322 epoch=3 arch=gru',
    );
  });
});
