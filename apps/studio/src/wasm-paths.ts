/**
 * Where the page serves tfjs-backend-wasm's three binaries: Vite's `?url` imports copy them into
 * the build (fingerprinted) and serve them in dev, so the browser backend's wasm path needs no
 * CDN and no copy step.
 */
// eslint-disable-next-line no-restricted-imports -- only the URL of a wasm binary the app serves
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
// eslint-disable-next-line no-restricted-imports -- only the URL of a wasm binary the app serves
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
// eslint-disable-next-line no-restricted-imports -- only the URL of a wasm binary the app serves
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export const WASM_PATHS = {
  'tfjs-backend-wasm.wasm': new URL(plain, self.location.href).href,
  'tfjs-backend-wasm-simd.wasm': new URL(simd, self.location.href).href,
  'tfjs-backend-wasm-threaded-simd.wasm': new URL(threadedSimd, self.location.href).href,
};
