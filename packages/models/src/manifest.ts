import manifest from '../assets/models.json' with { type: 'json' };
import type { ModelName } from './model-names.js';

/** One shipped model, as `scripts/generate.mjs` recorded it from its training run. */
export interface ModelEntry {
  /** The name `loadClassifier` takes and the subpath that resolves to the file. */
  name: ModelName;
  /** File name inside the package (`best.int8.onnx`). */
  file: string;
  /** SHA-256 of the file, hex. */
  sha256: string;
  /** File size in bytes. */
  bytes: number;
  /** Test-split accuracy of this seed (25,000 reviews), a fraction in [0, 1]. */
  accuracy: number;
  architecture: 'rnn' | 'gru' | 'lstm' | 'bilstm';
  /** Embedding storage of the export: `int8`. */
  weights: string;
  /** The tokenizer version the model was trained with (@imdb-rnn/core's TOKENIZER_VERSION). */
  tokenizerVersion: number;
  spec: {
    vocabSize: number;
    embeddingSize: number;
    hiddenSize: number;
    /** What the classifier reads: the final state (`last`), or with max and mean over time. */
    pooling: 'last' | 'last-max-mean';
    /** Dropout probability during training (embeddings and classifier input). */
    dropout: number;
  };
  training: {
    preset: string;
    seed: number;
    epochs: number;
    batchSize: number;
    learningRate: number;
    learningRateDecay: number | null;
    clipNorm: number | null;
    maxLength: number | null;
    /** Reviews held out for validation; 0: a final fit on every training review (absent in runs older than the option). */
    validationSize?: number;
    /** The embedding's learning rate as a fraction of learningRate; absent when 1 (or in runs older than the option). */
    embeddingLearningRateScale?: number;
    vectors: string;
  };
  /** Test accuracy of every seed the run trained with these settings (this one included). */
  seeds: { seed: number; accuracy: number }[];
  /** The commands that reproduce the file: train, then regenerate this package. */
  commands: string[];
}

/** Every shipped model, in the order of MODEL_NAMES. */
export const MODELS: readonly ModelEntry[] = Object.freeze(manifest.models as ModelEntry[]);
