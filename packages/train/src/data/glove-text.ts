import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { VectorsError } from '../errors';
import type { VectorTarget } from './glove-wink';

/**
 * Fills `target` from a GloVe text file (`word v1 v2 ... vD` per line, as in
 * Stanford's glove.6B.100d.txt; a word2vec-style `count dimension` first line
 * is skipped). Only lines whose word is wanted are converted to numbers, and
 * the first line is always checked, so a file of the wrong dimension fails at
 * line 1 rather than after a 400,000-line scan. Lines for multi-word entries
 * (glove.840B has a few, e.g. "at name@domain.com") can never match a token
 * and are skipped. The first occurrence of a word wins. Returns rows filled.
 */
export async function readGloveText(path: string, target: VectorTarget): Promise<number> {
  const { rows, matrix, dimension } = target;
  const filled = new Uint8Array(matrix.length / dimension);
  let found = 0;
  let lineNumber = 0;
  let checkedFirst = false;
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  const where = () => `${path}:${lineNumber}`;
  try {
    for await (const raw of lines) {
      lineNumber += 1;
      const line = (lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw).trimEnd();
      if (line === '') continue;
      const space = line.indexOf(' ');
      if (space <= 0) {
        throw new VectorsError(
          'VECTORS_MALFORMED',
          path,
          `${where()}: expected "word v1 ... v${dimension}", got "${preview(line)}"`,
        );
      }
      if (lineNumber === 1 && /^\d+ \d+$/.test(line)) continue; // word2vec header
      const word = line.slice(0, space);
      const wanted = rows.get(word);
      const isWanted = wanted !== undefined && filled[wanted] === 0;
      if (!isWanted && checkedFirst) continue;
      const values = line.slice(space + 1).split(' ');
      if (values.length > dimension && !isNumeric(values[0]!)) continue; // multi-word entry
      checkedFirst = true;
      if (values.length !== dimension) {
        throw new VectorsError(
          'VECTORS_WRONG_DIMENSION',
          path,
          `${where()}: "${word}" has ${values.length} values, expected ${dimension}`,
        );
      }
      if (!isWanted) continue;
      const base = wanted * dimension;
      for (let k = 0; k < dimension; k++) {
        const text = values[k]!;
        const value = text === '' ? Number.NaN : Number(text);
        if (!Number.isFinite(value)) {
          throw new VectorsError(
            'VECTORS_NON_NUMERIC',
            path,
            `${where()}: value ${k + 1} of "${word}" is "${preview(text)}", not a number`,
          );
        }
        matrix[base + k] = value;
      }
      filled[wanted] = 1;
      found += 1;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  return found;
}

function isNumeric(text: string): boolean {
  return text !== '' && Number.isFinite(Number(text));
}

function preview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
