// Shared vitest preset for genmodels packages. Usage in a package's vitest.config.ts:
//   import { genmodelsVitestConfig } from '@genmodels/vitest-config';
//   export default genmodelsVitestConfig();
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const setupFile = fileURLToPath(new URL('./setup.js', import.meta.url));

/**
 * @param {{ testTimeout?: number, include?: string[], extraSetupFiles?: string[] }} [options]
 */
export function genmodelsVitestConfig(options = {}) {
  return defineConfig({
    test: {
      include: options.include ?? ['src/**/*.test.ts', 'test/**/*.test.ts'],
      setupFiles: [setupFile, ...(options.extraSetupFiles ?? [])],
      testTimeout: options.testTimeout ?? 60_000,
      hookTimeout: 120_000,
      // TF.js keeps one global engine per process: isolate test files in forks, run them one at a time
      // per package (the machine has 2 cores and turbo already runs packages side by side).
      pool: 'forks',
      fileParallelism: false,
      reporters: ['default'],
    },
  });
}
