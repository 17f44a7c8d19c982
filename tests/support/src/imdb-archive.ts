/// <reference types="node" />
// Node-only, test-only: the IMDB reader that core's, export-onnx's and the
// inference packages' tests and benchmarks share. The tar format is parsed by
// the tar-stream library, the same one train's streaming reader uses, so the
// repository has one tar-parsing implementation (test-support cannot import
// train's reader: train dev-depends on test-support).
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';

/** One labelled review: `path` like `test/pos/10327_7.txt`, label 1 for pos. */
export interface Review {
  path: string;
  label: 0 | 1;
  text: string;
}

/**
 * The IMDB archive or folder at IMDB_RNN_DATA, or undefined when unset or missing
 * (a test then skips). CI must run the tests that read it, so there a missing
 * archive throws instead of silently skipping them.
 */
export function imdbDataPath(): string | undefined {
  const data = process.env.IMDB_RNN_DATA;
  if (data !== undefined && existsSync(data)) return data;
  if (process.env.CI) {
    throw new Error(`IMDB_RNN_DATA (${data ?? 'unset'}) must point at the IMDB archive in CI`);
  }
  return undefined;
}

/**
 * The real-review parity cases the inference and training tests share: the training
 * split's texts (to build a 20,002-word vocabulary from) and every `every`-th test review
 * (both labels, lengths from a handful of tokens to over a thousand).
 */
export async function imdbParitySample(
  location: string,
  every = 125,
): Promise<{ train: string[]; sample: string[] }> {
  const reviews = await readImdbReviews(location);
  const train = reviews.filter((r) => r.path.startsWith('train/')).map((r) => r.text);
  const test = reviews.filter((r) => r.path.startsWith('test/')).map((r) => r.text);
  return { train, sample: test.filter((_, i) => i % every === 0) };
}

const REVIEW_PATH = /(?:^|\/)((?:train|test)\/(pos|neg)\/\d+_\d+\.txt)$/;

/**
 * Labelled IMDB reviews from the official archive (.tar.gz/.tar) or an extracted
 * aclImdb/ folder (the two forms the project must treat alike), sorted by path.
 */
export async function readImdbReviews(location: string): Promise<Review[]> {
  const reviews = (await stat(location)).isDirectory()
    ? await readFolder(location)
    : await readTar(location);
  return reviews.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

// One decoder for both forms, so a review reads the same from either.
const decoder = new TextDecoder();

function review(path: string, bytes: Uint8Array): Review | undefined {
  const match = REVIEW_PATH.exec(path);
  return match
    ? { path: match[1]!, label: match[2] === 'pos' ? 1 : 0, text: decoder.decode(bytes) }
    : undefined;
}

async function readFolder(root: string): Promise<Review[]> {
  const nested = join(root, 'aclImdb');
  const base = (await stat(nested).catch(() => undefined))?.isDirectory() ? nested : root;
  const reviews: Review[] = [];
  for (const split of ['train', 'test']) {
    for (const label of ['pos', 'neg']) {
      const folder = join(base, split, label);
      // Synchronous reads: ~1 KB files, where async readFile's thread-pool round
      // trips made the whole read about 5x slower.
      for (const name of readdirSync(folder)) {
        const found = review(`${split}/${label}/${name}`, readFileSync(join(folder, name)));
        if (found) reviews.push(found);
      }
    }
  }
  return reviews;
}

async function readTar(file: string): Promise<Review[]> {
  const source = createReadStream(file);
  const gunzip = (await isGzip(file)) ? createGunzip() : undefined;
  const tar = extract();
  // pipe() does not forward errors: route every layer's to the iterator we await.
  const fail = (error: Error) => tar.destroy(error);
  source.on('error', fail);
  gunzip?.on('error', fail);
  (gunzip ? source.pipe(gunzip) : source).pipe(tar as unknown as NodeJS.WritableStream);
  const reviews: Review[] = [];
  try {
    for await (const entry of tar) {
      const { name, type } = entry.header;
      if (type !== 'file' && type !== 'contiguous-file') {
        entry.resume();
        continue;
      }
      // tar-stream's entries yield Buffers (its types say `unknown`).
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      const found = review(name, Buffer.concat(chunks));
      if (found) reviews.push(found);
    }
  } finally {
    source.destroy();
    gunzip?.destroy();
  }
  return reviews;
}

/** Whether the gzip magic bytes lead the file (a .tar is read as is). */
async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
