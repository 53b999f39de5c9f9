import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const platform = `${process.platform}-${process.arch}`;
// The prebuilt needs oneDNN's headers; CI installs them, so there a missing header fails the test.
const canPrebuild = process.platform === 'linux' && process.arch === 'x64' && (process.env.CI !== undefined || existsSync('/usr/include/dnnl.h'));

/** Runs `script` (ESM) in a child Node process with `env`; returns its JSON output. */
function runNode(cwd: string, script: string, env: Record<string, string> = {}): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

// Loads the addon from the unpacked tarball alone (no workspace, no compiler), runs a 3x3
// convolution on plain Float32Arrays and checks it against a direct loop.
const CHECK = `
import { loadNativeAddon, loadedAddonFile } from './node_modules/@genmodels/backend/dist/native/load-native-addon.js';
let addon;
try { addon = loadNativeAddon(); } catch (e) { console.log(JSON.stringify({ error: e.message })); process.exit(0); }
const [n, h, w, ci, co] = [2, 6, 5, 3, 8];
const x = Float32Array.from({ length: n * h * w * ci }, (_, i) => Math.sin(i));
const f = Float32Array.from({ length: 9 * ci * co }, (_, i) => Math.cos(i));
const y = new Float32Array(n * h * w * co);
const ran = addon.conv(0, Int32Array.of(n, h, w, ci, 3, 3, co, h, w, 1, 1, 1, 1, 1, 1), x, f, y, null, 0, 0);
let err = 0;
for (let b = 0; b < n; b++) for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) for (let o = 0; o < co; o++) {
  let s = 0;
  for (let di = 0; di < 3; di++) for (let dj = 0; dj < 3; dj++) for (let c = 0; c < ci; c++) {
    const ii = i + di - 1, jj = j + dj - 1;
    if (ii >= 0 && ii < h && jj >= 0 && jj < w) s += x[((b * h + ii) * w + jj) * ci + c] * f[((di * 3 + dj) * ci + c) * co + o];
  }
  err = Math.max(err, Math.abs(s - y[((b * h + i) * w + j) * co + o]));
}
const c = new Float32Array(4);
addon.sgemm(false, false, 1, 2, 2, 2, Float32Array.of(1, 2, 3, 4), 0, Float32Array.of(5, 6, 7, 8), 0, c, null, 0, 0);
console.log(JSON.stringify({ file: loadedAddonFile(), libraries: addon.libraries(), onednnRan: ran, convError: err, sgemm: Array.from(c) }));
`;

describe.skipIf(!canPrebuild)(`the packed tarball ships a prebuilt ${platform} addon${canPrebuild ? '' : ' (skipped: needs linux-x64 and oneDNN headers)'}`, () => {
  it('pnpm pack builds it; unpacked elsewhere, the install uses it without a compiler and it loads OpenBLAS and oneDNN at run time', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'genmodels-pack-'));
    execFileSync('pnpm', ['pack', '--pack-destination', dir], { cwd: packageDir, stdio: 'pipe' });
    const tarball = path.join(dir, 'genmodels-backend-0.1.0.tgz');
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n');
    expect(files).toContain(`package/prebuilds/${platform}/node.napi.node`);
    expect(files).toContain('package/native/genmodels-blas.c'); // the source build stays possible
    expect(files.filter((f) => f.startsWith('package/build/'))).toEqual([]);

    const consumer = path.join(dir, 'consumer');
    const unpacked = path.join(consumer, 'node_modules', '@genmodels', 'backend');
    mkdirSync(unpacked, { recursive: true });
    execFileSync('tar', ['xzf', tarball, '-C', unpacked, '--strip-components=1']);
    const install = spawnSync(process.execPath, ['scripts/build-native.mjs'], { cwd: unpacked, env: { ...process.env, CC: '/nonexistent/cc', GENMODELS_BUILD_NATIVE: '' }, encoding: 'utf8' });
    expect(install.status).toBe(0);
    expect(install.stdout).toMatch(/using the prebuilt prebuilds\/linux-x64\/node\.napi\.node/);
    expect(existsSync(path.join(unpacked, 'build'))).toBe(false);

    const both = runNode(consumer, CHECK);
    expect(both.error).toBeUndefined();
    expect(both.file).toEqual({ kind: 'prebuilt', path: path.join(unpacked, 'prebuilds', platform, 'node.napi.node') });
    expect(both.libraries).toMatchObject({ openblas: expect.stringMatching(/^OpenBLAS /), onednn: expect.stringMatching(/^oneDNN 2\./), sgemm: 'openblas', onednnEnabled: true, openmp: true });
    expect(both.onednnRan).toBe(1);
    expect(both.convError).toBeLessThan(1e-4);
    expect(both.sgemm).toEqual([19, 22, 43, 50]);

    // Only oneDNN at run time: sgemm moves to it; neither: a clear reason, no crash.
    const onednnOnly = runNode(consumer, CHECK, { GENMODELS_OPENBLAS_LIBRARY: '/nonexistent/libopenblas.so.0' });
    expect(onednnOnly.libraries).toMatchObject({ openblas: null, sgemm: 'onednn', openblasError: expect.stringMatching(/does not load/) });
    expect(onednnOnly.sgemm).toEqual([19, 22, 43, 50]);
    const neither = runNode(consumer, CHECK, { GENMODELS_OPENBLAS_LIBRARY: '/nonexistent/a.so', GENMODELS_ONEDNN_LIBRARY: '/nonexistent/b.so' });
    expect(neither.error).toMatch(/^native addon \(prebuilt\) found neither OpenBLAS nor oneDNN: .*a\.so does not load.*b\.so does not load/);
  }, 240_000);
});
