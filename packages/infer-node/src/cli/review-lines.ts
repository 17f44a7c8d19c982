import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';

/** One review read from an input file; `line` is 1-based, `id` comes from a JSONL object. */
export interface ReviewLine {
  line: number;
  text: string;
  id?: unknown;
}

/** A problem with the input file (exit code 1), naming `file:line`. */
export class InputFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputFileError';
  }
}

export type InputFormat = 'jsonl' | 'txt';

/** `.jsonl`/`.ndjson` -> jsonl, `.txt` -> txt; anything else is refused (no guessing). */
export function inputFormatOf(path: string): InputFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.txt') return 'txt';
  throw new InputFileError(`${path}: unknown input type "${ext}"; expected .jsonl or .txt`);
}

/**
 * Streams reviews from a file without loading it whole: `.txt` has one review per
 * line; `.jsonl` one JSON value per line, either a string or an object with a
 * string `text` (an `id` is passed through). Blank lines are skipped. `onBytes`
 * reports progress in bytes read.
 */
export async function* readReviewLines(
  path: string,
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<ReviewLine> {
  const format = inputFormatOf(path);
  const stream = createReadStream(path, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileError(`${path}: ${code === 'ENOENT' ? 'no such file' : String(error)}`);
  }
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const raw of lines) {
    line++;
    onBytes?.(stream.bytesRead);
    if (raw.trim() === '') continue;
    if (format === 'txt') {
      yield { line, text: raw };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new InputFileError(`${path}:${line}: not valid JSON`);
    }
    if (typeof value === 'string') {
      yield { line, text: value };
    } else if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { text?: unknown }).text === 'string'
    ) {
      const { text, id } = value as { text: string; id?: unknown };
      yield id === undefined ? { line, text } : { line, text, id };
    } else {
      throw new InputFileError(
        `${path}:${line}: expected a JSON string or an object with a string "text" field`,
      );
    }
  }
}
