import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': import.meta.dirname } },
  test: {
    include: ['lib/**/*.test.ts', 'app/**/*.test.ts', 'scripts/**/*.test.ts', 'components/**/*.test.ts?(x)'],
    environment: 'node',
    // One throwaway embedded PostgreSQL for the whole run (see vitest.global-setup.ts).
    globalSetup: ['./vitest.global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One file at a time: the load-engine accuracy tests measure milliseconds on a 2-core machine.
    fileParallelism: false,
  },
});
