import { AttributeType, DataType } from './onnx-proto.js';

// Plain objects shaped like onnx.proto messages (field names as in the .proto);
// protobufjs encodes them directly. Every tensor goes in raw_data, little-endian.

export interface TensorMessage {
  name: string;
  dims: number[];
  data_type: number;
  raw_data: Uint8Array;
}

export interface AttributeMessage {
  name: string;
  type: number;
  i?: number;
  ints?: number[];
  s?: Uint8Array;
}

export interface NodeMessage {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute: AttributeMessage[];
}

export interface ValueInfoMessage {
  name: string;
  type: {
    tensor_type: {
      elem_type: number;
      shape: { dim: ({ dim_param: string } | { dim_value: number })[] };
    };
  };
}

const LITTLE_ENDIAN_HOST = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function littleEndianBytes(values: Float32Array | Uint16Array | Int8Array | BigInt64Array) {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (LITTLE_ENDIAN_HOST || values.BYTES_PER_ELEMENT === 1) return bytes;
  const swapped = new Uint8Array(bytes.length);
  const width = values.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += width) {
    for (let b = 0; b < width; b++) swapped[i + b] = bytes[i + width - 1 - b]!;
  }
  return swapped;
}

export function floatTensor(name: string, dims: number[], values: Float32Array): TensorMessage {
  return { name, dims, data_type: DataType.FLOAT, raw_data: littleEndianBytes(values) };
}

/** `bits` are float16 bit patterns (see float16.ts). */
export function float16Tensor(name: string, dims: number[], bits: Uint16Array): TensorMessage {
  return { name, dims, data_type: DataType.FLOAT16, raw_data: littleEndianBytes(bits) };
}

export function int8Tensor(name: string, dims: number[], values: Int8Array): TensorMessage {
  return { name, dims, data_type: DataType.INT8, raw_data: littleEndianBytes(values) };
}

export function int64Tensor(name: string, values: number[]): TensorMessage {
  const data = BigInt64Array.from(values, (value) => BigInt(value));
  return {
    name,
    dims: [values.length],
    data_type: DataType.INT64,
    raw_data: littleEndianBytes(data),
  };
}

export function intAttribute(name: string, value: number): AttributeMessage {
  return { name, type: AttributeType.INT, i: value };
}

export function intsAttribute(name: string, values: number[]): AttributeMessage {
  return { name, type: AttributeType.INTS, ints: values };
}

export function stringAttribute(name: string, value: string): AttributeMessage {
  return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
}

export function node(
  opType: string,
  input: string[],
  output: string[],
  attribute: AttributeMessage[] = [],
): NodeMessage {
  // Node names only need to be unique; naming them after their first output keeps them so.
  return {
    name: `${opType}_${output.find((name) => name !== '')}`,
    op_type: opType,
    input,
    output,
    attribute,
  };
}

/** A tensor input/output; string dims are symbolic (dynamic) axes, numbers fixed. */
export function valueInfo(
  name: string,
  elemType: number,
  dims: (string | number)[],
): ValueInfoMessage {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: elemType,
        shape: {
          dim: dims.map((dim) =>
            typeof dim === 'string' ? { dim_param: dim } : { dim_value: dim },
          ),
        },
      },
    },
  };
}
