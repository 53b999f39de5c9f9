// Picks the TF.js backend for tests and fails any test that leaks tensors.
// GENMODELS_TEST_BACKEND (or else GENMODELS_BACKEND) names the backend; default cpu, the reference
// backend. Any other name (webgpu, wasm, wasm-native, ...) is loaded through @genmodels/backend's
// initBackend, forced, so that it is prepared exactly as users get it (webgpu: Dawn's adapter, the
// synchronous read; wasm: threads and the kernels it lacks). Packages that switch backends inside
// their tests (packages/backend) set them up themselves.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeAll, beforeEach, expect } from 'vitest';

const wanted = process.env.GENMODELS_TEST_BACKEND || process.env.GENMODELS_BACKEND || 'cpu';

/**
 * @genmodels/backend as the package under test resolves it, or else this workspace's build of it
 * (packages that do not depend on it still run on any backend here).
 */
function locateBackendPackage() {
  try {
    return createRequire(path.join(process.cwd(), 'package.json')).resolve('@genmodels/backend');
  } catch {
    const workspaceBuild = fileURLToPath(new URL('../../packages/backend/dist/index.js', import.meta.url));
    if (existsSync(workspaceBuild)) return workspaceBuild;
    throw new Error(`test backend "${wanted}" needs @genmodels/backend: build it (pnpm build) or add it as a devDependency`);
  }
}

async function loadThroughGenmodelsBackend(name) {
  const { initBackend } = await import(/* @vite-ignore */ pathToFileURL(locateBackendPackage()).href);
  const previous = process.env.GENMODELS_BACKEND;
  process.env.GENMODELS_BACKEND = name; // forced: an error says why it cannot load, no silent fallback
  try {
    await initBackend();
  } catch (error) {
    const hint = name === 'webgpu' ? ' (without a GPU: bash tooling/scripts/ensure-system-deps.sh installs Mesa\'s lavapipe)' : '';
    throw new Error(`test backend "${name}" could not be initialised: ${error instanceof Error ? error.message : String(error)}${hint}`);
  } finally {
    if (previous === undefined) delete process.env.GENMODELS_BACKEND;
    else process.env.GENMODELS_BACKEND = previous;
  }
}

beforeAll(async () => {
  if (wanted !== 'cpu') {
    await loadThroughGenmodelsBackend(wanted);
  } else if (tf.getBackend() !== 'cpu' && !(await tf.setBackend('cpu'))) {
    throw new Error('test backend "cpu" could not be initialised');
  }
  await tf.ready();
});

let tensorsBefore = 0;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});

/**
 * dawn.node releases a bind group (and Mesa's lavapipe the memory mapping behind its descriptor
 * set) only once V8 has collected its wrapper and Node has run the finalizer, on a later turn of
 * the event loop. Synchronous test code never yields, and these wrappers outlive the young
 * generation, so on webgpu each test ends with a full collection and two turns of the loop;
 * without them a test file's descriptor sets piled up past vm.max_map_count and lavapipe crashed.
 */
async function releaseGpuGarbage() {
  globalThis.gc?.();
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
}

afterEach(async (context) => {
  if (wanted === 'webgpu') await releaseGpuGarbage();
  // A test that creates tensors on purpose and keeps them across tests opts out with
  // `context.task.meta.allowTensorLeak = true` (rare; prefer disposing).
  if (context.task.meta?.allowTensorLeak) return;
  const leaked = tf.memory().numTensors - tensorsBefore;
  expect(leaked, `test leaked ${leaked} tensor(s); dispose them or wrap work in tf.tidy`).toBe(0);
});
