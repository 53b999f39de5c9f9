import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../scripts/build-native.mjs', import.meta.url));

function build(env: Record<string, string>): { status: number | null; stdout: string; output: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'genmodels-native-'));
  const output = path.join(dir, 'genmodels-blas.node');
  const result = spawnSync(process.execPath, [script], { env: { ...process.env, GENMODELS_NATIVE_OUT: output, ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, output };
}

// The install must never fail for want of a toolchain: it says why in one line and exits 0.
describe('scripts/build-native.mjs', () => {
  it('without a C compiler: one line, exit 0, no addon', () => {
    const r = build({ CC: '/nonexistent/cc' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      "@genmodels/backend: native OpenBLAS kernels not built (no C compiler: /nonexistent/cc not found); wasm will use its JS-composed kernels",
    ]);
    expect(existsSync(r.output)).toBe(false);
  });

  it('without OpenBLAS headers: names the package to install', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'genmodels-cc-'));
    const fakeCc = path.join(dir, 'cc');
    writeFileSync(fakeCc, '#!/bin/sh\necho "genmodels-blas.c:13:10: fatal error: cblas.h: No such file or directory" >&2\nexit 1\n');
    chmodSync(fakeCc, 0o755);
    const r = build({ CC: fakeCc });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/not built \(OpenBLAS not found: install libopenblas-dev\)/);
  });

  it('GENMODELS_SKIP_NATIVE=1 skips the build', () => {
    const r = build({ GENMODELS_SKIP_NATIVE: '1' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/not built \(GENMODELS_SKIP_NATIVE=1\)/);
  });
});
