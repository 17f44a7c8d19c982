// The load harness shared by the 60 s benchmark (bench/load.bench.ts) and its short
// CI variant (src/load.node.test.ts): concurrent callers loop classify on one
// classifier for a bounded time, some one review per call, some a batch per call,
// and every result is checked against the answer the same classifier gave before
// the load. It reports throughput, latency percentiles and memory after warm-up
// and at the end.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Classifier } from '@imdb-rnn/core';

export interface LoadOptions {
  /** Real reviews the callers cycle through. */
  reviews: readonly string[];
  /** Concurrent callers; default 8. */
  callers?: number;
  /** How many of the callers send batches (the rest send one review per call); default callers / 4. */
  batchCallers?: number;
  /** Reviews per batched call; default 16. */
  batchSize?: number;
  /** Measured duration after warm-up, ms. */
  durationMs: number;
  /** Load before the start is measured (JIT, ORT arenas, allocator pools settle), ms; default 3,000. */
  warmupMs?: number;
  /** Interval of the memory samples, ms; default 1,000. */
  sampleEveryMs?: number;
}

export interface MemoryFigures {
  /** Resident set size, MB (1e6 bytes). */
  rssMB: number;
  /** V8 heap in use after a full GC, MB. */
  heapUsedMB: number;
  /** Memory outside the V8 heap owned by JS objects (typed arrays, ORT tensors), MB. */
  externalMB: number;
}

export interface LatencyFigures {
  calls: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LoadReport {
  callers: number;
  batchCallers: number;
  batchSize: number;
  durationS: number;
  /** Reviews classified per second over the measured period, all callers together. */
  reviewsPerS: number;
  callsPerS: number;
  reviews: number;
  /** Calls that rejected or whose results differed from the pre-load answers. */
  errors: number;
  firstErrors: string[];
  /** Per call, from submission to result, queueing behind other callers included. */
  single: LatencyFigures;
  batch: LatencyFigures;
  /** After warm-up and a full GC. */
  start: MemoryFigures;
  /** After the load and a full GC. */
  end: MemoryFigures;
  /** Largest RSS seen during the measured period (sampled), MB. */
  peakRssMB: number;
  /** [seconds since start, rss MB, heapUsed MB (no forced GC)] every sampleEveryMs. */
  samples: [number, number, number][];
}

const LOGIT_TOLERANCE = 1e-4;

/**
 * Growth from after warm-up to the end (both after a full GC) that still passes.
 * Measured at steady state: RSS -22 MB, heapUsed -0.1 MB, external -0.2 MB over 15 s.
 * RSS is coarse (the allocator and ORT's arena keep and return pages in big steps),
 * hence 64 MB; heapUsed and external after a full GC are exact to a fraction of a MB,
 * so 8 MB each catches a leak of ~3 KB per call (about one padded review's ids) in
 * the CI run's ~3,000 calls, and of ~0.5 KB per call in the 60 s benchmark.
 */
export const RSS_GROWTH_BOUND_MB = 64;
export const HEAP_GROWTH_BOUND_MB = 8;

/** Failures of the bounds above, as messages; empty when the run passes. */
export function memoryBoundFailures(report: LoadReport): string[] {
  const out: string[] = [];
  const growth = (key: keyof MemoryFigures) => report.end[key] - report.start[key];
  if (growth('rssMB') >= RSS_GROWTH_BOUND_MB) {
    out.push(`RSS grew ${growth('rssMB').toFixed(1)} MB (bound ${RSS_GROWTH_BOUND_MB} MB)`);
  }
  for (const key of ['heapUsedMB', 'externalMB'] as const) {
    if (growth(key) >= HEAP_GROWTH_BOUND_MB) {
      out.push(`${key} grew ${growth(key).toFixed(1)} MB (bound ${HEAP_GROWTH_BOUND_MB} MB)`);
    }
  }
  return out;
}

/** A full garbage collection, so heapUsed measures what is still referenced. */
function collectGarbage(): void {
  let gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) {
    // Without --expose-gc (vitest's default workers), V8 can still hand out its gc().
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  gc();
}

function memory(): MemoryFigures {
  collectGarbage();
  const m = process.memoryUsage();
  return { rssMB: m.rss / 1e6, heapUsedMB: m.heapUsed / 1e6, externalMB: m.external / 1e6 };
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function latencyFigures(values: number[]): LatencyFigures {
  const sorted = Float64Array.from(values).sort();
  return {
    calls: values.length,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
  };
}

/** Runs the load on `classifier` (which the caller loads and disposes). */
export async function runLoad(classifier: Classifier, options: LoadOptions): Promise<LoadReport> {
  const { reviews, durationMs } = options;
  const callers = options.callers ?? 8;
  const batchCallers = options.batchCallers ?? Math.floor(callers / 4);
  const batchSize = options.batchSize ?? 16;
  const warmupMs = options.warmupMs ?? 3_000;
  const sampleEveryMs = options.sampleEveryMs ?? 1_000;
  if (reviews.length < batchSize) throw new Error(`runLoad: need at least ${batchSize} reviews`);

  // The answers every call under load must reproduce exactly (same session, same input).
  const expected = Float64Array.from(await classifier.classify(reviews), (r) => r.logit);

  let phase: 'warmup' | 'measure' | 'stop' = 'warmup';
  const single: number[] = [];
  const batch: number[] = [];
  let reviewsDone = 0;
  let callsDone = 0;
  let errors = 0;
  const firstErrors: string[] = [];
  const fail = (message: string) => {
    errors++;
    if (firstErrors.length < 5) firstErrors.push(message);
  };

  async function caller(index: number): Promise<void> {
    const batched = index < batchCallers;
    // Callers start at different places in the reviews and stride through them.
    let next = (index * 7919) % reviews.length;
    while (phase !== 'stop') {
      const count = batched ? batchSize : 1;
      const picked = Array.from({ length: count }, (_, k) => (next + k) % reviews.length);
      next = (next + count * callers) % reviews.length;
      const measured = phase === 'measure';
      const startedAt = performance.now();
      try {
        const results = batched
          ? await classifier.classify(picked.map((i) => reviews[i]!))
          : [await classifier.classify(reviews[picked[0]!]!)];
        const elapsed = performance.now() - startedAt;
        results.forEach((r, k) => {
          const i = picked[k]!;
          // Not bit-equal: a review's logit can move in the last float32 bits with the
          // batch it shares (ORT's GEMM blocking depends on the batch size).
          if (!(Math.abs(r.logit - expected[i]!) <= LOGIT_TOLERANCE)) {
            fail(`review ${i}: logit ${r.logit}, before the load ${expected[i]}`);
          }
        });
        if (measured && phase === 'measure') {
          (batched ? batch : single).push(elapsed);
          reviewsDone += count;
          callsDone++;
        }
      } catch (error) {
        fail(
          `caller ${index}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
        );
      }
    }
  }

  const running = Array.from({ length: callers }, (_, i) => caller(i));
  await new Promise((resolve) => setTimeout(resolve, warmupMs));
  const start = memory();
  phase = 'measure';
  const startedAt = performance.now();
  const samples: [number, number, number][] = [];
  let peakRssMB = start.rssMB;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRssMB = Math.max(peakRssMB, m.rss / 1e6);
    samples.push([(performance.now() - startedAt) / 1000, m.rss / 1e6, m.heapUsed / 1e6]);
  }, sampleEveryMs);
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  const durationS = (performance.now() - startedAt) / 1000;
  phase = 'stop';
  clearInterval(sampler);
  await Promise.all(running);
  const end = memory();
  peakRssMB = Math.max(peakRssMB, end.rssMB);

  return {
    callers,
    batchCallers,
    batchSize,
    durationS,
    reviewsPerS: reviewsDone / durationS,
    callsPerS: callsDone / durationS,
    reviews: reviewsDone,
    errors,
    firstErrors,
    single: latencyFigures(single),
    batch: latencyFigures(batch),
    start,
    end,
    peakRssMB,
    samples,
  };
}

/** The report as a Markdown table (what bench/results/load.md and the README show). */
export function loadReportMarkdown(report: LoadReport, title: string): string {
  const f = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
  const lat = (l: LatencyFigures) =>
    `${f(l.p50Ms, 2)} ms / ${f(l.p99Ms, 2)} ms / ${f(l.maxMs, 1)} ms (${l.calls.toLocaleString('en-US')} calls)`;
  return [
    `${title}`,
    '',
    '| measure | value |',
    '| --- | --- |',
    `| callers | ${report.callers} concurrent (${report.callers - report.batchCallers} one review per call, ${report.batchCallers} batches of ${report.batchSize}) |`,
    `| measured for | ${f(report.durationS)} s after warm-up |`,
    `| throughput | **${f(report.reviewsPerS, 0)} reviews/s** (${f(report.callsPerS, 0)} calls/s, ${report.reviews.toLocaleString('en-US')} reviews) |`,
    `| single-review call latency p50 / p99 / max | ${lat(report.single)} |`,
    `| batch-of-${report.batchSize} call latency p50 / p99 / max | ${lat(report.batch)} |`,
    `| errors (rejections or results differing from the pre-load answers) | ${report.errors} |`,
    `| RSS after warm-up → end (after GC) | ${f(report.start.rssMB)} MB → ${f(report.end.rssMB)} MB (${report.end.rssMB >= report.start.rssMB ? '+' : ''}${f(report.end.rssMB - report.start.rssMB)} MB); peak ${f(report.peakRssMB)} MB |`,
    `| V8 heapUsed after warm-up → end (after GC) | ${f(report.start.heapUsedMB)} MB → ${f(report.end.heapUsedMB)} MB |`,
    `| external (typed arrays, ORT tensors) after warm-up → end | ${f(report.start.externalMB)} MB → ${f(report.end.externalMB)} MB |`,
    '',
  ].join('\n');
}
