import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write';

// "IRNNVEC" + format version 1. The layout is:
//   bytes 0..7   magic
//   bytes 8..23  uint32 LE: rows, dimension, found, reserved (0)
//   bytes 24..   rows * dimension float32 LE, row-major
const MAGIC = new TextEncoder().encode('IRNNVEC1');
const HEADER_BYTES = 24;

export interface CachedMatrix {
  matrix: Float32Array;
  found: number;
}

/**
 * The cache file for one (source, vocabulary, dimension): its name hashes all
 * three, so a changed vocabulary or a new version of the source file misses
 * the cache instead of returning stale rows.
 */
export function vectorsCachePath(
  cacheDir: string,
  sourceIdentity: string,
  vocabTokens: readonly string[],
  dimension: number,
): string {
  const hash = createHash('sha256')
    .update(JSON.stringify({ format: 1, source: sourceIdentity, dimension, vocab: vocabTokens }))
    .digest('hex')
    .slice(0, 32);
  return join(cacheDir, 'vectors', `${hash}.bin`);
}

export function encodeVectorsCache(
  matrix: Float32Array,
  dimension: number,
  found: number,
): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES + matrix.length * 4);
  bytes.set(MAGIC, 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, matrix.length / dimension, true);
  view.setUint32(12, dimension, true);
  view.setUint32(16, found, true);
  view.setUint32(20, 0, true);
  for (let i = 0; i < matrix.length; i++) view.setFloat32(HEADER_BYTES + i * 4, matrix[i]!, true);
  return bytes;
}

/**
 * The cached matrix, or null when there is no usable cache: missing, written
 * by another format version, truncated, or for a different shape. A bad cache
 * is never an error, only a miss; the caller rebuilds and overwrites it.
 */
export function decodeVectorsCache(
  bytes: Uint8Array,
  rows: number,
  dimension: number,
): CachedMatrix | null {
  if (bytes.length < HEADER_BYTES || !MAGIC.every((b, i) => bytes[i] === b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8, true) !== rows || view.getUint32(12, true) !== dimension) return null;
  if (bytes.length !== HEADER_BYTES + rows * dimension * 4) return null;
  const matrix = new Float32Array(rows * dimension);
  for (let i = 0; i < matrix.length; i++) matrix[i] = view.getFloat32(HEADER_BYTES + i * 4, true);
  return { matrix, found: view.getUint32(16, true) };
}

export async function readVectorsCache(
  path: string,
  rows: number,
  dimension: number,
): Promise<CachedMatrix | null> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch {
    return null;
  }
  return decodeVectorsCache(bytes, rows, dimension);
}

export async function writeVectorsCache(
  path: string,
  matrix: Float32Array,
  dimension: number,
  found: number,
): Promise<void> {
  await writeFileAtomic(path, encodeVectorsCache(matrix, dimension, found));
}
