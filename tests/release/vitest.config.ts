import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Each test copies the workspace manifests and runs the changesets CLI a few
    // times; on a loaded 2-core CI machine 5 s is too tight.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The JSON report is what .ci/run adds up into its `N passed, N failed` line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
