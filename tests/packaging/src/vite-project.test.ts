// A stranger's Vite app that depends on nothing but the @imdb-rnn/infer-web tarball (npm takes
// @imdb-rnn/core from its tarball through `overrides`), set up as infer-web's README says (plus a copy of ORT's runtime in public/ort for the wasmPaths case):
// it must build without any trace of onnxruntime-node or a native binding, and classify in Chromium.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { StaticServer } from '@imdb-rnn/test-support';
import { hasChromium, launchChromium, serveStatic } from '@imdb-rnn/test-support';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createNpmProject, type NpmProject } from './npm-project.js';
import { runChecked } from './run-command.js';
import { DOCS_LSTM_INT8, FIXTURES, REPO_ROOT } from './workspace.js';

// The Vite major infer-web itself is tested with.
const VITE_VERSION = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'packages/infer-web/package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  }
).devDependencies.vite!;

const context = inject('packaging');
let project: NpmProject;
let dist: string;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

beforeAll(async () => {
  project = await createNpmProject(context, {
    name: 'vite',
    packages: ['infer-web'],
    devDependencies: { vite: VITE_VERSION },
    scripts: { build: 'vite build' },
    copyFrom: join(FIXTURES, 'vite-app'),
  });
  console.log(
    `npm install (vite project, infer-web + vite): ${(project.installMs / 1000).toFixed(1)} s`,
  );
  // The app serves the model from its own public/, and a copy of ORT's runtime there for the wasmPaths case.
  const ortDist = join(project.dir, 'node_modules/onnxruntime-web/dist');
  mkdirSync(join(project.dir, 'public/ort'), { recursive: true });
  mkdirSync(join(project.dir, 'public/models'), { recursive: true });
  for (const file of ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs']) {
    copyFileSync(join(ortDist, file), join(project.dir, 'public/ort', file));
  }
  copyFileSync(DOCS_LSTM_INT8, join(project.dir, 'public/models/lstm-int8.onnx'));
  const build = await runChecked('npm', ['run', 'build'], { cwd: project.dir, env: project.env });
  console.log(`vite build: ${(build.ms / 1000).toFixed(1)} s`);
  dist = join(project.dir, 'dist');
});

describe('a Vite app built from the infer-web tarball', () => {
  it('installs @imdb-rnn/infer-web and core only, and no onnxruntime-node', () => {
    const installed = readdirSync(join(project.dir, 'node_modules/@imdb-rnn')).sort();
    expect(installed).toEqual(['core', 'infer-web']);
    expect(existsSync(join(project.dir, 'node_modules/onnxruntime-node'))).toBe(false);
    expect(existsSync(join(project.dir, 'node_modules/onnxruntime-web'))).toBe(true);
  });

  it('builds a dist with no onnxruntime-node, no native .node file and no require() of it', () => {
    const files = filesUnder(dist);
    expect(files.filter((f) => f.endsWith('.node'))).toEqual([]);
    let jsBytes = 0;
    let jsGzip = 0;
    let totalBytes = 0;
    for (const file of files) {
      const bytes = readFileSync(file);
      totalBytes += bytes.length;
      if (!['.js', '.mjs', '.html'].includes(extname(file))) continue;
      const text = bytes.toString('utf8');
      expect(text, relative(dist, file)).not.toContain('onnxruntime-node');
      expect(text, relative(dist, file)).not.toMatch(/require\(\s*["'`]onnxruntime/);
      if (file.startsWith(join(dist, 'assets')) && file.endsWith('.js')) {
        jsBytes += bytes.length;
        jsGzip += gzipSync(bytes, { level: 9 }).length;
      }
    }
    expect(jsBytes).toBeGreaterThan(0);
    console.log(
      `vite app: bundled JS ${(jsBytes / 1024).toFixed(1)} KiB (${(jsGzip / 1024).toFixed(1)} KiB gzipped); ` +
        `dist ${(totalBytes / 2 ** 20).toFixed(1)} MiB in ${files.length} files: ` +
        files.map((f) => relative(dist, f)).join(', '),
    );
  });

  describe.skipIf(!hasChromium())('in Chromium', () => {
    let browser: Browser;
    let server: StaticServer;

    beforeAll(async () => {
      server = await serveStatic(dist);
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    /** Opens the app, waits for its predictions; returns them, the requests and the load time. */
    async function classifyInPage(query: string) {
      const page = await (await browser.newContext()).newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(`${server.url}/${query}`);
      const output = page.locator('#result[data-state]');
      await output.waitFor({ timeout: 60_000 });
      const text = (await output.textContent()) ?? '';
      expect(await output.getAttribute('data-state'), text).toBe('done');
      const ms = await output.getAttribute('data-ms');
      await page.context().close();
      return { predictions: JSON.parse(text) as { label: string; score: number }[], requests, ms };
    }

    it('classifies a positive and a negative review with wasmPaths pointing at its own /ort/ copy', async () => {
      const { predictions, requests, ms } = await classifyInPage('');
      expect(predictions.map((p) => p.label)).toEqual(['positive', 'negative']);
      expect(predictions[0]!.score).toBeGreaterThan(0.8);
      expect(predictions[1]!.score).toBeLessThan(0.2);
      expect(requests.filter((url) => !url.startsWith(server.url))).toEqual([]);
      expect(requests.filter((url) => url.endsWith('.wasm'))).toEqual([
        `${server.url}/ort/ort-wasm-simd-threaded.wasm`,
      ]);
      console.log(`chromium: first predictions ${ms} ms after navigation`);
    });

    it('classifies with the README setup (no wasmPaths), loading the wasm Vite emitted into assets/', async () => {
      const { predictions, requests } = await classifyInPage('?default-wasm');
      expect(predictions.map((p) => p.label)).toEqual(['positive', 'negative']);
      const wasm = requests.filter((url) => url.endsWith('.wasm'));
      expect(wasm).toHaveLength(1);
      expect(wasm[0]).toMatch(/\/assets\/ort-wasm-simd-threaded-[\w-]+\.wasm$/);
    });
  });
});
