import { defineConfig } from 'vitest/config';

// On-demand parity of a trained model (src/*.harness.ts); not part of `pnpm test`.
export default defineConfig({
  test: {
    include: ['src/**/*.harness.ts'],
    testTimeout: 600_000,
  },
});
