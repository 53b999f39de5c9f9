/** End-to-end: the built runner measures a task and writes its JSON record. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PYTHON } from './bench-options.js';
import { probePytorch } from './pytorch-side.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const haveTorch = probePytorch(DEFAULT_PYTHON).ok;

describe('genmodels-bench', () => {
  it('measures vae-mlp throughput and writes task, backend, samples/s and machine info', () => {
    const dir = mkdtempSync(join(tmpdir(), 'genmodels-bench-'));
    try {
      const out = join(dir, 'result.json');
      const result = spawnSync(process.execPath, [MAIN, '--task', 'vae-mlp', '--runs', '2', '--dataset', 'mnist', '--out', out], {
        encoding: 'utf8',
        timeout: 240_000,
      });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/vae-mlp: training \(median of timed steps\) and sampling throughput/);
      expect(result.stdout).toMatch(/for a measured reference on this machine: --compare pytorch/);
      const record = JSON.parse(readFileSync(out, 'utf8'));
      expect(record.task).toBe('vae-mlp');
      expect(record.machine.logicalCores).toBeGreaterThan(0);
      const [measured] = record.results;
      expect(measured.trainSamplesPerSecond).toBeGreaterThan(0);
      expect(measured.sampleImagesPerSecond).toBeGreaterThan(0);
      expect(measured.trainBatch).toBe(128);
      expect(measured.parameters).toBe(1091920);
      expect(measured.trainPeakRssMiB).toBeGreaterThan(50);
      expect(measured.peakRssMiB).toBeGreaterThanOrEqual(measured.trainPeakRssMiB);
      expect(typeof measured.backend).toBe('string');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it.skipIf(!haveTorch && !process.env.CI)('--compare pytorch measures a task on both sides and writes both, the ratios, RSS and versions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'genmodels-bench-'));
    try {
      const out = join(dir, 'result.json');
      const args = [MAIN, '--compare', 'pytorch', '--task', 'vae-mlp', '--threads', '1', '--runs', '2', '--sample-runs', '1', '--dataset', 'mnist', '--out', out];
      const result = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 240_000 });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^genmodels vs PyTorch on .+, mnist, task by task/m);
      expect(result.stdout).toMatch(/^PyTorch \d+\.\d+.*oneDNN.*, 1 threads$/m);
      expect(result.stdout).toMatch(/^vae-mlp +128 +1091920 +[\d.]+ +[\d.]+ +[\d.]+ +\d+ +\d+/m);
      expect(result.stdout).toMatch(/^vae-mlp +one decode pass +[\d.]+ +[\d.]+ +[\d.]+$/m);
      const record = JSON.parse(readFileSync(out, 'utf8'));
      expect(record).toMatchObject({ mode: 'throughput', compare: 'pytorch', timing: { warmup: 5, runs: 2, sampleRuns: 1 }, pytorch: { available: true } });
      expect(record.machine.cpu).not.toBe('');
      expect(record.pytorch.library.torch).toMatch(/^\d+\.\d+/);
      expect(record.pytorch.library.config).toMatch(/BLAS_INFO/);
      const [task] = record.tasks;
      expect(task.genmodels).toMatchObject({ task: 'vae-mlp', threads: 1, parameters: 1091920, trainBatch: 128 });
      expect(task.pytorch).toMatchObject({ task: 'vae-mlp', threads: 1, parameters: 1091920, trainBatch: 128, sampleRuns: 1 });
      expect(task.trainRatio).toBeCloseTo(task.genmodels.trainSamplesPerSecond / task.pytorch.trainSamplesPerSecond, 9);
      expect(task.sampleRatio).toBeCloseTo(task.genmodels.sampleImagesPerSecond / task.pytorch.sampleImagesPerSecond, 9);
      for (const side of [task.genmodels, task.pytorch]) expect(side.trainPeakRssMiB).toBeGreaterThan(50);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('rejects an unknown task in one line', () => {
    const result = spawnSync(process.execPath, [MAIN, '--task', 'nope'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toMatch(/^genmodels-bench: unknown task "nope"; choose one of: vae-mlp/);
  });
});
