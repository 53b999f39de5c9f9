#!/usr/bin/env node
/**
 * The benchmark runner for docs/bench-spec.md: `pnpm bench -- --task vae-mlp`.
 * Throughput mode measures training samples/s and sampling images/s on one or more backend
 * paths (each in its own process, since a process holds one TF.js engine); with
 * `--compare pytorch` it runs the PyTorch implementation (apps/bench/pytorch) task by task beside
 * it and prints the ratios. Quality mode trains for a stated budget and reports the task's quality
 * figures with their literature references; profile mode shows where a training step's time goes,
 * kernel by kernel; kernels mode times single kernels (also against PyTorch).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BACKEND_NAMES, benchmarkKernels, initBackend } from '@genmodels/backend';
import type { BackendName, BackendReport, KernelBenchmark } from '@genmodels/backend';
import { CommanderError } from 'commander';
import type { BenchOptions } from './bench-options.js';
import { BenchError, parseBenchOptions } from './bench-options.js';
import type { ChildFailure, PytorchStatus, TaskComparison } from './compare-pytorch.js';
import { compareKernels, compareThroughput, comparisonRow } from './compare-pytorch.js';
import { formatKernelComparison, formatSamplingComparison, formatTrainingComparison } from './format-comparison.js';
import { formatTable } from './format-table.js';
import { machineInfo } from './machine-info.js';
import { summarizePytorch } from './pytorch-side.js';
import { referencesFor } from './references.js';
import type { ThroughputResult } from './run-throughput.js';
import { runThroughput } from './run-throughput.js';
import { profileTrainStep, type StepProfile } from './profile-step.js';
import { getTask } from './task-registry.js';

const log = (line: string) => process.stderr.write(`${line}\n`);
const print = (text: string) => process.stdout.write(text);

async function startBackend(name: string | undefined, threads: number | undefined): Promise<BackendReport> {
  if (name !== undefined && !(BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new BenchError(`unknown backend "${name}"; choose from ${BACKEND_NAMES.join(', ')}`);
  }
  return initBackend({ ...(name ? { prefer: name as BackendName } : {}), ...(threads ? { threads } : {}) });
}

/** Runs this script in a child process for one task and backend/thread combination and returns its JSON result. */
function measureInChild<T>(options: BenchOptions, task: string | undefined, backend: string | undefined, threads: string | undefined): T | ChildFailure {
  const script = fileURLToPath(import.meta.url);
  const args = [script, '--mode', options.mode, '--dataset', options.dataset, '--seed', String(options.seed), '--runs', String(options.runs)];
  args.push('--sample-runs', String(options.sampleRuns), '--sample-seconds', String(options.sampleSeconds), '--child');
  if (task) args.push('--task', task);
  if (backend) args.push('--backends', backend);
  if (threads) args.push('--threads', threads);
  log(`measuring ${task ?? 'kernels'} on ${backend ?? 'auto'}${threads ? ` with ${threads} thread(s)` : ''} ...`);
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, GENMODELS_BACKEND: '' } });
  const lastLine = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(lastLine) as T;
  } catch {
    return { error: `child exited with ${child.status ?? child.signal}`, backend, threads };
  }
}

function combinations(options: BenchOptions): [string | undefined, string | undefined][] {
  const combos: [string | undefined, string | undefined][] = [];
  for (const backend of options.backends ?? [undefined]) for (const threads of options.threads ?? [undefined]) combos.push([backend, threads]);
  return combos;
}

/**
 * Measures `measure` on every requested backend/thread combination: in this process when there is
 * one, else one child process each (a process holds one TF.js engine). Children print their JSON
 * and return null.
 */
async function perBackend<T>(options: BenchOptions, measure: (report: BackendReport) => Promise<T>): Promise<(T | ChildFailure)[] | null> {
  const combos = combinations(options);
  if (options.child || combos.length === 1) {
    const [backend, threads] = combos[0]!;
    const result = await measure(await startBackend(backend, threads ? Number(threads) : undefined));
    if (options.child) {
      print(`${JSON.stringify(result)}\n`);
      return null;
    }
    return [result];
  }
  return combos.map(([backend, threads]) => measureInChild<T>(options, options.tasks[0], backend, threads));
}

function throughputOptions(options: BenchOptions) {
  return { dataset: options.dataset, seed: options.seed, warmup: 5, runs: options.runs, sampleRuns: options.sampleRuns, sampleSeconds: options.sampleSeconds };
}

function runThroughputMode(options: BenchOptions) {
  const task = getTask(options.tasks[0]!)!;
  return perBackend(options, (report) => runThroughput(task, report, throughputOptions(options)));
}

interface ProfileResult {
  backend: string;
  threads: number;
  profile: StepProfile;
}

function runProfileMode(options: BenchOptions) {
  const task = getTask(options.tasks[0]!)!;
  return perBackend<ProfileResult>(options, async (report) => {
    const handle = await task.setupThroughput({ dataset: options.dataset, seed: options.seed });
    try {
      return { backend: report.name, threads: report.threads, profile: await profileTrainStep(handle, { warmup: 5, steps: options.runs }) };
    } finally {
      handle.dispose();
    }
  });
}

function printProfile(results: (ProfileResult | ChildFailure)[], task: string): void {
  for (const r of results) {
    if ('error' in r) {
      print(`\n${r.backend ?? 'auto'}: failed (${r.error})\n`);
      continue;
    }
    const p = r.profile;
    print(
      `\n${task} training step on ${r.backend} (${r.threads} threads), mean of ${p.steps} profiled steps: ${p.wallMsPerStep.toFixed(0)} ms wall, ${p.kernelMsPerStep.toFixed(0)} ms in kernels\n`,
    );
    const rows = p.kernels
      .filter((k) => k.ms >= 0.5)
      .map((k) => [k.kernel, k.calls.toFixed(0), k.ms.toFixed(1), `${((100 * k.ms) / p.kernelMsPerStep).toFixed(1)}%`]);
    print(`${formatTable(['kernel', 'calls/step', 'ms/step', 'share'], rows)}\n`);
  }
}

interface KernelResult {
  backend: string;
  threads: number;
  kernels: KernelBenchmark[];
}

function runKernelMode(options: BenchOptions) {
  return perBackend<KernelResult>(options, async (report) => ({
    backend: report.name,
    threads: report.threads,
    kernels: await benchmarkKernels(),
  }));
}

function printKernels(results: (KernelResult | ChildFailure)[]): void {
  const rows: (string | number)[][] = [];
  for (const r of results) {
    if ('error' in r) rows.push([r.backend ?? 'auto', r.threads ?? '-', 'failed', r.error, '', '']);
    else for (const k of r.kernels) rows.push([r.backend, r.threads, k.kernel, k.shape, k.gflops.toFixed(1), k.ms.toFixed(2)]);
  }
  print(`\nkernel throughput (sgemm rows: the OpenBLAS peak through the native addon)\n`);
  print(`${formatTable(['backend', 'threads', 'kernel', 'shape', 'GFLOP/s', 'ms'], rows)}\n`);
}

function printThroughput(results: (ThroughputResult | ChildFailure)[], task: string): void {
  const rows = results.map((r) =>
    'error' in r
      ? [r.backend ?? 'auto', r.threads ?? '-', 'failed', r.error, '', '', '', '']
      : [
          r.backend,
          r.threads,
          r.trainMsPerStep.toFixed(1),
          r.trainMeanMsPerStep.toFixed(1),
          Math.round(r.trainSamplesPerSecond),
          r.sampleRuns > 0 ? r.sampleMsPerCall.toFixed(1) : 'skipped',
          r.sampleRuns > 0 ? r.sampleImagesPerSecond.toPrecision(3) : '',
          Math.round(r.trainPeakRssMiB),
        ],
  );
  print(`\n${task}: training (median of timed steps) and sampling throughput\n`);
  print(
    `${formatTable(['backend', 'threads', 'ms/step (median)', 'ms/step (mean)', 'train samples/s (median)', 'ms/sample call', 'sample images/s', 'peak RSS MiB'], rows)}\n`,
  );
  print('for a measured reference on this machine: --compare pytorch\n');
}

function pytorchLine(status: PytorchStatus): string {
  if (!status.available) return `PyTorch: not run (${status.reason})`;
  return status.library ? summarizePytorch(status.library) : 'PyTorch: no task ran';
}

/** `--compare pytorch` in throughput mode: every task on both sides, then the two tables. */
function runThroughputComparison(options: BenchOptions, outPath: string): Record<string, unknown> {
  const threads = options.threads?.[0];
  const backend = options.backends?.[0];
  const machine = machineInfo();
  const record = (pytorch: PytorchStatus | null, tasks: readonly TaskComparison[]) => ({
    mode: 'throughput',
    compare: 'pytorch',
    dataset: options.dataset,
    machine,
    pytorch,
    timing: { warmup: 5, runs: options.runs, sampleRuns: options.sampleRuns, sampleSeconds: options.sampleSeconds },
    tasks,
  });
  const comparison = compareThroughput(
    {
      ...throughputOptions(options),
      tasks: options.tasks,
      python: options.python,
      threads: threads ? Number(threads) : undefined,
      log,
      onTask: (tasks) => writeRecord(outPath, { ...record(null, tasks), partial: true }),
    },
    (task) => measureInChild<ThroughputResult>({ ...options, tasks: [task] }, task, backend, threads),
  );
  const rows = comparison.tasks.map(comparisonRow);
  const first = comparison.tasks.map((t) => t.genmodels).find((g): g is ThroughputResult => !('error' in g));
  print(`\ngenmodels vs PyTorch on ${machine.cpu} (${machine.logicalCores} logical cores), ${options.dataset}, task by task in one invocation\n`);
  print(`genmodels: ${first ? `${first.backend}, ${first.threads} threads; ${first.backendDetails.join('; ')}` : 'no task ran'}\n`);
  print(`${pytorchLine(comparison.pytorch)}\n`);
  print(`\ntraining samples/s (median of ${options.runs} timed steps after 5 warm-ups; loss read back each step); peak RSS of each side's process after training\n`);
  print(`${formatTrainingComparison(rows)}\n`);
  if (options.sampleRuns > 0) {
    print(`\nsampling images/s (median of up to ${options.sampleRuns} calls after one warm-up, timing stops after ${options.sampleSeconds} s)\n`);
    print(`${formatSamplingComparison(rows)}\n`);
  }
  print('ratio = genmodels / PyTorch (above 1: genmodels is faster)\n');
  for (const row of rows) for (const note of row.notes) print(`${row.task}: ${note}\n`);
  return record(comparison.pytorch, comparison.tasks);
}

/** `--compare pytorch` in kernels mode: the backend's kernel bench, then the same shapes in PyTorch. */
async function runKernelComparison(options: BenchOptions): Promise<Record<string, unknown>> {
  const [result] = (await runKernelMode(options))!;
  if ('error' in result!) throw new Error(`kernel bench failed: ${result.error}`);
  const comparison = compareKernels(result!.kernels, { python: options.python, threads: result!.threads, log });
  const machine = machineInfo();
  print(`\nkernels: genmodels (${result!.backend}, ${result!.threads} threads) vs PyTorch on ${machine.cpu}; ${pytorchLine(comparison.pytorch)}\n`);
  print(`${formatKernelComparison(comparison.rows)}\n`);
  print('ratio = genmodels / PyTorch GFLOP/s (a multiply-add counts 2); PyTorch runs NCHW convolutions through aten (oneDNN when built in)\n');
  return { mode: 'kernels', compare: 'pytorch', machine, backend: result!.backend, threads: result!.threads, pytorch: comparison.pytorch, results: comparison.rows };
}

async function runQualityMode(options: BenchOptions): Promise<Record<string, unknown>> {
  const task = options.tasks[0]!;
  const backend = await startBackend(options.backends?.[0], options.threads?.[0] ? Number(options.threads[0]) : undefined);
  log(`backend: ${backend.name} (${backend.threads} threads); training ${task} on ${options.dataset} for ${options.budgetSeconds} s`);
  const result = await getTask(task)!.quality({
    dataset: options.dataset,
    budgetSeconds: options.budgetSeconds,
    importanceSamples: options.iwaeK,
    evalExamples: options.evalExamples,
    fidSamples: options.fidSamples,
    seed: options.seed,
    log,
  });
  const refs = referencesFor(task);
  print(`\n${task} quality on ${options.dataset} after ${result.budgetSeconds} s (${result.stepsTrained} steps) on ${backend.name}\n`);
  print(
    `${formatTable(
      ['metric', 'value', '± s.e.', 'unit', 'reference', 'what it is'],
      result.figures.map((f) => {
        const ref = refs.find((r) => r.metric === f.metric);
        return [f.metric, f.value.toFixed(2), f.standardError?.toFixed(2) ?? '', f.unit, ref ? `${ref.value} (${ref.source})` : '', f.note];
      }),
    )}\n`,
  );
  return { task, mode: 'quality', machine: machineInfo(), backend: { name: backend.name, threads: backend.threads, details: backend.details }, ...result, references: refs };
}

function writeRecord(outPath: string, record: Record<string, unknown>): void {
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, `${JSON.stringify(record, null, 2)}\n`);
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  const task = options.tasks[0];
  const name = options.compare ? `compare-pytorch-${options.mode}` : `${task ?? 'kernels'}-${options.mode}`;
  const outPath = options.out ?? join('bench-results', `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  let output: Record<string, unknown>;
  if (options.mode === 'kernels') {
    if (options.compare && !options.child) output = await runKernelComparison(options);
    else {
      const results = await runKernelMode(options);
      if (!results) return;
      printKernels(results);
      output = { mode: 'kernels', machine: machineInfo(), results };
    }
  } else if (options.mode === 'profile') {
    const results = await runProfileMode(options);
    if (!results) return;
    printProfile(results, task!);
    output = { task, mode: 'profile', machine: machineInfo(), results };
  } else if (options.mode === 'throughput') {
    if (options.compare && !options.child) output = runThroughputComparison(options, outPath);
    else {
      const results = await runThroughputMode(options);
      if (!results) return; // child: printed its JSON
      printThroughput(results, task!);
      output = { task, mode: 'throughput', machine: machineInfo(), results };
    }
  } else {
    output = await runQualityMode(options);
  }
  writeRecord(outPath, output);
  log(`wrote ${outPath}`);
}

main().catch((error: unknown) => {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  process.stderr.write(`genmodels-bench: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  process.exit(error instanceof BenchError ? 2 : 1);
});
