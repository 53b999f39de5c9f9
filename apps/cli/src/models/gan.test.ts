/**
 * End-to-end tests of the GAN family through the built `genmodels` command: every variant trains
 * with its diagnostics in metrics.jsonl, --set reaches the config, resume is bit-identical (two
 * networks, two optimizers, the EMA), and sample / interpolate write their grids.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const ENV = { ...process.env, GENMODELS_BACKEND: 'cpu' };
const TOY = ['--dataset', 'eight-gaussians', '--batch-size', '32', '--hidden', '16', '--log-every', '5', '--seed', '3'];
const TINY_DCGAN = ['--set', 'generatorChannels=[8,4]', '--set', 'discriminatorChannels=[4,8]', '--set', 'latentDim=8'];

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'genmodels-gan-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(args: string[]) {
  const result = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: ENV, timeout: 240_000 });
  return result;
}

function ok(args: string[]): string {
  const result = run(args);
  expect(result.status, result.stderr).toBe(0);
  return result.stderr;
}

function lastMetrics(runDir: string): Record<string, number> {
  const lines = readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n');
  return JSON.parse(lines[lines.length - 1]).metrics;
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('genmodels train gan|wgan|wgan-gp|cgan logs the diagnostics', () => {
  it.each([
    ['gan', ['--set', 'loss=least-squares'], []],
    ['wgan', ['--set', 'nCritic=2'], ['wasserstein']],
    ['wgan-gp', ['--set', 'nCritic=2'], ['wasserstein', 'd/gradient-penalty']],
    ['cgan', ['--set', 'auxiliaryClassifier=true'], ['d/aux', 'g/aux']],
  ])('%s %j', (model, extra, extraKeys) => {
    const out = join(root, `toy-${model}`);
    ok(['train', model, '--out', out, '--max-steps', '10', ...TOY, ...extra]);
    const metrics = lastMetrics(out);
    for (const key of ['loss', 'd/loss', 'g/loss', 'd/real', 'd/fake', 'd/grad-norm', 'g/grad-norm', ...extraKeys]) {
      expect(Number.isFinite(metrics[key]), `${key} in ${JSON.stringify(metrics)}`).toBe(true);
    }
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).model;
    expect(config.modelType).toBe(model);
    if (model === 'gan') expect(config.loss).toBe('least-squares');
    if (model === 'wgan') expect(config).toMatchObject({ nCritic: 2, weightClip: 0.01 });
    if (model === 'cgan') expect(config).toMatchObject({ numClasses: 8, auxiliaryClassifier: true });
    expect(existsSync(join(out, 'samples.png'))).toBe(true);
  });
});

describe('resume', () => {
  it('a resumed GAN run (both optimizers, EMA) ends with the same weights as an uninterrupted one', () => {
    const common = ['--set', 'emaDecay=0.9', '--checkpoint-every', '4', ...TOY];
    const straight = join(root, 'straight');
    ok(['train', 'gan', '--out', straight, '--max-steps', '8', ...common]);
    const resumed = join(root, 'resumed');
    ok(['train', 'gan', '--out', resumed, '--max-steps', '4', ...common]);
    ok(['train', 'gan', '--out', resumed, '--max-steps', '8', '--resume', ...common]);
    for (const file of ['weights.safetensors', 'optimizer.safetensors']) {
      expect(sha256(join(resumed, 'checkpoints', 'step-8', file))).toBe(sha256(join(straight, 'checkpoints', 'step-8', file)));
    }
  });
});

describe('dcgan on images, sample and interpolate', () => {
  it('trains a tiny DCGAN on MNIST, samples it and writes linear and spherical interpolations', () => {
    const out = join(root, 'dcgan');
    ok(['train', 'dcgan', '--out', out, '--dataset', 'mnist', '--max-steps', '3', '--batch-size', '8', '--log-every', '1', ...TINY_DCGAN]);
    expect(Number.isFinite(lastMetrics(out)['d/real'])).toBe(true);
    ok(['sample', out, '--n', '4', '--out', join(root, 'dcgan-samples.png')]);
    expect(existsSync(join(root, 'dcgan-samples.png'))).toBe(true);
    for (const path of ['linear', 'spherical']) {
      const png = join(root, `interp-${path}.png`);
      const log = ok(['interpolate', out, '--rows', '2', '--steps', '3', '--path', path, '--out', png]);
      expect(log).toMatch(new RegExp(`wrote 2 ${path} interpolation path\\(s\\) of 3 steps from dcgan`));
      expect(existsSync(png)).toBe(true);
    }
  });

  it('quality reports FID, KID and the class histogram of the samples on the eval classifier', () => {
    const out = join(root, 'dcgan');
    const result = run(['quality', out, '--n', '200', '--reference', '200', '--batch-size', '100', '--metrics', 'fid,kid,histogram', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout.trim().split('\n').pop()!);
    expect(report.numSamples).toBe(200);
    expect(report.numReference).toBe(200);
    expect(Number.isFinite(report.fid) && report.fid > 0).toBe(true);
    expect(Number.isFinite(report.kid.mean)).toBe(true);
    expect(report.classHistogram.counts.reduce((a: number, b: number) => a + b, 0)).toBe(200);
  });

  it('interpolate explains what is wrong in one line', () => {
    const out = join(root, 'errors-gan');
    ok(['train', 'gan', '--out', out, '--max-steps', '2', ...TOY]);
    const label = run(['interpolate', out, '--label', '1']);
    expect(label.status).not.toBe(0);
    expect(label.stderr).toMatch(/^genmodels: gan is not a conditional model; drop --label$/m);
    const data = run(['interpolate', out, '--endpoints', 'data']);
    expect(data.status).not.toBe(0);
    expect(data.stderr).toMatch(/^genmodels: gan cannot encode data; use --endpoints prior$/m);
    for (const result of [label, data]) expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
