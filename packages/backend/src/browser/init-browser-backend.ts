import { loadCpu } from '../loaders/load-cpu.js';
import { describeError } from './describe-error.js';
import {
  BROWSER_BACKEND_NAMES,
  type BrowserBackendChoice,
  type BrowserBackendName,
  type BrowserBackendReport,
  isBrowserBackendName,
} from './browser-backend-name.js';
import { type WasmPaths, loadBrowserWasm } from './load-browser-wasm.js';
import { loadBrowserWebgl } from './load-browser-webgl.js';
import { loadBrowserWebgpu } from './load-browser-webgpu.js';

export interface InitBrowserBackendOptions {
  /** Try this path first, then the usual order. */
  prefer?: BrowserBackendName;
  /** Use only this path (an error says why it cannot load): the page's GENMODELS_BACKEND. */
  force?: BrowserBackendName;
  /** Where the page serves tfjs-backend-wasm's .wasm binaries (see WasmPaths). */
  wasmPaths?: WasmPaths;
  /** Threads for wasm in a cross-origin isolated page; default navigator.hardwareConcurrency. */
  threads?: number;
}

type Loader = (options: InitBrowserBackendOptions) => Promise<BrowserBackendChoice>;

const LOADERS: Record<BrowserBackendName, Loader> = {
  webgpu: () => loadBrowserWebgpu(),
  webgl: () => loadBrowserWebgl(),
  wasm: (options) => loadBrowserWasm({ ...(options.wasmPaths !== undefined ? { wasmPaths: options.wasmPaths } : {}), ...(options.threads !== undefined ? { threads: options.threads } : {}) }),
  cpu: async () => {
    const choice = await loadCpu();
    return { ...choice, name: 'cpu' };
  },
};

let pending: Promise<BrowserBackendReport> | undefined;

function check(name: unknown, option: string): void {
  if (name !== undefined && !isBrowserBackendName(name)) {
    throw new Error(`${option}: "${String(name)}" is not a browser backend name; valid names: ${BROWSER_BACKEND_NAMES.join(', ')}`);
  }
}

async function resolve(options: InitBrowserBackendOptions): Promise<BrowserBackendReport> {
  check(options.prefer, 'prefer');
  check(options.force, 'force');
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1)) {
    throw new Error(`threads must be a positive integer, got ${String(options.threads)}`);
  }
  if (options.force !== undefined) {
    let choice: BrowserBackendChoice;
    try {
      choice = await LOADERS[options.force](options);
    } catch (error) {
      throw new Error(`backend ${options.force} cannot load here: ${describeError(error)}. Drop the forced choice to pick automatically`);
    }
    return { ...choice, details: [...choice.details, 'forced by the page'], skipped: [] };
  }
  const order = options.prefer === undefined ? [...BROWSER_BACKEND_NAMES] : [options.prefer, ...BROWSER_BACKEND_NAMES.filter((n) => n !== options.prefer)];
  const skipped: BrowserBackendReport['skipped'] = [];
  for (const name of order) {
    try {
      return { ...(await LOADERS[name](options)), skipped };
    } catch (error) {
      skipped.push({ name, reason: describeError(error) });
    }
  }
  throw new Error(`no TF.js backend could load: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}

/**
 * The browser's `initBackend`: picks, loads and activates the fastest TF.js backend this page
 * has, trying webgpu, webgl (a GPU one, not a software rasterizer), wasm (threaded when the page
 * is cross-origin isolated), then cpu, and reports why each faster one was skipped.
 * Idempotent: later calls return the first call's report, whatever their options.
 */
export function initBackend(options: InitBrowserBackendOptions = {}): Promise<BrowserBackendReport> {
  if (pending === undefined) {
    pending = resolve(options);
    pending.catch(() => {
      pending = undefined; // a bad option or a forced path that cannot load may be retried
    });
  }
  return pending;
}
