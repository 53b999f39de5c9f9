#!/usr/bin/env node
// Prints benchmarkKernels() on the path initBackend picks (after `pnpm build`).
// Usage: GENMODELS_BACKEND=wasm-native GENMODELS_THREADS=2 node scripts/bench-kernels.mjs [matmul,conv,sgemm]
import { benchmarkKernels, initBackend } from '../dist/index.js';

const report = await initBackend();
const groups = (process.argv[2] ?? 'matmul,conv,sgemm').split(',');
const results = await benchmarkKernels({ groups });
console.log(`# ${report.name}, ${report.threads} thread(s)`);
for (const r of results) console.log(`${r.kernel.padEnd(28)} ${r.shape.padEnd(52)} ${r.ms.toFixed(2).padStart(9)} ms ${r.gflops.toFixed(1).padStart(7)} GFLOP/s`);
