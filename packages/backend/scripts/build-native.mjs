#!/usr/bin/env node
// Builds native/*.c (entry: genmodels-blas.c) into the N-API addon with the C compiler directly:
// no node-gyp, no Python. OpenBLAS and oneDNN are not linked: the addon finds them at run time
// (dlopen), so the build needs only a C compiler and Node's headers, plus oneDNN's headers
// (libdnnl-dev) to compile its convolutions in.
//
//   node scripts/build-native.mjs             the package's `install`: uses the prebuilt addon
//                                             for this platform when the package ships one,
//                                             otherwise builds build/genmodels-blas.node
//   node scripts/build-native.mjs --source    always builds build/genmodels-blas.node (`pnpm build`)
//   node scripts/build-native.mjs --prebuild  builds prebuilds/<platform>-<arch>/node.napi.node
//                                             for the tarball (`prepack`); fails without oneDNN's
//                                             headers rather than ship an addon without them
//
// The install never fails: without a compiler or Node's headers, or on a compile error, it prints
// one line and exits 0, and the package uses its JS-composed wasm kernels instead. `--source`
// fails (exit 1) on a compile error, which in the workspace is a bug in native/.
// Env: CC (compiler, default cc), GENMODELS_SKIP_NATIVE=1 (skip), GENMODELS_BUILD_NATIVE=1 (build
// from source even where a prebuilt exists), NODE_API_INCLUDE (dir of node_api.h),
// GENMODELS_ONEDNN_INCLUDE (the dir of dnnl.h, instead of /usr/include and /usr/local/include), GENMODELS_NATIVE_OUT (output path; tests use it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const nativeDir = path.join(root, 'native');
const mode = process.argv.includes('--prebuild') ? 'prebuild' : process.argv.includes('--source') ? 'source' : 'install';
const prebuilt = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'node.napi.node');
const output = process.env.GENMODELS_NATIVE_OUT || (mode === 'prebuild' ? prebuilt : path.join(root, 'build', 'genmodels-blas.node'));
const say = (line) => console.log(`@genmodels/backend: ${line}`);
const fallback = (reason) => {
  if (mode === 'prebuild') {
    console.error(`@genmodels/backend: prebuilt addon not built: ${reason}`);
    process.exit(1);
  }
  say(`native kernels not built (${reason}); wasm will use its JS-composed kernels`);
  process.exit(0);
};

if (process.env.GENMODELS_SKIP_NATIVE === '1') fallback('GENMODELS_SKIP_NATIVE=1');
if (mode === 'install' && process.env.GENMODELS_BUILD_NATIVE !== '1' && existsSync(prebuilt)) {
  say(`using the prebuilt ${path.relative(root, prebuilt)} (GENMODELS_BUILD_NATIVE=1 builds from source instead)`);
  process.exit(0);
}
if (!existsSync(path.join(nativeDir, 'genmodels-blas.c'))) fallback(`${nativeDir}/genmodels-blas.c missing`);
const files = readdirSync(nativeDir);
const sources = files.filter((f) => f.endsWith('.c')).map((f) => path.join(nativeDir, f));
const newestSource = Math.max(...files.map((f) => statSync(path.join(nativeDir, f)).mtimeMs));
if (mode !== 'prebuild' && existsSync(output) && statSync(output).mtimeMs >= newestSource) process.exit(0); // up to date

const firstDirWith = (file, dirs) => dirs.find((dir) => dir && existsSync(path.join(dir, file)));
const nodeInclude = firstDirWith('node_api.h', [
  process.env.NODE_API_INCLUDE,
  path.join(path.dirname(process.execPath), '..', 'include', 'node'),
  '/usr/include/node',
  '/usr/local/include/node',
]);
if (nodeInclude === undefined) fallback("Node's C headers (node_api.h) not found; set NODE_API_INCLUDE");
// An explicit GENMODELS_ONEDNN_INCLUDE is the only place looked in.
const onednnInclude = firstDirWith('dnnl.h', process.env.GENMODELS_ONEDNN_INCLUDE ? [process.env.GENMODELS_ONEDNN_INCLUDE] : ['/usr/include', '/usr/local/include']);
if (mode === 'prebuild' && onednnInclude === undefined) fallback('oneDNN headers (dnnl.h) not found: install libdnnl-dev or set GENMODELS_ONEDNN_INCLUDE');

const cc = process.env.CC || 'cc';
// -ffp-contract=off: no fused multiply-adds, so that kernels mirroring TF.js's float32 op sequences
// (adam-update.c) round exactly as TF.js does; -fno-math-errno and -fno-trapping-math let sqrtf and
// vector-exp.h's exp vectorise (neither changes a result).
const flags = ['-O3', '-ffp-contract=off', '-fno-math-errno', '-fno-trapping-math', '-Wall', '-shared', '-fPIC', '-fvisibility=hidden', `-I${nodeInclude}`];
if (onednnInclude !== undefined) flags.push('-DGM_HAVE_ONEDNN', `-I${onednnInclude}`);
if (mode === 'prebuild') flags.push('-s');
mkdirSync(path.dirname(output), { recursive: true });
const partial = `${output}.${process.pid}.partial`;
try {
  execFileSync(cc, [...flags, ...sources, '-ldl', '-lm', '-o', partial], { stdio: ['ignore', 'ignore', 'pipe'] });
} catch (error) {
  rmSync(output, { force: true }); // never leave an addon built from older sources behind
  const stderr = String(error.stderr ?? error.message);
  if (error.code === 'ENOENT') fallback(`no C compiler: ${cc} not found`);
  const reason = `${cc} failed: ${stderr.split('\n').find((l) => l.includes('error')) ?? stderr.split('\n')[0]}`;
  if (mode === 'source') {
    // `pnpm build` in the workspace: a compile error in native/ is a bug to see, not a fallback.
    console.error(`@genmodels/backend: ${reason}\n${stderr}`);
    process.exit(1);
  }
  fallback(reason);
}
renameSync(partial, output);
say(
  `built ${path.relative(root, output)} (${onednnInclude !== undefined ? 'oneDNN convolutions, ' : 'no oneDNN headers (install libdnnl-dev for oneDNN convolutions), '}` +
    'OpenBLAS sgemm and im2col convolutions, fused and layout kernels; the libraries are found at run time)',
);
process.exit(0);
