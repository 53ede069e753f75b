import { defineConfig } from 'vitest/config';

// Live tests (file names with "live") exhaust real resources of this machine (inodes, pids, memory
// cgroups, accept queues, mount namespaces) or judge the whole machine: run beside each other they
// see each other's exhaustion. They run one file at a time, after the other tests.
const LIVE = 'test/**/*live*.test.ts';
const common = {
  setupFiles: ['test/setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  // Tests spawn the built CLI and mount filesystems; two cores here, keep the pool small.
  pool: 'forks',
};

export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      { test: { ...common, name: 'unit', include: ['test/**/*.test.ts'], exclude: [LIVE], sequence: { groupOrder: 0 } } },
      { test: { ...common, name: 'live', include: [LIVE], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
