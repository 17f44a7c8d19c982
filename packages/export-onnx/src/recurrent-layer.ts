import type { ModelSpec, NamedTensor } from '@imdb-rnn/core';
import { gateCount } from '@imdb-rnn/core';
import type { Subgraph } from './embedding-lookup.js';
import { reorderGates } from './gate-order.js';
import { floatTensor, intAttribute, node, stringAttribute } from './graph-parts.js';

const OP_TYPES = { rnn: 'RNN', gru: 'GRU', lstm: 'LSTM' } as const;

/**
 * One native ONNX recurrent node (RNN, GRU or LSTM) over time-major input
 * [T, B, E]. `sequenceLens` (int32 [B]) stops each sequence at its length, so
 * padding never enters the state, as pack_padded_sequence does in training.
 * `output` receives the final hidden state Y_h, [directions, B, H]; `sequence`,
 * when given, every step's state Y, [T, directions, B, H].
 */
export function recurrentLayer(
  spec: ModelSpec,
  tensors: Record<string, NamedTensor>,
  input: string,
  sequenceLens: string,
  output: string,
  sequence = '',
): Subgraph {
  const h = spec.hiddenSize;
  const e = spec.embeddingSize;
  const gh = gateCount(spec.cell) * h;
  const suffixes = spec.bidirectional ? ['', '_reverse'] : [''];
  const d = suffixes.length;
  // ONNX packs directions on the first axis: W [D, G*H, E], R [D, G*H, H], B [D, 2*G*H] = [Wb, Rb].
  const w = new Float32Array(d * gh * e);
  const r = new Float32Array(d * gh * h);
  const b = new Float32Array(d * 2 * gh);
  suffixes.forEach((suffix, dir) => {
    const tensor = (name: string) => tensors[`rnn.${name}_l0${suffix}`]!.data;
    reorderGates(spec.cell, tensor('weight_ih'), h, e, w, dir * gh * e);
    reorderGates(spec.cell, tensor('weight_hh'), h, h, r, dir * gh * h);
    reorderGates(spec.cell, tensor('bias_ih'), h, 1, b, dir * 2 * gh);
    reorderGates(spec.cell, tensor('bias_hh'), h, 1, b, dir * 2 * gh + gh);
  });
  const attributes = [
    intAttribute('hidden_size', h),
    stringAttribute('direction', spec.bidirectional ? 'bidirectional' : 'forward'),
  ];
  // PyTorch applies the reset gate after the recurrent matmul: n = tanh(Wx + b + r*(Uh + b')).
  if (spec.cell === 'gru') attributes.push(intAttribute('linear_before_reset', 1));
  return {
    initializers: [
      floatTensor('rnn.W', [d, gh, e], w),
      floatTensor('rnn.R', [d, gh, h], r),
      floatTensor('rnn.B', [d, 2 * gh], b),
    ],
    nodes: [
      // Output 0 (all states Y) only when pooling reads it; '' omits it.
      // Inputs: X, W, R, B, sequence_lens.
      node(
        OP_TYPES[spec.cell],
        [input, 'rnn.W', 'rnn.R', 'rnn.B', sequenceLens],
        [sequence, output],
        attributes,
      ),
    ],
  };
}
