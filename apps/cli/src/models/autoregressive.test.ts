/** End-to-end CLI runs of the autoregressive family: train, eval (exact NLL), sample and complete. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const ENV = { ...process.env, GENMODELS_BACKEND: 'cpu' };

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'genmodels-ar-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(args: string[]) {
  return spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: ENV, timeout: 240_000 });
}

const TINY = ['--dataset', 'mnist', '--max-steps', '3', '--batch-size', '8', '--log-every', '1', '--num-samples', '2', '--seed', '3'];

describe('genmodels with autoregressive models', () => {
  it('trains a PixelCNN, reports its exact NLL, samples and completes images', () => {
    const out = join(root, 'pixelcnn');
    const pixelcnn = ['--set', 'filters=4', '--set', 'numResidualLayers=1', '--set', 'firstKernelSize=3', '--set', 'outputHiddenUnits=4'];
    const train = run(['train', 'pixelcnn', '--out', out, ...TINY, ...pixelcnn]);
    expect(train.status, train.stderr).toBe(0);
    const evaluated = run(['eval', out, '--max-examples', '40']);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toMatch(/NLL \(exact\): \d+\.\d+ ± \d+\.\d+ nats\/example = \d+\.\d+ ± \d+\.\d+ bits\/dim/);
    const png = join(root, 'completions.png');
    const completed = run(['complete', out, '--image-index', '0,3', '--known', 'top-half', '--completions', '2', '--out', png]);
    expect(completed.status, completed.stderr).toBe(0);
    expect(completed.stderr).toMatch(/wrote 2 row\(s\) \(original, masked input with top-half known, 2 completions\)/);
    expect(existsSync(png)).toBe(true);
    const mapPng = join(root, 'nll-map.png');
    const mapped = run(['nll-map', out, '--image-index', '1', '--out', mapPng]);
    expect(mapped.status, mapped.stderr).toBe(0);
    expect(mapped.stdout).toMatch(/image 1: NLL \d+\.\d+ nats/);
    expect(existsSync(mapPng)).toBe(true);
    const bad = run(['complete', out, '--image-index', '99999', '--out', png]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--image-index 99999 is out of range: the test split has 10000 images/);
  });

  it('trains NADE and samples from it', () => {
    const out = join(root, 'nade');
    const train = run(['train', 'nade', '--out', out, ...TINY, '--hidden', '8']);
    expect(train.status, train.stderr).toBe(0);
    const png = join(root, 'nade.png');
    const sampled = run(['sample', out, '--n', '2', '--out', png]);
    expect(sampled.status, sampled.stderr).toBe(0);
    expect(existsSync(png)).toBe(true);
  });

  it('completion needs an image model: RNADE on 2-D points is refused with a one-line error', () => {
    const out = join(root, 'rnade');
    const train = run(['train', 'rnade', '--out', out, '--dataset', 'two-moons', '--max-steps', '3', '--batch-size', '16', '--hidden', '8', '--num-samples', '4']);
    expect(train.status, train.stderr).toBe(0);
    const completed = run(['complete', out, '--image-index', '0']);
    expect(completed.status).not.toBe(0);
    expect(completed.stderr).toMatch(/trained on points, not images/);
  });
});
