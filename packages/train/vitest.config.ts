import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Tests assert results, not speed: vitest's default 5 s timed out a 3.6 s
    // test on a CI machine whose hypervisor took a quarter of the CPU.
    testTimeout: 60_000,
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    // The JSON report is what .ci/run adds up into its `N passed, N failed` line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
