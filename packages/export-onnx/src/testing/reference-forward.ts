import { gateCount, type ModelSpec, poolingOf, sigmoid } from '@imdb-rnn/core';

/**
 * A plain, deliberately unoptimised forward pass with PyTorch's semantics:
 * nn.Embedding -> nn.RNN/GRU/LSTM over pack_padded_sequence (each example runs
 * exactly its own length; the reverse direction starts at its last real token)
 * -> final hidden state (forward, backward concatenated) -> nn.Linear(·, 1).
 * With pooling 'last-max-mean' the linear layer reads the final states, then the
 * element-wise max of every state after a real token, then their mean (each
 * direction's states, forward block then reverse block; zeros for no tokens).
 * Weights use PyTorch's names and gate orders (GRU r,z,n; LSTM i,f,g,o).
 * Computes in float64; returns the logits.
 */
export function referenceLogits(
  spec: ModelSpec,
  tensors: Record<string, { data: Float32Array }>,
  ids: number[][],
  lengths: number[],
): number[] {
  const get = (name: string) => {
    const tensor = tensors[name];
    if (tensor === undefined) throw new Error(`reference: missing tensor ${name}`);
    return tensor.data;
  };
  const e = spec.embeddingSize;
  const table = get('embedding.weight');
  return ids.map((row, b) => {
    const length = lengths[b]!;
    const inputs = row
      .slice(0, length)
      .map((id) => Array.from(table.subarray(id * e, (id + 1) * e)));
    const directions = [runDirection(spec, inputs, '', get)];
    if (spec.bidirectional)
      directions.push(runDirection(spec, [...inputs].reverse(), '_reverse', get));
    const h = spec.hiddenSize;
    // A direction's final state is its last state read (zeros before any token).
    const finals = directions.map((states) => states.at(-1) ?? new Array<number>(h).fill(0));
    const features = finals.flat();
    if (poolingOf(spec) === 'last-max-mean') {
      const over = (states: number[][], pick: (values: number[]) => number) =>
        Array.from({ length: h }, (_, k) =>
          states.length === 0 ? 0 : pick(states.map((s) => s[k]!)),
        );
      features.push(...directions.flatMap((states) => over(states, (v) => Math.max(...v))));
      features.push(
        ...directions.flatMap((states) =>
          over(states, (v) => v.reduce((a, b) => a + b, 0) / v.length),
        ),
      );
    }
    const fc = get('fc.weight');
    return features.reduce((sum, value, i) => sum + value * fc[i]!, get('fc.bias')[0]!);
  });
}

/** The state after each input, in reading order. */
function runDirection(
  spec: ModelSpec,
  inputs: number[][],
  suffix: string,
  get: (name: string) => Float32Array,
): number[][] {
  const h = spec.hiddenSize;
  const gates = gateCount(spec.cell);
  const wih = get(`rnn.weight_ih_l0${suffix}`);
  const whh = get(`rnn.weight_hh_l0${suffix}`);
  const bih = get(`rnn.bias_ih_l0${suffix}`);
  const bhh = get(`rnn.bias_hh_l0${suffix}`);
  let state = new Array<number>(h).fill(0);
  let cell = new Array<number>(h).fill(0);
  const states: number[][] = [];
  for (const x of inputs) {
    // a[j] = W_ih x + b_ih and u[j] = W_hh h + b_hh for every gate row j, kept apart
    // because the GRU's candidate multiplies only the recurrent part by r.
    const a = affine(wih, x, bih, gates * h);
    const u = affine(whh, state, bhh, gates * h);
    const next = new Array<number>(h);
    for (let k = 0; k < h; k++) {
      if (spec.cell === 'rnn') {
        next[k] = Math.tanh(a[k]! + u[k]!);
      } else if (spec.cell === 'gru') {
        const r = sigmoid(a[k]! + u[k]!);
        const z = sigmoid(a[h + k]! + u[h + k]!);
        const n = Math.tanh(a[2 * h + k]! + r * u[2 * h + k]!);
        next[k] = (1 - z) * n + z * state[k]!;
      } else {
        const i = sigmoid(a[k]! + u[k]!);
        const f = sigmoid(a[h + k]! + u[h + k]!);
        const g = Math.tanh(a[2 * h + k]! + u[2 * h + k]!);
        const o = sigmoid(a[3 * h + k]! + u[3 * h + k]!);
        cell[k] = f * cell[k]! + i * g;
        next[k] = o * Math.tanh(cell[k]!);
      }
    }
    state = next;
    cell = [...cell];
    states.push(state);
  }
  return states;
}

function affine(weight: Float32Array, x: number[], bias: Float32Array, rows: number): number[] {
  const columns = x.length;
  const out = new Array<number>(rows);
  for (let j = 0; j < rows; j++) {
    let sum = bias[j]!;
    for (let c = 0; c < columns; c++) sum += weight[j * columns + c]! * x[c]!;
    out[j] = sum;
  }
  return out;
}
