import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type CsvError, parse } from 'csv-parse';
import { DataFileError } from '../errors';

/** One labelled text of the user's own data; `label` is the class name as the file spells it. */
export interface LabelledText {
  text: string;
  label: string;
}

export type LabelledFileFormat = 'csv' | 'tsv' | 'jsonl';

/** File extensions `imdb-rnn train --data` reads as the user's own data, by format. */
export const LABELLED_FILE_EXTENSIONS: Readonly<Record<string, LabelledFileFormat>> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

export interface ReadLabelledFileOptions {
  /** Column (CSV/TSV header) or key (JSONL) holding the text. Default `text`. */
  textField?: string;
  /** Column or key holding the label. Default `label`. */
  labelField?: string;
  /** Default: from the file's extension (LABELLED_FILE_EXTENSIONS). */
  format?: LabelledFileFormat;
  /** The label values allowed (a test file's must be the training file's); default any two. */
  labels?: readonly string[];
}

/** The format a path's extension names, or undefined for any other file (such as IMDB's archive). */
export function labelledFileFormat(path: string): LabelledFileFormat | undefined {
  return LABELLED_FILE_EXTENSIONS[extname(path).toLowerCase()];
}

/**
 * Reads labelled texts from a CSV or TSV file with a header row (parsed by
 * csv-parse; TSV tolerates quotes inside unquoted fields, as spreadsheet
 * exports write them) or a JSONL file (one JSON object per line), streamed: the
 * file is never held as one string. Labels come back as the file spells them,
 * trimmed (JSONL numbers and booleans as their JSON text, `1`, `true`). Empty
 * lines are skipped. Anything else wrong is a DataFileError naming the file and
 * the line: a malformed row, a missing or empty text or label, invalid UTF-8.
 */
export async function readLabelledFile(
  path: string,
  options: ReadLabelledFileOptions = {},
): Promise<LabelledText[]> {
  const format = options.format ?? labelledFileFormat(path);
  if (format === undefined) {
    const known = Object.keys(LABELLED_FILE_EXTENSIONS).join(', ');
    throw new DataFileError(
      'DATA_UNKNOWN_FORMAT',
      path,
      undefined,
      `unknown data file type "${extname(path)}"; expected one of ${known}`,
    );
  }
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isFile()) {
    throw new DataFileError(
      'DATA_MISSING_FILE',
      path,
      undefined,
      info === undefined ? 'no such file' : 'not a file',
    );
  }
  const fields = { text: options.textField ?? 'text', label: options.labelField ?? 'label' };
  const rows: LabelledText[] = [];
  const source = utf8Chunks(path);
  const read =
    format === 'jsonl'
      ? readJsonLines(source, path, fields)
      : readDelimited(source, path, format, fields);
  const seen: string[] = [];
  const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(' and ');
  for await (const [row, line] of read) {
    if (options.labels !== undefined && !options.labels.includes(row.label)) {
      throw new DataFileError(
        'DATA_LABELS',
        path,
        line,
        `label "${row.label}" is not one of the training data's labels, ${quoted(options.labels)}`,
      );
    }
    if (!seen.includes(row.label)) {
      if (seen.length === 2) {
        throw new DataFileError(
          'DATA_LABELS',
          path,
          line,
          `a third label value "${row.label}" after ${quoted(seen)}: a model learns two classes; map the other values onto these two or drop their rows`,
        );
      }
      seen.push(row.label);
    }
    rows.push(row);
  }
  return rows;
}

interface Fields {
  text: string;
  label: string;
}

/**
 * The file's text in chunks, decoded strictly: invalid UTF-8 is an error naming
 * the line rather than U+FFFD characters silently reaching the tokenizer.
 */
async function* utf8Chunks(path: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let first = true;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      throw new DataFileError(
        'DATA_NOT_UTF8',
        path,
        line + badLineIn(bytes),
        'not valid UTF-8 text',
      );
    }
    // A byte-order mark is an encoding marker, not part of the first field's name.
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) line++;
    yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest.length > 0) yield rest;
  } catch {
    throw new DataFileError(
      'DATA_NOT_UTF8',
      path,
      line,
      'not valid UTF-8 text (the file ends mid-character)',
    );
  }
}

const NEWLINE = 0x0a;

/**
 * Which line of a chunk (0 for its first) holds invalid UTF-8; only runs on the
 * error path. A newline byte never occurs inside a multi-byte character, so each
 * line decodes on its own; the first line may start with the tail of a character
 * begun in the previous chunk, which is skipped.
 */
function badLineIn(bytes: Uint8Array): number {
  let start = 0;
  while (start < 3 && start < bytes.length && (bytes[start]! & 0xc0) === 0x80) start++;
  for (let index = 0; ; index++) {
    const end = bytes.indexOf(NEWLINE, start);
    const lineBytes = bytes.subarray(start, end === -1 ? bytes.length : end);
    try {
      // stream: a character cut by the chunk's end is not this line's fault.
      new TextDecoder('utf-8', { fatal: true }).decode(lineBytes, { stream: end === -1 });
    } catch {
      return index;
    }
    if (end === -1) return index;
    start = end + 1;
  }
}

async function* readJsonLines(
  source: AsyncIterable<string>,
  path: string,
  fields: Fields,
): AsyncGenerator<[LabelledText, number]> {
  let line = 0;
  let pending = '';
  const parseLine = (text: string): LabelledText | undefined => {
    line++;
    if (text.trim() === '') return undefined;
    const bad = (problem: string): never => {
      throw new DataFileError('DATA_BAD_ROW', path, line, problem);
    };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return bad(`not valid JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return bad(
        `expected a JSON object, got ${Array.isArray(value) ? 'an array' : String(value)}`,
      );
    }
    const record = value as Record<string, unknown>;
    return row(record[fields.text], record[fields.label], fields, bad);
  };
  for await (const chunk of source) {
    pending += chunk;
    let start = 0;
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n', start)) {
      const parsed = parseLine(pending.slice(start, end).replace(/\r$/, ''));
      if (parsed !== undefined) yield [parsed, line];
      start = end + 1;
    }
    pending = pending.slice(start);
  }
  const last = parseLine(pending.replace(/\r$/, ''));
  if (last !== undefined) yield [last, line];
}

async function* readDelimited(
  source: AsyncIterable<string>,
  path: string,
  format: 'csv' | 'tsv',
  fields: Fields,
): AsyncGenerator<[LabelledText, number]> {
  const parser = parse({
    delimiter: format === 'tsv' ? '\t' : ',',
    columns: true,
    info: true,
    skip_empty_lines: true,
    relax_quotes: format === 'tsv',
  });
  const feeding = pipeline(source, parser);
  // Errors also surface through the parser's iterator below; this keeps the
  // pipeline's own rejection from going unhandled.
  feeding.catch(() => {});
  // csv-parse tells on which line a record ends; a record starts after the
  // previous one's end and any empty lines skipped since.
  let lastEnd = 1;
  let lastEmpty = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string | undefined>;
      info: { lines: number; empty_lines: number; columns: { name: string }[] | boolean };
    }>) {
      const start = lastEnd + 1 + (info.empty_lines - lastEmpty);
      if (lastEnd === 1) checkHeader(info.columns, fields, path, format);
      const bad = (problem: string): never => {
        throw new DataFileError('DATA_BAD_ROW', path, start, problem);
      };
      yield [row(record[fields.text], record[fields.label], fields, bad), start];
      lastEnd = info.lines;
      lastEmpty = info.empty_lines;
    }
    await feeding;
  } catch (error) {
    if (error instanceof DataFileError) throw error;
    const csv = error as CsvError & { lines?: number };
    if (typeof csv.code === 'string' && csv.code.startsWith('CSV_')) {
      // Before any record, the header itself is at fault (line 1).
      const line =
        lastEnd === 1 && csv.code !== 'CSV_RECORD_INCONSISTENT_COLUMNS' ? 1 : lastEnd + 1;
      throw new DataFileError(
        'DATA_BAD_ROW',
        path,
        line,
        `not valid ${format.toUpperCase()}: ${csv.message}`,
      );
    }
    throw error;
  }
}

function checkHeader(
  columns: { name: string }[] | boolean,
  fields: Fields,
  path: string,
  format: 'csv' | 'tsv',
): void {
  if (!Array.isArray(columns)) return;
  const names = columns.map((c) => c.name);
  for (const [role, name] of [
    ['text', fields.text],
    ['label', fields.label],
  ] as const) {
    if (!names.includes(name)) {
      const option = role === 'text' ? '--text-field' : '--label-field';
      throw new DataFileError(
        'DATA_MISSING_FIELD',
        path,
        1,
        `the ${format.toUpperCase()} header has no "${name}" column for the ${role} (${option}); its columns are ${names.map((n) => `"${n}"`).join(', ')}`,
      );
    }
  }
}

function row(
  text: unknown,
  label: unknown,
  fields: Fields,
  bad: (problem: string) => never,
): LabelledText {
  if (text === undefined) return bad(`no "${fields.text}" field (the text; --text-field)`);
  if (typeof text !== 'string')
    return bad(`"${fields.text}" is not a string: ${JSON.stringify(text)}`);
  if (text.trim() === '') return bad(`empty text in "${fields.text}"`);
  if (label === undefined || label === null) {
    return bad(`no "${fields.label}" field (the label; --label-field)`);
  }
  if (typeof label !== 'string' && typeof label !== 'number' && typeof label !== 'boolean') {
    return bad(
      `"${fields.label}" must be a string, number or boolean, got ${JSON.stringify(label)}`,
    );
  }
  const name = String(label).trim();
  if (name === '') return bad(`empty label in "${fields.label}"`);
  return { text, label: name };
}
