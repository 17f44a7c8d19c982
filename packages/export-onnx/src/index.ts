// @imdb-rnn/export-onnx: trained artifacts to ONNX graphs with native recurrent operators.
// Runtime-agnostic; the node-only file writer lives in '@imdb-rnn/export-onnx/node'.

// The graph's input and output names, the metadata_props keys and the error for bytes that are
// not an exported model live in core, which every runtime adapter reads them from.
export {
  ModelFormatError,
  ONNX_INPUTS,
  ONNX_METADATA_KEY,
  ONNX_OUTPUTS,
  ONNX_WEIGHTS_KEY,
} from '@imdb-rnn/core';
export type { LogitComparison } from './compare-logits.js';
export { compareLogits } from './compare-logits.js';
export type { ExportOnnxOptions } from './export-onnx.js';
export { exportOnnx } from './export-onnx.js';
export { float16BitsToFloat32, float32ToFloat16Bits } from './float16.js';
export { IR_VERSION, OPSET_VERSION } from './onnx-proto.js';
export type { RowQuantized } from './quantize.js';
export { dequantizeRows, quantizeRows } from './quantize.js';
export type { OnnxModelInfo } from './read-onnx-metadata.js';
export { readOnnxInfo, readOnnxMetadata } from './read-onnx-metadata.js';
export type { WeightFormat } from './weight-format.js';
export { WEIGHT_FORMATS } from './weight-format.js';
