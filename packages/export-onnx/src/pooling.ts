import type { Subgraph } from './embedding-lookup.js';
import {
  floatTensor,
  int64Tensor,
  intAttribute,
  intsAttribute,
  node,
  type TensorMessage,
} from './graph-parts.js';
import { DataType } from './onnx-proto.js';

// The lowest float32: what padding steps are before the max (never -Infinity, so
// nothing infinite exists even in intermediate tensors).
const LOWEST_FLOAT32 = -3.4028234663852886e38;

/**
 * The 'last-max-mean' features (see Pooling in core): concat(final state, max over
 * real steps, mean over real steps), [B, 3*D*H], from the recurrent node's Y
 * [T, D, B, H] and its final states already laid out as [B, D*H]. A step counts when
 * its index is below the example's length (both directions: ONNX's reverse pass
 * writes step t's state at t too), whatever the runtime leaves in Y's padding.
 * An example of length 0 pools to zeros rather than the lowest float or 0/0, so
 * its logit is defined (fc.bias plus the final-state term, as without pooling).
 */
export function lastMaxMeanPooling(
  sequence: string,
  finalStates: string,
  lengths: string,
  output: string,
): Subgraph {
  const initializers: TensorMessage[] = [
    int64Tensor('pool.states_shape', [0, 0, -1]),
    int64Tensor('pool.axis0', [0]),
    int64Tensor('pool.axis1', [1]),
    int64Tensor('pool.axis2', [2]),
    scalarInt64('pool.zero_i64', 0),
    scalarInt64('pool.one_i64', 1),
    floatTensor('pool.lowest', [], Float32Array.of(LOWEST_FLOAT32)),
    floatTensor('pool.zero', [], Float32Array.of(0)),
    floatTensor('pool.one', [], Float32Array.of(1)),
  ];
  const nodes = [
    // Y [T, D, B, H] -> [T, B, D, H] -> [T, B, D*H]: per step, forward then reverse, as
    // the final states are laid out.
    node('Transpose', [sequence], ['pool.states_tbdh'], [intsAttribute('perm', [0, 2, 1, 3])]),
    node('Reshape', ['pool.states_tbdh', 'pool.states_shape'], ['pool.states']),
    // valid [T, B, 1]: step index < length.
    node(
      'Shape',
      ['pool.states'],
      ['pool.time'],
      [intAttribute('start', 0), intAttribute('end', 1)],
    ),
    node('Squeeze', ['pool.time', 'pool.axis0'], ['pool.time_scalar']),
    node('Range', ['pool.zero_i64', 'pool.time_scalar', 'pool.one_i64'], ['pool.steps']),
    node('Unsqueeze', ['pool.steps', 'pool.axis1'], ['pool.steps_column']),
    node('Less', ['pool.steps_column', lengths], ['pool.valid_tb']),
    node('Unsqueeze', ['pool.valid_tb', 'pool.axis2'], ['pool.valid']),
    // Max over real steps; zero for an example without any.
    node('Where', ['pool.valid', 'pool.states', 'pool.lowest'], ['pool.for_max']),
    node(
      'ReduceMax',
      ['pool.for_max'],
      ['pool.max_any'],
      [intsAttribute('axes', [0]), intAttribute('keepdims', 0)],
    ),
    node('Greater', [lengths, 'pool.zero_i64'], ['pool.nonempty_b']),
    node('Unsqueeze', ['pool.nonempty_b', 'pool.axis1'], ['pool.nonempty']),
    node('Where', ['pool.nonempty', 'pool.max_any', 'pool.zero'], ['pool.max']),
    // Mean over real steps: their sum over max(length, 1).
    node('Where', ['pool.valid', 'pool.states', 'pool.zero'], ['pool.for_sum']),
    node('ReduceSum', ['pool.for_sum', 'pool.axis0'], ['pool.sum'], [intAttribute('keepdims', 0)]),
    node('Cast', [lengths], ['pool.lengths_float'], [intAttribute('to', DataType.FLOAT)]),
    node('Unsqueeze', ['pool.lengths_float', 'pool.axis1'], ['pool.lengths_column']),
    node('Max', ['pool.lengths_column', 'pool.one'], ['pool.count']),
    node('Div', ['pool.sum', 'pool.count'], ['pool.mean']),
    node('Concat', [finalStates, 'pool.max', 'pool.mean'], [output], [intAttribute('axis', 1)]),
  ];
  return { initializers, nodes };
}

/** A rank-0 int64 tensor (Range takes scalars). */
function scalarInt64(name: string, value: number): TensorMessage {
  return { ...int64Tensor(name, [value]), dims: [] };
}
