import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MetricsLogger } from './metrics-logger.js';
import { gaussianData, GaussianModel } from './test-utils/gaussian-model.js';
import { Trainer } from './trainer.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function readSteps(file: string): number[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { step: number }).step);
}

describe('MetricsLogger', () => {
  it('appends one JSON line per log step', async () => {
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'core-nn-metrics-'));
    dirs.push(runDir);
    const model = new GaussianModel({ dim: 2, seed: 1 });
    await new Trainer({ epochs: 1, logEvery: 2, seed: 3, callbacks: [new MetricsLogger(runDir)] }).fit(model, gaussianData(2, 4, 6, 1));
    const file = path.join(runDir, 'metrics.jsonl');
    expect(readSteps(file)).toEqual([2, 4, 6]);
    const first = JSON.parse(fs.readFileSync(file, 'utf8').split('\n')[0]) as { metrics: Record<string, number>; epoch: number; time: string };
    expect(typeof first.metrics.loss).toBe('number');
    expect(first.epoch).toBe(0);
    expect(Number.isNaN(Date.parse(first.time))).toBe(false);
    model.dispose();
  });

  it('on resume drops lines after the resumed step (and a torn last line), so no step is written twice', async () => {
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'core-nn-metrics-'));
    dirs.push(runDir);
    const file = path.join(runDir, 'metrics.jsonl');
    const line = (step: number) => JSON.stringify({ step, epoch: 0, metrics: { loss: step } });
    fs.writeFileSync(file, `${[2, 4, 6, 8].map(line).join('\n')}\n{"step": 10, "ep`);
    const model = new GaussianModel({ dim: 2, seed: 1 });
    const trainer = new Trainer({ epochs: 1, logEvery: 2, seed: 3, callbacks: [new MetricsLogger(runDir)] });
    await trainer.fit(model, gaussianData(2, 4, 10, 1), { initialState: { step: 4, epoch: 0, batchIndex: 4, seed: 3 } });
    expect(readSteps(file)).toEqual([2, 4, 6, 8, 10]);
    model.dispose();
  });
});
