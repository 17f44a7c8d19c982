import { defineConfig } from 'tsup';
import { MODEL_NAMES } from './src/model-names.js';

export default defineConfig({
  // One entry per model, so an app that imports `@imdb-rnn/models/best` makes its
  // bundler emit best.int8.onnx and no other model.
  entry: ['src/index.ts', ...MODEL_NAMES.map((name) => `src/${name}.ts`)],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: false,
  clean: true,
  splitting: false,
  target: 'es2022',
  // The CJS build needs import.meta.url, which esbuild shims from __filename.
  shims: true,
  // assets/ holds the model files and models.json; they ship beside the modules that name them.
  publicDir: 'assets',
});
