/**
 * End-to-end tests of the VAE family through the built `genmodels` command: every variant trains
 * (toy points for the MLP ones, tiny images for the convolutional ones), and the interpolate
 * (--from/--to), denoise, anomaly, latent and eval commands write their outputs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const ENV = { ...process.env, GENMODELS_BACKEND: 'cpu' };
const TOY = ['--dataset', 'two-moons', '--batch-size', '32', '--hidden', '16', '--log-every', '5', '--seed', '3', '--max-steps', '10'];

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'genmodels-vae-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(args: string[]) {
  return spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: ENV, timeout: 240_000 });
}

function ok(args: string[]): { stdout: string; stderr: string } {
  const result = run(args);
  expect(result.status, result.stderr).toBe(0);
  return { stdout: result.stdout, stderr: result.stderr };
}

function lastMetrics(runDir: string): Record<string, number> {
  const lines = readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n');
  return JSON.parse(lines[lines.length - 1]).metrics;
}

describe('genmodels train <vae family> on 2-D points', () => {
  it.each([
    ['vae', ['--beta', '2', '--set', 'klWarmup={"steps":20,"start":0}'], ['loss/kl-weight']],
    ['iwae', ['--set', 'numImportanceSamples=3'], ['loss/neg-iwae']],
    ['cvae', [], ['loss/kl']],
    ['ae', ['--set', 'denoising={"kind":"gaussian","level":0.1}'], ['loss/recon']],
    ['wae', ['--beta', '5'], ['loss/mmd']],
    ['aae', [], ['g/loss', 'd/loss']],
  ])('%s %j', (model, extra, keys) => {
    const out = join(root, `toy-${model}`);
    ok(['train', model, '--out', out, ...TOY, ...extra]);
    const metrics = lastMetrics(out);
    for (const key of ['loss', ...keys]) expect(Number.isFinite(metrics[key]), `${key} in ${JSON.stringify(metrics)}`).toBe(true);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).model;
    expect(config.modelType).toBe(model);
    expect(config.latentDim).toBe(2);
    if (model === 'vae') expect(config).toMatchObject({ beta: 2, klWarmup: { steps: 20, start: 0 } });
    if (model === 'cvae') expect(config.numClasses).toBe(2);
    if (model === 'wae') expect(config.regularizationWeight).toBe(5);
    expect(existsSync(join(out, 'samples.png'))).toBe(true);
  });
});

describe('VAE commands on MNIST', () => {
  const vaeRun = () => join(root, 'mnist-vae');
  beforeAll(() => {
    ok(['train', 'vae', '--out', vaeRun(), '--dataset', 'mnist', '--hidden', '32', '--latent-dim', '2', '--batch-size', '64', '--max-steps', '15', '--log-every', '5']);
  }, 240_000);

  it('conv-vae and conv-vae-8bit train on images', () => {
    for (const model of ['conv-vae', 'conv-vae-8bit']) {
      const out = join(root, model);
      ok(['train', model, '--out', out, '--dataset', 'mnist', '--set', 'convChannels=[4,8]', '--latent-dim', '4', '--batch-size', '16', '--max-steps', '3', '--log-every', '1']);
      const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
      expect(config.model.architecture).toBe('conv');
      expect(config.model.observationModel).toBe(model === 'conv-vae' ? 'bernoulli' : 'discretized-logistic');
      expect(config.preprocessing).toBe(model === 'conv-vae' ? 'binarized' : 'unit');
      expect(Number.isFinite(lastMetrics(out).loss)).toBe(true);
    }
  }, 240_000);

  it('interpolate --from --to writes a strip of the encoded endpoints', () => {
    const out = join(root, 'strip.png');
    const { stderr } = ok(['interpolate', vaeRun(), '--from', '0', '--to', '1', '--steps', '6', '--path', 'linear', '--out', out]);
    expect(stderr).toMatch(/linear interpolation from test image 0 to 1 \(6 steps, originals at both ends\)/);
    expect(existsSync(out)).toBe(true);
    const bad = run(['interpolate', vaeRun(), '--from', '0', '--to', '99999']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--to must be a test-image index in 0\.\.9999/);
  }, 120_000);

  it('denoise restores noisy and masked images and reports both errors', () => {
    for (const kind of ['gaussian', 'block']) {
      const out = join(root, `denoise-${kind}.png`);
      const { stdout } = ok(['denoise', vaeRun(), '--noise', '0.3', '--kind', kind, '--n', '8', '--out', out, ...(kind === 'block' ? ['--iterations', '3'] : []), '--json']);
      const result = JSON.parse(stdout);
      expect(result.method).toBe(kind === 'block' ? 'inpaint' : 'reconstruct');
      expect(result.mseCorrupted).toBeGreaterThan(0);
      expect(Number.isFinite(result.mseRestored)).toBe(true);
      expect(existsSync(out)).toBe(true);
    }
  }, 120_000);

  it('anomaly scores Fashion-MNIST against the MNIST test set and prints the ROC AUC', () => {
    const out = join(root, 'maps.png');
    const { stdout } = ok(['anomaly', vaeRun(), '--dataset', 'fashion-mnist', '--n', '200', '--out', out, '--maps', '4', '--json']);
    const result = JSON.parse(stdout);
    expect(result.rocAuc).toBeGreaterThanOrEqual(0);
    expect(result.rocAuc).toBeLessThanOrEqual(1);
    expect(result.score).toBe('negative ELBO (nats)');
    expect(result.numExamples).toBe(200);
    expect(existsSync(out)).toBe(true);
  }, 120_000);

  it('latent writes the manifold and a class scatter (SVG) for a 2-D latent; eval reports IWAE with its K', () => {
    const manifold = join(root, 'manifold.png');
    const scatter = join(root, 'codes.svg');
    ok(['latent', vaeRun(), '--grid', '5', '--out', manifold, '--scatter', scatter, '--n', '300']);
    expect(existsSync(manifold)).toBe(true);
    const svg = readFileSync(scatter, 'utf8');
    expect(svg.match(/<circle /g)?.length).toBe(300);
    expect(svg).toMatch(/<text[^>]*>9<\/text>/);
    const { stdout } = ok(['eval', vaeRun(), '--iwae', '10', '--max-examples', '50', '--json']);
    const result = JSON.parse(stdout);
    expect(result.likelihood).toMatchObject({ kind: 'iwae', isBound: true, numImportanceSamples: 10, numExamples: 50 });
  }, 120_000);
});
