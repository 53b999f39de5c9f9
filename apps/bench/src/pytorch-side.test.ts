/**
 * The PyTorch side against the spec and the TF.js side, without timing anything: the same tasks,
 * the spec's batch sizes, the same parameter count per task, the network properties, and one real
 * training step per task. CI installs python3-torch, so there these always run.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PYTHON } from './bench-options.js';
import { compareKernels } from './compare-pytorch.js';
import { countTrainableParameters } from './count-parameters.js';
import type { PytorchTaskDescription, PytorchThroughput } from './pytorch-side.js';
import { describePytorch, probePytorch, runTorchbench, summarizePytorch } from './pytorch-side.js';
import { SPEC_TASK_NAMES, getTask } from './task-registry.js';

const spec = readFileSync(new URL('../../../docs/bench-spec.md', import.meta.url), 'utf8');
/** task -> batch, from the spec's task table (| task | data | batch | optimizer | network |). */
const specBatches = new Map([...spec.matchAll(/^\| ([a-z][a-z0-9-]+) \| [^|]+ \| (\d+) \|/gm)].map((m) => [m[1]!, Number(m[2])]));

const haveTorch = probePytorch(DEFAULT_PYTHON).ok;

describe.skipIf(!haveTorch && !process.env.CI)('the PyTorch side (torchbench)', () => {
  let tasks: PytorchTaskDescription[];
  let dir: string;

  beforeAll(() => {
    tasks = describePytorch(DEFAULT_PYTHON).tasks;
    dir = mkdtempSync(join(tmpdir(), 'torchbench-test-'));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('implements exactly the bench-spec tasks, with the spec batch sizes', () => {
    expect(specBatches.size).toBeGreaterThanOrEqual(6);
    expect(tasks.map((t) => t.task)).toEqual(SPEC_TASK_NAMES);
    for (const [name, batch] of specBatches) expect(tasks.find((t) => t.task === name)?.trainBatch, name).toBe(batch);
    // ddpm-ddim50 is the ddpm training step with another sampler.
    expect(tasks.find((t) => t.task === 'ddpm-ddim50')?.trainBatch).toBe(specBatches.get('ddpm'));
    for (const t of tasks) expect(t.sampleBatch, t.task).toBe(64);
  });

  it('builds every network with the parameter count of the TF.js network', () => {
    for (const t of tasks) {
      const model = getTask(t.task)!.createModel(1);
      try {
        expect(t.parameters, t.task).toBe(countTrainableParameters(model));
      } finally {
        model.dispose();
      }
    }
  });

  it('describes the same sampler as the TF.js task', () => {
    for (const t of tasks) expect(t.sampler, t.task).toBe(getTask(t.task)!.sampler);
  });

  it('passes its network property checks (PixelCNN causality, exact coupling log-det, invertibility, samplers)', () => {
    const result = runTorchbench<{ ok: boolean; checks: { check: string; ok: boolean; detail: string }[] }>(DEFAULT_PYTHON, ['--threads', '1', 'check']);
    expect(result.checks.length).toBeGreaterThanOrEqual(6);
    for (const c of result.checks) expect(c.ok, `${c.check}: ${c.detail}`).toBe(true);
  }, 120_000);

  it('takes a real training step on every task and samples the one-pass tasks', () => {
    // ddpm-ddim50 trains exactly as ddpm does; its sampler is among the checks above.
    // 256 pseudo-random images: enough for a batch of 128, and every pixel value range occurs.
    const images = new Uint8Array(256 * 784).map((_, i) => (i * 2654435761) >>> 24);
    const data = join(dir, 'images.u8');
    writeFileSync(data, images);
    for (const t of tasks.filter((task) => task.task !== 'ddpm-ddim50')) {
      const onePass = t.sampler.startsWith('one ');
      const result = runTorchbench<PytorchThroughput>(DEFAULT_PYTHON, [
        '--threads', '1', 'throughput', '--task', t.task, '--data', data, '--warmup', '0', '--runs', '1', '--sample-runs', onePass ? '1' : '0',
      ]);
      expect(Number.isFinite(result.lastLoss), t.task).toBe(true);
      expect(result).toMatchObject({ task: t.task, threads: 1, parameters: t.parameters, trainBatch: t.trainBatch, sampleRuns: onePass ? 1 : 0 });
      expect(result.trainPeakRssMiB).toBeGreaterThan(50);
      expect(summarizePytorch(result.library)).toMatch(/^PyTorch \d+\.\d+.*, 1 threads$/);
    }
  }, 300_000);

  it('times the kernel bench rows it can read at the same shapes, GFLOP/s from the same flop count', () => {
    const rows = [
      { kernel: 'matMul tA', shape: '64x32 * 32x16 (test)', gflops: 2, ms: 0.5 },
      { kernel: 'Conv2DBackpropFilter', shape: 'test 3x3 s2 2->4 @28, batch 2', gflops: 1, ms: 3 },
      { kernel: 'Conv2DBackpropInput', shape: 'test 4x4 s2 2->4 @14, batch 2', gflops: 1, ms: 3 },
      { kernel: 'Mystery', shape: 'who knows', gflops: 1, ms: 1 },
      { kernel: 'sgemm (OpenBLAS, 1 threads)', shape: '64x64x64', gflops: 4, ms: 0.1 },
    ];
    const lines: string[] = [];
    const { pytorch, rows: compared } = compareKernels(rows, { python: DEFAULT_PYTHON, threads: 1, repetitionMs: 1, log: (line) => lines.push(line) });
    expect(pytorch.available).toBe(true);
    expect(lines.join('\n')).toMatch(/no PyTorch counterpart for: Mystery who knows/);
    for (const [i, r] of compared.entries()) {
      if (rows[i]!.kernel === 'Mystery') {
        expect(r).toMatchObject({ pytorchMs: null, pytorchGflops: null, ratio: null });
        continue;
      }
      expect(r.pytorchMs, r.kernel).toBeGreaterThan(0);
      expect(r.pytorchGflops! * r.pytorchMs!).toBeCloseTo(rows[i]!.gflops * rows[i]!.ms, 9);
      expect(r.ratio).toBeCloseTo(r.gflops / r.pytorchGflops!, 9);
    }
  }, 120_000);
});
