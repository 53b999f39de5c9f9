import { defineConfig } from 'vitest/config';

// The studio's tests drive Chromium against a real `genmodels studio` server (test/studio.test.ts).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
