import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFileError } from '../errors';
import { labelledFileFormat, readLabelledFile } from './labelled-file';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'labelled-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** The DataFileError reading `path` throws (fails the test if none). */
async function errorOf(path: string, options = {}): Promise<DataFileError> {
  const error = await readLabelledFile(path, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataFileError);
  return error as DataFileError;
}

describe('readLabelledFile: CSV and TSV', () => {
  it('reads a header row, quoted fields with commas, quotes and line breaks, a BOM and CRLF', async () => {
    const path = await file(
      'reviews.csv',
      '\ufeffid,text,label\r\n1,"Loved it, truly.",spam\r\n2,"He said ""meh""\nand left",ham\r\n\r\n3,plain, ham \r\n',
    );
    expect(await readLabelledFile(path)).toEqual([
      { text: 'Loved it, truly.', label: 'spam' },
      { text: 'He said "meh"\nand left', label: 'ham' },
      { text: 'plain', label: 'ham' },
    ]);
  });

  it('reads TSV, including quotes inside unquoted fields, with other field names', async () => {
    const path = await file('reviews.tsv', 'body\tstars\nA "great" film\t5\n"tab\tinside"\t1\n');
    expect(await readLabelledFile(path, { textField: 'body', labelField: 'stars' })).toEqual([
      { text: 'A "great" film', label: '5' },
      { text: 'tab\tinside', label: '1' },
    ]);
  });

  it('names the file and the line where a bad row starts', async () => {
    const multiLine = await file('bad.csv', 'text,label\n"one\ntwo",a\nthree,b,extra\n');
    const e = await errorOf(multiLine);
    expect(e.code).toBe('DATA_BAD_ROW');
    expect([e.file, e.line]).toEqual([multiLine, 4]);
    expect(e.message).toMatch(/bad\.csv:4: not valid CSV: .*columns length is 2, got 3/);

    const quote = await file('quote.csv', 'text,label\ngood,a\n"unterminated,b\n');
    expect((await errorOf(quote)).message).toMatch(/quote\.csv:3: not valid CSV: Quote Not Closed/);
  });

  it('refuses an empty text or label, naming the line', async () => {
    const path = await file('empty.csv', 'text,label\nfine,a\n  ,b\n');
    expect((await errorOf(path)).message).toBe(`${path}:3: empty text in "text"`);
    const label = await file('empty-label.csv', 'text,label\nfine,a\nalso fine,\n');
    expect((await errorOf(label)).message).toBe(`${label}:3: empty label in "label"`);
  });

  it('refuses a header without the text or label column, listing the columns it has', async () => {
    const path = await file('header.csv', 'review,sentiment\nfine,a\n');
    const e = await errorOf(path, { labelField: 'sentiment' });
    expect(e.code).toBe('DATA_MISSING_FIELD');
    expect(e.message).toBe(
      `${path}:1: the CSV header has no "text" column for the text (--text-field); its columns are "review", "sentiment"`,
    );
  });

  it('refuses a third label value at its line', async () => {
    const path = await file('three.csv', 'text,label\na,x\nb,y\nc,x\nd,z\n');
    const e = await errorOf(path);
    expect(e.code).toBe('DATA_LABELS');
    expect(e.message).toMatch(/three\.csv:5: a third label value "z" after "x" and "y"/);
  });

  it('refuses a label outside `labels` (a test file with labels training never saw)', async () => {
    const path = await file('test.csv', 'text,label\na,spam\nb,eggs\n');
    expect((await errorOf(path, { labels: ['ham', 'spam'] })).message).toBe(
      `${path}:3: label "eggs" is not one of the training data's labels, "ham" and "spam"`,
    );
  });
});

describe('readLabelledFile: JSONL', () => {
  it('reads one object per line; numbers and booleans as labels; blank lines skipped', async () => {
    const path = await file(
      'reviews.jsonl',
      '{"text":"Great","label":1}\n\n{"text":"Awful","label":0,"extra":true}\r\n{"text":"ok","label":" 1 "}',
    );
    expect(await readLabelledFile(path)).toEqual([
      { text: 'Great', label: '1' },
      { text: 'Awful', label: '0' },
      { text: 'ok', label: '1' },
    ]);
  });

  it('names the line of invalid JSON, a non-object, a missing field or a wrong type', async () => {
    const cases: [string, RegExp][] = [
      ['{"text":"a","label":"x"}\n{"text": "b", "label": \n', /:2: not valid JSON/],
      ['{"text":"a","label":"x"}\n\n["b","x"]\n', /:3: expected a JSON object, got an array/],
      [
        '{"text":"a","label":"x"}\n{"body":"b","label":"x"}\n',
        /:2: no "text" field \(the text; --text-field\)/,
      ],
      ['{"text":"a","label":null}\n', /:1: no "label" field/],
      ['{"text":7,"label":"x"}\n', /:1: "text" is not a string: 7/],
      ['{"text":"a","label":{"v":1}}\n', /:1: "label" must be a string, number or boolean/],
    ];
    for (const [i, [content, message]] of cases.entries()) {
      const path = await file(`bad-${i}.jsonl`, content);
      const e = await errorOf(path);
      expect(e.code).toBe('DATA_BAD_ROW');
      expect(e.message).toMatch(message);
    }
  });

  it('reads a file larger than one stream chunk, lines split across chunks', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ text: `review ${i} ${'word '.repeat(20)}`, label: i % 2 ? 'b' : 'a' }),
    );
    const path = await file('large.jsonl', `${lines.join('\n')}\n`);
    const rows = await readLabelledFile(path);
    expect(rows).toHaveLength(3000);
    expect(rows[2999]).toEqual({ text: `review 2999 ${'word '.repeat(20)}`, label: 'b' });
  });
});

describe('readLabelledFile: the file itself', () => {
  it('refuses invalid UTF-8, naming the line', async () => {
    const bytes = new TextEncoder().encode('text,label\ngood,a\nbad \u00e9,b\n');
    const at = bytes.indexOf(0xc3);
    const broken = Uint8Array.from(bytes);
    broken[at + 1] = 0x28; // 0xc3 0x28: a lead byte without its continuation
    const e = await errorOf(await file('latin.csv', broken));
    expect(e.code).toBe('DATA_NOT_UTF8');
    expect(e.message).toMatch(/latin\.csv:3: not valid UTF-8 text/);
  });

  it('refuses a missing path and an unknown extension', async () => {
    const missing = await errorOf(join(dir, 'nope.csv'));
    expect([missing.code, missing.line]).toEqual(['DATA_MISSING_FILE', undefined]);
    const xlsx = await errorOf(await file('sheet.xlsx', 'x'));
    expect(xlsx.code).toBe('DATA_UNKNOWN_FORMAT');
    expect(xlsx.message).toMatch(/expected one of \.csv, \.tsv, \.jsonl, \.ndjson/);
  });

  it('knows formats by extension, case-insensitively; IMDB archives are none of them', () => {
    expect(labelledFileFormat('a/B.CSV')).toBe('csv');
    expect(labelledFileFormat('x.tsv')).toBe('tsv');
    expect(labelledFileFormat('x.ndjson')).toBe('jsonl');
    expect(labelledFileFormat('aclImdb_v1.tar.gz')).toBeUndefined();
    expect(labelledFileFormat('aclImdb')).toBeUndefined();
  });
});
