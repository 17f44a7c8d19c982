import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeArtifact, type NamedTensor } from '@imdb-rnn/core';
import { exportOnnx, readOnnxMetadata } from '@imdb-rnn/export-onnx';
import { renderMarkdown } from '../report/markdown';
import type { ResultsFile } from '../report/results';
import { validateResults } from '../report/validate-results';
import { type Checkpoint, decodeCheckpoint } from '../training/checkpoint';

/** Every file under a run folder (relative path with `/` -> bytes). */
export type FolderSnapshot = Map<string, Uint8Array>;

export async function snapshotFolder(dir: string): Promise<FolderSnapshot> {
  const snapshot: FolderSnapshot = new Map();
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return snapshot;
    throw error;
  }
  for (const entry of entries.sort()) {
    try {
      snapshot.set(entry.split('\\').join('/'), await readFile(join(dir, entry)));
    } catch (error) {
      // Folders are listed too.
      if ((error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
    }
  }
  return snapshot;
}

/** What an uninterrupted run with the same seed wrote, in timing-free fingerprints. */
export interface ReferenceRun {
  /** Checkpoint fingerprints by `<architecture>/<epoch>`, one per completed epoch. */
  checkpoints: Map<string, string>;
  /** Final model tensors' fingerprint by architecture. */
  models: Map<string, string>;
  /** results.json without the figures that vary from run to run (timings, dates). */
  results: string;
}

/** The result of checking a run folder right after a kill (or a clean finish). */
export interface FolderCheck {
  /** Files that are neither the previous nor a valid new complete version, or that vanished. */
  problems: string[];
  /** Leftover temporary files of interrupted atomic writes. */
  temporaryFiles: string[];
  /** Completed epochs in each architecture's checkpoint on disk. */
  checkpointEpochs: Map<string, number>;
}

const CHECKPOINT = /^checkpoints\/(\w+)-seed\d+\.ckpt$/;
const ARTIFACT = /^models\/(\w+)-seed\d+\.safetensors$/;
const ONNX = /^models\/(\w+)\.fp32\.onnx$/;
const REPORT_FILES = ['results.json', 'report.md', 'curves.svg', 'test-accuracy.svg'];
// write-file-atomic writes `<name>.<murmur hash>`; export-onnx's writeOnnxFile
// writes `.<name>.<pid>.<hex>.tmp`, the checkpoints' background writer
// `.<name>.<hex>.tmp`. All live beside their target.
const ATOMIC_TEMP = /^(.+)\.\d+$/;
const ONNX_TEMP = /^(.*\/)?\.([^/]+\.onnx)\.\d+\.[0-9a-f]+\.tmp$/;
const CHECKPOINT_TEMP = /^(checkpoints\/)\.([^/]+\.ckpt)\.[0-9a-f]+\.tmp$/;

/**
 * Checks the issue's invariant for a run folder: every file is either its
 * previous complete version (byte for byte, as in `previous`) or a complete
 * new version, which is valid and equal to what the uninterrupted reference
 * run wrote (timing fields aside); no file that existed before is gone; only
 * temporary files of the atomic writers are left over.
 */
export function checkFolder(
  now: FolderSnapshot,
  previous: FolderSnapshot,
  reference: ReferenceRun,
): FolderCheck {
  const problems: string[] = [];
  const temporaryFiles: string[] = [];
  const checkpointEpochs = new Map<string, number>();
  for (const [path, bytes] of now) {
    const atomicTarget = ATOMIC_TEMP.exec(path)?.[1];
    const onnxTemp = ONNX_TEMP.exec(path) ?? CHECKPOINT_TEMP.exec(path);
    if (
      (atomicTarget !== undefined && isFinalName(atomicTarget)) ||
      (onnxTemp !== null && isFinalName(`${onnxTemp[1] ?? ''}${onnxTemp[2]}`))
    ) {
      temporaryFiles.push(path);
      continue;
    }
    if (!isFinalName(path)) {
      problems.push(`${path}: unexpected file`);
      continue;
    }
    const checkpointArch = CHECKPOINT.exec(path)?.[1];
    if (checkpointArch !== undefined) {
      try {
        checkpointEpochs.set(checkpointArch, decodeCheckpoint(bytes, path).state.epoch);
      } catch (error) {
        problems.push(`${path}: ${(error as Error).message}`);
        continue;
      }
    }
    const before = previous.get(path);
    if (before !== undefined && sameBytes(before, bytes)) continue;
    const problem = newVersionProblem(path, bytes, now, reference);
    if (problem !== undefined) {
      problems.push(
        `${path}: neither the previous version (${before === undefined ? 'none' : `${before.length} bytes`}) nor a complete new one: ${problem}`,
      );
    }
  }
  for (const path of previous.keys()) {
    if (isFinalName(path) && !now.has(path)) problems.push(`${path}: existed before, now gone`);
  }
  return { problems, temporaryFiles, checkpointEpochs };
}

function isFinalName(path: string): boolean {
  return (
    CHECKPOINT.test(path) || ARTIFACT.test(path) || ONNX.test(path) || REPORT_FILES.includes(path)
  );
}

/** Why `bytes` is not a complete new version of `path`, or undefined if it is. */
function newVersionProblem(
  path: string,
  bytes: Uint8Array,
  folder: FolderSnapshot,
  reference: ReferenceRun,
): string | undefined {
  try {
    const checkpointArch = CHECKPOINT.exec(path)?.[1];
    if (checkpointArch !== undefined) {
      const checkpoint = decodeCheckpoint(bytes, path);
      const key = `${checkpointArch}/${checkpoint.state.epoch}`;
      if (checkpointFingerprint(checkpoint) !== reference.checkpoints.get(key)) {
        return `checkpoint after epoch ${checkpoint.state.epoch} differs from the reference run's`;
      }
      return undefined;
    }
    const artifactArch = ARTIFACT.exec(path)?.[1];
    if (artifactArch !== undefined) {
      const { tensors } = decodeArtifact(bytes);
      return tensorsFingerprint(tensors) === reference.models.get(artifactArch)
        ? undefined
        : "weights differ from the reference run's";
    }
    const onnxArch = ONNX.exec(path)?.[1];
    if (onnxArch !== undefined) {
      readOnnxMetadata(bytes);
      // Export is deterministic, so the new version is exactly the export of the
      // artifact that the same run wrote just before it.
      const artifact = [...folder].find(
        ([p]) => ARTIFACT.exec(p)?.[1] === onnxArch && !ATOMIC_TEMP.test(p),
      );
      if (artifact === undefined) return 'no model artifact beside it';
      const expected = exportOnnx(decodeArtifact(artifact[1]), { weights: 'fp32' });
      return sameBytes(expected, bytes) ? undefined : `not the export of ${artifact[0]}`;
    }
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (path === 'results.json') {
      const results = validateResults(JSON.parse(text), path);
      return stableResults(results) === reference.results
        ? undefined
        : "figures differ from the reference run's";
    }
    if (path === 'report.md') {
      const results = folder.get('results.json');
      if (results === undefined) return 'no results.json beside it';
      const parsed = validateResults(JSON.parse(new TextDecoder().decode(results)));
      return text === renderMarkdown(parsed) ? undefined : 'not the rendering of results.json';
    }
    return text.startsWith('<svg') && text.trimEnd().endsWith('</svg>')
      ? undefined
      : 'not a complete SVG document';
  } catch (error) {
    return (error as Error).message;
  }
}

/** A checkpoint's content without its timing fields (seconds, reviews/s). */
export function checkpointFingerprint(checkpoint: Checkpoint): string {
  const { state } = checkpoint;
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify({
      epoch: state.epoch,
      bestEpoch: state.bestEpoch,
      config: state.config,
      dropoutState: state.dropoutState,
      history: state.history.map(({ seconds: _s, reviewsPerSecond: _r, ...rest }) => rest),
      metadata: checkpoint.metadata,
    }),
  );
  for (const part of [checkpoint.weights, checkpoint.best, checkpoint.optimizer]) {
    hash.update(tensorsFingerprint(part));
  }
  return hash.digest('hex');
}

export function tensorsFingerprint(tensors: Record<string, NamedTensor>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(tensors).sort()) {
    const tensor = tensors[name]!;
    hash.update(`${name}:${tensor.shape.join('x')}:`);
    hash.update(new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
  }
  return hash.digest('hex');
}

/** The figures of results.json that the same seed must reproduce exactly. */
export function stableResults(results: ResultsFile): string {
  return JSON.stringify(
    results.runs.map((run) => ({
      architecture: run.architecture,
      seed: run.seed,
      history: run.history.map((r) => [r.epoch, r.trainLoss, r.validationAccuracy]),
      test: run.test!.accuracy,
    })),
  );
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}
