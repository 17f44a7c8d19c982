import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
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
    sourcemap: true,
    target: 'es2022',
  },
]);
