/**
 * Issue 3's benchmark: one training epoch of each architecture on the real
 * 25,000 IMDB training reviews (reference setup: GloVe 100d embedding, hidden
 * 10, dropout 0.5, Adam 1e-3, batch 64 with length bucketing), ours next to
 * PyTorch 1.13 (scripts/pytorch/reference_epoch.py, 2 threads) on exactly the
 * same batches in the same run. Each trainer runs in its own process so peak
 * memory is per architecture. Prints a table and writes bench/results/epoch.json.
 *
 *   pnpm --filter @imdb-rnn/train bench:train [--arch lstm,bilstm] [--data PATH] [--no-pytorch] [--limit N]
 *
 * (--limit N: N reviews per label, a quick smoke run; the figures need the full epoch.)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ARCHITECTURES,
  type Architecture,
  encodeTokens,
  modelSpec,
  tokenize,
  Vocab,
} from '@imdb-rnn/core';
import * as tf from '@tensorflow/tfjs';
import { makeBatch, planTrainingEpoch } from '../src/data/batching';
import { loadEmbeddings } from '../src/data/glove';
import { readImdb } from '../src/data/imdb';
import { resolveImdbSource } from '../src/data/imdb-source';
import { Rng } from '../src/data/rng';
import { createSentimentModel } from '../src/model/sentiment-model';
import { FusedAdam } from '../src/optim/fused-adam';
import { trainStep } from '../src/training/train-step';
import { type EpochFile, readEpochFile, writeEpochFile } from './epoch-batches';

interface EpochFigures {
  seconds: number;
  meanLoss: number;
  batches: number;
  tokens: number;
  peakRssMb: number;
}

const SEED = 1;
const PYTHON = '/usr/bin/python3';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function worker(file: string): Promise<void> {
  tf.env().set('DEBUG', false);
  await tf.setBackend('cpu');
  const { header, embedding, batches } = readEpochFile(file);
  const spec = modelSpec(header.bidirectional ? 'bilstm' : header.cell, {
    vocabSize: header.vocabSize,
    embeddingSize: header.embeddingSize,
    hiddenSize: header.hiddenSize,
    dropout: header.dropout,
  });
  const model = createSentimentModel(spec, { seed: header.seed });
  model.setNamedWeights({
    ...model.getNamedWeights(),
    'embedding.weight': { shape: [spec.vocabSize, spec.embeddingSize], data: embedding },
  });
  const optimizer = new FusedAdam({ learningRate: header.lr, inPlace: true });
  const variables = model.trainableVariables;
  let loss = 0;
  let tokens = 0;
  const started = performance.now();
  for (const batch of batches) {
    loss += trainStep(model, optimizer, variables, batch, undefined);
    for (const l of batch.lengths) tokens += l;
  }
  const seconds = (performance.now() - started) / 1000;
  const figures: EpochFigures = {
    seconds,
    meanLoss: loss / batches.length,
    batches: batches.length,
    tokens,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

function runChild(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): EpochFigures {
  const child = spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${child.status}):\n${child.stderr}`);
  }
  const line = child.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as EpochFigures;
}

function pytorchAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
}

async function main(): Promise<void> {
  const archs = (flag('--arch')?.split(',') ?? [...ARCHITECTURES]) as Architecture[];
  const withPytorch = !process.argv.includes('--no-pytorch') && pytorchAvailable();
  const source = await resolveImdbSource(flag('--data') ? { data: flag('--data')! } : {});
  console.error(`reading ${source}`);
  const limit = flag('--limit') ? Number(flag('--limit')) : undefined;
  const { train } = await readImdb(source, { splits: ['train'], ...(limit ? { limit } : {}) });
  const tokens = train.map((r) => tokenize(r.text));
  const vocab = Vocab.build(tokens, { maxSize: 20_000 });
  const encoded = {
    ...encodeTokens(tokens, vocab),
    labels: Uint8Array.from(train, (r) => r.label),
  };
  const { matrix } = await loadEmbeddings(vocab.tokens);
  const plan = planTrainingEpoch(encoded.lengths, new Rng(SEED));
  const batches = plan.map((indices) => makeBatch(encoded, indices));
  const dir = mkdtempSync(join(tmpdir(), 'imdb-rnn-bench-'));
  const self = process.argv[1]!;
  const rows = [];
  try {
    for (const arch of archs) {
      const spec = modelSpec(arch, { vocabSize: vocab.size });
      const file: EpochFile = {
        header: {
          cell: spec.cell,
          bidirectional: spec.bidirectional,
          vocabSize: spec.vocabSize,
          embeddingSize: spec.embeddingSize,
          hiddenSize: spec.hiddenSize,
          dropout: spec.dropout,
          padIndex: spec.padIndex,
          lr: 1e-3,
          seed: SEED,
          batches: batches.map((b) => ({ time: b.time, batch: b.batchSize })),
        },
        embedding: matrix,
        batches,
      };
      const path = join(dir, `${arch}.bin`);
      writeEpochFile(path, file);
      console.error(`${arch}: ours...`);
      const ours = runChild(process.execPath, ['--expose-gc', self, '--worker', path]);
      let torch: EpochFigures | undefined;
      if (withPytorch) {
        console.error(`${arch}: PyTorch 1.13 (2 threads)...`);
        torch = runChild(
          PYTHON,
          [join(process.cwd(), 'scripts/pytorch/reference_epoch.py'), path, '2'],
          {
            ...process.env,
            OMP_WAIT_POLICY: 'PASSIVE',
          },
        );
      }
      const row = {
        architecture: arch,
        ours,
        pytorch: torch ?? null,
        speedUp: torch ? torch.seconds / ours.seconds : null,
      };
      rows.push(row);
      console.error(JSON.stringify(row));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const table = [
    '| architecture | ours s/epoch | ours tokens/s | ours peak RSS MB | PyTorch 1.13 s/epoch | PyTorch peak RSS MB | speed-up |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) =>
      [
        r.architecture,
        r.ours.seconds.toFixed(1),
        Math.round(r.ours.tokens / r.ours.seconds).toLocaleString('en-US'),
        Math.round(r.ours.peakRssMb),
        r.pytorch ? r.pytorch.seconds.toFixed(1) : 'n/a',
        r.pytorch ? Math.round(r.pytorch.peakRssMb) : 'n/a',
        r.speedUp ? `${r.speedUp.toFixed(1)}x` : 'n/a',
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .replace(/$/, ' |'),
    ),
  ].join('\n');
  console.log(table);
  const out = join(process.cwd(), 'bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'epoch.json'),
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
        setup:
          'one epoch, 25,000 IMDB training reviews, batch 64 bucketed, GloVe 100d, hidden 10, dropout 0.5, Adam 1e-3; same batches for both',
        rows,
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(join(out, 'epoch.md'), `${table}\n`);
}

if (process.argv.includes('--worker')) {
  void worker(process.argv[process.argv.indexOf('--worker') + 1]!);
} else {
  void main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
