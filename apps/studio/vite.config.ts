import { defineConfig } from 'vite';

// The page is cross-origin isolated (as `genmodels studio` serves it), so tfjs-backend-wasm runs
// its threaded build. `pnpm --filter @genmodels/studio dev` proxies the run data to a running
// `genmodels studio` on its default port.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  // No minification: tfjs-backend-wasm starts its threads from the source text of its Emscripten
  // factory (Function.prototype.toString), which a minifier rewrites to use names of the outer chunk.
  build: { target: 'es2022', outDir: 'dist', chunkSizeWarningLimit: 8000, minify: false },
  worker: { format: 'es' },
  server: {
    headers: isolation,
    proxy: { '/api': 'http://127.0.0.1:5170', '/runs': 'http://127.0.0.1:5170' },
  },
  preview: { headers: isolation },
});
