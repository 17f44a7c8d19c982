import { ARCHITECTURE_LABELS } from '@imdb-rnn/core';
import { MISSING, percent, row } from './format.js';
import type { ResultsFile, RunResult } from './results.js';

/**
 * The report of a selection trial (`imdb-rnn train --trial`): what was tried and
 * how it did on validation, epoch by epoch, with training time and model size, so
 * trials can be compared and one chosen. There is no test column because the run
 * never read the test split; the first lines say so and name the selecting metric.
 */
export function renderTrialMarkdown(results: ResultsFile): string {
  const { machine, runs } = results;
  return [
    '# IMDB recurrent sentiment classifiers: selection trial',
    '',
    `Generated ${results.generatedAt} by ${results.generator} on ${machine.cpus} × ${machine.cpuModel} ` +
      `(${machine.platform}, Node ${machine.nodeVersion}, tfjs backend \`${machine.backend}\`).`,
    '',
    'These are selection trials: no test figures are recorded (`imdb-rnn train --trial` never reads ' +
      `the test split). A choice among trials is made by ${results.trial?.selectedBy ?? 'validation figures'}.`,
    '',
    ...runs.flatMap((run) => [`- ${runName(run)}: ${setup(run)}`]),
    '',
    '## Validation accuracy per epoch',
    '',
    ...epochTable(runs),
    '',
    'Best: the epoch whose weights the run kept (highest validation accuracy). s: wall-clock ' +
      'training seconds on the machine above, validation excluded (other jobs on a shared machine inflate them).',
    '',
    '![Train loss and validation accuracy per epoch](curves.svg)',
    '',
    '## Validation short text',
    '',
    ...shortTextTable(runs),
    '',
  ].join('\n');
}

function runName(run: RunResult): string {
  return `${ARCHITECTURE_LABELS[run.architecture]} seed ${run.seed}`;
}

/** Every option the run recorded, so two trials' differences can be read off. */
function setup(run: RunResult): string {
  const s = run.spec;
  const model = `hidden ${s.hiddenSize}, embedding ${s.embeddingSize}, vocabulary ${s.vocabSize}, dropout ${s.dropout}, pooling ${s.pooling ?? 'last'}`;
  const options = Object.entries(run.options)
    .filter(([, value]) => value !== null)
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
  return `${model}; ${options}.`;
}

function epochTable(runs: readonly RunResult[]): string[] {
  const epochs = Math.max(0, ...runs.map((run) => run.history.length));
  const numbers = Array.from({ length: epochs }, (_, e) => e + 1);
  return [
    `| Run | ${numbers.map((e) => `Epoch ${e}`).join(' | ')} | Best | Train loss at best / last | Training s | int8 MB |`,
    `| --- |${numbers.map(() => ' ---: |').join('')} ---: | ---: | ---: | ---: |`,
    ...runs.map((run) => {
      const best = bestEpoch(run);
      const cells = numbers.map((e) => {
        const record = run.history[e - 1];
        if (!record) return '';
        const kept = percent(record.validationAccuracy ?? null);
        const marked = e === best ? `**${kept}**` : kept;
        // With a weight average the kept figure is the average's; the raw weights' follows.
        return record.rawValidationAccuracy === undefined
          ? marked
          : `${marked} (raw ${percent(record.rawValidationAccuracy)})`;
      });
      const bestLoss = run.history[best - 1]!.trainLoss.toFixed(3);
      const lastLoss = run.history[run.history.length - 1]!.trainLoss.toFixed(3);
      const int8 = run.onnxBytes?.int8;
      return row([
        runName(run),
        ...cells,
        String(best),
        `${bestLoss} / ${lastLoss}`,
        run.totalTrainingSeconds.toFixed(0),
        int8 === undefined ? MISSING : (int8 / 1e6).toFixed(2),
      ]);
    }),
  ];
}

function shortTextTable(runs: readonly RunResult[]): string[] {
  const measured = runs.filter((run) => run.validationShortText !== undefined);
  if (measured.length === 0) return ['No run recorded short-text validation accuracy.'];
  return [
    'Validation reviews (held out of the training split) whole and cut to their first sentence ' +
      'and to their first 20 tokens, by the kept weights.',
    '',
    '| Run | Full review | First sentence | First 20 tokens |',
    '| --- | ---: | ---: | ---: |',
    ...measured.map((run) =>
      row([
        runName(run),
        percent(run.history[bestEpoch(run) - 1]!.validationAccuracy ?? null),
        percent(run.validationShortText!.firstSentence),
        percent(run.validationShortText!.first20Tokens),
      ]),
    ),
  ];
}

/** The recorded best epoch, or for older files the first epoch with the top validation accuracy (the trainer's rule). */
function bestEpoch(run: RunResult): number {
  if (run.bestEpoch !== undefined) return run.bestEpoch;
  let best = run.history[0]!;
  for (const record of run.history) {
    if ((record.validationAccuracy ?? 0) > (best.validationAccuracy ?? 0)) best = record;
  }
  return best.epoch;
}
