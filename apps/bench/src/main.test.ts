/** End-to-end: the built runner measures a task and writes its JSON record. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

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
      expect(result.stdout).toMatch(/reference: 8000 samples\/s/);
      const record = JSON.parse(readFileSync(out, 'utf8'));
      expect(record.task).toBe('vae-mlp');
      expect(record.machine.logicalCores).toBeGreaterThan(0);
      const [measured] = record.results;
      expect(measured.trainSamplesPerSecond).toBeGreaterThan(0);
      expect(measured.sampleImagesPerSecond).toBeGreaterThan(0);
      expect(measured.trainBatch).toBe(128);
      expect(typeof measured.backend).toBe('string');
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
