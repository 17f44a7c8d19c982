/** Recurrent cell equations, exactly PyTorch's nn.RNN (tanh), nn.GRU and nn.LSTM. */
export type CellType = 'rnn' | 'gru' | 'lstm';

/**
 * Gates per cell: the first dimension of PyTorch's weight_ih/weight_hh is
 * gateCount * hiddenSize. Order within it is PyTorch's: GRU r,z,n; LSTM i,f,g,o.
 */
export function gateCount(cell: CellType): 1 | 3 | 4 {
  return cell === 'rnn' ? 1 : cell === 'gru' ? 3 : 4;
}

/** Logistic sigmoid; exp of a large positive argument overflows to Infinity, giving 0 correctly. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
