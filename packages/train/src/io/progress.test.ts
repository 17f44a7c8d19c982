import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from './progress';

/** A stream that records what is written; `isTTY` decides which display is used. */
function capture(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 120 });
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return { stream, text: () => text };
}

describe('createProgress without a terminal', () => {
  it('prints a line with amount, percent, rate and ETA at most once per interval, and a final line', () => {
    const out = capture(false);
    let clock = 0;
    const progress = createProgress({
      label: 'download a.tar.gz',
      total: 10_000_000,
      unit: 'bytes',
      stream: out.stream,
      intervalMs: 1000,
      now: () => clock,
    });
    clock = 500;
    progress.update(1_000_000); // within the first interval: no line
    clock = 1000;
    progress.update(2_000_000);
    clock = 1500;
    progress.update(3_000_000); // within the second interval: no line
    clock = 2000;
    progress.update(4_000_000);
    clock = 5000;
    progress.update(10_000_000);
    progress.stop();
    progress.stop();
    progress.update(5);
    expect(out.text().split('\n').filter(Boolean)).toEqual([
      'download a.tar.gz: 2.0/10.0 MB (20.0%), 2.0 MB/s, ETA 4s',
      'download a.tar.gz: 4.0/10.0 MB (40.0%), 2.0 MB/s, ETA 3s',
      'download a.tar.gz: 10.0/10.0 MB (100.0%), 2.0 MB/s, ETA 0s',
      'download a.tar.gz: done 10.0 MB in 5s (2.0 MB/s)',
    ]);
  });

  it('counts ticks and shows the latest extra figures; no percent or ETA without a total', () => {
    const out = capture(false);
    let clock = 0;
    const progress = createProgress({
      label: 'epoch 1',
      unit: 'batches',
      stream: out.stream,
      intervalMs: 1000,
      now: () => clock,
    });
    for (let i = 0; i < 4; i++) {
      clock += 500;
      progress.tick(1, { loss: 0.7 - i / 10 });
    }
    progress.stop();
    expect(out.text().split('\n').filter(Boolean)).toEqual([
      'epoch 1: 2 batches, 2.00 batches/s, ETA - loss=0.6000',
      'epoch 1: 4 batches, 2.00 batches/s, ETA - loss=0.4000',
      'epoch 1: done 4 batches in 2s (2.00 batches/s) loss=0.4000',
    ]);
  });
});

describe('createProgress on a terminal', () => {
  it('draws a bar with percent, amounts, rate and ETA, and ends on a new line', () => {
    const out = capture(true);
    let clock = 0;
    const progress = createProgress({
      label: 'read',
      total: 200,
      unit: 'reviews',
      stream: out.stream,
      now: () => clock,
    });
    clock = 2000;
    progress.update(100, { note: 'half' });
    progress.stop();
    const text = out.text();
    expect(text).toContain('read [');
    expect(text).toContain('50.0% | 100/200 reviews | 50.0 reviews/s | ETA 2s note=half');
    expect(text.endsWith('\n')).toBe(true);
  });
});
