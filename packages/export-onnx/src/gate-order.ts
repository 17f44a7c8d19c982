import type { CellType } from '@imdb-rnn/core';

/**
 * For each ONNX gate block, the PyTorch gate block it comes from. PyTorch stacks
 * LSTM gates as i,f,g,o and GRU gates as r,z,n; ONNX wants i,o,f,c and z,r,h.
 */
export const ONNX_GATES_FROM_PYTORCH: Readonly<Record<CellType, readonly number[]>> = {
  rnn: [0],
  gru: [1, 0, 2],
  lstm: [0, 3, 1, 2],
};

/**
 * Reorders the gate blocks of a PyTorch weight [G*H, columns] (or bias [G*H], with
 * columns 1) into ONNX order, writing into `out` at `offset`.
 */
export function reorderGates(
  cell: CellType,
  values: Float32Array,
  hiddenSize: number,
  columns: number,
  out: Float32Array,
  offset: number,
): void {
  const block = hiddenSize * columns;
  ONNX_GATES_FROM_PYTORCH[cell].forEach((source, target) => {
    out.set(values.subarray(source * block, (source + 1) * block), offset + target * block);
  });
}
