import { availableParallelism } from 'node:os';
import { BACKEND_NAMES, isBackendName, type BackendChoice, type BackendName, type BackendReport } from './backend-name.js';
import { loadCpu } from './loaders/load-cpu.js';
import { loadTfjsNode } from './loaders/load-tfjs-node.js';
import { loadWasm } from './loaders/load-wasm.js';
import { loadWasmNative } from './loaders/load-wasm-native.js';
import { loadWebgpu } from './loaders/load-webgpu.js';
import { describeError, type BackendLoader } from './loaders/loader.js';

export interface InitBackendOptions {
  /** Try this path first, then the usual order. `GENMODELS_BACKEND` (which forces one) wins over it. */
  prefer?: BackendName;
  /** Threads for the wasm and native paths; default `GENMODELS_THREADS` or the machine's logical cores. */
  threads?: number;
}

const LOADERS: Record<BackendName, BackendLoader> = {
  'tfjs-node-gpu': (options) => loadTfjsNode('tfjs-node-gpu', options),
  'tfjs-node': (options) => loadTfjsNode('tfjs-node', options),
  webgpu: (options) => loadWebgpu(options),
  'wasm-native': (options) => loadWasmNative(options),
  wasm: (options) => loadWasm(options),
  cpu: () => loadCpu(),
};

let pending: Promise<BackendReport> | undefined;

function resolveThreads(requested: number | undefined): number {
  const fromEnv = process.env.GENMODELS_THREADS;
  const value = requested ?? (fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : availableParallelism());
  if (!Number.isInteger(value) || value < 1) {
    const source = requested !== undefined ? 'options.threads' : 'GENMODELS_THREADS';
    throw new Error(`${source} must be a positive integer, got ${String(requested ?? fromEnv)}`);
  }
  return value;
}

function forcedBackend(): BackendName | undefined {
  const forced = process.env.GENMODELS_BACKEND;
  if (forced === undefined || forced === '') return undefined;
  if (!isBackendName(forced)) {
    throw new Error(`GENMODELS_BACKEND="${forced}" is not a backend name; valid names: ${BACKEND_NAMES.join(', ')}`);
  }
  return forced;
}

async function resolve(options: InitBackendOptions): Promise<BackendReport> {
  if (options.prefer !== undefined && !isBackendName(options.prefer)) {
    throw new Error(`prefer: "${String(options.prefer)}" is not a backend name; valid names: ${BACKEND_NAMES.join(', ')}`);
  }
  const threads = resolveThreads(options.threads);
  const forced = forcedBackend();
  if (forced !== undefined) {
    let choice: BackendChoice;
    try {
      choice = await LOADERS[forced]({ threads, explicit: true });
    } catch (error) {
      throw new Error(
        `GENMODELS_BACKEND=${forced} cannot load: ${describeError(error)}. ` +
          `Unset it to pick automatically, or use one of: ${BACKEND_NAMES.join(', ')}`,
      );
    }
    return { ...choice, details: [...choice.details, 'forced by GENMODELS_BACKEND'], skipped: [] };
  }
  const order = options.prefer === undefined ? [...BACKEND_NAMES] : [options.prefer, ...BACKEND_NAMES.filter((n) => n !== options.prefer)];
  const skipped: BackendReport['skipped'] = [];
  for (const name of order) {
    try {
      const choice = await LOADERS[name]({ threads, explicit: name === options.prefer });
      return { ...choice, skipped };
    } catch (error) {
      skipped.push({ name, reason: describeError(error) });
    }
  }
  // Unreachable in practice: the cpu backend ships with this package.
  throw new Error(`no TF.js backend could load: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}

/**
 * Picks, loads and activates the fastest TF.js backend available, trying in order
 * tfjs-node-gpu, tfjs-node, webgpu, wasm-native, wasm, cpu, and reports why each faster one was
 * skipped. `GENMODELS_BACKEND=<name>` forces one (an error says why it cannot load).
 * Idempotent: later calls return the first call's report, whatever their options.
 */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendReport> {
  if (pending === undefined) {
    pending = resolve(options);
    pending.catch(() => {
      pending = undefined; // a failed attempt (bad env, forced path missing) may be retried
    });
  }
  return pending;
}
