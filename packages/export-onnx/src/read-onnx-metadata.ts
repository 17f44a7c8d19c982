import { type ArtifactMetadata, ONNX_WEIGHTS_KEY, readOnnxModelMetadata } from '@imdb-rnn/core';
import { checkWeightFormat, type WeightFormat } from './weight-format.js';

export interface OnnxModelInfo {
  metadata: ArtifactMetadata;
  weights: WeightFormat;
}

/**
 * Reads and validates the ArtifactMetadata stored in an exported model's
 * metadata_props (spec, vocabulary, tokenizer version, labels, metrics) with
 * core's reader, the one the classifiers use. Throws core's ModelFormatError for
 * bytes that are not such a model and MetadataError (naming the field) for
 * metadata that core rejects.
 */
export function readOnnxMetadata(bytes: Uint8Array): ArtifactMetadata {
  return readOnnxInfo(bytes).metadata;
}

/** readOnnxMetadata plus the embedding's storage format, which an exported model always records. */
export function readOnnxInfo(bytes: Uint8Array): OnnxModelInfo {
  const { metadata, weights } = readOnnxModelMetadata(bytes);
  return {
    metadata,
    weights: checkWeightFormat(weights, `metadata_props["${ONNX_WEIGHTS_KEY}"]`),
  };
}
