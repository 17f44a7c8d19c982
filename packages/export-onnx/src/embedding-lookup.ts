import { ArtifactError, type NamedTensor } from '@imdb-rnn/core';
import { toFloat16 } from './float16.js';
import {
  float16Tensor,
  floatTensor,
  int8Tensor,
  intAttribute,
  type NodeMessage,
  node,
  type TensorMessage,
} from './graph-parts.js';
import { DataType } from './onnx-proto.js';
import { quantizeRows } from './quantize.js';
import type { WeightFormat } from './weight-format.js';

export interface Subgraph {
  initializers: TensorMessage[];
  nodes: NodeMessage[];
}

const FLOAT16_MAX = 65504;

/**
 * Nodes that turn token ids (any shape, int64) into float32 embeddings (ids' shape + [E]).
 * The compact formats gather first and convert only the gathered rows, so a batch
 * costs B*T*E conversions rather than the whole V*E table on every run.
 */
export function embeddingLookup(
  table: NamedTensor,
  format: WeightFormat,
  ids: string,
  output: string,
): Subgraph {
  const [rows, columns] = table.shape as [number, number];
  if (format === 'fp32') {
    return {
      initializers: [floatTensor('embedding.weight', table.shape, table.data)],
      nodes: [node('Gather', ['embedding.weight', ids], [output], [])],
    };
  }
  if (format === 'fp16') {
    for (let i = 0; i < table.data.length; i++) {
      if (Math.abs(table.data[i]!) > FLOAT16_MAX) {
        throw new ArtifactError(
          `value ${table.data[i]} at flat index ${i} exceeds float16's range (±${FLOAT16_MAX}); export with weights "fp32" or "int8"`,
          'embedding.weight',
        );
      }
    }
    return {
      initializers: [float16Tensor('embedding.weight_fp16', table.shape, toFloat16(table.data))],
      nodes: [
        node('Gather', ['embedding.weight_fp16', ids], [`${output}_fp16`]),
        node('Cast', [`${output}_fp16`], [output], [intAttribute('to', DataType.FLOAT)]),
      ],
    };
  }
  const { codes, scales } = quantizeRows(table.data, rows, columns);
  return {
    initializers: [
      int8Tensor('embedding.weight_int8', [rows, columns], codes),
      // [V, 1] so that gathering yields ids' shape + [1], which broadcasts over E.
      floatTensor('embedding.scale', [rows, 1], scales),
    ],
    nodes: [
      node('Gather', ['embedding.weight_int8', ids], [`${output}_int8`]),
      node('Cast', [`${output}_int8`], [`${output}_codes`], [intAttribute('to', DataType.FLOAT)]),
      node('Gather', ['embedding.scale', ids], [`${output}_scale`]),
      node('Mul', [`${output}_codes`, `${output}_scale`], [output]),
    ],
  };
}
