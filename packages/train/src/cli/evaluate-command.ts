import { readFile } from 'node:fs/promises';
import { ArgumentError, decodeArtifact, encode, Vocab } from '@imdb-rnn/core';
import { Command } from 'commander';
import { readImdb } from '../data/imdb';
import { labelledFileFormat, readLabelledFile } from '../data/labelled-file';
import { evaluate } from '../eval/metrics';
import { shortTextAccuracy } from '../eval/short-text';
import { createSentimentModel } from '../model/sentiment-model';
import type { TextExample } from '../training/dataset';
import { predictLogits } from '../training/predict';
import { namingFile } from './name-file';
import { positiveIntegerArg } from './parse-options';
import { resolveDataOption } from './resolve-data-option';

export function evaluateCommand(): Command {
  return new Command('evaluate')
    .description(
      'Score a trained model artifact (.safetensors) on the IMDB test split, or on your own labelled test file, and print its metrics as JSON.',
    )
    .requiredOption(
      '--model <path>',
      'model artifact written by `imdb-rnn train` (models/<arch>-seed<n>.safetensors)',
    )
    .option(
      '--data <path>',
      "IMDB archive or extracted folder (default: $IMDB_RNN_DATA), or a .csv, .tsv or .jsonl file labelled with the model's two class names",
    )
    .option('--text-field <name>', 'own data: the column or key holding the text (default "text")')
    .option(
      '--label-field <name>',
      'own data: the column or key holding the label (default "label")',
    )
    .option(
      '--limit <n>',
      'reviews per label (a quick check); default all 25,000',
      positiveIntegerArg('--limit'),
    )
    .option(
      '--max-length <n>',
      'keep only the first n tokens of each review',
      positiveIntegerArg('--max-length'),
    )
    .action(async (opts: EvaluateOptions) => {
      const artifact = await namingFile(opts.model, async () =>
        decodeArtifact(new Uint8Array(await readFile(opts.model))),
      );
      const test = await readTestExamples(opts, artifact.metadata.labels);
      const vocab = Vocab.fromTokens(artifact.metadata.vocab);
      const encoded = encode(
        test.map((r) => r.text),
        vocab,
        opts.maxLength ? { maxLength: opts.maxLength } : {},
      );
      const labels = Uint8Array.from(test, (r) => r.label);
      const model = createSentimentModel(artifact.metadata.spec, { seed: 0 });
      model.setNamedWeights(artifact.tensors);
      const logits = predictLogits(model, { ...encoded, labels });
      const shortText = shortTextAccuracy(
        (examples) => predictLogits(model, examples),
        test.map((r) => r.text),
        labels,
        vocab,
      );
      model.dispose();
      const metrics = evaluate(logits, labels, { scoreKind: 'logit', lengths: encoded.lengths });
      process.stdout.write(
        `${JSON.stringify({ model: opts.model, reviews: test.length, ...metrics, shortText }, null, 2)}\n`,
      );
    });
}

interface EvaluateOptions {
  model: string;
  data?: string;
  textField?: string;
  labelField?: string;
  limit?: number;
  maxLength?: number;
}

/**
 * IMDB's test split, or the user's own file whose labels must be the model's two
 * class names (class ids follow the model's metadata.labels, whatever the file's order).
 */
async function readTestExamples(
  opts: EvaluateOptions,
  classNames: readonly [string, string],
): Promise<TextExample[]> {
  if (opts.data !== undefined && labelledFileFormat(opts.data) !== undefined) {
    if (opts.limit !== undefined) {
      throw new ArgumentError('--limit', 'applies to IMDB only');
    }
    const rows = await readLabelledFile(opts.data, {
      ...(opts.textField === undefined ? {} : { textField: opts.textField }),
      ...(opts.labelField === undefined ? {} : { labelField: opts.labelField }),
      labels: classNames,
    });
    return rows.map(({ text, label }) => ({ text, label: label === classNames[1] ? 1 : 0 }));
  }
  for (const [flag, value] of [
    ['--text-field', opts.textField],
    ['--label-field', opts.labelField],
  ] as const) {
    if (value !== undefined) {
      throw new ArgumentError(
        flag,
        'applies to your own data only: pass --data with a .csv, .tsv or .jsonl file',
      );
    }
  }
  const data = await resolveDataOption(opts.data);
  const { test } = await readImdb(data, {
    splits: ['test'],
    ...(opts.limit ? { limit: opts.limit } : {}),
  });
  return test;
}
