import { defineConfig } from 'vitest/config';

// No TF.js in this process: the consumer runs in child processes, so no backend preset is needed.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], testTimeout: 240_000, hookTimeout: 240_000, pool: 'forks' },
});
