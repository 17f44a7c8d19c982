/**
 * One full training step of the sentiment model (issue 3) on a synthetic
 * batch of the reference setup: 64 reviews x 230 tokens, vocabulary 20,002,
 * embedding 100, hidden 10, dropout 0.5. For each architecture and backend it
 * prints the median ms per step and the implied seconds per epoch (391 steps
 * = 25,000 reviews), next to PyTorch's, and splits the step into its parts:
 * embedding op (fwd+bwd), recurrent op (fwd+bwd), gradients of the whole
 * model, and the optimizer update (tf.train.adam and FusedAdam). Columns:
 * mask = embedding dropout mask; emb-op = mask + lookup + scatter-add
 * gradient; rnn-op = recurrent layer forward + backward (input projection
 * and recurrence); forward = the model's loss; grads = loss + all gradients;
 * adam / fused = one optimizer update alone; step(...) = the full
 * optimizer.minimize step with that optimizer.
 * From packages/train:
 *
 *   ESBUILD=$(find ../../node_modules/.pnpm -path '*esbuild/bin/esbuild' | head -1)
 *   $ESBUILD bench/train-step.bench.ts --bundle --platform=node --format=cjs \
 *     --outfile=node_modules/.cache/train-step.bench.cjs --log-level=error
 *   node node_modules/.cache/train-step.bench.cjs [reps=10] [cpu|wasm ...] [rnn|gru|lstm|bilstm ...]
 *
 * Lengths are all 230 by default (the worst case for a batch of that width);
 * pass --ragged for lengths uniform in 50..230 (padding is skipped by the kernels).
 * Token ids follow Zipf's law (P(rank r) ~ 1/r), as words in reviews do: the
 * embedding gather and scatter are bound by cache misses on the 8 MB table,
 * so uniformly random ids (--uniform) are a pessimistic worst case.
 */
import { type Architecture, modelSpec } from '@imdb-rnn/core';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../src/data/rng';
import { createSentimentModel, type SentimentModel } from '../src/model/sentiment-model';
import { dropoutMask } from '../src/ops/dropout-mask';
import { embeddingLookup } from '../src/ops/embedding-lookup';
import { FusedAdam } from '../src/optim/fused-adam';
import { initBackend, type TrainingBackend } from '../src/tf/backend';

const BATCH = 64;
const TIME = 230;
const STEPS_PER_EPOCH = 391;
const TORCH_SECONDS: Record<Architecture, number> = { rnn: 44, gru: 88, lstm: 115, bilstm: 188 };
const args = process.argv.slice(2);
const REPS = Number(args.find((a) => /^\d+$/.test(a)) ?? 10);
const BACKENDS = (['cpu', 'wasm'] as const).filter(
  (b) => args.includes(b) || !args.some((a) => a === 'cpu' || a === 'wasm'),
);
const ARCHS = (['rnn', 'gru', 'lstm', 'bilstm'] as const).filter(
  (a) => args.includes(a) || !args.some((x) => ['rnn', 'gru', 'lstm', 'bilstm'].includes(x)),
);
const RAGGED = args.includes('--ragged');
const UNIFORM = args.includes('--uniform');
const WARMUP = 2;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function time(fn: () => void): number {
  for (let i = 0; i < WARMUP; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** A sampler of ids 2..vocab-1 with P(id) ~ 1 / (id - 1), or uniform with --uniform. */
function tokenSampler(rng: Rng, vocab: number): () => number {
  if (UNIFORM) return () => 2 + rng.int(vocab - 2);
  const cdf = new Float64Array(vocab - 2);
  let total = 0;
  for (let r = 0; r < cdf.length; r++) cdf[r] = total += 1 / (r + 1);
  return () => {
    const u = rng.next() * total;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return 2 + lo;
  };
}

function syntheticBatch(vocab: number, padIndex: number) {
  const rng = new Rng(1);
  const token = tokenSampler(rng, vocab);
  const lengths = Int32Array.from({ length: BATCH }, () =>
    RAGGED ? 50 + rng.int(TIME - 49) : TIME,
  );
  lengths[0] = TIME;
  const ids = new Int32Array(TIME * BATCH).fill(padIndex);
  for (let b = 0; b < BATCH; b++) {
    for (let t = 0; t < lengths[b]!; t++) ids[t * BATCH + b] = token();
  }
  const labels = Float32Array.from({ length: BATCH }, (_, b) => b % 2);
  return { ids, lengths, labels };
}

function stepParts(model: SentimentModel, batch: ReturnType<typeof syntheticBatch>) {
  const { ids, lengths } = batch;
  const labels = tf.tensor1d(batch.labels);
  const loss = () =>
    model.loss(model.logits(ids, lengths, TIME, BATCH, { training: true }), labels);
  const vars = model.trainableVariables;
  const adam = tf.train.adam(1e-3);
  const fused = new FusedAdam({ learningRate: 1e-3, inPlace: true });
  const table = model.embedding.weight as tf.Tensor2D;
  const rng = new Rng(2);
  const E = model.spec.embeddingSize;
  const dy = tf.ones([TIME * BATCH, E]);
  const rnnInput = tf.randomNormal([TIME * BATCH, E]);
  const dh = tf.ones([BATCH, model.hiddenWidth]);
  const result = {
    mask: time(() => {
      dropoutMask(rng, 0.5, TIME * BATCH, E);
    }),
    // Mask + lookup + scatter-add gradient (dy given: tf's own sum() gradient costs ~240 ms here).
    embedding: time(() => {
      const mask = dropoutMask(rng, 0.5, TIME * BATCH, E);
      tf.tidy(() => {
        const g = tf.grad((t: tf.Tensor) =>
          embeddingLookup(t as tf.Tensor2D, ids, { padIndex: 1, mask }),
        )(table, dy);
        g.dataSync();
      });
    }),
    // The recurrent layer op alone, forward + backward (input projection and recurrence).
    recurrent: time(() => {
      tf.tidy(() => {
        const g = tf.grad(
          (xs: tf.Tensor) => model.rnn.apply(xs, { lengths, time: TIME }) as tf.Tensor,
        )(rnnInput, dh);
        g.dataSync();
      });
    }),
    forward: time(() => {
      tf.tidy(() => loss().dataSync());
    }),
    gradients: time(() => {
      const { value, grads } = tf.variableGrads(loss, vars);
      value.dataSync();
      tf.dispose([value, grads]);
    }),
    // The optimizer update alone, on a fixed set of gradients.
    ...optimizerOnly(vars, loss, adam, fused),
    stepAdam: time(() => {
      const value = adam.minimize(loss, true, vars);
      value!.dataSync();
      value!.dispose();
    }),
    stepFused: time(() => {
      const value = fused.minimize(loss, true, vars);
      value!.dataSync();
      value!.dispose();
    }),
  };
  adam.dispose();
  fused.dispose();
  labels.dispose();
  tf.dispose([dy, rnnInput, dh]);
  return result;
}

function optimizerOnly(
  vars: tf.Variable[],
  loss: () => tf.Scalar,
  adam: tf.Optimizer,
  fused: FusedAdam,
): { adamOnly: number; fusedOnly: number } {
  const { value, grads } = tf.variableGrads(loss, vars);
  const result = {
    adamOnly: time(() => adam.applyGradients(grads)),
    fusedOnly: time(() => fused.applyGradients(grads)),
  };
  tf.dispose([value, grads]);
  return result;
}

async function main(): Promise<void> {
  console.log(
    `train step, batch ${BATCH} x ${TIME} tokens${RAGGED ? ' (ragged lengths 50..230)' : ''}, ${UNIFORM ? 'uniform' : 'Zipf'} ids, vocab 20002, emb 100, hidden 10; median of ${REPS} (ms)`,
  );
  console.log(
    'backend arch      mask  emb-op  rnn-op  forward  grads  adam  fused  step(adam)  step(fused)  s/epoch(fused)  torch  speedup',
  );
  for (const backend of BACKENDS as TrainingBackend[]) {
    await initBackend(backend);
    for (const arch of ARCHS) {
      const spec = modelSpec(arch);
      const model = createSentimentModel(spec, { seed: 1 });
      const batch = syntheticBatch(spec.vocabSize, spec.padIndex);
      const r = stepParts(model, batch);
      const epoch = (r.stepFused * STEPS_PER_EPOCH) / 1000;
      console.log(
        [
          backend.padEnd(7),
          arch.padEnd(7),
          r.mask.toFixed(1).padStart(5),
          r.embedding.toFixed(1).padStart(6),
          r.recurrent.toFixed(1).padStart(6),
          r.forward.toFixed(1).padStart(8),
          r.gradients.toFixed(1).padStart(6),
          r.adamOnly.toFixed(1).padStart(5),
          r.fusedOnly.toFixed(1).padStart(6),
          r.stepAdam.toFixed(1).padStart(11),
          r.stepFused.toFixed(1).padStart(12),
          epoch.toFixed(1).padStart(15),
          String(TORCH_SECONDS[arch]).padStart(6),
          `${(TORCH_SECONDS[arch] / epoch).toFixed(1)}x`.padStart(8),
        ].join(' '),
      );
      model.dispose();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
