// Test helper: an InferenceBackend whose logit is a sum (or, with pool 'mean', the
// mean) of per-id weights over each row's real tokens, plus a bias. Simple enough that tests can compute the expected
// result by hand, and it checks the batch it receives: padding must be <pad> (1) and
// lengths in 1..time, so the classifier's batching is verified, not assumed.
import type { InferenceBackend } from './inference-backend.js';

export interface RecordedRun {
  batch: number;
  time: number;
  lengths: number[];
}

export class BagOfIdsBackend implements InferenceBackend {
  readonly runs: RecordedRun[] = [];
  running = 0;
  maxRunning = 0;
  disposed = 0;
  /** When set, the next run rejects with this message. */
  failNext: string | undefined;

  constructor(
    readonly weights: number[],
    readonly bias = 0,
    // 'mean' makes a token's effect depend on how many tokens share the row, so tests
    // can tell which tokens a row holds.
    readonly pool: 'sum' | 'mean' = 'sum',
  ) {}

  /** The logit this backend gives an encoded review. */
  logitOf(ids: number[]): number {
    const sum = ids.reduce((total, id) => total + this.weights[id]!, 0);
    return this.bias + (this.pool === 'mean' ? sum / ids.length : sum);
  }

  async run(
    ids: BigInt64Array,
    lengths: BigInt64Array,
    batch: number,
    time: number,
  ): Promise<Float32Array> {
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    // Yield so overlapping runs would be observed if the classifier allowed them.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    this.running--;
    if (this.failNext !== undefined) {
      const message = this.failNext;
      this.failNext = undefined;
      throw new Error(message);
    }
    if (ids.length !== batch * time || lengths.length !== batch) {
      throw new Error(`bad shapes: ${ids.length} ids, ${lengths.length} lengths, ${batch}x${time}`);
    }
    const out = new Float32Array(batch);
    const rowLengths: number[] = [];
    for (let b = 0; b < batch; b++) {
      const length = Number(lengths[b]);
      if (!(length >= 1 && length <= time)) throw new Error(`length ${length} not in 1..${time}`);
      rowLengths.push(length);
      const row: number[] = [];
      for (let t = 0; t < time; t++) {
        const id = Number(ids[b * time + t]);
        if (t >= length && id !== 1) throw new Error(`row ${b} t=${t}: padding is ${id}, not 1`);
        if (t < length) row.push(id);
      }
      out[b] = this.logitOf(row);
    }
    this.runs.push({ batch, time, lengths: rowLengths });
    return out;
  }

  async dispose(): Promise<void> {
    this.disposed++;
  }
}
