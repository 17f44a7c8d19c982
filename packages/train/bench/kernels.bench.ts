/**
 * The recurrent kernels on one training batch of the reference setup
 * (64 reviews x 230 tokens, input 100, hidden 10): forward + backward per cell
 * and direction, split into the input projection (x @ W_ih^T and its two
 * gradient matmuls) and the recurrence itself, each on the JS and the wasm
 * engine, then the public recurrentForward/recurrentBackward end to end.
 * Prints median ms per batch and the implied seconds per epoch (391 batches of
 * 64 = 25,000 reviews); the PyTorch figures are whole epochs of the reference
 * model (embedding, Adam and data included), so the ratio is an upper bound
 * for a whole tfjs epoch.
 *
 *   esbuild bench/kernels.bench.ts --bundle --platform=node --format=cjs \
 *     --outfile=/tmp/kernels.bench.cjs && node /tmp/kernels.bench.cjs [reps] [--tfjs]
 *     [--hidden N] [--arch lstm,bilstm]
 *
 * With --tfjs it also times the same projection matmuls with tf.matMul on the
 * WASM backend, the alternative home for them. --hidden sizes the layer
 * (default 10; 64 is the best preset's), and then the PyTorch ratios, which are
 * hidden-10 epochs, are left out; --arch keeps only the named rows.
 */
import { gateCount } from '@imdb-rnn/core';
import type { KernelEngine } from '../src/kernels/engine';
import { activeRows, projectInputs, projectInputsBackward } from '../src/kernels/projection';
import { recurrenceBackward } from '../src/kernels/recurrence-backward';
import { recurrenceForward } from '../src/kernels/recurrence-forward';
import { recurrentBackward, recurrentForward } from '../src/kernels/recurrent';
import { RecurrentWorkspace } from '../src/kernels/workspace';

const BATCH = 64;
const TIME = 230;
const INPUT = 100;
const BATCHES_PER_EPOCH = 391;
const args = process.argv.slice(2);
const VALUED_FLAGS = ['--hidden', '--arch'];
function flag(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
const HIDDEN = Number(flag('--hidden') ?? 10);
if (!(Number.isInteger(HIDDEN) && HIDDEN > 0)) {
  throw new Error(`--hidden must be a positive integer, got ${flag('--hidden')}`);
}
// A flag's value is not the repetition count.
const REPS = Number(
  args.find((a, i) => /^\d+$/.test(a) && !VALUED_FLAGS.includes(args[i - 1] ?? '')) ?? 10,
);
const WITH_TFJS = args.includes('--tfjs');
const WARMUP = 2;

// Every cell and direction; PyTorch epoch times exist for the four project
// architectures only.
const ARCHS = [
  { name: 'rnn', cell: 'rnn', bidirectional: false, torchSeconds: 44 },
  { name: 'birnn', cell: 'rnn', bidirectional: true, torchSeconds: undefined },
  { name: 'gru', cell: 'gru', bidirectional: false, torchSeconds: 88 },
  { name: 'bigru', cell: 'gru', bidirectional: true, torchSeconds: undefined },
  { name: 'lstm', cell: 'lstm', bidirectional: false, torchSeconds: 115 },
  { name: 'bilstm', cell: 'lstm', bidirectional: true, torchSeconds: 188 },
] as const;

function versusTorch(ms: number, torchSeconds: number | undefined): string {
  if (torchSeconds === undefined) return '';
  return `${(torchSeconds / ((ms * BATCHES_PER_EPOCH) / 1000)).toFixed(1)}x PyTorch's whole epoch`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function random(n: number, scale: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (Math.random() * 2 - 1) * scale;
  return out;
}

function time(run: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + REPS; i++) {
    const start = performance.now();
    run();
    if (i >= WARMUP) times.push(performance.now() - start);
  }
  return median(times);
}

function fmt(ms: number): string {
  return `${ms.toFixed(1).padStart(7)} ms  ${((ms * BATCHES_PER_EPOCH) / 1000).toFixed(1).padStart(6)} s/epoch`;
}

async function main(): Promise<void> {
  console.log(
    `batch ${BATCH} x time ${TIME}, input ${INPUT}, hidden ${HIDDEN}; median of ${REPS} reps`,
  );
  // All sequences full length: the worst case of a length-bucketed batch.
  const lengths = new Int32Array(BATCH).fill(TIME);
  const rows = activeRows(TIME, BATCH, lengths);
  const x = random(TIME * BATCH * INPUT, 1);
  const workspace = new RecurrentWorkspace();
  const tf = WITH_TFJS ? await import('@tensorflow/tfjs') : undefined;
  if (tf !== undefined) {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // The bundle lives elsewhere, so point the backend at the installed binaries
    // (run from packages/train).
    wasm.setWasmPaths(`${process.cwd()}/node_modules/@tensorflow/tfjs-backend-wasm/dist/`);
    if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to start');
    await tf.ready();
    console.log(`tfjs backend ${tf.getBackend()}`);
  }
  const only = flag('--arch')?.split(',');
  const unknown = only?.filter((name) => !ARCHS.some((a) => a.name === name));
  if (unknown?.length) {
    throw new Error(`--arch: unknown ${unknown.join(', ')}; known ${ARCHS.map((a) => a.name)}`);
  }
  for (const arch of ARCHS.filter((a) => only === undefined || only.includes(a.name))) {
    // PyTorch's figures are hidden-10 epochs: no ratio for another width.
    const torchSeconds = HIDDEN === 10 ? arch.torchSeconds : undefined;
    const dirs = arch.bidirectional ? 2 : 1;
    const GH = gateCount(arch.cell) * HIDDEN;
    const N = dirs * GH;
    const wIh = random(N * INPUT, 0.3);
    const bIh = random(N, 0.3);
    const weights = Array.from({ length: dirs }, () => ({
      wHh: random(GH * HIDDEN, 0.3),
      bHh: random(GH, 0.3),
    }));
    const shape = {
      cell: arch.cell,
      hiddenSize: HIDDEN,
      time: TIME,
      batch: BATCH,
      bidirectional: arch.bidirectional,
    };
    const dHidden = random(BATCH * dirs * HIDDEN, 1);
    const xProj = projectInputs(x, wIh, bIh, INPUT, N, rows);

    const projectionWith = (engine: KernelEngine) =>
      time(() => {
        const out = projectInputs(x, wIh, bIh, INPUT, N, rows, engine);
        projectInputsBackward(out, x, wIh, INPUT, N, rows, { engine });
      });
    const projectionJs = projectionWith('js');
    const projection = projectionWith('wasm');
    const recurrenceWith = (engine: KernelEngine) =>
      time(() => {
        const { cache } = recurrenceForward(shape, xProj, lengths, weights, { workspace, engine });
        recurrenceBackward(shape, cache, dHidden);
      });
    const recurrenceJs = recurrenceWith('js');
    const recurrence = recurrenceWith('wasm');
    const recurrenceFwd = time(() => {
      recurrenceForward(shape, xProj, lengths, weights, { workspace, engine: 'wasm' });
    });
    const total = projection + recurrence;
    // The public entry points end to end (validation, copies, workspace), as
    // the tfjs op calls them.
    const layerWeights = weights.map((w, d) => ({
      ...w,
      wIh: wIh.slice(d * GH * INPUT, (d + 1) * GH * INPUT),
      bIh: bIh.slice(d * GH, (d + 1) * GH),
    }));
    const layerShape = { ...shape, inputSize: INPUT };
    const api = time(() => {
      const { cache } = recurrentForward(layerShape, x, lengths, layerWeights, { workspace });
      recurrentBackward(layerShape, cache, dHidden);
    });
    const reference =
      torchSeconds === undefined
        ? 'no PyTorch reference'
        : `PyTorch 1.13, 2 threads: ~${torchSeconds} s/epoch`;
    console.log(`\n${arch.name} (${reference})`);
    console.log(`  projection JS fwd+bwd     ${fmt(projectionJs)}`);
    console.log(`  projection wasm fwd+bwd   ${fmt(projection)}`);
    console.log(`  recurrence JS fwd+bwd     ${fmt(recurrenceJs)}`);
    console.log(`  recurrence wasm fwd       ${fmt(recurrenceFwd)}`);
    console.log(`  recurrence wasm fwd+bwd   ${fmt(recurrence)}`);
    console.log(`  projection + recurrence   ${fmt(total)}  ${versusTorch(total, torchSeconds)}`);
    console.log(`  recurrentForward+Backward ${fmt(api)}  ${versusTorch(api, torchSeconds)}`);
    if (tf !== undefined) {
      const xt = tf.tensor2d(x, [TIME * BATCH, INPUT]);
      const wt = tf.tensor2d(wIh, [N, INPUT]);
      const bt = tf.tensor1d(bIh);
      const gt = tf.tensor2d(xProj, [TIME * BATCH, N]);
      const wasm = time(() => {
        const results = tf.tidy(() => [
          tf.add(tf.matMul(xt, wt, false, true), bt),
          tf.matMul(gt, wt), // dx
          tf.matMul(gt, xt, true, false), // dW_ih
          tf.sum(gt, 0), // db_ih
        ]);
        for (const r of results) r.dataSync();
        tf.dispose(results);
      });
      console.log(`  projection tf.matMul wasm ${fmt(wasm)}`);
      console.log(
        `  tf.matMul + recurrence    ${fmt(wasm + recurrence)}  ` +
          versusTorch(wasm + recurrence, torchSeconds),
      );
      tf.dispose([xt, wt, bt, gt]);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
