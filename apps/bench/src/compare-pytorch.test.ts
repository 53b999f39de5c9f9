import { describe, expect, it } from 'vitest';
import { compareThroughput, comparisonRow } from './compare-pytorch.js';
import type { TaskComparison } from './compare-pytorch.js';
import type { ThroughputResult } from './run-throughput.js';

const measured = (task: string, trainSamplesPerSecond: number, sampleImagesPerSecond: number): ThroughputResult => ({
  task,
  mode: 'throughput',
  backend: 'wasm-native',
  threads: 2,
  backendDetails: [],
  dataset: 'mnist',
  parameters: 1000,
  trainBatch: 128,
  trainMsPerStep: (128 * 1000) / trainSamplesPerSecond,
  trainMeanMsPerStep: (128 * 1000) / trainSamplesPerSecond,
  trainMaxMsPerStep: (128 * 1000) / trainSamplesPerSecond,
  trainSamplesPerSecond,
  trainPeakRssMiB: 500,
  wasmHeapMiB: 256,
  tensorMiB: 40,
  sampler: 'one decode pass',
  sampleBatch: 64,
  sampleRuns: 3,
  sampleMsPerCall: (64 * 1000) / sampleImagesPerSecond,
  sampleImagesPerSecond,
  peakRssMiB: 510,
});

describe('compareThroughput', () => {
  it('without torch says how to install it in one line and still measures every task on genmodels', () => {
    const lines: string[] = [];
    const asked: string[] = [];
    const saved: string[][] = [];
    const result = compareThroughput(
      {
        tasks: ['vae-mlp', 'nade'],
        dataset: 'mnist',
        python: '/nonexistent/python3',
        seed: 1,
        runs: 20,
        sampleRuns: 10,
        sampleSeconds: 60,
        log: (l) => lines.push(l),
        onTask: (tasks) => saved.push(tasks.map((t) => t.task)),
      },
      (task) => {
        asked.push(task);
        return measured(task, 3000, 900);
      },
    );
    expect(asked).toEqual(['vae-mlp', 'nade']);
    expect(saved).toEqual([['vae-mlp'], ['vae-mlp', 'nade']]);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('vae-mlp: training 3000 vs - samples/s (-); sampling 900 vs - images/s (-), genmodels vs PyTorch');
    expect(lines[0]).toMatch(/^PyTorch comparison skipped: \/nonexistent\/python3 cannot be run \(ENOENT\); install it with `apt-get install python3-torch`.*running the TF\.js side alone$/);
    expect(result.pytorch).toEqual({ available: false, reason: '/nonexistent/python3 cannot be run (ENOENT)' });
    expect(result.tasks.map((t) => [t.task, t.trainRatio, 'error' in t.pytorch])).toEqual([
      ['vae-mlp', null, true],
      ['nade', null, true],
    ]);
  });
});

describe('comparisonRow', () => {
  it('takes each figure from its side and notes why the other is missing', () => {
    const comparison: TaskComparison = { task: 'nade', genmodels: measured('nade', 10, 2), pytorch: { error: 'no PyTorch implementation' }, trainRatio: null, sampleRatio: null };
    const row = comparisonRow(comparison);
    expect(row).toMatchObject({
      trainBatch: 128,
      parameters: { project: 1000, pytorch: null },
      trainSamplesPerSecond: { project: 10, pytorch: null },
      trainPeakRssMiB: { project: 500, pytorch: null },
      wasmHeapMiB: 256,
      sampleImagesPerSecond: { project: 2, pytorch: null },
      notes: ['PyTorch: no PyTorch implementation'],
    });
    const failed = comparisonRow({ ...comparison, genmodels: { error: 'child exited with 1' } });
    expect(failed.trainSamplesPerSecond.project).toBeNull();
    expect(failed.notes[0]).toBe('genmodels: child exited with 1');
  });
});
