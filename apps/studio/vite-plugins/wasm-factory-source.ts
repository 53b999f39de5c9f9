/**
 * A Vite plugin that lets the studio be minified without breaking tfjs-backend-wasm's threads.
 *
 * tfjs-backend-wasm starts each pthread worker from the source text of its Emscripten factory:
 * `new Blob(['var WasmBackendModuleThreadedSimd = ' + factory.toString()])`, which the worker runs
 * with importScripts. Bundled and minified, that function's text names variables of the chunk
 * around it (the CommonJS wrapper's renamed `exports`, hoisted helpers) that do not exist in the
 * worker, which fails with "e is not defined". This plugin serves the factory module
 * (wasm-out/tfjs-backend-wasm-threaded-simd.js) as its file text in a string literal, evaluated
 * once with `new Function`: a minifier keeps string contents as they are, so the factory's
 * toString() is the file's own self-contained text, exactly as when the module is not bundled.
 */
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

const FACTORY_MODULE = /[\\/]@tensorflow[\\/]tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;

export function wasmFactorySource(): Plugin {
  return {
    name: 'genmodels:wasm-factory-source',
    enforce: 'pre',
    load(id) {
      const file = id.split('?')[0]!;
      if (!FACTORY_MODULE.test(file)) return null;
      const source = readFileSync(file, 'utf8');
      if (!source.includes('var WasmBackendModuleThreadedSimd')) {
        this.error(`${file} no longer declares WasmBackendModuleThreadedSimd; check the tfjs-backend-wasm upgrade against apps/studio/vite-plugins/wasm-factory-source.ts`);
      }
      // The file is a CommonJS/AMD/global script; in this function `exports`, `module` and `define`
      // are undefined, so it only declares the factory, which the function returns.
      return `export default new Function(${JSON.stringify(`${source}\nreturn WasmBackendModuleThreadedSimd;`)})();\n`;
    },
  };
}
