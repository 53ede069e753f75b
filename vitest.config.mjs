import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests spawn the built CLI and mount filesystems; two cores here, keep the pool small.
    pool: 'forks',
    maxWorkers: 2,
  },
});
