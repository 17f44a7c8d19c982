/**
 * One optimizer step on the 20,002x100 embedding (issue 3): tf.train.adam vs
 * FusedAdam (assign and in-place writes). Prints median ms per step and ratios.
 * From packages/train:
 *
 *   ESBUILD=$(find ../../node_modules/.pnpm -path '*esbuild/bin/esbuild' | head -1)
 *   $ESBUILD bench/adam.bench.ts --bundle --platform=node --format=cjs \
 *     --outfile=node_modules/.cache/adam.bench.cjs
 *   node node_modules/.cache/adam.bench.cjs [steps=30] [cpu|wasm]
 *
 * CJS because tfjs's Node platform code calls require(); the bundle goes under
 * packages/train so it can find the wasm backend's .wasm files. (The root
 * node_modules/.bin/esbuild shim runs the native binary through node and fails.)
 */

import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { defaultThreadCount, kernelThreadPool } from '../src/kernels/threads/thread-pool';
import { FusedAdam } from '../src/optim/fused-adam';

const ROWS = 20_002;
const COLS = 100;
const STEPS = Number(process.argv[2] ?? 30);
const BACKEND = process.argv[3] ?? 'cpu';
const WARMUP = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function timeSteps(label: string, optimizer: tf.Optimizer): number {
  const variable = tf.variable(tf.randomNormal([ROWS, COLS]), true, `embedding_${label}`);
  const gradient = tf.randomNormal([ROWS, COLS], 0, 0.01);
  const times: number[] = [];
  for (let i = 0; i < WARMUP + STEPS; i++) {
    const start = performance.now();
    optimizer.applyGradients({ [variable.name]: gradient });
    // Force completion: tfjs may defer work until data is read.
    variable.dataSync();
    const elapsed = performance.now() - start;
    if (i >= WARMUP) times.push(elapsed);
  }
  const result = median(times);
  console.log(`${label.padEnd(22)} median ${result.toFixed(1)} ms/step over ${STEPS} steps`);
  tf.dispose([variable, gradient]);
  optimizer.dispose();
  return result;
}

async function main(): Promise<void> {
  if (BACKEND === 'wasm') {
    // The bundle lives elsewhere, so point tfjs at the package's own .wasm files.
    const wasmMain = createRequire(__filename).resolve('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(`${dirname(wasmMain)}/`);
  }
  if (!(await tf.setBackend(BACKEND))) throw new Error(`backend ${BACKEND} failed to start`);
  await tf.ready();
  console.log(`backend ${tf.getBackend()}, variable [${ROWS}, ${COLS}]`);
  const reference = timeSteps('tf.train.adam', tf.train.adam(1e-3, 0.9, 0.999, 1e-8));
  const assign = timeSteps('FusedAdam (assign)', new FusedAdam({ learningRate: 1e-3 }));
  const inPlace = timeSteps(
    'FusedAdam (in-place)',
    new FusedAdam({ learningRate: 1e-3, inPlace: true }),
  );
  console.log(
    `speed-up vs tf.train.adam: assign ${(reference / assign).toFixed(1)}x, in-place ${(reference / inPlace).toFixed(1)}x`,
  );
  // On the kernel threads against one thread, the gradient on shared memory
  // as training has it there (the threads copy their slices in). Steps
  // alternate between the two, so both see the same machine.
  const pool = kernelThreadPool(defaultThreadCount());
  if (pool === undefined) return;
  const values = new Float32Array(new SharedArrayBuffer(ROWS * COLS * 4));
  values.set(tf.randomNormal([ROWS, COLS], 0, 0.01).dataSync());
  const gradient = tf.tensor(values, [ROWS, COLS]);
  const runs = [
    { label: '1 thread', optimizer: new FusedAdam({ learningRate: 1e-3, inPlace: true }) },
    {
      label: `${pool.size} threads`,
      optimizer: new FusedAdam({ learningRate: 1e-3, inPlace: true, threads: pool }),
    },
  ].map((run) => ({
    ...run,
    variable: tf.variable(tf.randomNormal([ROWS, COLS]), true, `embedding_${run.label}`),
    times: [] as number[],
  }));
  for (let i = 0; i < WARMUP + STEPS; i++) {
    for (const run of runs) {
      const start = performance.now();
      run.optimizer.applyGradients({ [run.variable.name]: gradient });
      const elapsed = performance.now() - start;
      if (i >= WARMUP) run.times.push(elapsed);
    }
  }
  const [one, many] = runs.map((run) => {
    const result = median(run.times);
    console.log(
      `FusedAdam (in-place, ${run.label})`.padEnd(34),
      `median ${result.toFixed(1)} ms/step`,
    );
    return result;
  });
  console.log(`${pool.size} threads vs 1 (alternating steps): ${(one! / many!).toFixed(2)}x`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
