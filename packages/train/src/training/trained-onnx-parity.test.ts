import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeArtifact, encode, sigmoid, Vocab } from '@imdb-rnn/core';
import { exportOnnx, WEIGHT_FORMATS } from '@imdb-rnn/export-onnx';
import { loadClassifier } from '@imdb-rnn/infer-node';
import { describe, expect, it } from 'vitest';
import { readImdb } from '../data/imdb';
import { createSentimentModel } from '../model/sentiment-model';
import { predictLogits } from './predict';

// The reference run's seed-1 models, committed with its results (results/reference/).
const MODELS = join(__dirname, '../../results/reference/models');
const data = process.env.IMDB_RNN_DATA;
// Issue 5: fp32 probabilities within 1e-5 of the tfjs training model on 1,000 real
// test reviews; fp16/int8 test accuracy within 0.3 points of fp32 (full test split).
const PROBABILITY_TOLERANCE = 1e-5;
const ACCURACY_POINTS = 0.3;
const PARITY_REVIEWS = 1000;

describe.skipIf(data === undefined)(
  'trained models: tfjs vs exported ONNX in onnxruntime-node',
  () => {
    it.each(['rnn', 'gru', 'lstm', 'bilstm'])(
      '%s: fp32 probabilities within 1e-5 of the training model on all 1,000 reviews; fp16 and int8 keep test accuracy within 0.3 points',
      async (arch) => {
        const artifactBytes = new Uint8Array(
          await readFile(join(MODELS, `${arch}-seed1.safetensors`)),
        );
        const artifact = decodeArtifact(artifactBytes);
        const { test } = await readImdb(data!, { splits: ['test'] });
        const texts = test.map((r) => r.text);
        const labels = Uint8Array.from(test, (r) => r.label);

        const model = createSentimentModel(artifact.metadata.spec, { seed: 0 });
        model.setNamedWeights(artifact.tensors);
        // Every 25th review: 1,000 reviews of mixed lengths across both labels.
        const sample = texts.filter((_, i) => i % (texts.length / PARITY_REVIEWS) === 0);
        const encoded = encode(sample, Vocab.fromTokens(artifact.metadata.vocab));
        const tfjsLogits = predictLogits(model, {
          ...encoded,
          labels: new Uint8Array(sample.length),
        });
        model.dispose();

        const accuracy: Record<string, number> = {};
        for (const weights of WEIGHT_FORMATS) {
          const classifier = await loadClassifier(exportOnnx(artifactBytes, { weights }));
          if (weights === 'fp32') {
            const results = await classifier.classify(sample);
            const diffs = results
              .map((r, i) => Math.abs(r.score - sigmoid(tfjsLogits[i]!)))
              .sort((a, b) => b - a);
            const within = diffs.filter((d) => d <= PROBABILITY_TOLERANCE).length;
            console.log(
              `${arch} fp32 vs tfjs: max |probability difference| ${diffs[0]!.toExponential(2)}, ` +
                `${within}/${diffs.length} reviews within ${PROBABILITY_TOLERANCE}`,
            );
            // Both sides are float32 with sums in different orders (WebAssembly SIMD
            // kernels vs ONNX Runtime's MLAS), so a model whose state is very
            // sensitive on some long review can drift past 1e-5 there (an earlier
            // BiLSTM, trained at Adam 1e-3, reached 8.4e-5 on one 500-token review:
            // both runtimes were 1e-4 off a float64 evaluation, on opposite sides).
            // The committed models meet the target on every review.
            expect(within).toBe(diffs.length);
          }
          const all = await classifier.classify(texts);
          accuracy[weights] =
            all.filter((r, i) => (r.label === 'positive' ? 1 : 0) === labels[i]).length /
            texts.length;
          await classifier.dispose();
        }
        console.log(
          `${arch} test accuracy: ${WEIGHT_FORMATS.map((w) => `${w} ${(accuracy[w]! * 100).toFixed(2)}%`).join(', ')}`,
        );
        expect(accuracy.fp32).toBeCloseTo(artifact.metadata.metrics!.testAccuracy!, 2);
        for (const weights of ['fp16', 'int8'] as const) {
          expect(Math.abs(accuracy[weights]! - accuracy.fp32!) * 100).toBeLessThanOrEqual(
            ACCURACY_POINTS,
          );
        }
      },
      300_000,
    );
  },
);
