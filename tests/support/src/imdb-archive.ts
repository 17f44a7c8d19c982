/// <reference types="node" />
// Node-only, test-only: the one IMDB reader that core's, export-onnx's and the
// inference packages' tests and benchmarks share (train reads the archive with
// its own streaming reader, which is part of the package).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** One labelled review: `path` like `test/pos/10327_7.txt`, label 1 for pos. */
export interface Review {
  path: string;
  label: 0 | 1;
  text: string;
}

const REVIEW_PATH = /(?:^|\/)((?:train|test)\/(pos|neg)\/\d+_\d+\.txt)$/;

/**
 * Labelled IMDB reviews from the official archive (.tar.gz/.tar) or an extracted
 * aclImdb/ folder (the two forms the project must treat alike), sorted by path.
 * A minimal ustar reader: regular files and GNU long names.
 */
export function readImdbReviews(location: string): Review[] {
  const reviews = statSync(location).isDirectory() ? readFolder(location) : readTar(location);
  return reviews.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function review(path: string, text: string): Review | undefined {
  const match = REVIEW_PATH.exec(path);
  return match ? { path: match[1]!, label: match[2] === 'pos' ? 1 : 0, text } : undefined;
}

function readFolder(root: string): Review[] {
  const base = statSync(join(root, 'aclImdb'), { throwIfNoEntry: false })?.isDirectory()
    ? join(root, 'aclImdb')
    : root;
  const reviews: Review[] = [];
  for (const split of ['train', 'test']) {
    for (const label of ['pos', 'neg']) {
      for (const name of readdirSync(join(base, split, label))) {
        const found = review(
          `${split}/${label}/${name}`,
          readFileSync(join(base, split, label, name), 'utf8'),
        );
        if (found) reviews.push(found);
      }
    }
  }
  return reviews;
}

function readTar(file: string): Review[] {
  let bytes: Uint8Array = readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const decoder = new TextDecoder();
  const field = (at: number, length: number) => {
    const slice = bytes.subarray(at, at + length);
    const end = slice.indexOf(0);
    return decoder.decode(end === -1 ? slice : slice.subarray(0, end));
  };
  const reviews: Review[] = [];
  let longName: string | undefined;
  for (let at = 0; at + 512 <= bytes.length; ) {
    if (bytes[at] === 0) break; // end-of-archive blocks
    const size = Number.parseInt(field(at + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(bytes[at + 156] ?? 0);
    const prefix = field(at + 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(at, 100)}` : field(at, 100));
    longName = undefined;
    if (type === 'L') {
      longName = field(at + 512, size);
    } else if (type === '0' || type === '\0') {
      const found = review(name, decoder.decode(bytes.subarray(at + 512, at + 512 + size)));
      if (found) reviews.push(found);
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return reviews;
}
