import { defineConfig } from 'vitest/config';

// `pnpm bench` (classify throughput) and `pnpm bench:load` (60 s under concurrent load) print
// their figures; neither is part of `pnpm test`.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    reporters: ['default'],
    // Lets the memory measurement collect garbage before reading heapUsed.
    execArgv: ['--expose-gc'],
  },
});
