// The browser entry of @genmodels/backend (package.json `browser` export condition): the same
// contract as the Node entry (initBackend + a report of what was chosen and why the faster paths
// were skipped) over the backends a web page has: webgpu, webgl, wasm, cpu.
export type { BrowserBackendChoice, BrowserBackendName, BrowserBackendReport } from './browser-backend-name.js';
export { BROWSER_BACKEND_NAMES, isBrowserBackendName } from './browser-backend-name.js';
export type { InitBrowserBackendOptions } from './init-browser-backend.js';
export { initBackend } from './init-browser-backend.js';
export type { WasmBinaryName, WasmPaths } from './load-browser-wasm.js';
export { formatBackendReport } from '../format-backend-report.js';
