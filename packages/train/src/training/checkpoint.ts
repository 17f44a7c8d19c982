import { readFile } from 'node:fs/promises';
import {
  type ArtifactMetadata,
  decodeArtifact,
  encodeArtifact,
  type NamedTensor,
} from '@imdb-rnn/core';
import type { TrainConfig } from '../config';
import { TrainingError } from '../errors';
import { writeFileAtomic } from '../io/atomic-write';
import { BackgroundWriter } from '../io/background-write';

/** One epoch's figures, as the report plots them. */
export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  /**
   * The kept weights' figures on the validation reviews after the epoch;
   * absent when the run held none out (validationSize 0: a final fit on the
   * whole training split, which keeps the last epoch).
   */
  validationLoss?: number;
  validationAccuracy?: number;
  /**
   * With emaDecay, validationLoss and validationAccuracy are the averaged
   * weights' (the ones a run keeps); these are the raw weights' at the same
   * step, for comparison. Absent without emaDecay.
   */
  rawValidationLoss?: number;
  rawValidationAccuracy?: number;
  learningRate: number;
  seconds: number;
  reviewsPerSecond: number;
}

/** What a run needs besides tensors to continue exactly where it stopped. */
export interface TrainingState {
  /** Epochs completed (1-based count). */
  epoch: number;
  config: TrainConfig;
  history: EpochRecord[];
  /** Epoch whose weights are kept as `best/*` (highest validation accuracy; the last without validation). */
  bestEpoch: number;
  /** State of the model's dropout RNG after the last completed epoch. */
  dropoutState: number[];
  /** With emaDecay: the steps folded into the weight average. */
  averageSteps?: number;
}

export interface Checkpoint {
  state: TrainingState;
  metadata: ArtifactMetadata;
  /** Current weights under PyTorch names. */
  weights: Record<string, NamedTensor>;
  /** Weights of the best epoch so far. */
  best: Record<string, NamedTensor>;
  /** The optimizer's state (FusedAdam.getWeights), as flat float32 tensors. */
  optimizer: Record<string, NamedTensor>;
  /** With emaDecay: the weight average's running sums under PyTorch names (its step count is in state). */
  average?: Record<string, NamedTensor>;
}

// A checkpoint is one file, written atomically: magic, a length-prefixed JSON
// training state, then a safetensors artifact (core's container) holding the
// current weights, `best/` weights and `optimizer/` state. One file means a
// kill at any moment leaves either the previous or the new checkpoint.
const MAGIC = 'IMDBRNN-CKPT-1\n';
const BEST = 'best/';
const OPTIMIZER = 'optimizer/';
const AVERAGE = 'average/';

/**
 * The checkpoint's bytes. With `reuse` (a buffer an earlier checkpoint was
 * written from) large enough, they are written into it, whose pages are
 * mapped already; otherwise into a new buffer with room for the history of
 * later epochs, so that the next checkpoints fit in it.
 */
export function encodeCheckpoint(checkpoint: Checkpoint, reuse?: ArrayBuffer): Uint8Array {
  const tensors: Record<string, NamedTensor> = { ...checkpoint.weights };
  for (const [name, t] of Object.entries(checkpoint.best)) tensors[BEST + name] = t;
  for (const [name, t] of Object.entries(checkpoint.optimizer)) tensors[OPTIMIZER + name] = t;
  for (const [name, t] of Object.entries(checkpoint.average ?? {})) tensors[AVERAGE + name] = t;
  const json = new TextEncoder().encode(MAGIC + JSON.stringify(checkpoint.state));
  // Pad with spaces (valid JSON whitespace) so the artifact starts 8-byte
  // aligned and its tensors can be read as Float32Array views in place.
  const headLength = Math.ceil((4 + json.length) / 8) * 8 - 4;
  let bytes = new Uint8Array(0);
  encodeArtifact(
    { metadata: checkpoint.metadata, tensors },
    {
      checkTensorShapes: false,
      into: (artifactLength) => {
        const length = 4 + headLength + artifactLength;
        const buffer =
          reuse !== undefined && reuse.byteLength >= length
            ? reuse
            : new ArrayBuffer(length + GROWTH_ROOM);
        bytes = new Uint8Array(buffer, 0, length);
        return bytes.subarray(4 + headLength);
      },
    },
  );
  new DataView(bytes.buffer).setUint32(0, headLength, true);
  bytes.fill(0x20, 4, 4 + headLength);
  bytes.set(json, 4);
  return bytes;
}

// Bytes a new checkpoint buffer keeps beyond its first use: the training
// state's history grows ~0.3 KB per epoch.
const GROWTH_ROOM = 64 * 1024;

export function decodeCheckpoint(bytes: Uint8Array, file: string): Checkpoint {
  const corrupt = (problem: string): never => {
    throw new TrainingError('checkpoint-corrupt', `${file}: not a usable checkpoint: ${problem}`);
  };
  if (bytes.length < 4) corrupt(`only ${bytes.length} bytes`);
  const headLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  if (4 + headLength > bytes.length) corrupt('truncated header');
  const head = new TextDecoder().decode(bytes.subarray(4, 4 + headLength));
  if (!head.startsWith(MAGIC)) corrupt('wrong magic (not written by imdb-rnn train)');
  let state: TrainingState;
  try {
    state = JSON.parse(head.slice(MAGIC.length)) as TrainingState;
  } catch (error) {
    return corrupt(`training state is not JSON (${(error as Error).message})`);
  }
  let artifact: ReturnType<typeof decodeArtifact>;
  try {
    artifact = decodeArtifact(bytes.subarray(4 + headLength), { checkTensorShapes: false });
  } catch (error) {
    return corrupt((error as Error).message);
  }
  const weights: Record<string, NamedTensor> = {};
  const best: Record<string, NamedTensor> = {};
  const optimizer: Record<string, NamedTensor> = {};
  const average: Record<string, NamedTensor> = {};
  for (const [name, tensor] of Object.entries(artifact.tensors)) {
    if (name.startsWith(BEST)) best[name.slice(BEST.length)] = tensor;
    else if (name.startsWith(OPTIMIZER)) optimizer[name.slice(OPTIMIZER.length)] = tensor;
    else if (name.startsWith(AVERAGE)) average[name.slice(AVERAGE.length)] = tensor;
    else weights[name] = tensor;
  }
  if (!Number.isInteger(state.epoch) || !Array.isArray(state.history))
    corrupt('bad training state');
  const checkpoint: Checkpoint = { state, metadata: artifact.metadata, weights, best, optimizer };
  if (Object.keys(average).length > 0) checkpoint.average = average;
  return checkpoint;
}

export async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  await writeFileAtomic(path, encodeCheckpoint(checkpoint));
}

/**
 * Saves checkpoints in the background: writing ~32 MB with its fsyncs took
 * ~0.5 s per epoch on the training's critical path; on a writer thread it
 * overlaps the next epoch. At most one write is in flight, so the file on
 * disk is always a whole checkpoint, at most one epoch behind until
 * `settled` (or the next `save`) returns. One writer per run: train() closes
 * it in its `finally`, so no thread outlives the run.
 */
export class CheckpointWriter {
  private readonly files = new BackgroundWriter();

  constructor() {
    // Booted while the first epoch trains, so its checkpoint does not wait for it.
    this.files.open();
  }

  /**
   * Encodes `checkpoint` now, so training may change its arrays once this
   * resolves, waits for the previous write to land and starts this one.
   * Throws the previous write's failure (see `settled`).
   */
  async save(path: string, checkpoint: Checkpoint): Promise<void> {
    await this.settled();
    // Into the buffer the last write handed back (see BackgroundWriter.takeBuffer).
    this.files.start(path, encodeCheckpoint(checkpoint, this.files.takeBuffer()));
  }

  /** Waits for the write in flight; a failed one throws TrainingError 'checkpoint-write-failed' naming the file. */
  async settled(): Promise<void> {
    try {
      await this.files.settled();
    } catch (error) {
      const failure = new TrainingError(
        'checkpoint-write-failed',
        `could not write the checkpoint ${(error as Error).message}`,
      );
      failure.cause = error;
      throw failure;
    }
  }

  /** Lets the write in flight land (its failure is not thrown: call `settled` for that), then stops the writer thread. */
  close(): Promise<void> {
    return this.files.close();
  }
}

/** The checkpoint at `path`, or undefined when there is none yet. */
export async function loadCheckpoint(path: string): Promise<Checkpoint | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return decodeCheckpoint(bytes, path);
}
