import { readFile } from 'node:fs/promises';
import { decodeArtifact, encode, Vocab } from '@imdb-rnn/core';
import { Command } from 'commander';
import { readImdb } from '../data/imdb';
import { evaluate } from '../eval/metrics';
import { createSentimentModel } from '../model/sentiment-model';
import { predictLogits } from '../training/predict';
import { namingFile } from './name-file';
import { positiveIntegerArg } from './parse-options';
import { resolveDataOption } from './resolve-data-option';

export function evaluateCommand(): Command {
  return new Command('evaluate')
    .description(
      'Score a trained model artifact (.safetensors) on the IMDB test split and print its metrics as JSON.',
    )
    .requiredOption(
      '--model <path>',
      'model artifact written by `imdb-rnn train` (models/<arch>-seed<n>.safetensors)',
    )
    .option('--data <path>', 'IMDB archive or extracted folder; default: $IMDB_RNN_DATA')
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
    .action(async (opts: { model: string; data?: string; limit?: number; maxLength?: number }) => {
      const artifact = await namingFile(opts.model, async () =>
        decodeArtifact(new Uint8Array(await readFile(opts.model))),
      );
      const data = await resolveDataOption(opts.data);
      const { test } = await readImdb(data, {
        splits: ['test'],
        ...(opts.limit ? { limit: opts.limit } : {}),
      });
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
      model.dispose();
      const metrics = evaluate(logits, labels, { scoreKind: 'logit', lengths: encoded.lengths });
      process.stdout.write(
        `${JSON.stringify({ model: opts.model, reviews: test.length, ...metrics }, null, 2)}\n`,
      );
    });
}
