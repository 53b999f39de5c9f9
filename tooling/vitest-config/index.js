// Shared vitest preset for genmodels packages. Usage in a package's vitest.config.ts:
//   import { genmodelsVitestConfig } from '@genmodels/vitest-config';
//   export default genmodelsVitestConfig();
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const setupFile = fileURLToPath(new URL('./setup.js', import.meta.url));

/** The backend tests run on: GENMODELS_TEST_BACKEND, else GENMODELS_BACKEND, else cpu (as in setup.js). */
export function testBackendFromEnv() {
  return process.env.GENMODELS_TEST_BACKEND || process.env.GENMODELS_BACKEND || 'cpu';
}

/**
 * @param {{
 *   testTimeout?: number, include?: string[], extraSetupFiles?: string[],
 *   testBackend?: string, dir?: string, testNamePattern?: RegExp,
 * }} [options]
 *   testBackend forces the backend (else the environment picks it); dir is where `include`
 *   patterns start (default the package root); testNamePattern keeps only the tests it matches.
 */
export function genmodelsVitestConfig(options = {}) {
  const backend = options.testBackend ?? testBackendFromEnv();
  return defineConfig({
    test: {
      include: options.include ?? ['src/**/*.test.ts', 'test/**/*.test.ts'],
      ...(options.dir !== undefined ? { dir: options.dir } : {}),
      ...(options.testNamePattern !== undefined ? { testNamePattern: options.testNamePattern } : {}),
      setupFiles: [setupFile, ...(options.extraSetupFiles ?? [])],
      env: { GENMODELS_TEST_BACKEND: backend },
      // On webgpu the setup collects garbage after each test (dawn.node frees GPU objects only then).
      execArgv: backend === 'webgpu' ? ['--expose-gc'] : [],
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
