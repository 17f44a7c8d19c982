// The real-browser test: Vite builds test-app/ (which imports this package's source),
// a loopback static server serves it with the models and ORT's wasm from one origin, and
// Debian's Chromium (headless, driven by playwright-core) classifies and explains.
// Results must equal the reference forward pass's within 1e-5 (fp32); figures are logged.
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { tokenize } from '@imdb-rnn/core';
import {
  buildTestModel,
  explanationDifference,
  PARITY_CASES,
  type TestModel,
} from '@imdb-rnn/export-onnx/testing';
import type { StaticServer } from '@imdb-rnn/test-support';
import {
  benchContext,
  benchRequested,
  hasChromium,
  launchChromium,
  serveStatic,
  writeBenchResult,
} from '@imdb-rnn/test-support';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const packageRoot = join(here, '..');

let browser: Browser;
let server: StaticServer;
let lstm: TestModel;
let appJsGzipBytes = 0;
let appJsBytes = 0;
let int8Bytes = 0;

async function buildApp(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'infer-web-app-'));
  await build({
    root: join(packageRoot, 'test-app'),
    configFile: false,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  });
  for (const file of readdirSync(join(outDir, 'assets'))) {
    if (!file.endsWith('.js')) continue;
    const bytes = readFileSync(join(outDir, 'assets', file));
    appJsBytes += bytes.length;
    appJsGzipBytes += gzipSync(bytes, { level: 9 }).length;
  }
  // The app serves ORT's runtime itself: no CDN, works offline.
  const ortDist = join(packageRoot, 'node_modules', 'onnxruntime-web', 'dist');
  mkdirSync(join(outDir, 'ort'));
  for (const file of ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs']) {
    copyFileSync(join(ortDist, file), join(outDir, 'ort', file));
  }
  mkdirSync(join(outDir, 'models'));
  writeFileSync(join(outDir, 'models', 'lstm-fp32.onnx'), lstm.onnx('fp32'));
  const int8 = lstm.onnx('int8');
  int8Bytes = int8.length;
  writeFileSync(join(outDir, 'models', 'lstm-int8.onnx'), int8);
  writeFileSync(join(outDir, 'models', 'not-a-model.onnx'), 'plain text, not ONNX');
  return outDir;
}

async function openPage(
  model: string,
): Promise<{ page: Page; foreign: string[]; close: () => Promise<void> }> {
  // A fresh context per page: an empty HTTP cache, so every load fetches the wasm and model.
  const context = await browser.newContext();
  const page = await context.newPage();
  const foreign: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(server.url)) foreign.push(request.url());
  });
  await page.goto(`${server.url}/?model=${model}`);
  await page.waitForFunction(() => 'imdb' in window || 'imdbError' in window, undefined, {
    timeout: 30_000,
  });
  const error = await page.evaluate(() => (window as unknown as { imdbError?: string }).imdbError);
  if (error) throw new Error(`the page failed: ${error}`);
  return { page, foreign, close: () => context.close() };
}

describe.skipIf(!hasChromium())('infer-web in Chromium', () => {
  beforeAll(async () => {
    lstm = buildTestModel('lstm', { referenceSize: true });
    server = await serveStatic(await buildApp());
    // gc() and precise heap sizes for the memory figures of the int8 test.
    browser = await launchChromium(['--js-flags=--expose-gc', '--enable-precise-memory-info']);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('fp32: classify (one and batched) agrees with the reference forward pass within 1e-5', async () => {
    const expected = lstm.probabilities(PARITY_CASES);
    const { page, foreign, close } = await openPage('lstm-fp32.onnx');
    const { single, batched, metadata } = await page.evaluate(async (cases) => {
      const { classifier } = (
        window as unknown as { imdb: { classifier: import('../src/index.js').Classifier } }
      ).imdb;
      const single = [];
      for (const text of cases) single.push(await classifier.classify(text));
      return { single, batched: await classifier.classify(cases), metadata: classifier.metadata };
    }, PARITY_CASES as string[]);
    PARITY_CASES.forEach((_, i) => {
      expect(Math.abs(single[i]!.score - expected[i]!), `case ${i}`).toBeLessThan(1e-5);
      expect(Math.abs(batched[i]!.score - expected[i]!), `batched case ${i}`).toBeLessThan(1e-5);
    });
    expect(metadata.spec.cell).toBe('lstm');
    expect(metadata.weights).toBe('fp32');
    expect(foreign).toEqual([]); // everything came from the app's own origin
    await close();
  }, 60_000);

  it('explain: contributions match the reference phrase-deletion log-odds', async () => {
    const text = 'The acting was superb, the plot dull! Still, I smiled.';
    const { page, close } = await openPage('lstm-fp32.onnx');
    const explanation = await page.evaluate(async (t) => {
      const { classifier } = (
        window as unknown as { imdb: { classifier: import('../src/index.js').Classifier } }
      ).imdb;
      return classifier.explain(t);
    }, text);
    expect(explanation.tokens).toHaveLength(14);
    const difference = explanationDifference(lstm, text, explanation);
    expect(difference.score).toBeLessThan(1e-5);
    expect(difference.contribution, difference.token).toBeLessThan(2e-5);
    await close();
  }, 60_000);

  it('int8: loads, 1,000 concurrent classify calls all succeed and agree; figures logged', async () => {
    const { page, close } = await openPage('lstm-int8.onnx');
    const review = PARITY_CASES.at(-1)!; // 181 tokens, near the IMDB median of 201
    const reviewTokens = tokenize(review).length;
    const figures = await page.evaluate(async (text) => {
      type W = {
        imdb: { classifier: import('../src/index.js').Classifier; firstPredictionAt: number };
        gc?: () => void;
      };
      const w = window as unknown as W;
      const { classifier } = w.imdb;
      const heap = () => {
        w.gc?.();
        return (
          (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory
            ?.usedJSHeapSize ?? -1
        );
      };
      for (let i = 0; i < 50; i++) await classifier.classify(text); // warm-up
      const latencies: number[] = [];
      const loopStart = performance.now();
      for (let i = 0; i < 200; i++) {
        const start = performance.now();
        await classifier.classify(text);
        latencies.push(performance.now() - start);
      }
      // The page is not cross-origin isolated, so performance.now() is coarsened to 0.1 ms:
      // the mean over the loop is the finer figure.
      const meanMs = (performance.now() - loopStart) / 200;
      const reference = await classifier.classify(text);
      const heapAfterRounds: number[] = [];
      let wrong = 0;
      for (let round = 0; round < 5; round++) {
        const texts = Array.from({ length: 1000 }, (_, i) => (i % 2 ? text : `${text} ${i}`));
        const results = await Promise.all(texts.map((t) => classifier.classify(t)));
        results.forEach((r, i) => {
          if (i % 2 && r.score !== reference.score) wrong++;
        });
        heapAfterRounds.push(heap());
      }
      latencies.sort((a, b) => a - b);
      return {
        firstPredictionAt: w.imdb.firstPredictionAt,
        medianMs: latencies[latencies.length >> 1]!,
        meanMs,
        p95Ms: latencies[Math.floor(latencies.length * 0.95)]!,
        wrong,
        heapAfterRounds,
      };
    }, review);
    expect(figures.wrong).toBe(0);
    const heapGrowth = figures.heapAfterRounds.at(-1)! - figures.heapAfterRounds[1]!;
    console.log(
      `[infer-web chromium] page load to first prediction (int8, ${(int8Bytes / 1e6).toFixed(2)} MB): ${figures.firstPredictionAt.toFixed(0)} ms; ` +
        `single-review latency (${reviewTokens} tokens, 1 thread, 200 calls): median ${figures.medianMs.toFixed(2)} ms, mean ${figures.meanMs.toFixed(3)} ms, p95 ${figures.p95Ms.toFixed(2)} ms; ` +
        `JS heap after each 1,000-call round: ${figures.heapAfterRounds.map((b) => (b / 1e6).toFixed(1)).join(', ')} MB; ` +
        `app JS: ${(appJsBytes / 1024).toFixed(1)} KiB minified, ${(appJsGzipBytes / 1024).toFixed(1)} KiB gzipped`,
    );
    if (benchRequested()) {
      // `pnpm bench`: the README's Figures block is copied from this file (sync-figures).
      const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
      await writeBenchResult(
        join(packageRoot, 'bench/results/chromium.md'),
        [
          `Headless Chromium ${browser.version()}, 1 WASM thread, loopback server; reference-size LSTM ` +
            `(vocabulary 20,002, embedding 100, hidden 10); ${benchContext()}.`,
          '',
          '| measure | figure |',
          '| --- | --- |',
          `| page load to first prediction, int8 model (${(int8Bytes / 1e6).toFixed(2)} MB) + 14 MB ORT wasm, empty cache, main thread | ${figures.firstPredictionAt.toFixed(0)} ms |`,
          `| one ${reviewTokens}-token review, 200 calls after 50 warm-up | median ${figures.medianMs.toFixed(2)} ms (Chromium coarsens \`performance.now()\` to 0.1 ms on a non-isolated page), mean ${figures.meanMs.toFixed(2)} ms, p95 ${figures.p95Ms.toFixed(2)} ms |`,
          `| JS that infer-web adds to an app (this package + core + ORT's wasm-only JS, minified by Vite, excluding the \`.wasm\`) | ${(appJsBytes / 1024).toFixed(1)} KiB, **${(appJsGzipBytes / 1024).toFixed(1)} KiB gzipped** |`,
          `| JS heap (\`performance.memory\`, precise, after gc) after each of 5 rounds of 1,000 concurrent calls | ${figures.heapAfterRounds.map(mb).join(', ')} MB |`,
          '',
        ].join('\n'),
      );
    }
    // Unbounded growth would add megabytes per round; allow noise, not a leak.
    expect(heapGrowth).toBeLessThan(8e6);
    await close();
  }, 120_000);

  it('onProgress reports the download; cache: true loads the model again with the network cut', async () => {
    const { page, close } = await openPage('lstm-int8.onnx');
    type W = { loadClassifier: typeof import('../src/index.js').loadClassifier };
    const first = await page.evaluate(async () => {
      const w = window as unknown as W;
      const events: { loaded: number; total: number | undefined; url: string }[] = [];
      const classifier = await w.loadClassifier('/models/lstm-int8.onnx', {
        cache: true,
        onProgress: (p) => events.push(p),
      });
      const { score } = await classifier.classify('A wonderful, moving film.');
      await classifier.dispose();
      return { events, score };
    });
    expect(first.events.length).toBeGreaterThan(1);
    const last = first.events.at(-1)!;
    expect(last.loaded).toBe(last.total);
    expect(last.url).toBe('/models/lstm-int8.onnx');
    await page.context().setOffline(true);
    const offline = await page.evaluate(async () => {
      const w = window as unknown as W;
      const outcome = (p: Promise<{ classify(t: string): Promise<{ score: number }> }>) =>
        p.then(
          async (c) => (await c.classify('A wonderful, moving film.')).score,
          (e: Error) => e.name,
        );
      return {
        cached: await outcome(w.loadClassifier('/models/lstm-int8.onnx', { cache: true })),
        uncached: await outcome(w.loadClassifier('/models/lstm-int8.onnx')),
      };
    });
    expect(offline.cached).toBe(first.score);
    expect(offline.uncached).toBe('ModelLoadError');
    await close();
  }, 120_000);

  it('bad model and bad input give typed errors in the page, never a hang', async () => {
    const { page, close } = await openPage('lstm-fp32.onnx');
    const outcomes = await page.evaluate(async () => {
      const w = window as unknown as {
        loadClassifier: typeof import('../src/index.js').loadClassifier;
        imdb: { classifier: import('../src/index.js').Classifier };
      };
      const name = (p: Promise<unknown>) =>
        p.then(
          () => 'resolved',
          (e: Error & { code?: string }) => `${e.name} ${e.code}: ${e.message}`,
        );
      return {
        missing: await name(w.loadClassifier('/models/missing.onnx')),
        notOnnx: await name(w.loadClassifier('/models/not-a-model.onnx')),
        notString: await name(w.imdb.classifier.classify(7 as unknown as string)),
        empty: await w.imdb.classifier.classify(''),
        unk: await w.imdb.classifier.classify('   '),
      };
    });
    expect(outcomes.missing).toMatch(
      /^ModelLoadError MODEL_LOAD_FAILED: \/models\/missing.onnx: HTTP 404/,
    );
    expect(outcomes.notOnnx).toMatch(/^ModelFormatError INVALID_MODEL: not an ONNX model/);
    expect(outcomes.notString).toMatch(/^InputError INVALID_INPUT: text: expected a string/);
    const [unk] = lstm.probabilities(['']);
    expect(Math.abs(outcomes.empty.score - unk!)).toBeLessThan(1e-5);
    expect(outcomes.unk).toEqual(outcomes.empty);
    await close();
  }, 60_000);
});
