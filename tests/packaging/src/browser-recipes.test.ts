// infer-web's "Recipe: webpack 5" and "Recipe: no bundler" (docs and README show these fixture
// files): one project installs @imdb-rnn/infer-web and @imdb-rnn/models from their tarballs;
// webpack 5 (this workspace's, through its Node API) bundles fixtures/webpack-app, and
// fixtures/import-map-app is served unbundled from the project with its node_modules. Each
// page imports @imdb-rnn/models/lstm, loads the model by the name 'lstm', classifies in a
// Web Worker in Chromium, and ships (webpack: emits; import map: requests) no other model.
import { cpSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { StaticServer } from '@imdb-rnn/test-support';
import { hasChromium, launchChromium, serveStatic } from '@imdb-rnn/test-support';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import webpack, { type Configuration } from 'webpack';
import { modelsShipped, runApp } from './browser-app.js';
import { createNpmProject, type NpmProject } from './npm-project.js';
import { FIXTURES } from './workspace.js';

const context = inject('packaging');
let project: NpmProject;
let lstm: Buffer;
let stats: webpack.Stats;

async function webpackBuild(configFile: string): Promise<webpack.Stats> {
  const config = ((await import(configFile)) as { default: Configuration }).default;
  return new Promise((resolve, reject) => {
    webpack(config, (error, stats) => {
      if (error) reject(error);
      else if (!stats || stats.hasErrors()) reject(new Error(stats?.toString('errors-only')));
      else resolve(stats);
    });
  });
}

beforeAll(async () => {
  project = await createNpmProject(context, {
    name: 'browser-recipes',
    packages: ['infer-web', 'models'],
    copyFrom: join(FIXTURES, 'webpack-app'),
  });
  cpSync(join(FIXTURES, 'import-map-app'), join(project.dir, 'import-map'), { recursive: true });
  lstm = readFileSync(join(project.dir, 'node_modules/@imdb-rnn/models/dist/lstm.int8.onnx'));
  console.log(`npm install (infer-web + models): ${(project.installMs / 1000).toFixed(1)} s`);
  const start = performance.now();
  stats = await webpackBuild(join(project.dir, 'webpack.config.mjs'));
  console.log(`webpack build: ${((performance.now() - start) / 1000).toFixed(1)} s`);
});

describe('the webpack 5 recipe and the import map page', () => {
  it('emits the worker, ORT wasm and only the model the app names', () => {
    const assets = stats.toJson({ assets: true }).assets ?? [];
    console.log(
      `webpack dist: ${assets.map((a) => `${a.name} (${(a.size / 1024).toFixed(0)} KiB)`).join(', ')}`,
    );
    const models = modelsShipped(join(project.dir, 'dist'));
    expect(models).toHaveLength(1);
    expect(readFileSync(models[0]!).equals(lstm), 'the emitted file is lstm.int8.onnx').toBe(true);
    expect(assets.filter((a) => a.name.endsWith('.wasm'))).toHaveLength(1);
    for (const asset of assets.filter((a) => a.name.endsWith('.js'))) {
      const text = readFileSync(join(project.dir, 'dist', asset.name), 'utf8');
      expect(text, asset.name).not.toContain('onnxruntime-node');
    }
  });

  describe.skipIf(!hasChromium())('in Chromium', () => {
    let browser: Browser;
    let server: StaticServer;

    beforeAll(async () => {
      server = await serveStatic(project.dir);
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it("classifies a positive and a negative review in a worker, by the name 'lstm'", async () => {
      const { predictions, requests } = await runApp(browser, `${server.url}/index.html`);
      expect(predictions.map((p) => p.label)).toEqual(['positive', 'negative']);
      for (const p of predictions) expect(p.confidence).toBeGreaterThan(0.8);
      expect(requests.filter((url) => !url.startsWith(server.url))).toEqual([]);
      const models = requests.filter((url) => url.endsWith('.onnx'));
      expect(models).toHaveLength(1);
      expect(models[0]).toMatch(/\/dist\/[\w-]+\.onnx$/);
      expect(requests.filter((url) => url.endsWith('.wasm'))).toHaveLength(1);
    });

    it("classifies with the import map page (no bundler), by the name 'lstm', requesting only that model", async () => {
      const { predictions, requests } = await runApp(
        browser,
        `${server.url}/import-map/index.html`,
      );
      expect(predictions.map((p) => p.label)).toEqual(['positive', 'negative']);
      expect(requests.filter((url) => url.endsWith('.onnx')).map((url) => basename(url))).toEqual([
        'lstm.int8.onnx',
      ]);
      expect(requests).toContain(
        `${server.url}/node_modules/@imdb-rnn/infer-web/dist/classifier-worker.standalone.js`,
      );
    });
  });
});
