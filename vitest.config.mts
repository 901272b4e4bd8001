import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': import.meta.dirname,
      // Server modules are marked `import 'server-only'` (it throws outside Next's server build): tests run server-side.
      'server-only': path.join(import.meta.dirname, 'node_modules/server-only/empty.js'),
    },
  },
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
