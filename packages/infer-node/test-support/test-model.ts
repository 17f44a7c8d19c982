// Shared by infer-node's and infer-web's tests (and the benchmark): a real tfjs
// training model (createSentimentModel from @imdb-rnn/train, seeded PyTorch-default
// initialisation), its weights as a core artifact, the ONNX export, and the training
// model's own probabilities: sigmoid of its eval-mode logits. That is the reference
// both inference packages must reproduce within 1e-5 (fp32).
import {
  type Architecture,
  decodeArtifact,
  encode,
  encodeArtifact,
  LABELS,
  modelSpec,
  padBatch,
  TOKENIZER_VERSION,
  tokenize,
  Vocab,
} from '@imdb-rnn/core';
import { exportOnnx, type WeightFormat } from '@imdb-rnn/export-onnx';
// @imdb-rnn/train exports no public API yet, so its model is imported from source.
import { createSentimentModel, type SentimentModel } from '../../train/src/model/index.js';
import { initBackend } from '../../train/src/tf/index.js';
import { TEST_REVIEWS } from './test-reviews.js';

export interface TestModel {
  arch: Architecture;
  vocab: Vocab;
  model: SentimentModel;
  /** The safetensors artifact of the model's weights. */
  artifact: Uint8Array;
  /** The exported ONNX model. */
  onnx(weights?: WeightFormat): Uint8Array;
  /** P(positive) per text from the tfjs model in eval mode (float64 sigmoid of its logits). */
  probabilities(texts: readonly string[], maxLength?: number): Promise<Float64Array>;
}

export interface TestModelOptions {
  seed?: number;
  /** Texts the vocabulary is built from; default the built-in review snippets. */
  corpus?: readonly string[];
  /** Most frequent tokens kept (besides <unk>, <pad>); default 20,000 like the reference. */
  maxVocab?: number;
  /**
   * Pad the vocabulary with filler words (`filler0`, `filler1`, ...) up to the
   * reference 20,002 ids, so the exported files have the reference model's size.
   */
  referenceSize?: boolean;
  /** Spec overrides; default the reference sizes (embedding 100, hidden 10). */
  embeddingSize?: number;
  hiddenSize?: number;
}

/** Builds the model on tfjs's CPU backend; the same seed always gives the same weights. */
export async function buildTestModel(
  arch: Architecture,
  options: TestModelOptions = {},
): Promise<TestModel> {
  await initBackend('cpu');
  let corpus = options.corpus ?? TEST_REVIEWS;
  if (options.referenceSize) {
    // Fillers occur once, real words at least once more, so real words keep their ids.
    const fillers = Array.from({ length: 20_000 }, (_, i) => `filler${i}`).join(' ');
    corpus = [...corpus, ...corpus, fillers];
  }
  const vocab = Vocab.build(corpus.map(tokenize), { maxSize: options.maxVocab ?? 20_000 });
  const spec = modelSpec(arch, {
    vocabSize: vocab.size,
    ...(options.embeddingSize === undefined ? {} : { embeddingSize: options.embeddingSize }),
    ...(options.hiddenSize === undefined ? {} : { hiddenSize: options.hiddenSize }),
  });
  const model = createSentimentModel(spec, { seed: options.seed ?? 7 });
  const artifact = encodeArtifact({
    metadata: {
      format: 'imdb-rnn',
      formatVersion: 1,
      spec,
      tokenizerVersion: TOKENIZER_VERSION,
      vocab: [...vocab.tokens],
      labels: [LABELS[0], LABELS[1]],
      metrics: { testAccuracy: 0.5 },
      name: `test-${arch}`,
    },
    tensors: model.getNamedWeights(),
  });
  // Round-trip through the container, as a trained model would arrive.
  const decoded = decodeArtifact(artifact);
  return {
    arch,
    vocab,
    model,
    artifact,
    onnx: (weights = 'fp32') => exportOnnx(decoded, { weights }),
    async probabilities(texts, maxLength) {
      const out = new Float64Array(texts.length);
      // Chunks keep the padded [time, batch] tensor small for long reviews.
      for (let start = 0; start < texts.length; start += 64) {
        const chunk = texts.slice(start, start + 64);
        const { ids, lengths } = encode(chunk, vocab, maxLength ? { maxLength } : {});
        const { data, time, batch } = padBatch(ids, { layout: 'time-major' });
        const logits = model.logits(data, lengths, time, batch, { training: false });
        const values = await logits.data();
        logits.dispose();
        values.forEach((logit, b) => {
          out[start + b] = 1 / (1 + Math.exp(-logit));
        });
      }
      return out;
    },
  };
}
