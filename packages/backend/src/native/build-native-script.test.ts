import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../scripts/build-native.mjs', import.meta.url));

/** Runs the script as the install does (building from source even if a prebuilt exists here), or with `args`. */
function build(env: Record<string, string>, args: string[] = []): { status: number | null; stdout: string; stderr: string; output: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'genmodels-native-'));
  const output = path.join(dir, 'genmodels-blas.node');
  const result = spawnSync(process.execPath, [script, ...args], { env: { ...process.env, GENMODELS_NATIVE_OUT: output, GENMODELS_BUILD_NATIVE: '1', ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, output };
}

/** A compiler that only records its arguments into `log` and writes an empty output file. */
function recordingCompiler(): { cc: string; log: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'genmodels-cc-'));
  const cc = path.join(dir, 'cc');
  const log = path.join(dir, 'args');
  writeFileSync(cc, `#!/bin/sh\necho "$@" > ${log}\nwhile [ "$1" != "-o" ]; do shift; done\ntouch "$2"\n`);
  chmodSync(cc, 0o755);
  return { cc, log };
}

// The install must never fail for want of a toolchain: it says why in one line and exits 0.
describe('scripts/build-native.mjs', () => {
  it('without a C compiler: one line, exit 0, no addon', () => {
    const r = build({ CC: '/nonexistent/cc' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      '@genmodels/backend: native kernels not built (no C compiler: /nonexistent/cc not found); wasm will use its JS-composed kernels',
    ]);
    expect(existsSync(r.output)).toBe(false);
  });

  it('a compiler error: one line naming it and exit 0 at install, exit 1 for `pnpm build` (--source)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'genmodels-cc-'));
    const fakeCc = path.join(dir, 'cc');
    writeFileSync(fakeCc, '#!/bin/sh\necho "genmodels-blas.c:13:10: fatal error: node_api.h: No such file or directory" >&2\nexit 1\n');
    chmodSync(fakeCc, 0o755);
    const r = build({ CC: fakeCc });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/not built \(.*cc failed: genmodels-blas.c:13:10: fatal error: node_api.h/);
    const source = build({ CC: fakeCc }, ['--source']);
    expect(source.status).toBe(1);
    expect(source.stderr).toMatch(/cc failed: genmodels-blas.c:13:10: fatal error: node_api.h/);
  });

  it('links no BLAS: OpenBLAS and oneDNN are found at run time; oneDNN is compiled in where its headers are', () => {
    const { cc, log } = recordingCompiler();
    const withHeaders = mkdtempSync(path.join(os.tmpdir(), 'genmodels-dnnl-'));
    writeFileSync(path.join(withHeaders, 'dnnl.h'), '');
    expect(build({ CC: cc, GENMODELS_ONEDNN_INCLUDE: withHeaders }).stdout).toMatch(/built .* \(oneDNN convolutions, /);
    const args = String(spawnSync('cat', [log], { encoding: 'utf8' }).stdout);
    expect(args).toMatch(/-DGM_HAVE_ONEDNN/);
    expect(args).toMatch(/-ldl/);
    expect(args).not.toMatch(/-lopenblas|-ldnnl/);
  });

  it('--prebuild fails (exit 1) without oneDNN headers rather than ship an addon without oneDNN', () => {
    const { cc } = recordingCompiler();
    const empty = mkdtempSync(path.join(os.tmpdir(), 'genmodels-nodnnl-'));
    const r = build({ CC: cc, GENMODELS_ONEDNN_INCLUDE: empty }, ['--prebuild']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/prebuilt addon not built: oneDNN headers \(dnnl\.h\) not found: install libdnnl-dev/);
    expect(existsSync(r.output)).toBe(false);
    // A source build without them still succeeds, without oneDNN.
    expect(build({ CC: cc, GENMODELS_ONEDNN_INCLUDE: empty }).stdout).toMatch(/built .* \(no oneDNN headers \(install libdnnl-dev/);
  });

  it('the install uses a shipped prebuilt for this platform instead of compiling', () => {
    const pkg = mkdtempSync(path.join(os.tmpdir(), 'genmodels-pkg-'));
    mkdirSync(path.join(pkg, 'scripts'));
    mkdirSync(path.join(pkg, 'prebuilds', `${process.platform}-${process.arch}`), { recursive: true });
    writeFileSync(path.join(pkg, 'prebuilds', `${process.platform}-${process.arch}`, 'node.napi.node'), '');
    const copy = path.join(pkg, 'scripts', 'build-native.mjs');
    writeFileSync(copy, String(spawnSync('cat', [script], { encoding: 'utf8' }).stdout));
    const r = spawnSync(process.execPath, [copy], { env: { ...process.env, CC: '/nonexistent/cc', GENMODELS_BUILD_NATIVE: '' }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(
      `@genmodels/backend: using the prebuilt prebuilds/${process.platform}-${process.arch}/node.napi.node (GENMODELS_BUILD_NATIVE=1 builds from source instead)`,
    );
  });

  it('GENMODELS_SKIP_NATIVE=1 skips the build', () => {
    const r = build({ GENMODELS_SKIP_NATIVE: '1' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/not built \(GENMODELS_SKIP_NATIVE=1\)/);
  });
});
