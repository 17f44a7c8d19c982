import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // testing.ts is the ./testing subpath: test helpers kept out of the main entry.
    entry: ['src/index.ts', 'src/testing.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    // glove.ts resolves the wink package with import.meta.url; shims make that work in CJS too.
    shims: true,
  },
  {
    // The CLI is ESM only (top-level await); the shebang is kept by esbuild.
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    // An optional peer, imported only by `imdb-rnn classify` (which says what to
    // install when it is missing); bundling it would pull in onnxruntime-node.
    external: ['@imdb-rnn/infer-node'],
    sourcemap: true,
    target: 'es2022',
  },
]);
