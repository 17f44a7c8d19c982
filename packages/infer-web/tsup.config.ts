import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The package's two entries: the main-thread API and `./worker`.
    entry: ['src/index.ts', 'src/worker.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    // CommonJS has no import.meta: worker.cjs then refuses to guess its worker's URL.
    esbuildOptions(options, { format }) {
      if (format === 'cjs') options.define = { ...options.define, 'import.meta.url': 'undefined' };
    },
  },
  {
    // The worker's own script, found by worker.js through `new URL('./classifier-worker.js',
    // import.meta.url)`: bundlers follow its bare imports (and ORT's wasm URL) themselves.
    entry: ['src/classifier-worker.ts'],
    format: ['esm'],
    sourcemap: true,
    target: 'es2022',
  },
  {
    // The same script with comlink, core and ORT's JS inside, for pages without a bundler:
    // a module worker does not see the page's import map, so it must have no bare imports.
    // ORT's wasm is not inside: such a page sets `wasmPaths`.
    entry: { 'classifier-worker.standalone': 'src/classifier-worker.ts' },
    format: ['esm'],
    noExternal: [/.*/],
    platform: 'browser',
    minify: true,
    target: 'es2022',
  },
]);
