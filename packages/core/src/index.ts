export type {
  Artifact,
  DecodeArtifactOptions,
  EncodeArtifactOptions,
  NamedTensor,
} from './artifact.js';
export {
  assertFinite,
  decodeArtifact,
  encodeArtifact,
  METADATA_KEY,
  validateTensorShapes,
} from './artifact.js';
export type {
  ClassifierMetadata,
  ClassifierOptions,
  Explanation,
  Prediction,
  SentimentLabel,
  TokenContribution,
} from './classifier/classifier.js';
export { Classifier, EXPLAIN_WINDOW } from './classifier/classifier.js';
export {
  ClassifierDisposedError,
  InputError,
  ModelFormatError,
  ModelLoadError,
} from './classifier/classifier-errors.js';
export type { InferenceBackend } from './classifier/inference-backend.js';
export type { ModelName } from './classifier/model-name.js';
export {
  assertKnownModelName,
  isModelName,
  MODEL_NAMES,
  ModelNotFoundError,
} from './classifier/model-name.js';
export { MODEL_REGISTRY_KEY, registeredModels } from './classifier/model-registry.js';
export type {
  FetchLike,
  LoadProgress,
  ModelSource,
  ReadModelOptions,
} from './classifier/model-source.js';
export { readModelBytes } from './classifier/model-source.js';
export type { OnnxModelMetadata } from './classifier/onnx-model-metadata.js';
export {
  ONNX_METADATA_KEY,
  ONNX_WEIGHTS_KEY,
  readOnnxModelMetadata,
} from './classifier/onnx-model-metadata.js';
export { openClassifier } from './classifier/open-classifier.js';
export {
  ONNX_INPUTS,
  ONNX_OUTPUTS,
  type OrtSessionLike,
  type OrtTensorConstructor,
  ortSessionBackend,
} from './classifier/ort-session-backend.js';
export { SerialQueue } from './classifier/serial-queue.js';
export { compareCodePoints } from './code-point-compare.js';
export type { Encoded, EncodeOptions } from './encode.js';
export { encode, encodeNumberedTokens, encodeTokens } from './encode.js';
export {
  ArgumentError,
  ArtifactError,
  type Fail,
  FieldError,
  ImdbRnnError,
  MetadataError,
  SpecError,
  VocabError,
} from './errors.js';
export type { ArtifactMetadata, ArtifactMetrics } from './metadata.js';
export {
  ARTIFACT_FORMAT,
  ARTIFACT_FORMAT_VERSION,
  assertTokenizerCompatible,
  checkLabels,
  LABELS,
  MAX_LABEL_LENGTH,
  validateMetadata,
} from './metadata.js';
export type { Architecture, CellType, ModelSpec, Pooling } from './model-spec.js';
export {
  ARCHITECTURE_LABELS,
  ARCHITECTURES,
  architectureOf,
  CELL_TYPES,
  classifierInputWidth,
  DEFAULT_SPEC,
  gateCount,
  modelSpec,
  PAD_INDEX,
  POOLINGS,
  poolingOf,
  UNK_INDEX,
  validateModelSpec,
} from './model-spec.js';
export type { BatchLayout, PadBatchOptions, PaddedBatch } from './pad-batch.js';
export { lengthBuckets, padBatch, sortByLength } from './pad-batch.js';
export { isPositiveInteger, positiveInteger } from './positive-integer.js';
export { sigmoid } from './sigmoid.js';
export { expectedTensorShapes } from './tensor-layout.js';
export { TOKENIZER_VERSION, tokenize } from './tokenize.js';
export type { VocabBuildOptions, VocabJSON } from './vocab.js';
export { PAD_TOKEN, UNK_TOKEN, VOCAB_JSON_VERSION, Vocab } from './vocab.js';
