import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeTokens, modelSpec, Vocab } from '@imdb-rnn/core';
import { maxAbsDiff } from '@imdb-rnn/test-support/max-abs-diff';
import { describe, expect, it } from 'vitest';
import { Rng } from '../data/rng';
import { TrainingError } from '../errors';
import { kernelThreadPool } from '../kernels/threads/thread-pool';
import { createSentimentModel } from '../model/sentiment-model';
import { encodeCheckpoint, loadCheckpoint } from './checkpoint';
import { accuracyOf, predictLogits } from './predict';
import { type TrainingData, type TrainOptions, train } from './trainer';

// A learnable toy task: reviews of filler words with "great" or "awful"
// somewhere; the label says which. Lengths vary so batches need padding.
function toyData(count: number, seed: number): TrainingData & { vocab: Vocab } {
  const rng = new Rng(seed);
  const filler = ['the', 'movie', 'was', 'and', 'plot', 'actors', 'scene', 'it'];
  const make = (n: number) => {
    const docs: string[][] = [];
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const label = rng.int(2);
      const doc = Array.from({ length: 3 + rng.int(12) }, () => filler[rng.int(filler.length)]!);
      doc.splice(rng.int(doc.length), 0, label === 1 ? 'great' : 'awful');
      docs.push(doc);
      labels[i] = label;
    }
    return { docs, labels };
  };
  const trainSet = make(count);
  const validSet = make(Math.floor(count / 4));
  const vocab = Vocab.build(trainSet.docs);
  const encoded = (s: { docs: string[][]; labels: Uint8Array }) => ({
    ...encodeTokens(s.docs, vocab),
    labels: s.labels,
  });
  return { vocab, train: encoded(trainSet), validation: encoded(validSet) };
}

// These runs were tuned under train()'s former defaults, PyTorch's Adam (1e-3,
// constant); they keep them so that what they train is unchanged now that the
// defaults are the reference preset's.
const PYTORCH_ADAM = { learningRate: 1e-3, learningRateDecay: 1 };

const spec = (arch: 'rnn' | 'gru' | 'lstm' | 'bilstm', vocabSize: number, hiddenSize = 6) =>
  modelSpec(arch, { vocabSize, embeddingSize: 8, hiddenSize, dropout: 0.2 });

// These tests train whole (toy) models, several per test: the longest takes 1.4 s alone
// but 4-6 s in CI beside the other packages' turbo tasks on 2 cores, past vitest's 5 s
// default. The bound is for a hang, not for speed (speed is bench:train's business).
describe('train', { timeout: 60_000 }, () => {
  it('learns a toy sentiment task with every architecture', async () => {
    const data = toyData(256, 1);
    for (const arch of ['rnn', 'gru', 'lstm', 'bilstm'] as const) {
      const result = await train(spec(arch, data.vocab.size), data, {
        ...PYTORCH_ADAM,
        epochs: 6,
        batchSize: 16,
        learningRate: 2e-2,
        seed: 3,
      });
      const accuracy = accuracyOf(
        predictLogits(result.model, data.validation),
        data.validation.labels,
      );
      expect(accuracy, arch).toBeGreaterThan(0.9);
      expect(result.history[5]!.trainLoss).toBeLessThan(result.history[0]!.trainLoss);
      result.model.dispose();
    }
  });

  it('gives the same loss sequence for the same seed and a different one for another seed', async () => {
    const data = toyData(96, 2);
    const run = async (seed: number) => {
      const r = await train(spec('lstm', data.vocab.size), data, {
        ...PYTORCH_ADAM,
        epochs: 2,
        batchSize: 16,
        seed,
      });
      r.model.dispose();
      return r.history.map((h) => h.trainLoss);
    };
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    expect(await run(6)).not.toEqual(a);
  });

  it('resumes from a checkpoint to exactly the weights of an uninterrupted run', async () => {
    const data = toyData(96, 3);
    const dir = await mkdtemp(join(tmpdir(), 'imdb-rnn-resume-'));
    const options = { ...PYTORCH_ADAM, batchSize: 16, seed: 9, learningRate: 1e-2 };
    const full = await train(spec('gru', data.vocab.size), data, { ...options, epochs: 3 });
    const fullWeights = full.model.getNamedWeights();
    full.model.dispose();

    const checkpointPath = join(dir, 'gru.ckpt');
    const first = await train(spec('gru', data.vocab.size), data, {
      ...options,
      epochs: 2,
      checkpointPath,
    });
    first.model.dispose();
    let resumedAfter = -1;
    const resumed = await train(spec('gru', data.vocab.size), data, {
      ...options,
      epochs: 3,
      checkpointPath,
      resume: true,
      onResume: (epochs) => {
        resumedAfter = epochs;
      },
    });
    expect(resumedAfter).toBe(2);
    expect(resumed.history.map((h) => h.trainLoss)).toEqual(full.history.map((h) => h.trainLoss));
    expect(resumed.bestEpoch).toBe(full.bestEpoch);
    const resumedWeights = resumed.model.getNamedWeights();
    for (const [name, tensor] of Object.entries(fullWeights)) {
      expect([...resumedWeights[name]!.data], name).toEqual([...tensor.data]);
    }
    resumed.model.dispose();
    expect((await readdir(dir)).sort()).toEqual(['gru.ckpt']);
  });

  it('returns only once the last checkpoint is whole on disk', async () => {
    const data = toyData(96, 3);
    const dir = await mkdtemp(join(tmpdir(), 'imdb-rnn-last-checkpoint-'));
    const checkpointPath = join(dir, 'lstm.ckpt');
    // hidden 64: a checkpoint of ~0.3 MB, so its write is not over at once.
    const result = await train(spec('lstm', data.vocab.size, 64), data, {
      ...PYTORCH_ADAM,
      epochs: 3,
      batchSize: 16,
      checkpointPath,
    });
    const saved = await loadCheckpoint(checkpointPath);
    expect(saved?.state.epoch).toBe(3);
    expect(saved?.state.history).toEqual(result.history);
    expect(saved?.state.bestEpoch).toBe(result.bestEpoch);
    // The returned model holds the best epoch's weights, which the checkpoint keeps too.
    for (const [name, tensor] of Object.entries(result.model.getNamedWeights())) {
      expect(saved?.best[name]?.data, name).toEqual(tensor.data);
    }
    // Each variable's Adam step count (an int32 tensor) is stored as its value: 3 epochs of 6 batches.
    const steps = Object.entries(saved!.optimizer).filter(([name]) => name.endsWith('/step'));
    expect(steps.length).toBeGreaterThan(0);
    for (const [name, tensor] of steps) expect([...tensor.data], name).toEqual([18]);
    // Epochs 2 and 3 were encoded into the buffer the previous write handed back;
    // encoding into a dirty buffer gives the bytes a fresh one does.
    const fresh = encodeCheckpoint(saved!);
    const dirty = new ArrayBuffer(fresh.length + 100);
    new Uint8Array(dirty).fill(0xab);
    const reused = encodeCheckpoint(saved!, dirty);
    expect(reused.buffer).toBe(dirty);
    expect(Buffer.compare(reused, fresh)).toBe(0);
    expect(encodeCheckpoint(saved!, new ArrayBuffer(8)).buffer.byteLength).toBeGreaterThan(
      fresh.length,
    );
    result.model.dispose();
    expect(await readdir(dir)).toEqual(['lstm.ckpt']);
  });

  it("leaves the previous epoch's checkpoint whole when an epoch throws while it is being written", async () => {
    const data = toyData(96, 3);
    const dir = await mkdtemp(join(tmpdir(), 'imdb-rnn-throw-'));
    const checkpointPath = join(dir, 'lstm.ckpt');
    const options = { ...PYTORCH_ADAM, epochs: 3, batchSize: 16, seed: 4 };
    const full = await train(spec('lstm', data.vocab.size, 64), data, options);
    full.model.dispose();
    // Epoch 2's first batch: epoch 1's checkpoint was handed to the writer just before.
    const stop = new Error('stopped in epoch 2');
    await expect(
      train(spec('lstm', data.vocab.size, 64), data, {
        ...options,
        checkpointPath,
        onBatch: (p) => {
          if (p.epoch === 2) throw stop;
        },
      }),
    ).rejects.toBe(stop);
    const saved = await loadCheckpoint(checkpointPath);
    expect(saved?.state.epoch).toBe(1);
    expect(saved?.state.history.map((h) => h.trainLoss)).toEqual([full.history[0]!.trainLoss]);
    expect(await readdir(dir)).toEqual(['lstm.ckpt']);
  });

  it('reports a checkpoint that cannot be written as checkpoint-write-failed, naming the file', async () => {
    const data = toyData(48, 4);
    const dir = await mkdtemp(join(tmpdir(), 'imdb-rnn-unwritable-'));
    await writeFile(join(dir, 'runs'), 'a file where the folder should be');
    const checkpointPath = join(dir, 'runs', 'run.ckpt');
    for (const epochs of [1, 2]) {
      const error = await train(spec('rnn', data.vocab.size), data, {
        ...PYTORCH_ADAM,
        epochs,
        checkpointPath,
      }).catch((e: unknown) => e);
      expect(error, `${epochs} epochs`).toBeInstanceOf(TrainingError);
      expect((error as TrainingError).code).toBe('checkpoint-write-failed');
      expect((error as Error).message).toContain(
        `could not write the checkpoint ${checkpointPath}: `,
      );
    }
    expect(await readdir(dir)).toEqual(['runs']);
  });

  it('refuses to resume from a checkpoint of another spec, naming the field', async () => {
    const data = toyData(48, 4);
    const dir = await mkdtemp(join(tmpdir(), 'imdb-rnn-mismatch-'));
    const checkpointPath = join(dir, 'run.ckpt');
    (
      await train(spec('gru', data.vocab.size), data, {
        ...PYTORCH_ADAM,
        epochs: 1,
        checkpointPath,
      })
    ).model.dispose();
    await expect(
      train(spec('lstm', data.vocab.size), data, {
        ...PYTORCH_ADAM,
        epochs: 2,
        checkpointPath,
        resume: true,
      }),
    ).rejects.toThrow(/spec\.cell is "gru", this run's is "lstm"/);
  });

  it('reports a corrupt checkpoint file by name', async () => {
    const data = toyData(48, 5);
    const dir = await mkdtemp(join(tmpdir(), 'imdb-rnn-corrupt-'));
    const checkpointPath = join(dir, 'run.ckpt');
    await writeFile(checkpointPath, 'not a checkpoint');
    await expect(
      train(spec('rnn', data.vocab.size), data, {
        ...PYTORCH_ADAM,
        epochs: 1,
        checkpointPath,
        resume: true,
      }),
    ).rejects.toThrow(/run\.ckpt: not a usable checkpoint/);
  });

  it('stops with a clear error when the loss becomes NaN', async () => {
    const data = toyData(48, 6);
    const s = spec('lstm', data.vocab.size);
    const embeddings = new Float32Array(s.vocabSize * s.embeddingSize).fill(Number.NaN);
    const error = await train(s, { ...data, embeddings }, { ...PYTORCH_ADAM, epochs: 1 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as TrainingError).code).toBe('non-finite-loss');
    expect((error as Error).message).toMatch(/epoch 1, batch 1\/\d+: the loss is NaN/);
  });

  it('rejects an invalid option by name', async () => {
    const data = toyData(16, 7);
    await expect(train(spec('rnn', data.vocab.size), data, { epochs: 0 })).rejects.toThrow(
      /epochs/,
    );
    await expect(train(spec('rnn', data.vocab.size), data, { cropProb: 2 })).rejects.toThrow(
      'cropProb: expected a number in [0, 1], got 2',
    );
    await expect(train(spec('rnn', data.vocab.size), data, { wordDropout: 1 })).rejects.toThrow(
      'wordDropout: expected a number in [0, 1), got 1',
    );
  });

  it('cropProb 0 trains exactly as without it; cropProb 1 trains on crops', async () => {
    // Reviews of 30-60 tokens, so 5-50-token crops change what each batch holds.
    const data = toyData(64, 4);
    const long = (ids: readonly Int32Array[]) =>
      ids.map((row) =>
        Int32Array.from({ length: 30 + (row.length % 31) }, (_, t) => row[t % row.length]!),
      );
    const longIds = long(data.train.ids);
    const longData = {
      ...data,
      train: { ...data.train, ids: longIds, lengths: Int32Array.from(longIds, (r) => r.length) },
    };
    const losses = async (cropProb?: number) => {
      const r = await train(spec('gru', data.vocab.size), longData, {
        epochs: 1,
        batchSize: 16,
        seed: 2,
        ...(cropProb === undefined ? {} : { cropProb }),
      });
      r.model.dispose();
      return r.history.map((h) => h.trainLoss);
    };
    const plain = await losses();
    expect(await losses(0)).toEqual(plain);
    expect(await losses(1)).not.toEqual(plain);
  });

  it('wordDropout 0 trains exactly as without it; 0.3 trains on other tokens, the same for a seed; a checkpoint keeps it', async () => {
    const data = toyData(64, 5);
    const dir = await mkdtemp(join(tmpdir(), 'imdb-rnn-word-dropout-'));
    const checkpointPath = join(dir, 'run.ckpt');
    const losses = async (wordDropout?: number, saveTo?: string) => {
      const r = await train(spec('gru', data.vocab.size), data, {
        epochs: 1,
        batchSize: 16,
        seed: 2,
        ...(wordDropout === undefined ? {} : { wordDropout }),
        ...(saveTo === undefined ? {} : { checkpointPath: saveTo }),
      });
      r.model.dispose();
      return r.history.map((h) => h.trainLoss);
    };
    const plain = await losses();
    expect(await losses(0)).toEqual(plain);
    const dropped = await losses(0.3, checkpointPath);
    expect(dropped).not.toEqual(plain);
    expect(await losses(0.3)).toEqual(dropped);
    // Resuming under another word dropout would train a run that neither setting describes.
    await expect(
      train(spec('gru', data.vocab.size), data, {
        epochs: 2,
        batchSize: 16,
        seed: 2,
        wordDropout: 0.1,
        checkpointPath,
        resume: true,
      }),
    ).rejects.toThrow(/wordDropout is 0.3, this run's is 0.1/);
  });
});

// The optimiser-option tests below: 2 epochs of an LSTM on toy data at Adam 0.05
// (a step of Adam moves a weight by about the learning rate whatever the
// gradient's scale, so 8 steps let an option show), and a resume under another
// value of the option, which must be refused by name.
const OPTION_RUN = { epochs: 2, batchSize: 16, learningRate: 0.05, seed: 3 } as const;

async function trainedWeights(
  data: TrainingData,
  options: Partial<TrainOptions>,
  checkpointPath?: string,
): Promise<Record<string, { data: Float32Array }>> {
  const r = await train(spec('lstm', data.vocab.size), data, {
    ...OPTION_RUN,
    ...options,
    ...(checkpointPath === undefined ? {} : { checkpointPath }),
  });
  const weights = r.model.getNamedWeights();
  r.model.dispose();
  return weights;
}

async function expectResumeRefused(
  data: TrainingData,
  checkpointPath: string,
  options: Partial<TrainOptions>,
  message: RegExp,
): Promise<void> {
  await expect(
    train(spec('lstm', data.vocab.size), data, {
      ...OPTION_RUN,
      epochs: 3,
      ...options,
      checkpointPath,
      resume: true,
    }),
  ).rejects.toThrow(message);
}

describe('train with weightDecay', { timeout: 60_000 }, () => {
  it('pulls the weights toward 0 (a smaller norm than without), and a checkpoint keeps it', async () => {
    const data = toyData(64, 6);
    const dir = await mkdtemp(join(tmpdir(), 'imdb-rnn-weight-decay-'));
    const checkpointPath = join(dir, 'run.ckpt');
    const norm = async (options: Partial<TrainOptions>, saveTo?: string) => {
      let sum = 0;
      for (const { data: values } of Object.values(await trainedWeights(data, options, saveTo)))
        for (const v of values) sum += v * v;
      return Math.sqrt(sum);
    };
    const plain = await norm({});
    expect(await norm({ weightDecay: 0 })).toBe(plain);
    expect(await norm({ weightDecay: 0.5 }, checkpointPath)).toBeLessThan(0.9 * plain);
    await expectResumeRefused(
      data,
      checkpointPath,
      { weightDecay: 0.1 },
      /weightDecay is 0.5, this run's is 0.1/,
    );
  });
});

describe('train with embeddingLearningRateScale', { timeout: 60_000 }, () => {
  it('moves the embedding by its share of the rate (0 freezes it, 1 is the default), and a checkpoint keeps it', async () => {
    const data = toyData(64, 6);
    const dir = await mkdtemp(join(tmpdir(), 'imdb-rnn-embedding-lr-'));
    const checkpointPath = join(dir, 'run.ckpt');
    const initial = createSentimentModel(spec('lstm', data.vocab.size), { seed: OPTION_RUN.seed });
    const start = initial.getNamedWeights()['embedding.weight']!.data;
    initial.dispose();
    const moved = (w: Record<string, { data: Float32Array }>) =>
      maxAbsDiff(w['embedding.weight']!.data, start);
    const plain = await trainedWeights(data, {});
    const frozen = await trainedWeights(data, { embeddingLearningRateScale: 0 });
    const slow = await trainedWeights(data, { embeddingLearningRateScale: 0.1 }, checkpointPath);
    expect(await trainedWeights(data, { embeddingLearningRateScale: 1 })).toEqual(plain);
    expect(moved(frozen)).toBe(0);
    // The rest of the model still trains (the classifier starts at zeros).
    expect(frozen['fc.weight']!.data.some((v) => v !== 0)).toBe(true);
    expect(moved(slow)).toBeGreaterThan(0);
    expect(moved(slow)).toBeLessThan(0.5 * moved(plain));
    await expectResumeRefused(
      data,
      checkpointPath,
      { embeddingLearningRateScale: 0.3 },
      /embeddingLearningRateScale is 0.1, this run's is 0.3/,
    );
  });
});

describe('train with adversarialEpsilon', { timeout: 60_000 }, () => {
  it('trains on perturbed inputs too (other weights; 0 is the plain run), and a checkpoint keeps it', async () => {
    const data = toyData(64, 6);
    const dir = await mkdtemp(join(tmpdir(), 'imdb-rnn-adversarial-'));
    const checkpointPath = join(dir, 'run.ckpt');
    const plain = await trainedWeights(data, {});
    expect(await trainedWeights(data, { adversarialEpsilon: 0 })).toEqual(plain);
    const adversarial = await trainedWeights(data, { adversarialEpsilon: 1 }, checkpointPath);
    for (const [name, tensor] of Object.entries(plain)) {
      expect(maxAbsDiff(adversarial[name]!.data, tensor.data), name).toBeGreaterThan(0);
    }
    await expectResumeRefused(
      data,
      checkpointPath,
      { adversarialEpsilon: 2 },
      /adversarialEpsilon is 1, this run's is 2/,
    );
  });
});

describe('train as a final fit (no validation reviews)', { timeout: 60_000 }, () => {
  it('trains exactly as with validation, records no validation figures and keeps the last epoch', async () => {
    const data = toyData(96, 10);
    const options = { ...PYTORCH_ADAM, epochs: 3, batchSize: 16, learningRate: 1e-2, seed: 8 };
    const dir = await mkdtemp(join(tmpdir(), 'imdb-rnn-final-fit-'));
    const checkpointPath = join(dir, 'validated.ckpt');
    const validated = await train(spec('lstm', data.vocab.size), data, {
      ...options,
      checkpointPath,
    });
    const empty = { ids: [], lengths: new Int32Array(0), labels: new Uint8Array(0) };
    const fit = await train(spec('lstm', data.vocab.size), { ...data, validation: empty }, options);
    // Validation only reads the weights: the same losses step for step.
    expect(fit.history.map((h) => h.trainLoss)).toEqual(validated.history.map((h) => h.trainLoss));
    expect(fit.history.every((h) => h.validationAccuracy === undefined)).toBe(true);
    expect(validated.history.every((h) => h.validationAccuracy !== undefined)).toBe(true);
    expect(fit.bestEpoch).toBe(3);
    expect(fit.metadata.metrics?.validAccuracy).toBeUndefined();
    expect(fit.metadata.metrics?.epochs).toBe(3);
    // The kept weights are the last epoch's, which the validating run's checkpoint holds.
    const last = (await loadCheckpoint(checkpointPath))!.weights;
    const kept = fit.model.getNamedWeights();
    for (const [name, tensor] of Object.entries(last)) {
      expect([...kept[name]!.data], name).toEqual([...tensor.data]);
    }
    for (const r of [validated, fit]) r.model.dispose();
  });
});

describe('train with emaDecay', { timeout: 60_000 }, () => {
  it('trains exactly as without it, keeps the averaged weights it scored, and resumes to the same average', async () => {
    const data = toyData(96, 9);
    const options = { ...PYTORCH_ADAM, epochs: 3, batchSize: 16, learningRate: 1e-2, seed: 4 };
    const plain = await train(spec('gru', data.vocab.size), data, options);
    const dir = await mkdtemp(join(tmpdir(), 'imdb-rnn-ema-'));
    const averaged = await train(spec('gru', data.vocab.size), data, {
      ...options,
      emaDecay: 0.9,
    });
    // The average never feeds back into training: same losses, and the raw
    // weights score what the run without it scored.
    expect(averaged.history.map((h) => h.trainLoss)).toEqual(plain.history.map((h) => h.trainLoss));
    expect(averaged.history.map((h) => h.rawValidationAccuracy)).toEqual(
      plain.history.map((h) => h.validationAccuracy),
    );
    expect(averaged.history.map((h) => h.rawValidationLoss)).toEqual(
      plain.history.map((h) => h.validationLoss),
    );
    expect(plain.history[0]!.rawValidationAccuracy).toBeUndefined();
    // The kept weights are the average: they differ from the raw ones and score
    // exactly the validation figure recorded for the kept epoch.
    const kept = averaged.history[averaged.bestEpoch - 1]!;
    expect(averaged.history.map((h) => h.validationLoss)).not.toEqual(
      plain.history.map((h) => h.validationLoss),
    );
    expect(accuracyOf(predictLogits(averaged.model, data.validation), data.validation.labels)).toBe(
      kept.validationAccuracy,
    );
    // Stopped after 2 epochs and resumed: the same history and kept weights.
    const checkpointPath = join(dir, 'run.ckpt');
    const ema = { ...options, emaDecay: 0.9, checkpointPath };
    (await train(spec('gru', data.vocab.size), data, { ...ema, epochs: 2 })).model.dispose();
    const resumed = await train(spec('gru', data.vocab.size), data, { ...ema, resume: true });
    expect(resumed.history.map((h) => [h.trainLoss, h.validationLoss])).toEqual(
      averaged.history.map((h) => [h.trainLoss, h.validationLoss]),
    );
    expect(resumed.model.getNamedWeights()).toEqual(averaged.model.getNamedWeights());
    // Resuming without the average would keep other weights than the run began to.
    await expect(
      train(spec('gru', data.vocab.size), data, { ...options, checkpointPath, resume: true }),
    ).rejects.toThrow(/emaDecay is 0.9, this run's is undefined/);
    for (const r of [plain, averaged, resumed]) r.model.dispose();
  });
});

describe('train on kernel threads', { timeout: 120_000 }, () => {
  const weightsOf = async (
    arch: 'rnn' | 'gru' | 'lstm' | 'bilstm',
    data: TrainingData & { vocab: Vocab },
    options: Parameters<typeof train>[2],
    hiddenSize?: number,
  ) => {
    const result = await train(spec(arch, data.vocab.size, hiddenSize), data, options);
    const weights = result.model.getNamedWeights();
    result.model.dispose();
    return weights;
  };

  it('gives bit-identical weights with 1 and 2 threads for every architecture', async () => {
    const data = toyData(96, 8);
    const options = { epochs: 2, batchSize: 16, learningRate: 1e-2, seed: 4 };
    // hidden 6 for each cell, and a BiLSTM wider than the 32 units the wasm
    // recurrence once stopped at (the width of the best preset's trials).
    // And adversarial training, whose second pass adds its perturbation to the
    // embedding's output where the threads read it.
    const runs = [
      ...(['rnn', 'gru', 'lstm', 'bilstm'] as const).map((arch) => ({
        arch,
        hidden: 6,
        extra: {},
      })),
      { arch: 'bilstm', hidden: 64, extra: {} } as const,
      { arch: 'lstm', hidden: 6, extra: { adversarialEpsilon: 0.5 } } as const,
    ];
    for (const { arch, hidden, extra } of runs) {
      const one = await weightsOf(arch, data, { ...options, ...extra, threads: 1 }, hidden);
      const passes = kernelThreadPool(2)!.generation;
      const two = await weightsOf(arch, data, { ...options, ...extra, threads: 2 }, hidden);
      // 2 epochs of 6 batches, each validated: the threads really ran.
      expect(kernelThreadPool(2)!.generation - passes, arch).toBeGreaterThanOrEqual(12);
      expect(Object.keys(two)).toEqual(Object.keys(one));
      for (const [name, tensor] of Object.entries(one)) {
        expect(two[name]!.data, `${arch} hidden ${hidden} ${name}`).toEqual(tensor.data);
      }
    }
  });

  it('stops with worker-exited when a kernel thread dies mid-epoch, and resumes from the last checkpoint to the uninterrupted weights', async () => {
    const data = toyData(96, 9);
    const dir = await mkdtemp(join(tmpdir(), 'imdb-rnn-thread-kill-'));
    const checkpointPath = join(dir, 'lstm.ckpt');
    const options = { batchSize: 16, learningRate: 1e-2, seed: 2, epochs: 3, threads: 2 };
    const full = await weightsOf('lstm', data, options);
    const error = await train(spec('lstm', data.vocab.size), data, {
      ...options,
      checkpointPath,
      onBatch: (p) => {
        if (p.epoch === 2 && p.batch === 2) kernelThreadPool(2)!.killThread(1);
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RecurrentKernelError', code: 'worker-exited' });
    expect((error as Error).message).toMatch(/kernel thread 1 exited .*resume/);
    let resumedAfter = -1;
    const resumed = await weightsOf('lstm', data, {
      ...options,
      checkpointPath,
      resume: true,
      onResume: (epochs) => {
        resumedAfter = epochs;
      },
    });
    expect(resumedAfter).toBe(1);
    for (const [name, tensor] of Object.entries(full)) {
      expect(resumed[name]!.data, name).toEqual(tensor.data);
    }
  });
});
