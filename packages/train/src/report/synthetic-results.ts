import { type Architecture, modelSpec, sigmoid } from '@imdb-rnn/core';
import { evaluate } from '../eval/metrics.js';
import { buildResults } from './build-results.js';
import type { ResultsFile, RunResult } from './results.js';

/**
 * A plausible, fully deterministic results file without training anything:
 * for tests of the report writer and charts, and for previewing the docs page.
 * Per architecture, `quality` sets how separable its synthetic test scores
 * are; metrics are computed from those scores with the real `evaluate`.
 */
export function syntheticResults(
  options: {
    architectures?: readonly Architecture[];
    seeds?: readonly number[];
    epochs?: number;
    reviews?: number;
  } = {},
): ResultsFile {
  const architectures = options.architectures ?? ['rnn', 'gru', 'lstm', 'bilstm'];
  const seeds = options.seeds ?? [1, 2, 3];
  const epochs = options.epochs ?? 5;
  const reviews = options.reviews ?? 2000;
  const quality: Record<Architecture, number> = { rnn: 0.6, gru: 1.9, lstm: 2.1, bilstm: 2.0 };
  const runs: RunResult[] = [];
  for (const architecture of architectures) {
    for (const seed of seeds) {
      const random = lcg(seed * 97 + architecture.length);
      // The simple RNN's seeds differ a lot, as they do in real runs.
      const q = quality[architecture] * (architecture === 'rnn' ? 0.5 + random() : 1);
      const labels = new Uint8Array(reviews);
      const scores = new Float32Array(reviews);
      const lengths = new Int32Array(reviews);
      for (let i = 0; i < reviews; i++) {
        labels[i] = i % 2;
        lengths[i] = Math.floor(20 + 1200 * random() ** 2);
        // Logistic noise: a review is classified correctly with probability sigmoid(q).
        const u = Math.min(Math.max(random(), 1e-9), 1 - 1e-9);
        const logit = (labels[i] ? q : -q) + Math.log(u / (1 - u));
        scores[i] = sigmoid(logit);
      }
      const test = evaluate(scores, labels, { scoreKind: 'probability', lengths });
      const secondsPerEpoch = { rnn: 30, gru: 55, lstm: 70, bilstm: 120 }[architecture];
      const history = Array.from({ length: epochs }, (_, e) => ({
        epoch: e + 1,
        trainLoss: 0.69 - (0.69 - (1 - test.accuracy)) * ((e + 1) / epochs) + 0.01 * random(),
        validationAccuracy: 0.5 + (test.accuracy - 0.5) * ((e + 1) / epochs) ** 0.5,
        seconds: secondsPerEpoch * (0.95 + 0.1 * random()),
        reviewsPerSecond: 17_500 / secondsPerEpoch,
      }));
      runs.push({
        architecture,
        seed,
        spec: modelSpec(architecture),
        options: {
          epochs,
          batchSize: 64,
          learningRate: 0.001,
          preset: 'reference',
          maxLength: null,
        },
        history,
        test,
        // Short text scores lower than whole reviews, as it does for real models.
        shortText: {
          firstSentence: 0.5 + (test.accuracy - 0.5) * (0.5 + 0.1 * random()),
          first20Tokens: 0.5 + (test.accuracy - 0.5) * (0.45 + 0.1 * random()),
          firstSentenceMeanTokens: 20 + 10 * random(),
        },
        totalTrainingSeconds: history.reduce((sum, e) => sum + e.seconds, 0),
        peakRssMB: 900 + 10 * seed,
        artifactPath: `models/${architecture}-seed${seed}.safetensors`,
      });
    }
  }
  return buildResults({
    runs,
    machine: {
      cpus: 2,
      cpuModel: 'Synthetic CPU',
      totalMemoryMB: 24_000,
      platform: 'linux x64',
      nodeVersion: 'v20.0.0',
      backend: 'cpu',
    },
    generatedAt: new Date('2026-01-01T00:00:00Z'),
    generator: '@imdb-rnn/train syntheticResults',
  });
}

/** Park–Miller style generator: tests need the same "random" numbers every time. */
function lcg(seed: number): () => number {
  let state = (seed % 2147483646) + 1;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}
