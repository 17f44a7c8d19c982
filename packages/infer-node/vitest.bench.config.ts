import { defineConfig } from 'vitest/config';

// `pnpm bench`: the benchmark prints its figures; it is not part of `pnpm test`.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    reporters: ['default'],
    // Lets the memory measurement collect garbage before reading heapUsed.
    execArgv: ['--expose-gc'],
  },
});
