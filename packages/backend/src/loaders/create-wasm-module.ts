import { createHash } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { installUncaughtErrorPrinter, processErrorListeners, removeErrorListenersAddedSince } from './uncaught-error-printer.js';

const require = createRequire(import.meta.url);

/** The part of the emscripten module that BackendWasm needs (see tfjs-backend-wasm's `init()`). */
export interface WasmModule {
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => number;
  tfjs: {
    init(): void;
    initWithThreadsCount(threads: number): void;
    getThreadsCount(): number;
    registerTensor(id: number, size: number, memoryOffset: number): void;
    disposeData(id: number): void;
    dispose(): void;
  };
  HEAPU8: Uint8Array;
  PThread?: { runningWorkers: { unref(): void }[]; unusedWorkers: { unref(): void }[] };
}

type EmscriptenFactory = (config: {
  locateFile: (file: string, prefix: string) => string;
  mainScriptUrlOrBlob?: string;
}) => Promise<WasmModule>;

/** Where tfjs-backend-wasm keeps its emscripten factories and binaries. */
function wasmOutDir(): string {
  return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
}

/**
 * Writes the pthread worker script of the threaded build to a real file and returns its path.
 * tfjs-backend-wasm hands emscripten a `blob:` URL for it, which node:worker_threads refuses
 * (ERR_WORKER_PATH), which is why TF.js disables threads in Node. The name carries a hash of the
 * contents so that concurrent processes share one file and an upgrade never reads a stale one.
 */
function writeWorkerScript(dir: string): string {
  const { wasmWorkerContents } = require(path.join(dir, 'tfjs-backend-wasm-threaded-simd.worker.js')) as {
    wasmWorkerContents: string;
  };
  // The same escaping tfjs applies before it makes its Blob: the template literal turned '\n'
  // escapes inside string literals into real newlines.
  const source = wasmWorkerContents.replace(/\n/g, '\\n');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  // .cjs: worker_threads must load it as CommonJS whatever package.json sits above the tmpdir.
  const file = path.join(os.tmpdir(), `genmodels-tfjs-wasm-worker-${hash}.cjs`);
  if (!existsSync(file)) {
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, source);
    renameSync(partial, file);
  }
  return file;
}

/**
 * Instantiates tfjs-backend-wasm's emscripten module from real files on disk.
 *
 * With `threads > 1` it loads the threaded SIMD build. Its C++ side computes
 * `num_cores = emscripten_num_logical_cores() / 2` while the module instantiates (it assumes two
 * hyper-threads per core) and caps the XNNPACK pool at that, so a 2-vCPU machine would get one
 * thread. `os.cpus()` is made to report `2 * threads` entries for the duration of the
 * instantiation only, which makes the cap equal to the requested count.
 *
 * Emscripten's Node glue registers process handlers while the module instantiates:
 * `uncaughtException` rethrows the error and `unhandledRejection` throws the reason, from inside
 * the module's single minified line, so every later uncaught error printed that whole line (30-50
 * KB) first. Those handlers are removed again and installUncaughtErrorPrinter takes their place.
 */
export async function createWasmModule(threads: number): Promise<WasmModule> {
  const dir = wasmOutDir();
  const threaded = threads > 1;
  // The vanilla factory serves both the plain and the SIMD binary (as in tfjs-backend-wasm's init()).
  const script = threaded ? 'tfjs-backend-wasm-threaded-simd.js' : 'tfjs-backend-wasm.js';
  const binary = threaded ? 'tfjs-backend-wasm-threaded-simd.wasm' : 'tfjs-backend-wasm-simd.wasm';
  const factory = require(path.join(dir, script)) as EmscriptenFactory;
  const workerFile = threaded ? writeWorkerScript(dir) : undefined;
  const realCpus = os.cpus;
  if (threaded) {
    os.cpus = () => {
      const cpus = realCpus();
      return Array.from({ length: 2 * threads }, (_, i) => cpus[i % cpus.length]!);
    };
  }
  let wasm: WasmModule;
  const listenersBefore = processErrorListeners();
  try {
    wasm = await factory({
      locateFile: (file, prefix) => {
        if (file.endsWith('.worker.js') && workerFile !== undefined) return workerFile;
        if (file.endsWith('.wasm')) return path.join(dir, binary);
        return prefix + file;
      },
      ...(threaded ? { mainScriptUrlOrBlob: path.join(dir, script) } : {}),
    });
  } finally {
    os.cpus = realCpus;
    removeErrorListenersAddedSince(listenersBefore);
  }
  installUncaughtErrorPrinter();
  wasm.tfjs = {
    init: wasm.cwrap('init', null, []),
    initWithThreadsCount: wasm.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: wasm.cwrap('get_threads_count', 'number', []),
    registerTensor: wasm.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: wasm.cwrap('dispose_data', null, ['number']),
    dispose: wasm.cwrap('dispose', null, []),
  };
  return wasm;
}
