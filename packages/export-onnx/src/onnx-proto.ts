import { Root, type Type } from 'protobufjs/light.js';
import { ONNX_DESCRIPTOR } from './onnx-descriptor.js';

/**
 * The official ONNX schema as protobufjs reflection types. Built lazily from the
 * generated JSON descriptor so importing the package costs nothing until first use.
 */
let root: Root | undefined;

export function onnxType(name: 'ModelProto' | 'TensorProto'): Type {
  root ??= Root.fromJSON(ONNX_DESCRIPTOR);
  return root.lookupType(`onnx.${name}`);
}

/**
 * IR version 8 with opset 17 is ONNX 1.12's own pairing: the newest that Debian's
 * onnx 1.12 checker validates, and onnxruntime-node/-web (>= 1.13) execute it.
 */
export const IR_VERSION = 8;
export const OPSET_VERSION = 17;

/** TensorProto.DataType values used here (from onnx.proto). */
export const DataType = {
  FLOAT: 1,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  FLOAT16: 10,
} as const;

/** AttributeProto.AttributeType values used here (from onnx.proto). */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  INTS: 7,
} as const;
