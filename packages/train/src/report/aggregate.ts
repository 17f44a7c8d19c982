import { ARCHITECTURES } from '@imdb-rnn/core';
import type { LengthBucketAccuracy } from '../eval/length-buckets.js';
import { accuracyBar } from './reference.js';
import type { ArchitectureAggregate, RunResult, ShortTextAggregate, TestedRun } from './results.js';

/**
 * Summarises the seeds of each architecture present in `runs`, in ARCHITECTURES
 * order. The bar is a mean over seeds because single runs of the simple RNN
 * swing by several points from seed to seed. Runs without test figures
 * (selection trials) have nothing to aggregate and are left out.
 */
export function aggregateRuns(runs: readonly RunResult[]): ArchitectureAggregate[] {
  return ARCHITECTURES.flatMap((architecture) => {
    const own = runs.filter(
      (run): run is TestedRun => run.architecture === architecture && run.test !== undefined,
    );
    if (own.length === 0) return [];
    const accuracies = own.map((run) => run.test.accuracy);
    const meanAccuracy = mean(accuracies);
    const epochs = own.flatMap((run) => run.history);
    const secondsPerEpochMean = mean(epochs.map((e) => e.seconds));
    const bar = accuracyBar(architecture);
    return [
      {
        architecture,
        seeds: own.map((run) => run.seed),
        testAccuracy: {
          mean: meanAccuracy,
          std: sampleStd(accuracies),
          min: Math.min(...accuracies),
          max: Math.max(...accuracies),
          perSeed: accuracies,
        },
        f1Mean: meanOfDefined(own.map((run) => run.test.f1)),
        rocAucMean: meanOfDefined(own.map((run) => run.test.rocAuc.value)),
        secondsPerEpochMean,
        reviewsPerSecondMean: mean(epochs.map((e) => e.reviewsPerSecond)),
        bar,
        pass: meanAccuracy >= bar,
        byLength: poolBuckets(own),
        shortText: shortTextOf(own),
      },
    ];
  });
}

/**
 * Pools per-seed length buckets by summing counts, so every review of every
 * seed weighs the same. Null unless all runs have buckets with the same edges:
 * pooling different edges would mislabel counts.
 */
function poolBuckets(runs: readonly TestedRun[]): LengthBucketAccuracy[] | null {
  const first = runs[0]?.test.byLength;
  if (!first) return null;
  const sameEdges = runs.every(
    (run) =>
      run.test.byLength?.length === first.length &&
      run.test.byLength.every(
        (b, i) => b.minTokens === first[i]!.minTokens && b.maxTokens === first[i]!.maxTokens,
      ),
  );
  if (!sameEdges) return null;
  return first.map((bucket, i) => {
    let count = 0;
    let correct = 0;
    for (const run of runs) {
      count += run.test.byLength![i]!.count;
      correct += run.test.byLength![i]!.correct;
    }
    const { minTokens, maxTokens } = bucket;
    return { minTokens, maxTokens, count, correct, accuracy: count === 0 ? null : correct / count };
  });
}

/** Short-text means over the seeds that measured them, with those seeds' full accuracy. */
function shortTextOf(runs: readonly TestedRun[]): ShortTextAggregate | null {
  const measured = runs.filter((run) => run.shortText !== undefined);
  if (measured.length === 0) return null;
  return {
    seeds: measured.map((run) => run.seed),
    fullReview: mean(measured.map((run) => run.test.accuracy)),
    firstSentence: mean(measured.map((run) => run.shortText!.firstSentence)),
    first20Tokens: mean(measured.map((run) => run.shortText!.first20Tokens)),
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, x) => sum + x, 0) / values.length;
}

/** Bessel-corrected: with 3 seeds the population formula understates the spread. */
function sampleStd(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, x) => sum + (x - m) ** 2, 0) / (values.length - 1));
}

function meanOfDefined(values: readonly (number | null)[]): number | null {
  const defined = values.filter((x): x is number => x !== null);
  return defined.length === 0 ? null : mean(defined);
}
