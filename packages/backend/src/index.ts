export type { BackendChoice, BackendName, BackendReport } from './backend-name.js';
export { BACKEND_NAMES } from './backend-name.js';
export type { InitBackendOptions } from './init-backend.js';
export { initBackend } from './init-backend.js';
export { formatBackendReport } from './format-backend-report.js';
export type { BenchmarkKernelsOptions, KernelBenchmark } from './benchmark-kernels.js';
export { benchmarkKernels } from './benchmark-kernels.js';
