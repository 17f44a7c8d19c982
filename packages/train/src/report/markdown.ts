import { ARCHITECTURE_LABELS } from '@imdb-rnn/core';
import { bucketLabel } from '../eval/length-buckets.js';
import { fixed, MISSING, percent, points, row } from './format.js';
import type { ArchitectureAggregate, ResultsFile, RunResult, TestedRun } from './results.js';

/** Seeds whose test accuracy spreads more than this (max - min) are called unstable. */
const UNSTABLE_SPREAD = 0.05;
/** A run below this test accuracy learned next to nothing (chance is 0.5). */
const NEAR_CHANCE = 0.55;

/** Every run outside selection trials has test figures (validateResults checks it). */
const tested = (runs: readonly RunResult[]): TestedRun[] =>
  runs.filter((run): run is TestedRun => run.test !== undefined);

/**
 * The report's Markdown: the comparison table the issue asks for, then per-run
 * details, accuracy by review length, automatic observations and the charts.
 * Everything comes from `results` alone so it can be regenerated from a file.
 */
export function renderMarkdown(results: ResultsFile): string {
  const { machine } = results;
  return [
    '# IMDB recurrent sentiment classifiers: results',
    '',
    `Generated ${results.generatedAt} by ${results.generator} on ${machine.cpus} × ${machine.cpuModel} ` +
      `(${machine.platform}, Node ${machine.nodeVersion}, tfjs backend \`${machine.backend}\`).`,
    '',
    setupLine(results.runs),
    '',
    ...dataLines(results),
    '## Comparison',
    '',
    ...comparisonTable(results.aggregates),
    '',
    'Bar: the higher of the reference study’s published test accuracy and our PyTorch 1.13 rerun; ' +
      'pass means the mean over seeds reaches it. s/epoch: wall-clock training seconds per epoch in ' +
      'this run, on the machine above (other jobs on a shared machine inflate it); speed against ' +
      'PyTorch is measured side by side in one run by `bench:train`, not here.',
    '',
    '![Test accuracy per architecture](test-accuracy.svg)',
    '',
    '![Train loss and validation accuracy per epoch](curves.svg)',
    '',
    '## Observations',
    '',
    ...observations(results.aggregates, results.runs),
    '',
    '## Runs',
    '',
    ...runTable(results),
    '',
    '## Accuracy by review length',
    '',
    ...lengthTable(results.aggregates),
    '',
    '## Short text',
    '',
    ...shortTextTable(results.aggregates),
    '',
    `Sources: ${results.reference.published.source}; ${results.reference.pytorchRerun.source}.`,
    '',
  ].join('\n');
}

/** For the user's own data: what it was, and that IMDB's bars below do not apply to it. */
function dataLines(results: ResultsFile): string[] {
  const { data } = results;
  if (data === undefined) return [];
  return [
    `Data: ${data.source}; classes "${data.labels[0]}" (0) and "${data.labels[1]}" (1); ` +
      `${data.trainExamples} training, ${data.validationExamples} validation and ${data.testExamples} test examples. ` +
      'The bars and PyTorch figures below are IMDB’s and do not apply to this data.',
    '',
  ];
}

function setupLine(runs: readonly RunResult[]): string {
  const first = runs[0];
  if (!first) return 'No runs.';
  const { epochs, batchSize, learningRate, learningRateDecay, clipNorm, maxLength, preset } =
    first.options;
  const s = first.spec;
  const same = runs.every((run) => JSON.stringify(run.options) === JSON.stringify(first.options));
  // Only the options a run actually set: a constant rate, no clipping and whole reviews are the defaults.
  const decay =
    typeof learningRateDecay === 'number' && learningRateDecay !== 1
      ? ` decaying x${learningRateDecay} per epoch`
      : '';
  const clip = typeof clipNorm === 'number' ? `, gradient norm clipped at ${clipNorm}` : '';
  const { weightDecay } = first.options;
  const l2 =
    typeof weightDecay === 'number' && weightDecay > 0 ? `, L2 weight decay ${weightDecay}` : '';
  const { embeddingLearningRateScale: embeddingScale } = first.options;
  const embeddingRate =
    typeof embeddingScale === 'number' && embeddingScale !== 1
      ? `, embedding learning rate x${embeddingScale}`
      : '';
  const { adversarialEpsilon } = first.options;
  const adversarial =
    typeof adversarialEpsilon === 'number' && adversarialEpsilon > 0
      ? `, adversarial training (epsilon ${adversarialEpsilon})`
      : '';
  const { validationBlockSize: block } = first.options;
  const blocks =
    typeof block === 'number' && block > 1
      ? `, validation held out in runs of ${block} consecutive reviews`
      : '';
  const truncate = typeof maxLength === 'number' ? `, first ${maxLength} tokens` : '';
  const finalFit =
    first.options.validationSize === 0
      ? ', a final fit (no validation hold-out: every training review trains and the last epoch is kept)'
      : '';
  return (
    `Setup${same ? '' : ' (of the first run; runs differ)'}: ${epochs} epochs, batch ${batchSize}, ` +
    `learning rate ${learningRate}${decay}${clip}${l2}${embeddingRate}${adversarial}${blocks}${truncate}${finalFit}, preset ${preset ?? 'none'}; ` +
    `embedding ${s.embeddingSize}, hidden ${s.hiddenSize}, vocabulary ${s.vocabSize}, dropout ${s.dropout}.`
  );
}

function comparisonTable(aggregates: readonly ArchitectureAggregate[]): string[] {
  return [
    '| Architecture | Seeds | Test accuracy: mean ± std (each seed) | Bar | Pass | s/epoch | F1 | ROC-AUC |',
    '| --- | ---: | --- | ---: | :---: | ---: | ---: | ---: |',
    ...aggregates.map((a) => {
      const acc = a.testAccuracy;
      const each = acc.perSeed.map((x) => (x * 100).toFixed(1)).join(', ');
      return row([
        ARCHITECTURE_LABELS[a.architecture],
        String(a.seeds.length),
        `${percent(acc.mean)} ± ${points(acc.std)} (${each})`,
        percent(a.bar),
        a.pass ? 'pass' : '**FAIL**',
        fixed(a.secondsPerEpochMean, 1),
        fixed(a.f1Mean, 4),
        fixed(a.rocAucMean, 4),
      ]);
    }),
  ];
}

function runTable(results: ResultsFile): string[] {
  const published = results.reference.published.epoch5TrainLoss;
  return [
    '| Architecture | Seed | Final train loss (published epoch 5) | Final validation accuracy | Test accuracy | Precision | Recall | F1 | ROC-AUC | s/epoch | reviews/s | Peak RSS MiB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...tested(results.runs).map((run) => {
      const last = run.history[run.history.length - 1]!;
      const t = run.test;
      const seconds = run.history.reduce((sum, e) => sum + e.seconds, 0) / run.history.length;
      const rate = run.history.reduce((sum, e) => sum + e.reviewsPerSecond, 0) / run.history.length;
      return row([
        ARCHITECTURE_LABELS[run.architecture],
        String(run.seed),
        `${last.trainLoss.toFixed(3)} (${fixed(published[run.architecture], 3)})`,
        percent(last.validationAccuracy ?? null),
        percent(t.accuracy),
        fixed(t.precision, 4),
        fixed(t.recall, 4),
        fixed(t.f1, 4),
        t.rocAuc.value === null ? `${MISSING} (${t.rocAuc.reason})` : t.rocAuc.value.toFixed(4),
        seconds.toFixed(1),
        rate.toFixed(0),
        run.peakRssMB.toFixed(0),
      ]);
    }),
  ];
}

function lengthTable(aggregates: readonly ArchitectureAggregate[]): string[] {
  const withBuckets = aggregates.filter((a) => a.byLength !== null);
  const first = withBuckets[0]?.byLength;
  if (!first) return ['No run recorded review lengths.'];
  const seeds = withBuckets[0]!.seeds.length;
  return [
    'Test accuracy pooled over seeds; lengths in tokens; n is reviews per run.',
    '',
    `| Architecture | ${first.map((b) => `${bucketLabel(b)} n=${Math.round(b.count / seeds)}`).join(' | ')} |`,
    `| --- |${first.map(() => ' ---: |').join('')}`,
    ...withBuckets.map((a) =>
      row([ARCHITECTURE_LABELS[a.architecture], ...a.byLength!.map((b) => percent(b.accuracy, 1))]),
    ),
  ];
}

function shortTextTable(aggregates: readonly ArchitectureAggregate[]): string[] {
  const measured = aggregates.filter((a) => a.shortText);
  if (measured.length === 0) return ['No run recorded short-text accuracy.'];
  return [
    'Test accuracy on the 25,000 test reviews whole, cut to their first sentence (a `.`, `!` or `?` ' +
      'before a space, or a `<br />`; not after Mr., Dr., e.g., initials or an ellipsis: ' +
      '`firstSentence` in @imdb-rnn/train) and cut to their first 20 tokens; means over the seeds listed.',
    '',
    ...(measured.some((a) => a.shortText!.seeds.length < a.seeds.length)
      ? [
          'Not every seed is measured: `imdb-rnn report --short-text` adds the figures of the runs ' +
            'whose model file was kept, and the full-review column is of those seeds too.',
          '',
        ]
      : []),
    '| Architecture | Seeds | Full review | First sentence | First 20 tokens |',
    '| --- | --- | ---: | ---: | ---: |',
    ...measured.map((a) => {
      const s = a.shortText!;
      return row([
        ARCHITECTURE_LABELS[a.architecture],
        s.seeds.length === a.seeds.length ? 'all' : s.seeds.join(', '),
        percent(s.fullReview),
        percent(s.firstSentence),
        percent(s.first20Tokens),
      ]);
    }),
  ];
}

/**
 * Facts a reader should not have to dig out of the tables: which architecture
 * misses its bar, which one is unstable across seeds, which seed stayed at
 * chance. The interpretation is left to whoever writes the docs. Saying that
 * all is well needs something to have been checked: without aggregates it
 * says so instead.
 */
function observations(
  aggregates: readonly ArchitectureAggregate[],
  runs: readonly RunResult[],
): string[] {
  const lines: string[] = [];
  for (const a of aggregates) {
    const name = ARCHITECTURE_LABELS[a.architecture];
    const acc = a.testAccuracy;
    const spread = acc.max - acc.min;
    if (a.seeds.length > 1 && spread > UNSTABLE_SPREAD) {
      lines.push(
        `- ${name} is unstable across seeds: test accuracy ranges ${percent(acc.min)}–${percent(acc.max)} (spread ${points(spread, 1)}).`,
      );
    }
    for (const run of tested(runs)) {
      if (run.architecture === a.architecture && run.test.accuracy < NEAR_CHANCE) {
        lines.push(
          `- ${name} seed ${run.seed} stayed near chance (${percent(run.test.accuracy)} test accuracy).`,
        );
      }
    }
    if (!a.pass) {
      lines.push(
        `- ${name} misses its bar: ${percent(acc.mean)} mean vs ${percent(a.bar)} (${points(a.bar - acc.mean)} short).`,
      );
    }
  }
  if (aggregates.length === 0)
    return ['- No aggregates: no architecture was compared with its bar.'];
  return lines.length > 0
    ? lines
    : ['- Every architecture reaches its bar; no seed spread above 5 pp.'];
}
