import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  buildTestModel,
  explanationDifference,
  PARITY_CASES,
  type TestModel,
} from '@imdb-rnn/export-onnx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClassifierDisposedError,
  InputError,
  loadClassifier,
  MetadataError,
  ModelFormatError,
  ModelLoadError,
} from './index.js';

const ARCHS = ['rnn', 'gru', 'lstm', 'bilstm'] as const;
const models = new Map<string, TestModel>();
const dir = mkdtempSync(join(tmpdir(), 'infer-node-'));
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  for (const arch of ARCHS) models.set(arch, buildTestModel(arch));
  const lstm = models.get('lstm')!.onnx();
  server = createServer((request, response) => {
    if (request.url === '/never-answers.onnx') return; // leaves the request hanging
    if (request.url === '/lstm.onnx') {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(lstm);
    } else {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

describe('infer-node agrees with the reference forward pass', () => {
  for (const arch of ARCHS) {
    it(`${arch} fp32: classify and classify([]) give the reference probabilities within 1e-5`, async () => {
      const model = models.get(arch)!;
      const expected = model.probabilities(PARITY_CASES);
      const classifier = await loadClassifier(model.onnx(), { batchSize: 4 });
      const batched = await classifier.classify(PARITY_CASES);
      for (let i = 0; i < PARITY_CASES.length; i++) {
        const single = await classifier.classify(PARITY_CASES[i]!);
        expect(Math.abs(single.score - expected[i]!), `case ${i}`).toBeLessThan(1e-5);
        expect(Math.abs(batched[i]!.score - expected[i]!), `batched case ${i}`).toBeLessThan(1e-5);
        expect(single.label).toBe(single.logit >= 0 ? 'positive' : 'negative');
      }
      await classifier.dispose();
    });
  }

  it('int8 and fp16 models stay close to the reference forward pass', async () => {
    const model = models.get('bilstm')!;
    const expected = model.probabilities(PARITY_CASES);
    for (const [weights, tolerance] of [
      ['fp16', 2e-3],
      ['int8', 2e-2],
    ] as const) {
      const classifier = await loadClassifier(model.onnx(weights));
      expect(classifier.metadata.weights).toBe(weights);
      const results = await classifier.classify(PARITY_CASES);
      results.forEach((r, i) => {
        expect(Math.abs(r.score - expected[i]!), `${weights} case ${i}`).toBeLessThan(tolerance);
      });
      await classifier.dispose();
    }
  });

  it('explain: each contribution is the reference logit of its 5-token-each-side phrase minus that phrase without it', async () => {
    const model = models.get('lstm')!;
    const classifier = await loadClassifier(model.onnx());
    // 14 tokens, so the first and last phrases are clipped and the middle ones are not.
    const text = 'The acting was superb, the plot dull! Still, I smiled.';
    const explanation = await classifier.explain(text);
    expect(explanation.tokens).toHaveLength(14);
    const difference = explanationDifference(model, text, explanation);
    expect(difference.score).toBeLessThan(1e-5);
    expect(difference.contribution, difference.token).toBeLessThan(2e-5);
    await classifier.dispose();
  });
});

// Pooling over time (core's 'last-max-mean'): the ONNX graph's masked max and mean
// against the reference forward pass, in every weight format, and explain on top.
describe('infer-node agrees with the reference forward pass with last-max-mean pooling', () => {
  const pooled = new Map<string, TestModel>();
  const model = (arch: (typeof ARCHS)[number]): TestModel => {
    if (!pooled.has(arch)) pooled.set(arch, buildTestModel(arch, { pooling: 'last-max-mean' }));
    return pooled.get(arch)!;
  };

  it.each(ARCHS)('%s fp32: the reference probabilities within 1e-5', async (arch) => {
    const expected = model(arch).probabilities(PARITY_CASES);
    const classifier = await loadClassifier(model(arch).onnx(), { batchSize: 4 });
    const results = await classifier.classify(PARITY_CASES);
    results.forEach((r, i) => {
      expect(Math.abs(r.score - expected[i]!), `case ${i}`).toBeLessThan(1e-5);
    });
    await classifier.dispose();
  });

  it('bilstm int8 and fp16 stay close to the reference forward pass', async () => {
    const expected = model('bilstm').probabilities(PARITY_CASES);
    for (const [weights, tolerance] of [
      ['fp16', 2e-3],
      ['int8', 2e-2],
    ] as const) {
      const classifier = await loadClassifier(model('bilstm').onnx(weights));
      const results = await classifier.classify(PARITY_CASES);
      results.forEach((r, i) => {
        expect(Math.abs(r.score - expected[i]!), `${weights} case ${i}`).toBeLessThan(tolerance);
      });
      await classifier.dispose();
    }
  });

  it('bilstm explain: contributions are reference phrase logits minus the phrase without the token', async () => {
    const classifier = await loadClassifier(model('bilstm').onnx());
    const text = 'The acting was superb, the plot dull! Still, I smiled.';
    const explanation = await classifier.explain(text);
    const difference = explanationDifference(model('bilstm'), text, explanation);
    expect(difference.score).toBeLessThan(1e-5);
    expect(difference.contribution, difference.token).toBeLessThan(2e-5);
    await classifier.dispose();
  });
});

describe('concurrency', () => {
  it('1,000 concurrent classify calls on one classifier all succeed with their own result', async () => {
    const classifier = await loadClassifier(models.get('bilstm')!.onnx());
    const texts = Array.from({ length: 1000 }, (_, i) => PARITY_CASES[i % PARITY_CASES.length]!);
    const batched = await classifier.classify(texts);
    const concurrent = await Promise.all(texts.map((text) => classifier.classify(text)));
    concurrent.forEach((result, i) => {
      expect(Math.abs(result.score - batched[i]!.score), `call ${i}`).toBeLessThan(1e-6);
    });
    await classifier.dispose();
  });
});

describe('loadClassifier sources', () => {
  it('loads from a path, a file: URL, an http URL and a Response, with the metadata', async () => {
    const bytes = models.get('lstm')!.onnx();
    const path = join(dir, 'lstm.onnx');
    writeFileSync(path, bytes);
    const sources = [
      path,
      pathToFileURL(path),
      pathToFileURL(path).href,
      `${baseUrl}/lstm.onnx`,
      new URL(`${baseUrl}/lstm.onnx`),
      new Response(bytes),
      bytes.slice().buffer,
    ];
    const reference = await (await loadClassifier(bytes)).classify('A wonderful film');
    for (const source of sources) {
      const classifier = await loadClassifier(source);
      expect(classifier.metadata.spec.cell).toBe('lstm');
      expect(classifier.metadata.vocabSize).toBe(models.get('lstm')!.vocab.size);
      expect(classifier.metadata.accuracy).toBe(0.5);
      expect(classifier.metadata.name).toBe('test-lstm');
      expect(await classifier.classify('A wonderful film')).toEqual(reference);
      await classifier.dispose();
    }
  });
});

describe('bad input gives a typed error or a defined result', () => {
  it('a URL that 404s: ModelLoadError naming the URL and status', async () => {
    const load = loadClassifier(`${baseUrl}/missing.onnx`);
    await expect(load).rejects.toThrow(ModelLoadError);
    await expect(loadClassifier(`${baseUrl}/missing.onnx`)).rejects.toThrow(
      `${baseUrl}/missing.onnx: HTTP 404`,
    );
  });

  it('a server that never answers: an abort signal ends the load with ModelLoadError', async () => {
    const load = loadClassifier(`${baseUrl}/never-answers.onnx`, {
      signal: AbortSignal.timeout(300),
    });
    await expect(load).rejects.toThrow(ModelLoadError);
  });

  it('a missing file or a directory: ModelLoadError', async () => {
    await expect(loadClassifier(join(dir, 'nope.onnx'))).rejects.toThrow('no such file');
    await expect(loadClassifier(dir)).rejects.toThrow('is a directory');
  });

  it('a non-ONNX file: ModelFormatError', async () => {
    const path = join(dir, 'reviews.onnx');
    writeFileSync(path, 'this is a text file, not a model\n');
    await expect(loadClassifier(path)).rejects.toThrow(ModelFormatError);
    await expect(loadClassifier(new Uint8Array(0))).rejects.toThrow(ModelFormatError);
  });

  it('an ONNX file without our metadata: ModelFormatError saying so', async () => {
    const bytes = models.get('rnn')!.onnx();
    const stripped = stripMetadata(bytes);
    await expect(loadClassifier(stripped)).rejects.toThrow('no "imdb-rnn" entry in metadata_props');
  });

  it('a model of an unknown format version: MetadataError on metadata.formatVersion', async () => {
    const artifact = buildTestModel('rnn', { embeddingSize: 4, hiddenSize: 3 });
    const bytes = artifact.onnx();
    const json = new TextEncoder().encode('"formatVersion":1');
    const at = indexOf(bytes, json);
    expect(at).toBeGreaterThan(0);
    const newer = bytes.slice();
    newer[at + json.length - 1] = '9'.charCodeAt(0);
    const load = loadClassifier(newer);
    await expect(load).rejects.toThrow(MetadataError);
    await expect(loadClassifier(newer)).rejects.toThrow('metadata.formatVersion');
  });

  it('non-string input: InputError; empty review: the single-<unk> score', async () => {
    const model = models.get('gru')!;
    const classifier = await loadClassifier(model.onnx());
    await expect(classifier.classify(42 as unknown as string)).rejects.toThrow(InputError);
    await expect(classifier.classify([null] as unknown as string[])).rejects.toThrow('texts[0]');
    const [unk] = model.probabilities(['']);
    const empty = await classifier.classify('');
    expect(Math.abs(empty.score - unk!)).toBeLessThan(1e-5);
    expect(await classifier.classify('  \n ')).toEqual(empty);
    await classifier.dispose();
    await expect(classifier.classify('x')).rejects.toThrow(ClassifierDisposedError);
  });

  it('a 1 MB review is classified (agreeing with the maxLength-truncated reference when truncated)', async () => {
    const model = models.get('lstm')!;
    const huge = `${PARITY_CASES[0]} `.repeat(Math.ceil(1_000_000 / (PARITY_CASES[0]!.length + 1)));
    const classifier = await loadClassifier(model.onnx(), { maxLength: 500 });
    const result = await classifier.classify(huge);
    const [expected] = model.probabilities([huge], 500);
    expect(Math.abs(result.score - expected!)).toBeLessThan(1e-5);
    await classifier.dispose();
    const full = await loadClassifier(model.onnx());
    expect(Number.isFinite((await full.classify(huge)).logit)).toBe(true);
    await full.dispose();
  }, 60_000);
});

/** Drops ModelProto field 14 (metadata_props) entries: a valid ONNX model that is not ours. */
function stripMetadata(bytes: Uint8Array): Uint8Array {
  const kept: Uint8Array[] = [];
  let at = 0;
  const varint = () => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  };
  while (at < bytes.length) {
    const start = at;
    const tag = varint();
    const wire = tag % 8;
    if (wire === 0) varint();
    else if (wire === 2) {
      const length = varint(); // read before `at` is used: the read moves it
      at += length;
    } else throw new Error(`unexpected wire type ${wire}`);
    if (Math.floor(tag / 8) !== 14) kept.push(bytes.subarray(start, at));
  }
  const out = new Uint8Array(kept.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of kept) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
