// Shared by infer-node's and infer-web's tests (and the benchmark): a model with
// seeded PyTorch-default initial weights, its core artifact, its ONNX export, and
// the probabilities of the one readable reference forward pass (reference-forward.ts,
// PyTorch semantics in float64). Both inference packages must reproduce those
// within 1e-5 (fp32). train's sentiment-model.reference-forward.test.ts runs the
// tfjs training model on these same models and cases against the same reference and
// tolerance, so the chain is train = reference = ONNX Runtime without an inference
// package depending on train.
import {
  type Architecture,
  type Artifact,
  decodeArtifact,
  encode,
  encodeArtifact,
  expectedTensorShapes,
  LABELS,
  type ModelSpec,
  modelSpec,
  type Pooling,
  sigmoid,
  TOKENIZER_VERSION,
  tokenize,
  Vocab,
} from '@imdb-rnn/core';
import { exportOnnx } from '../export-onnx.js';
import type { WeightFormat } from '../weight-format.js';
import { seededRandom } from './random-artifact.js';
import { referenceLogits } from './reference-forward.js';
import { TEST_REVIEWS } from './test-reviews.js';

export interface TestModel {
  arch: Architecture;
  spec: ModelSpec;
  vocab: Vocab;
  /** The safetensors artifact of the model's weights. */
  artifact: Uint8Array;
  /** The exported ONNX model. */
  onnx(weights?: WeightFormat): Uint8Array;
  /** P(positive) per text from the reference forward pass (float64 sigmoid of its logits). */
  probabilities(texts: readonly string[], maxLength?: number): Float64Array;
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
  /** The spec's pooling; default none (the reference final-state model). */
  pooling?: Pooling;
}

/** Builds the model; the same seed always gives the same weights. */
export function buildTestModel(arch: Architecture, options: TestModelOptions = {}): TestModel {
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
    ...(options.pooling === undefined ? {} : { pooling: options.pooling }),
  });
  const tensors = pytorchDefaultWeights(spec, options.seed ?? 7);
  const artifact = encodeArtifact({
    metadata: {
      format: 'imdb-rnn',
      formatVersion: 1,
      spec,
      tokenizerVersion: TOKENIZER_VERSION,
      vocab: [...vocab.tokens],
      labels: [LABELS[0], LABELS[1]],
      metrics: { testAccuracy: 0.5 },
      name: `test-${arch}${options.pooling === undefined ? '' : `-${options.pooling}`}`,
    },
    tensors,
  });
  // Round-trip through the container, as a trained model would arrive.
  const decoded = decodeArtifact(artifact);
  return {
    arch,
    spec,
    vocab,
    artifact,
    onnx: (weights = 'fp32') => exportOnnx(decoded, { weights }),
    probabilities(texts, maxLength) {
      const { ids, lengths } = encode(texts, vocab, maxLength ? { maxLength } : {});
      const logits = referenceLogits(
        spec,
        decoded.tensors,
        ids.map((row) => Array.from(row)),
        Array.from(lengths),
      );
      return Float64Array.from(logits, sigmoid);
    },
  };
}

/**
 * PyTorch's default initialisation, which the trainer also starts from:
 * nn.Embedding N(0, 1) with the `<pad>` row zero (padding_idx), recurrent
 * weights and biases U(±1/sqrt(hidden)), nn.Linear U(±1/sqrt(fan_in)).
 */
function pytorchDefaultWeights(spec: ModelSpec, seed: number): Artifact['tensors'] {
  const random = seededRandom(seed);
  const uniform = (bound: number) => (random() * 2 - 1) * bound;
  // Box-Muller; 1 - random() keeps the logarithm finite.
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const tensors: Artifact['tensors'] = {};
  for (const [name, shape] of Object.entries(expectedTensorShapes(spec))) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (name === 'embedding.weight') {
      for (let i = 0; i < data.length; i++) data[i] = normal();
      data.fill(0, spec.padIndex * spec.embeddingSize, (spec.padIndex + 1) * spec.embeddingSize);
    } else {
      const fanIn = name.startsWith('fc.') ? shape.at(-1)! : spec.hiddenSize;
      for (let i = 0; i < data.length; i++) data[i] = uniform(1 / Math.sqrt(fanIn));
    }
    tensors[name] = { shape, data };
  }
  return tensors;
}
