/**
 * `--compare pytorch`: every task measured on both sides in the same invocation, task by task
 * (genmodels in a child process of its own, then PyTorch in one of its own, so each side's peak
 * RSS is that task's), with the same batch, network, threads and timing rules; and the kernel
 * bench's shapes timed in PyTorch beside the backend's figures.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KernelBenchmark } from '@genmodels/backend';
import { loadImageDataset } from '@genmodels/core-data/node';
import type { ComparisonRow } from './format-comparison.js';
import { formatProgressLine, ratio } from './format-comparison.js';
import { kernelCaseOf } from './kernel-case.js';
import type { PytorchLibrary, PytorchThroughput } from './pytorch-side.js';
import { missingPytorchMessage, probePytorch, runTorchbench } from './pytorch-side.js';
import type { ThroughputResult } from './run-throughput.js';
import { SPEC_TASK_NAMES } from './task-registry.js';

/** What a child process reports when it could not measure. */
export interface ChildFailure {
  error: string;
  backend?: string;
  threads?: string;
}

export type PytorchStatus = { available: true; library: PytorchLibrary | null } | { available: false; reason: string };

export interface TaskComparison {
  task: string;
  genmodels: ThroughputResult | ChildFailure;
  pytorch: PytorchThroughput | { error: string };
  /** genmodels / PyTorch training samples/s (null when a side has no figure). */
  trainRatio: number | null;
  /** genmodels / PyTorch sampling images/s. */
  sampleRatio: number | null;
}

export interface ThroughputComparisonOptions {
  tasks: readonly string[];
  dataset: 'fashion-mnist' | 'mnist';
  python: string;
  /** Threads for PyTorch when the genmodels side did not report its own. */
  threads?: number;
  seed: number;
  runs: number;
  sampleRuns: number;
  sampleSeconds: number;
  log: (line: string) => void;
  /** Called after each task with the comparisons so far (the runner saves them: a full run takes hours). */
  onTask?: (tasks: readonly TaskComparison[]) => void;
}

const failed = (r: object): r is { error: string } => 'error' in r;

/** The printable figures of one comparison. */
export function comparisonRow(c: TaskComparison): ComparisonRow {
  const g = failed(c.genmodels) ? null : c.genmodels;
  const p = failed(c.pytorch) ? null : c.pytorch;
  const sampled = (r: { sampleRuns: number; sampleImagesPerSecond: number | null } | null) => (r && r.sampleRuns > 0 ? r.sampleImagesPerSecond : null);
  const notes: string[] = [];
  if (!g) notes.push(`genmodels: ${(c.genmodels as ChildFailure).error}`);
  if (!p) notes.push(`PyTorch: ${(c.pytorch as { error: string }).error}`);
  return {
    task: c.task,
    trainBatch: g?.trainBatch ?? p?.trainBatch ?? null,
    parameters: { project: g?.parameters ?? null, pytorch: p?.parameters ?? null },
    trainSamplesPerSecond: { project: g?.trainSamplesPerSecond ?? null, pytorch: p?.trainSamplesPerSecond ?? null },
    trainPeakRssMiB: { project: g?.trainPeakRssMiB ?? null, pytorch: p?.trainPeakRssMiB ?? null },
    wasmHeapMiB: g?.wasmHeapMiB ?? null,
    sampler: g?.sampler ?? p?.sampler ?? null,
    sampleImagesPerSecond: { project: sampled(g), pytorch: sampled(p) },
    notes,
  };
}

/** The raw 0..255 training images of `dataset` in a file (n x 28 x 28 bytes) for the PyTorch side. */
function writeTrainImages(dir: string, dataset: 'fashion-mnist' | 'mnist'): string {
  const images = loadImageDataset(dataset, { split: 'train' });
  if (images.channels !== 1 || images.height !== 28 || images.width !== 28) {
    throw new Error(`${dataset}: expected 28x28x1 images, got ${images.height}x${images.width}x${images.channels}`);
  }
  const path = join(dir, `${dataset}-train.u8`);
  writeFileSync(path, images.images);
  return path;
}

/**
 * Runs each task on genmodels (`measureProject`, a child process) and then on PyTorch with the
 * genmodels side's thread count. Without torch it says so in one line and measures genmodels alone.
 */
export function compareThroughput(
  options: ThroughputComparisonOptions,
  measureProject: (task: string) => ThroughputResult | ChildFailure,
): { pytorch: PytorchStatus; tasks: TaskComparison[] } {
  const probe = probePytorch(options.python);
  if (!probe.ok) options.log(missingPytorchMessage(probe.reason));
  const dir = probe.ok ? mkdtempSync(join(tmpdir(), 'genmodels-bench-')) : null;
  let dataFile: string | null = null;
  let library: PytorchLibrary | null = null;
  const tasks: TaskComparison[] = [];
  try {
    for (const task of options.tasks) {
      const genmodels = measureProject(task);
      let pytorch: PytorchThroughput | { error: string };
      if (!probe.ok) pytorch = { error: `not run (${probe.reason})` };
      else if (!SPEC_TASK_NAMES.includes(task)) pytorch = { error: 'no PyTorch implementation (not a bench-spec task)' };
      else {
        const threads = failed(genmodels) ? options.threads : genmodels.threads;
        options.log(`measuring ${task} on PyTorch ${probe.torch}${threads ? ` with ${threads} thread(s)` : ''} ...`);
        try {
          dataFile ??= writeTrainImages(dir!, options.dataset);
          const args = [
            ...(threads ? ['--threads', String(threads)] : []),
            'throughput',
            '--task',
            task,
            '--data',
            dataFile,
            '--seed',
            String(options.seed),
            '--warmup',
            '5',
            '--runs',
            String(options.runs),
            '--sample-runs',
            String(options.sampleRuns),
            '--sample-seconds',
            String(options.sampleSeconds),
          ];
          pytorch = runTorchbench<PytorchThroughput>(options.python, args);
          library = pytorch.library;
        } catch (error) {
          pytorch = { error: (error as Error).message };
        }
      }
      const g = failed(genmodels) ? null : genmodels;
      const p = failed(pytorch) ? null : pytorch;
      tasks.push({
        task,
        genmodels,
        pytorch,
        trainRatio: ratio(g?.trainSamplesPerSecond, p?.trainSamplesPerSecond),
        sampleRatio: g && p && g.sampleRuns > 0 && p.sampleRuns > 0 ? ratio(g.sampleImagesPerSecond, p.sampleImagesPerSecond) : null,
      });
      options.log(formatProgressLine(comparisonRow(tasks[tasks.length - 1]!)));
      options.onTask?.(tasks);
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  return { pytorch: probe.ok ? { available: true, library } : { available: false, reason: probe.reason }, tasks };
}

export interface KernelComparison extends KernelBenchmark {
  /** PyTorch's time for the same kernel and shape, null when it has no counterpart. */
  pytorchMs: number | null;
  pytorchGflops: number | null;
  /** genmodels / PyTorch GFLOP/s. */
  ratio: number | null;
}

/** Times the rows of the backend's kernel bench in PyTorch at `threads` threads. */
export function compareKernels(
  kernels: readonly KernelBenchmark[],
  options: { python: string; threads: number; log: (line: string) => void; repetitionMs?: number },
): { pytorch: PytorchStatus; rows: KernelComparison[] } {
  const probe = probePytorch(options.python);
  const none = (k: KernelBenchmark): KernelComparison => ({ ...k, pytorchMs: null, pytorchGflops: null, ratio: null });
  if (!probe.ok) {
    options.log(missingPytorchMessage(probe.reason));
    return { pytorch: { available: false, reason: probe.reason }, rows: kernels.map(none) };
  }
  const cases = kernels.map((k) => kernelCaseOf(k));
  const unmatched = kernels.filter((_, i) => cases[i] === null);
  if (unmatched.length > 0) options.log(`no PyTorch counterpart for: ${unmatched.map((k) => `${k.kernel} ${k.shape}`).join('; ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'genmodels-bench-'));
  try {
    const file = join(dir, 'cases.json');
    writeFileSync(file, JSON.stringify(cases.filter((c) => c !== null)));
    options.log(`measuring the same kernels on PyTorch ${probe.torch} with ${options.threads} thread(s) ...`);
    const result = runTorchbench<{ results: { ms: number }[]; library: PytorchLibrary }>(options.python, [
      '--threads',
      String(options.threads),
      'kernels',
      '--cases',
      file,
      ...(options.repetitionMs ? ['--repetition-ms', String(options.repetitionMs)] : []),
    ]);
    let next = 0;
    const rows = kernels.map((k, i) => {
      if (cases[i] === null) return none(k);
      const pytorchMs = result.results[next++]!.ms;
      // The same flop count on both sides: GFLOP/s scales with 1 / ms.
      const pytorchGflops = (k.gflops * k.ms) / pytorchMs;
      return { ...k, pytorchMs, pytorchGflops, ratio: ratio(k.gflops, pytorchGflops) };
    });
    return { pytorch: { available: true, library: result.library }, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
