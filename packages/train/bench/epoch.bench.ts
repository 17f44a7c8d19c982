/**
 * Issues 3 and 14: one training epoch of each architecture on the real 25,000
 * IMDB training reviews (reference setup: GloVe 100d embedding, hidden 10,
 * dropout 0.5, Adam 1e-3, batch 64 with length bucketing), in one run and on
 * exactly the same batches: ours on 1 kernel thread (the single-thread path)
 * and on all threads, PyTorch 1.13 over pack_padded_sequence (the reference
 * model) and PyTorch over the padded batch without packing (its fastest path;
 * its accuracy is not the point), both with torch.set_flush_denormal(True)
 * (--pytorch-stock: without; see below). Each trainer runs in its own process so
 * peak memory is per run. Prints a table and writes bench/results/epoch.{json,md},
 * with our GFLOP/s against the arithmetic floor of issue 14, and epoch.svg, the
 * table as a chart (epoch-chart.ts; --render-only [FILE.json] redraws it alone).
 *
 *   pnpm --filter @imdb-rnn/train bench:train [--arch lstm,bilstm] [--hidden 32] [--threads N]
 *     [--data PATH] [--no-pytorch] [--pytorch-stock] [--limit N] [--cpu-prof DIR] [--save-batches DIR]
 *
 * Subnormal floats: a state gradient decaying through hundreds of tokens goes subnormal,
 * and on x86 every multiply with one takes a ~100-cycle microcode assist. Our wasm
 * kernels flush such values in software (kernels README); stock PyTorch keeps them,
 * which made its epochs 2.4-5.8x longer on an Intel Xeon than on an AMD EPYC. So its
 * bars run with hardware flush-to-zero, PyTorch's fastest setting: a ratio against
 * them is at most the ratio against stock PyTorch. --pytorch-stock times stock PyTorch.
 *
 * --repeat K runs each of an architecture's trainers K times, in K rounds of
 * all four (so a slow spell of the machine falls on every trainer alike), and
 * reports each trainer's fastest epoch, keeping every epoch's seconds in the
 * JSON: on the shared VMs one trainer's epoch drifted by up to 40% between
 * minutes, ours more than PyTorch's (its epochs are memory-bound, PyTorch's
 * packed path overhead-bound), and the fastest of several runs is the least
 * disturbed reading of each.
 *
 * (--limit N: N reviews per label, a quick smoke run; the figures need the full epoch.
 *  --hidden 64 with --arch bilstm is the best preset's layer (32 before issue 15). --cpu-prof DIR
 *  writes a V8 CPU profile of each of our runs into DIR. --save-batches DIR only
 *  writes each architecture's batches to DIR/<arch>.bin, for same-run A/B
 *  comparisons of two builds: `node <bundle> --worker DIR/rnn.bin --threads 2`
 *  trains one epoch on them and prints its figures as JSON.)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ARCHITECTURES,
  type Architecture,
  encodeTokens,
  gateCount,
  type ModelSpec,
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
import { writeFileAtomic } from '../src/io/atomic-write';
import { createSentimentModel } from '../src/model/sentiment-model';
import { FusedAdam } from '../src/optim/fused-adam';
import { trainStep } from '../src/training/train-step';
import { type EpochFile, readEpochFile, writeEpochFile } from './epoch-batches';
import { oursOf, renderEpochChart } from './epoch-chart';

interface EpochFigures {
  seconds: number;
  meanLoss: number;
  batches: number;
  tokens: number;
  peakRssMb: number;
  /** PyTorch runs: whether torch.set_flush_denormal(True) took effect (x86 only). */
  flushDenormal?: boolean;
  /**
   * Share of the machine's CPU time the hypervisor took ("steal" in
   * /proc/stat) while the run went on, in percent; absent off Linux. On a
   * shared virtual machine a run at 20-30% steal took up to 1.5x as long as
   * the same run at 5-8%, two-thread runs being hit hardest: read ratios from
   * runs with similar steal.
   */
  cpuStealPercent?: number;
}

const SEED = 1;
const PYTHON = '/usr/bin/python3';
// Issue 14's floor: 128-bit SIMD does 4 float32 multiply-adds (8 FLOP) per
// instruction; at ~3 GHz and about two per cycle that is ~50 GFLOP/s per core,
// "roughly 100 GFLOP/s" for the issue's 2 cores. An order of magnitude, not a spec sheet.
const PEAK_GFLOPS_PER_CORE = 50;

interface Run {
  name: string;
  /** Kernel threads (ours) or torch threads. */
  threads: number;
  /** The fastest of the run's epochs (see --repeat). */
  figures: EpochFigures;
  /** With --repeat K > 1: every epoch's seconds, in run order. */
  samples?: number[];
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function worker(file: string, threads: number): Promise<void> {
  tf.env().set('DEBUG', false);
  await tf.setBackend('cpu');
  const { header, embedding, batches } = readEpochFile(file);
  const spec = modelSpec(header.bidirectional ? 'bilstm' : header.cell, {
    vocabSize: header.vocabSize,
    embeddingSize: header.embeddingSize,
    hiddenSize: header.hiddenSize,
    dropout: header.dropout,
  });
  const model = createSentimentModel(spec, { seed: header.seed, threads });
  model.setNamedWeights({
    ...model.getNamedWeights(),
    'embedding.weight': { shape: [spec.vocabSize, spec.embeddingSize], data: embedding },
  });
  // As the trainer: the optimizer's step over the embedding shares the model's kernel threads.
  const optimizer = new FusedAdam({
    learningRate: header.lr,
    inPlace: true,
    threads: model.kernelThreads(),
  });
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
  const before = cpuTimes();
  const child = spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${child.status}):\n${child.stderr}`);
  }
  const after = cpuTimes();
  const line = child.stdout.trim().split('\n').pop() ?? '';
  const figures = JSON.parse(line) as EpochFigures;
  if (before !== undefined && after !== undefined) {
    const delta = after.map((t, i) => t - before[i]!);
    const total = delta.reduce((a, b) => a + b, 0);
    // /proc/stat's cpu line: user nice system idle iowait irq softirq steal ...
    if (total > 0) figures.cpuStealPercent = (100 * (delta[7] ?? 0)) / total;
  }
  return figures;
}

/** The machine's cumulative CPU times from /proc/stat (Linux), or undefined. */
function cpuTimes(): number[] | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    return line.trim().split(/\s+/).slice(1).map(Number);
  } catch {
    return undefined;
  }
}

/** Whether PyTorch flushed subnormals, as its runs reported (not as asked: a CPU may lack it). */
function pytorchFlushed(rows: readonly { runs: readonly Run[] }[]): boolean {
  return rows.some(({ runs }) => runs.some((run) => run.figures.flushDenormal === true));
}

function pytorchAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
}

/**
 * FLOP of one epoch's recurrent layers, forward and backward: per token and
 * direction the input projection (I*G*H multiply-adds) and the recurrent
 * product (H*G*H), each once forward and twice backward (input and weight
 * gradients). Gate nonlinearities, embedding and Adam are left out: they
 * are a few percent. LSTM, hidden 10: 26,400 per token (issue 14: "about 24k").
 */
function epochFlop(spec: ModelSpec, tokens: number): number {
  const GH = gateCount(spec.cell) * spec.hiddenSize;
  const directions = spec.bidirectional ? 2 : 1;
  return tokens * directions * 3 * 2 * GH * (spec.embeddingSize + spec.hiddenSize);
}

const fixed = (digits: number) => (x: number) => x.toFixed(digits);
const grouped = (x: number) => Math.round(x).toLocaleString('en-US');

function tableRow(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

async function main(): Promise<void> {
  const archs = (flag('--arch')?.split(',') ?? [...ARCHITECTURES]) as Architecture[];
  const hiddenSize = flag('--hidden') ? Number(flag('--hidden')) : undefined;
  const threads = flag('--threads') ? Number(flag('--threads')) : availableParallelism();
  const repeat = flag('--repeat') === undefined ? 1 : Number(flag('--repeat'));
  if (!(Number.isInteger(repeat) && repeat >= 1)) {
    console.error(
      `bench:train: --repeat takes a whole number of rounds >= 1, got ${flag('--repeat')}`,
    );
    process.exit(2);
  }
  const withPytorch = !process.argv.includes('--no-pytorch');
  const pytorchFlush = !process.argv.includes('--pytorch-stock');
  if (withPytorch && !pytorchAvailable() && flag('--save-batches') === undefined) {
    // Without it the table loses the ratios it exists for; never drop them silently.
    console.error(
      `bench:train: ${PYTHON} cannot import torch (Debian: apt-get install python3-torch); pass --no-pytorch to time ours alone`,
    );
    process.exit(2);
  }
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
  const rows: { architecture: Architecture; spec: ModelSpec; runs: Run[] }[] = [];
  try {
    for (const arch of archs) {
      const spec = modelSpec(arch, {
        vocabSize: vocab.size,
        ...(hiddenSize ? { hiddenSize } : {}),
      });
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
      const saveTo = flag('--save-batches');
      const path = join(saveTo ?? dir, `${arch}.bin`);
      if (saveTo !== undefined) mkdirSync(saveTo, { recursive: true });
      writeEpochFile(path, file);
      if (saveTo !== undefined) {
        console.error(`wrote ${path}`);
        continue;
      }
      // Each trainer: its name and threads, and how to run one epoch of it.
      const trainers: { name: string; threads: number; run: () => EpochFigures }[] = [];
      for (const n of threads > 1 ? [1, threads] : [1]) {
        const name = n === 1 ? 'ours, 1 thread' : `ours, ${n} threads`;
        const profile = flag('--cpu-prof');
        trainers.push({
          name,
          threads: n,
          run: () =>
            runChild(process.execPath, [
              '--expose-gc',
              ...(profile
                ? [
                    '--cpu-prof',
                    `--cpu-prof-dir=${profile}`,
                    `--cpu-prof-name=${arch}-${n}.cpuprofile`,
                  ]
                : []),
              self,
              '--worker',
              path,
              '--threads',
              String(n),
            ]),
        });
      }
      if (withPytorch) {
        for (const mode of ['packed', 'padded'] as const) {
          const script = join(process.cwd(), 'scripts/pytorch/reference_epoch.py');
          trainers.push({
            name: `PyTorch 1.13 ${mode}`,
            threads: 2,
            run: () =>
              runChild(
                PYTHON,
                [script, path, '2', mode, ...(pytorchFlush ? ['flush-denormal'] : [])],
                // Spin-waiting OpenMP threads make 2 threads far slower than 1 whenever the other core is busy.
                { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' },
              ),
          });
        }
      }
      const epochs: EpochFigures[][] = trainers.map(() => []);
      for (let round = 1; round <= repeat; round++) {
        trainers.forEach((trainer, i) => {
          const label = trainer.name.startsWith('PyTorch')
            ? `${trainer.name} (2 threads)`
            : trainer.name;
          console.error(`${arch}: ${label}${repeat > 1 ? `, round ${round} of ${repeat}` : ''}...`);
          epochs[i]!.push(trainer.run());
        });
      }
      const runs: Run[] = trainers.map((trainer, i) => {
        const figures = epochs[i]!.reduce((a, b) => (b.seconds < a.seconds ? b : a));
        // Named from what PyTorch did: the CPU may lack flush-to-zero (then it ran stock).
        const name = `${trainer.name}${figures.flushDenormal ? ', flush denormals' : ''}`;
        return {
          name,
          threads: trainer.threads,
          figures,
          ...(repeat > 1 ? { samples: epochs[i]!.map((f) => f.seconds) } : {}),
        };
      });
      rows.push({ architecture: arch, spec, runs });
      console.error(JSON.stringify({ architecture: arch, runs }));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  if (flag('--save-batches') !== undefined) return;
  const cores = cpus().length;
  const lines = [
    tableRow([
      'architecture',
      'run',
      's/epoch',
      'tokens/s',
      'peak RSS MB',
      'CPU steal',
      'ours (all threads) is faster by',
    ]),
    tableRow(['---', '---', '---:', '---:', '---:', '---:', '---:']),
  ];
  const floors: string[] = [];
  for (const { architecture, spec, runs } of rows) {
    const ours = oursOf(runs);
    for (const run of runs) {
      const f = run.figures;
      lines.push(
        tableRow([
          `${architecture}${hiddenSize ? ` (hidden ${spec.hiddenSize})` : ''}`,
          run.name,
          fixed(1)(f.seconds),
          grouped(f.tokens / f.seconds),
          Math.round(f.peakRssMb),
          f.cpuStealPercent === undefined ? 'n/a' : `${Math.round(f.cpuStealPercent)}%`,
          run === ours ? '' : `${(f.seconds / ours.figures.seconds).toFixed(1)}x`,
        ]),
      );
    }
    const flop = epochFlop(spec, ours.figures.tokens);
    const floorSeconds = flop / (PEAK_GFLOPS_PER_CORE * cores * 1e9);
    floors.push(
      `${architecture}: ${fixed(1)(flop / 1e9)} GFLOP per epoch (recurrent layer, forward and backward); ` +
        `${ours.name} ${fixed(2)(flop / 1e9 / ours.figures.seconds)} GFLOP/s, ` +
        `${fixed(1)(ours.figures.seconds / floorSeconds)}x the floor of ${fixed(2)(floorSeconds)} s ` +
        `at ~${PEAK_GFLOPS_PER_CORE * cores} GFLOP/s (${cores} cores)`,
    );
  }
  const rounds =
    repeat > 1
      ? `\n\nEach row is the fastest of ${repeat} epochs of its trainer, run in ${repeat} rounds of all of an architecture's trainers (every epoch's seconds: \`samples\` in epoch.json).`
      : '';
  const markdown = `${lines.join('\n')}\n\n${floors.map((f) => `- ${f}`).join('\n')}${rounds}`;
  console.log(markdown);
  const out = join(process.cwd(), 'bench/results');
  mkdirSync(out, { recursive: true });
  const json = `${JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      machine: {
        cpus: cores,
        cpuModel: cpus()[0]?.model,
        node: process.version,
        loadAverage: loadavg(),
      },
      setup: `one epoch, ${train.length.toLocaleString('en-US')} IMDB training reviews, batch 64 bucketed, GloVe 100d, hidden ${rows[0]?.spec.hiddenSize ?? 10}, dropout 0.5, Adam 1e-3; the same batches for every run; PyTorch with 2 threads${pytorchFlushed(rows) ? ' and torch.set_flush_denormal(True)' : ' and its defaults (subnormals kept)'}${repeat > 1 ? `; each trainer's fastest of ${repeat} epochs, run in ${repeat} rounds` : ''}`,
      rows: rows.map(({ architecture, spec, runs }) => ({
        architecture,
        hiddenSize: spec.hiddenSize,
        epochGflop: epochFlop(spec, runs[0]!.figures.tokens) / 1e9,
        runs,
      })),
    },
    null,
    2,
  )}\n`;
  await writeFileAtomic(join(out, 'epoch.json'), json);
  await writeFileAtomic(join(out, 'epoch.md'), `${markdown}\n`);
  await writeFileAtomic(join(out, 'epoch.svg'), await renderEpochChart(json, 'epoch.json'));
}

/**
 * --render-only [FILE]: redraws the chart beside a results file (default
 * bench/results/epoch.json; e.g. epoch-rerun.json -> epoch-rerun.svg) without
 * training, after a change to the chart or a rerun's files were renamed.
 */
async function renderOnly(file: string): Promise<void> {
  const svg = file.replace(/\.json$/, '.svg');
  if (svg === file) throw new Error(`${file} is not a .json file`);
  await writeFileAtomic(svg, await renderEpochChart(readFileSync(file, 'utf8'), file));
  console.error(`wrote ${svg}`);
}

if (process.argv.includes('--render-only')) {
  const next = process.argv[process.argv.indexOf('--render-only') + 1];
  void renderOnly(next ?? join(process.cwd(), 'bench/results/epoch.json')).catch(
    (error: unknown) => {
      console.error(`bench:train --render-only: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    },
  );
} else if (process.argv.includes('--worker')) {
  void worker(process.argv[process.argv.indexOf('--worker') + 1]!, Number(flag('--threads') ?? 1));
} else {
  void main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
