import { defineConfig } from 'vite';
import { wasmFactorySource } from './vite-plugins/wasm-factory-source.js';

// The page is cross-origin isolated (as `genmodels studio` serves it), so tfjs-backend-wasm runs
// its threaded build. `pnpm --filter @genmodels/studio dev` proxies the run data to a running
// `genmodels studio` on its default port.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  // Minified (Vite's default); the threaded wasm factory keeps its own source text (vite-plugins/wasm-factory-source.ts).
  plugins: [wasmFactorySource()],
  build: { target: 'es2022', outDir: 'dist', chunkSizeWarningLimit: 8000 },
  worker: { format: 'es', plugins: () => [wasmFactorySource()] },
  server: {
    headers: isolation,
    proxy: { '/api': 'http://127.0.0.1:5170', '/runs': 'http://127.0.0.1:5170' },
  },
  preview: { headers: isolation },
});
