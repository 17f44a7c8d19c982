import { readFileSync } from 'node:fs';
import { ImdbRnnError } from '@imdb-rnn/core';
import { maxAbsDiff } from '@imdb-rnn/test-support/max-abs-diff';
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../data/rng';
import { OptimizerError } from '../errors';
import { kernelThreadPool } from '../kernels/threads/thread-pool';
import type { AdamThreads } from './adam';
import { FusedAdam, type NamedTensor } from './fused-adam';

interface TorchCase {
  name: string;
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  shapes: Record<string, number[]>;
  initial: Record<string, number[]>;
  steps: { grads: Record<string, number[] | null>; params: Record<string, number[]> }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/adam/torch-adam.json', import.meta.url), 'utf8'),
) as { cases: TorchCase[] };

// Parameters are ~1 in magnitude; float32 carries ~7 significant digits, so
// 1e-6 absolute is "the same float32 computation up to rounding order".
const TOLERANCE = 1e-6;

let counter = 0;
const created: tf.Variable[] = [];
function variable(values: ArrayLike<number>, shape: number[], label: string): tf.Variable {
  counter += 1;
  const v = tf.variable(tf.tensor(Float32Array.from(values), shape), true, `${label}_${counter}`);
  created.push(v);
  return v;
}

afterEach(() => {
  for (const v of created.splice(0)) v.dispose();
});

describe('FusedAdam matches torch.optim.Adam (fixtures/adam/torch-adam.json)', () => {
  for (const engine of ['wasm', 'js'] as const) {
    for (const inPlace of [false, true]) {
      for (const c of fixture.cases) {
        it(`${c.name}, ${engine} engine, ${inPlace ? 'in-place' : 'assign'} writes: 5 steps within ${TOLERANCE}`, () => {
          const vars = Object.fromEntries(
            Object.entries(c.shapes).map(([name, shape]) => [
              name,
              variable(c.initial[name]!, shape, `${c.name}_${name}`),
            ]),
          );
          const opt = new FusedAdam({
            learningRate: c.lr,
            beta1: c.betas[0],
            beta2: c.betas[1],
            epsilon: c.eps,
            weightDecay: c.weightDecay,
            inPlace,
            engine,
          });
          for (const [stepIndex, step] of c.steps.entries()) {
            const grads: NamedTensor[] = [];
            for (const [name, g] of Object.entries(step.grads)) {
              if (g !== null) {
                grads.push({ name: vars[name]!.name, tensor: tf.tensor(g, c.shapes[name]) });
              }
            }
            opt.applyGradients(grads);
            tf.dispose(grads.map((g) => g.tensor));
            for (const [name, expected] of Object.entries(step.params)) {
              const diff = maxAbsDiff(vars[name]!.dataSync(), expected);
              expect(diff, `${name} after step ${stepIndex + 1}`).toBeLessThanOrEqual(TOLERANCE);
            }
          }
          expect(opt.iterations).toBe(c.steps.length);
        });
      }
    }
  }
});

describe('FusedAdam as a tfjs optimizer', () => {
  it('minimize() drives a least-squares loss down to its exact solution', () => {
    const w = variable([0, 0, 0], [3], 'lsq_w');
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 10, 1, 0, 1], [4, 3]);
    // y = x @ [0.5, -1, 0.25], so the minimum loss is 0 at that w.
    const y = tf.tensor1d([-0.75, -1.5, -2, 0.75]);
    const loss = () =>
      tf.tidy(
        () =>
          tf.mean(tf.square(tf.sub(tf.matMul(x, w.reshape([3, 1])).reshape([4]), y))) as tf.Scalar,
      );
    const opt = new FusedAdam({ learningRate: 0.05 });
    const lossValue = () => tf.tidy(() => loss().dataSync()[0]!);
    const before = lossValue();
    for (let i = 0; i < 500; i++) opt.minimize(loss, false, [w]);
    const after = lossValue();
    expect(after).toBeLessThan(before / 1000);
    expect(maxAbsDiff(w.dataSync(), [0.5, -1, 0.25])).toBeLessThan(0.05);
    tf.dispose([x, y]);
  });

  for (const engine of ['wasm', 'js'] as const) {
    it(`setWeights(getWeights()) on a fresh optimizer continues exactly as the original (${engine} engine)`, async () => {
      const grads = (step: number) =>
        [0.3, -0.2, 0.5, 0.1].map((g, i) => g * (step + 1) - 0.05 * i);
      const a = variable([1, -1, 0.5, 2], [2, 2], 'resume_a');
      const b = variable([1, -1, 0.5, 2], [2, 2], 'resume_b');
      const original = new FusedAdam({ learningRate: 0.01, weightDecay: 0.01, engine });
      const step = (opt: FusedAdam, v: tf.Variable, k: number) => {
        const g = tf.tensor(grads(k), [2, 2]);
        opt.applyGradients({ [v.name]: g });
        g.dispose();
      };
      for (let k = 0; k < 3; k++) step(original, a, k);
      b.assign(a);

      const saved = await original.getWeights();
      // The saved moments are keyed by variable name; restore them under b's name.
      const renamed = saved.map((w) => ({ ...w, name: w.name.replace(a.name, b.name) }));
      const resumed = new FusedAdam(original.getConfig());
      await resumed.setWeights(renamed);
      tf.dispose(saved.map((w) => w.tensor));
      expect(resumed.iterations).toBe(3);

      for (let k = 3; k < 6; k++) {
        step(original, a, k);
        step(resumed, b, k);
      }
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    });
  }

  it('moments saved from the wasm engine restore onto the js engine (checkpoints are engine-neutral)', async () => {
    const grads = (k: number) => Array.from({ length: 7 }, (_, i) => Math.cos(i + 3 * k) * 0.4);
    const a = variable([0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7], [7], 'neutral_a');
    const b = variable([0, 0, 0, 0, 0, 0, 0], [7], 'neutral_b');
    const wasm = new FusedAdam({ learningRate: 0.01, engine: 'wasm' });
    const step = (opt: FusedAdam, v: tf.Variable, k: number) => {
      const g = tf.tensor1d(grads(k));
      opt.applyGradients({ [v.name]: g });
      g.dispose();
    };
    for (let k = 0; k < 3; k++) step(wasm, a, k);
    b.assign(a);
    const saved = await wasm.getWeights();
    const js = new FusedAdam({ ...wasm.getConfig(), engine: 'js' });
    await js.setWeights(saved.map((w) => ({ ...w, name: w.name.replace(a.name, b.name) })));
    // The copies handed out must not change when the optimizer steps on.
    const mBefore = Array.from(saved[1]!.tensor.dataSync());
    step(wasm, a, 3);
    expect(Array.from(saved[1]!.tensor.dataSync())).toEqual(mBefore);
    tf.dispose(saved.map((w) => w.tensor));
    step(js, b, 3);
    expect(maxAbsDiff(b.dataSync(), a.dataSync())).toBeLessThanOrEqual(TOLERANCE);
  });

  it('rejects threads that are not AdamThreads, naming the option', () => {
    for (const threads of [{}, { size: 2 }, { size: 0, runAdam() {} }, 2]) {
      const make = () => new FusedAdam({ threads: threads as unknown as AdamThreads });
      expect(make).toThrow(OptimizerError);
      expect(make).toThrow(/threads must be an AdamThreads/);
    }
  });

  it('rejects an unknown engine, and getConfig() carries the engine', () => {
    expect(() => new FusedAdam({ engine: 'gpu' as 'js' })).toThrowError(
      /engine must be 'auto', 'wasm' or 'js', got gpu/,
    );
    expect(new FusedAdam({ engine: 'js' }).getConfig().engine).toBe('js');
    expect(new FusedAdam().getConfig().engine).toBe('auto');
  });

  it('is registered for tfjs serialization and rebuilds from getConfig()', () => {
    const opt = new FusedAdam({ learningRate: 0.02, beta2: 0.99, weightDecay: 1e-4 });
    const registered = tf.serialization.SerializationMap.getMap().classNameMap.FusedAdam;
    expect(registered).toBeDefined();
    const [cls, fromConfig] = registered!;
    const copy = fromConfig(cls, opt.getConfig()) as FusedAdam;
    expect(copy).toBeInstanceOf(FusedAdam);
    expect(copy.getConfig()).toEqual(opt.getConfig());
  });

  it('does not modify a Float32Array the caller gave to tf.tensor, even in place', () => {
    const init = Float32Array.from([1, 2, 3]);
    const v = variable(init, [3], 'alias');
    v.assign(tf.tensor(init, [3]));
    const opt = new FusedAdam({ learningRate: 0.1, inPlace: true });
    for (let k = 0; k < 3; k++) {
      const g = tf.tensor1d([1, 1, 1]);
      opt.applyGradients({ [v.name]: g });
      g.dispose();
    }
    expect(Array.from(init)).toEqual([1, 2, 3]);
    expect(v.dataSync()[0]).toBeLessThan(1);
  });

  it('rejects a gradient whose shape does not match its variable, naming it', () => {
    const v = variable([1, 2, 3], [3], 'shape_check');
    const g = tf.tensor1d([1, 2]);
    const opt = new FusedAdam();
    expect(() => opt.applyGradients({ [v.name]: g })).toThrowError(
      new RegExp(`gradient for "${v.name}" has shape \\[2\\]`),
    );
    expect(() => opt.applyGradients({ no_such_variable: g })).toThrow(OptimizerError);
    expect(() => opt.applyGradients({ no_such_variable: g })).toThrow(ImdbRnnError);
    g.dispose();
  });

  it('steps a variable named in learningRateScales at its share of the learning rate, on both engines', () => {
    for (const engine of ['wasm', 'js'] as const) {
      // Adam's first step moves every element by the learning rate (m/sqrt(v) = sign(g)).
      const full = variable([1, 1], [2], 'scale_full');
      const half = variable([1, 1], [2], 'scale_half');
      const frozen = variable([1, 1], [2], 'scale_frozen');
      const opt = new FusedAdam({
        learningRate: 0.1,
        engine,
        learningRateScales: { [half.name]: 0.5, [frozen.name]: 0 },
      });
      const g = tf.tensor1d([1, -1]);
      opt.applyGradients({ [full.name]: g, [half.name]: g, [frozen.name]: g });
      g.dispose();
      // Within float32 rounding (epsilon 1e-8 takes a hair off each step).
      expect(maxAbsDiff(full.dataSync(), [0.9, 1.1])).toBeLessThan(1e-6);
      expect(maxAbsDiff(half.dataSync(), [0.95, 1.05])).toBeLessThan(1e-6);
      expect(Array.from(frozen.dataSync())).toEqual([1, 1]);
      expect(opt.getConfig().learningRateScales).toEqual({ [half.name]: 0.5, [frozen.name]: 0 });
    }
    expect(() => new FusedAdam({ learningRateScales: { 'embedding/w': -0.1 } })).toThrowError(
      /learningRateScales\["embedding\/w"\] must be a finite number >= 0, got -0.1/,
    );
  });

  it('rejects invalid hyperparameters, naming the field', () => {
    expect(() => new FusedAdam({ beta1: 1 })).toThrowError(/beta1 must be in \[0, 1\)/);
    expect(() => new FusedAdam({ learningRate: Number.NaN })).toThrowError(/learningRate/);
  });
});

describe('FusedAdam reusing the parameters its kernel holds', () => {
  for (const inPlace of [true, false]) {
    it(`gives the same bits as a fresh optimizer state each step would (${inPlace ? 'in-place' : 'assign'} writes), and sees an assign in between`, () => {
      const rng = new Rng(7);
      const start = Float32Array.from({ length: 40 }, () => rng.next() * 2 - 1);
      const reused = variable(start, [10, 4], 'reused');
      const copied = variable(start, [10, 4], 'copied');
      const reusedOpt = new FusedAdam({ learningRate: 1e-2, inPlace, engine: 'wasm' });
      const copiedOpt = new FusedAdam({ learningRate: 1e-2, inPlace, engine: 'wasm' });
      for (let step = 1; step <= 6; step++) {
        const grad = tf.tensor(
          Float32Array.from({ length: 40 }, () => rng.next() - 0.5),
          [10, 4],
        );
        reusedOpt.applyGradients({ [reused.name]: grad });
        // A fresh array each step: the kernel must copy the parameters in.
        copied.assign(tf.tensor(Float32Array.from(copied.dataSync()), [10, 4]));
        copiedOpt.applyGradients({ [copied.name]: grad });
        expect(Array.from(reused.dataSync())).toEqual(Array.from(copied.dataSync()));
        if (step === 3) {
          // Weights set from outside (a checkpoint load, say) must be read in.
          const moved = Float32Array.from(reused.dataSync(), (x) => x * 0.5);
          reused.assign(tf.tensor(moved, [10, 4]));
          copied.assign(tf.tensor(moved.slice(), [10, 4]));
        }
        grad.dispose();
      }
      reusedOpt.dispose();
      copiedOpt.dispose();
    });
  }

  it("in place, keeps the parameters in its kernel memory as the variable's storage, and never changes a tensor still holding them", () => {
    const rng = new Rng(8);
    const start = Float32Array.from({ length: 40 }, () => rng.next() * 2 - 1);
    const resident = variable(start, [10, 4], 'resident');
    const plain = variable(start, [10, 4], 'plain');
    const residentOpt = new FusedAdam({ learningRate: 1e-2, inPlace: true, engine: 'wasm' });
    const plainOpt = new FusedAdam({ learningRate: 1e-2, inPlace: false, engine: 'wasm' });
    const storages = new Set<unknown>();
    let held: tf.Tensor | undefined;
    let heldValues: number[] = [];
    for (let step = 1; step <= 6; step++) {
      const grad = tf.tensor(
        Float32Array.from({ length: 40 }, () => rng.next() - 0.5),
        [10, 4],
      );
      residentOpt.applyGradients({ [resident.name]: grad });
      plainOpt.applyGradients({ [plain.name]: grad });
      grad.dispose();
      expect(Array.from(resident.dataSync())).toEqual(Array.from(plain.dataSync()));
      storages.add(resident.dataSync());
      if (step === 2) {
        // A clone shares the storage; after an outside assign it must keep its values.
        held = resident.clone();
        heldValues = Array.from(held.dataSync());
        const moved = Float32Array.from(resident.dataSync(), (x) => x * 0.5);
        resident.assign(tf.tensor(moved, [10, 4]));
        plain.assign(tf.tensor(moved.slice(), [10, 4]));
      }
    }
    // One array from the first step on (its buffer is the kernel's shared
    // memory), then a new one after the outside assign while the clone lives.
    expect(storages.size).toBe(2);
    const [first] = storages as Set<Float32Array>;
    expect(first!.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(held!.dataSync())).toEqual(heldValues);
    held!.dispose();
    residentOpt.dispose();
    plainOpt.dispose();
  });
});

describe('FusedAdam on kernel threads', { timeout: 60_000 }, () => {
  for (const inPlace of [true, false]) {
    it(`splits large steps across the threads with the same bits as one thread (${inPlace ? 'in-place' : 'assign'} writes)`, () => {
      const pool = kernelThreadPool(2)!;
      const slices: { copied: boolean }[] = [];
      // The pool, counting what it is given: proof the steps ran on it.
      const threads: AdamThreads = {
        size: pool.size,
        runAdam(kernel, calls) {
          for (const call of calls) slices.push({ copied: call.copy !== undefined });
          pool.runAdam(kernel, calls);
        },
      };
      const rng = new Rng(9);
      // Big enough to split (70,001 elements: not a whole number of vectors),
      // a small one that stays on this thread, and a big one whose slot is
      // allocated after the first split step (the threads must see the memory grow).
      const sizes = { big: [7_001, 10], small: [3, 5], late: [9_000, 9] } as const;
      const threaded = new FusedAdam({ learningRate: 1e-2, inPlace, engine: 'wasm', threads });
      const single = new FusedAdam({ learningRate: 1e-2, inPlace, engine: 'wasm' });
      const pairs = Object.entries(sizes).map(([name, shape]) => {
        const size = shape[0] * shape[1];
        const start = Float32Array.from({ length: size }, () => rng.next() * 2 - 1);
        return {
          name,
          shape: [...shape],
          size,
          a: variable(start, [...shape], `threaded_${name}`),
          b: variable(start, [...shape], `single_${name}`),
        };
      });
      for (let step = 1; step <= 3; step++) {
        for (const { name, shape, size, a, b } of pairs) {
          if (name === 'late' && step === 1) continue;
          // Gradients on shared memory (as the embedding's is on kernel
          // threads: the threads copy their slices in) on odd steps, plain
          // arrays (copied in here) on even ones.
          const values = Float32Array.from({ length: size }, () => rng.next() - 0.5);
          const shared = new Float32Array(new SharedArrayBuffer(size * 4));
          shared.set(values);
          const grad = tf.tensor(step % 2 === 1 ? shared : values, shape);
          threaded.applyGradients({ [a.name]: grad });
          single.applyGradients({ [b.name]: grad });
          grad.dispose();
        }
      }
      for (const { a, b } of pairs) {
        expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBe(0);
        expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
      }
      // big: 3 steps, late: 2, two slices each; shared gradients copied on threads.
      expect(slices).toHaveLength(10);
      expect(slices.filter((s) => s.copied)).toHaveLength(6);
      threaded.dispose();
      single.dispose();
    });
  }
});
