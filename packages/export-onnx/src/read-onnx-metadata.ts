import { type ArtifactMetadata, validateMetadata } from '@imdb-rnn/core';
import { OnnxFormatError } from './errors.js';
import { METADATA_KEY, WEIGHTS_KEY } from './metadata-keys.js';
import { onnxType } from './onnx-proto.js';
import { checkWeightFormat, type WeightFormat } from './weight-format.js';

export interface OnnxModelInfo {
  metadata: ArtifactMetadata;
  weights: WeightFormat;
}

/**
 * Reads and validates the ArtifactMetadata stored in an exported model's
 * metadata_props (spec, vocabulary, tokenizer version, labels, metrics).
 * Throws OnnxFormatError for bytes that are not such a model and MetadataError
 * (naming the field) for metadata that core rejects.
 */
export function readOnnxMetadata(bytes: Uint8Array): ArtifactMetadata {
  return readOnnxInfo(bytes).metadata;
}

/** readOnnxMetadata plus the embedding's storage format. */
export function readOnnxInfo(bytes: Uint8Array): OnnxModelInfo {
  if (!(bytes instanceof Uint8Array)) {
    throw new OnnxFormatError(`expected the model as a Uint8Array, got ${typeof bytes}`);
  }
  let model: {
    ir_version?: unknown;
    graph?: unknown;
    metadata_props?: { key?: string; value?: string }[];
  };
  try {
    model = onnxType('ModelProto').decode(bytes) as typeof model;
  } catch (error) {
    throw new OnnxFormatError(
      `not an ONNX model (${bytes.length} bytes; protobuf decoding failed: ${(error as Error).message}); truncated or a different file?`,
    );
  }
  // Arbitrary bytes sometimes decode as a protobuf; a model always has both of these.
  // (Decoded messages inherit defaults from their prototype, hence hasOwn.)
  if (!Object.hasOwn(model, 'ir_version') || !Object.hasOwn(model, 'graph')) {
    throw new OnnxFormatError(`not an ONNX model (${bytes.length} bytes): no ir_version or graph`);
  }
  const props = new Map((model.metadata_props ?? []).map((prop) => [prop.key, prop.value]));
  const text = props.get(METADATA_KEY);
  if (text === undefined) {
    throw new OnnxFormatError(
      `metadata_props["${METADATA_KEY}"] is missing: not exported by @imdb-rnn/export-onnx`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new OnnxFormatError(
      `metadata_props["${METADATA_KEY}"] is not valid JSON: ${(error as Error).message}`,
    );
  }
  return {
    metadata: validateMetadata(parsed),
    weights: checkWeightFormat(props.get(WEIGHTS_KEY), `metadata_props["${WEIGHTS_KEY}"]`),
  };
}
