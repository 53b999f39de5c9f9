#!/usr/bin/env node
// Builds native/*.c (entry: genmodels-blas.c) into build/genmodels-blas.node (N-API + OpenBLAS) with the C
// compiler directly: no node-gyp, no Python. Runs at `pnpm install` and `pnpm build`.
// It never fails the install: without a compiler, Node's headers or libopenblas-dev it prints one
// line and the package uses its JS-composed wasm kernels instead.
// Env: CC (compiler, default cc), GENMODELS_SKIP_NATIVE=1 (skip), NODE_API_INCLUDE (header dir),
// GENMODELS_NATIVE_OUT (output path; tests use it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const source = path.join(root, 'native', 'genmodels-blas.c');
const output = process.env.GENMODELS_NATIVE_OUT || path.join(root, 'build', 'genmodels-blas.node');
const say = (line) => console.log(`@genmodels/backend: ${line}`);
const fallback = (reason) => {
  say(`native OpenBLAS kernels not built (${reason}); wasm will use its JS-composed kernels`);
  process.exit(0);
};

if (process.env.GENMODELS_SKIP_NATIVE === '1') fallback('GENMODELS_SKIP_NATIVE=1');
if (!existsSync(source)) fallback(`${source} missing`);
const nativeDir = path.dirname(source);
const sources = readdirSync(nativeDir).filter((f) => f.endsWith('.c')).map((f) => path.join(nativeDir, f));
const newestSource = Math.max(...readdirSync(nativeDir).map((f) => statSync(path.join(nativeDir, f)).mtimeMs));
if (existsSync(output) && statSync(output).mtimeMs >= newestSource) process.exit(0); // up to date

const includeDirs = [process.env.NODE_API_INCLUDE, path.join(path.dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node'];
const nodeInclude = includeDirs.find((dir) => dir && existsSync(path.join(dir, 'node_api.h')));
if (nodeInclude === undefined) fallback("Node's C headers (node_api.h) not found; set NODE_API_INCLUDE");

const cc = process.env.CC || 'cc';
mkdirSync(path.dirname(output), { recursive: true });
const partial = `${output}.${process.pid}.partial`;
try {
  execFileSync(cc, ['-O3', '-Wall', '-shared', '-fPIC', `-I${nodeInclude}`, ...sources, '-lopenblas', '-lm', '-o', partial], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
} catch (error) {
  const stderr = String(error.stderr ?? error.message);
  if (error.code === 'ENOENT') fallback(`no C compiler: ${cc} not found`);
  if (/cblas\.h|lopenblas/.test(stderr)) fallback('OpenBLAS not found: install libopenblas-dev');
  fallback(`${cc} failed: ${stderr.split('\n').find((l) => l.includes('error')) ?? stderr.split('\n')[0]}`);
}
renameSync(partial, output);
say(`built ${path.relative(root, output)} (OpenBLAS sgemm, im2col convolutions, fused group norm, layout kernels)`);
process.exit(0);
