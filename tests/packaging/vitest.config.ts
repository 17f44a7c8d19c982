import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Packs all five packages once; every test file installs the tarballs it needs.
    globalSetup: ['src/pack-tarballs.ts'],
    // The test files mostly wait on npm, Deno and Chromium, so they install and run side by side
    // even on two cores.
    maxWorkers: 3,
    // npm installs from the registry take tens of seconds, minutes on a loaded machine.
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // The JSON report is what .ci/run adds up into its `N passed, N failed` line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
