import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Browser and built-site tests start servers and Chromium.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The JSON report is what .ci/run adds up into its `N passed, N failed` line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
