#!/usr/bin/env node
/**
 * The benchmark runner for docs/bench-spec.md: `pnpm bench -- --task vae-mlp`.
 * Throughput mode measures training samples/s and sampling images/s on one or more backend
 * paths (each in its own process, since a process holds one TF.js engine); quality mode trains
 * for a stated budget and reports the task's quality figures with their references; profile mode
 * shows where a training step's time goes, kernel by kernel; kernels mode times single kernels.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BACKEND_NAMES, benchmarkKernels, initBackend } from '@genmodels/backend';
import type { BackendName, BackendReport, KernelBenchmark } from '@genmodels/backend';
import { Command, InvalidArgumentError, Option } from 'commander';
import { formatTable } from './format-table.js';
import { machineInfo } from './machine-info.js';
import { referencesFor } from './references.js';
import type { ThroughputResult } from './run-throughput.js';
import { runThroughput } from './run-throughput.js';
import { profileTrainStep, type StepProfile } from './profile-step.js';
import { TASK_NAMES, getTask } from './task-registry.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

class BenchError extends Error {}

function list(value: string): string[] {
  return value.split(',').map((part) => part.trim()).filter(Boolean);
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected an integer >= 0');
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

interface BenchOptions {
  task: string;
  mode: 'throughput' | 'quality' | 'kernels' | 'profile';
  dataset: 'fashion-mnist' | 'mnist';
  backends?: string[];
  threads?: string[];
  budgetSeconds: number;
  iwaeK: number;
  evalExamples: number;
  fidSamples: number;
  seed: number;
  runs: number;
  sampleRuns: number;
  out?: string;
  child: boolean;
}

async function startBackend(name: string | undefined, threads: number | undefined): Promise<BackendReport> {
  if (name !== undefined && !(BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new BenchError(`unknown backend "${name}"; choose from ${BACKEND_NAMES.join(', ')}`);
  }
  return initBackend({ ...(name ? { prefer: name as BackendName } : {}), ...(threads ? { threads } : {}) });
}

type ChildFailure = { error: string; backend?: string; threads?: string };

/** Runs this script in a child process for one backend/thread combination and returns its JSON result. */
function measureInChild<T>(options: BenchOptions, backend: string | undefined, threads: string | undefined): T | ChildFailure {
  const script = fileURLToPath(import.meta.url);
  const args = [script, '--task', options.task, '--mode', options.mode, '--dataset', options.dataset, '--seed', String(options.seed), '--runs', String(options.runs), '--sample-runs', String(options.sampleRuns), '--child'];
  if (backend) args.push('--backends', backend);
  if (threads) args.push('--threads', threads);
  log(`measuring ${options.mode === 'kernels' ? 'kernels' : options.task} on ${backend ?? 'auto'}${threads ? ` with ${threads} thread(s)` : ''} ...`);
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, GENMODELS_BACKEND: '' } });
  const lastLine = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(lastLine) as T;
  } catch {
    return { error: `child exited with ${child.status}`, backend, threads };
  }
}

/**
 * Measures `measure` on every requested backend/thread combination: in this process when there is
 * one, else one child process each (a process holds one TF.js engine). Children print their JSON
 * and return null.
 */
async function perBackend<T>(options: BenchOptions, measure: (report: BackendReport) => Promise<T>): Promise<(T | ChildFailure)[] | null> {
  const combos: [string | undefined, string | undefined][] = [];
  for (const backend of options.backends ?? [undefined]) for (const threads of options.threads ?? [undefined]) combos.push([backend, threads]);
  if (options.child || combos.length === 1) {
    const [backend, threads] = combos[0];
    const result = await measure(await startBackend(backend, threads ? Number(threads) : undefined));
    if (options.child) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return null;
    }
    return [result];
  }
  return combos.map(([backend, threads]) => measureInChild<T>(options, backend, threads));
}

function runThroughputMode(options: BenchOptions) {
  const task = getTask(options.task)!;
  return perBackend(options, (report) =>
    runThroughput(task, report, { dataset: options.dataset, seed: options.seed, warmup: 5, runs: options.runs, sampleRuns: options.sampleRuns }),
  );
}

function runProfileMode(options: BenchOptions) {
  const task = getTask(options.task)!;
  return perBackend<ProfileResult>(options, async (report) => {
    const handle = await task.setupThroughput({ dataset: options.dataset, seed: options.seed });
    try {
      return { backend: report.name, threads: report.threads, profile: await profileTrainStep(handle, { warmup: 5, steps: options.runs }) };
    } finally {
      handle.dispose();
    }
  });
}

interface ProfileResult {
  backend: string;
  threads: number;
  profile: StepProfile;
}

function printProfile(results: (ProfileResult | ChildFailure)[], task: string): void {
  for (const r of results) {
    if ('error' in r) {
      process.stdout.write(`\n${r.backend ?? 'auto'}: failed (${r.error})\n`);
      continue;
    }
    const p = r.profile;
    process.stdout.write(
      `\n${task} training step on ${r.backend} (${r.threads} threads), mean of ${p.steps} profiled steps: ${p.wallMsPerStep.toFixed(0)} ms wall, ${p.kernelMsPerStep.toFixed(0)} ms in kernels\n`,
    );
    const rows = p.kernels
      .filter((k) => k.ms >= 0.5)
      .map((k) => [k.kernel, k.calls.toFixed(0), k.ms.toFixed(1), `${((100 * k.ms) / p.kernelMsPerStep).toFixed(1)}%`]);
    process.stdout.write(`${formatTable(['kernel', 'calls/step', 'ms/step', 'share'], rows)}\n`);
  }
}

function runKernelMode(options: BenchOptions) {
  return perBackend<KernelResult>(options, async (report) => ({
    backend: report.name,
    threads: report.threads,
    kernels: await benchmarkKernels(),
  }));
}

interface KernelResult {
  backend: string;
  threads: number;
  kernels: KernelBenchmark[];
}

function printKernels(results: (KernelResult | ChildFailure)[]): void {
  const rows: (string | number)[][] = [];
  for (const r of results) {
    if ('error' in r) rows.push([r.backend ?? 'auto', r.threads ?? '-', 'failed', r.error, '', '']);
    else for (const k of r.kernels) rows.push([r.backend, r.threads, k.kernel, k.shape, k.gflops.toFixed(1), k.ms.toFixed(2)]);
  }
  process.stdout.write(`\nkernel throughput (sgemm rows: the OpenBLAS peak through the native addon)\n`);
  process.stdout.write(`${formatTable(['backend', 'threads', 'kernel', 'shape', 'GFLOP/s', 'ms'], rows)}\n`);
}

function printThroughput(results: (ThroughputResult | ChildFailure)[], task: string): void {
  const rows = results.map((r) =>
    'error' in r
      ? [r.backend ?? 'auto', r.threads ?? '-', 'failed', r.error, '', '', '']
      : [
          r.backend,
          r.threads,
          r.trainMsPerStep.toFixed(1),
          r.trainMeanMsPerStep.toFixed(1),
          Math.round(r.trainSamplesPerSecond),
          r.sampleRuns > 0 ? r.sampleMsPerCall.toFixed(1) : 'skipped',
          r.sampleRuns > 0 ? r.sampleImagesPerSecond.toPrecision(3) : '',
        ],
  );
  process.stdout.write(`\n${task}: training (median of timed steps) and sampling throughput\n`);
  process.stdout.write(`${formatTable(['backend', 'threads', 'ms/step (median)', 'ms/step (mean)', 'train samples/s (median)', 'ms/sample call', 'sample images/s'], rows)}\n`);
  for (const ref of referencesFor(task).filter((r) => r.unit === 'samples/s')) {
    process.stdout.write(`reference: ${ref.value} ${ref.unit} (${ref.source})\n`);
  }
}

async function main(): Promise<void> {
  const args = process.argv[2] === '--' ? [...process.argv.slice(0, 2), ...process.argv.slice(3)] : process.argv;
  const program = new Command('genmodels-bench')
    .description('Runs the bench-spec tasks and writes their figures as a table and JSON')
    .option('--task <name>', `task: ${TASK_NAMES.join(', ')} (not needed with --mode kernels)`, 'kernels')
    .addOption(new Option('--mode <mode>', 'what to measure').choices(['throughput', 'quality', 'kernels', 'profile']).default('throughput'))
    .addOption(new Option('--dataset <name>', 'dataset').choices(['fashion-mnist', 'mnist']).default('fashion-mnist'))
    .option('--backends <names>', `backend paths to compare, comma-separated (${BACKEND_NAMES.join(', ')}); default: the automatic choice`, list)
    .option('--threads <counts>', 'thread counts to compare, comma-separated, e.g. 1,2', list)
    .option('--budget-seconds <s>', 'quality mode: training budget', positiveInt, 300)
    .option('--iwae-k <k>', 'quality mode: importance samples for the IWAE figure (1 to skip)', positiveInt, 5000)
    .option('--eval-examples <n>', 'quality mode: test images for the IWAE figure', positiveInt, 1000)
    .option('--fid-samples <n>', 'quality mode: generated samples for FID/KID (bench-spec: 10000)', positiveInt, 10_000)
    .option('--runs <n>', 'timed steps (bench-spec: 20); profile mode: profiled steps', positiveInt, 20)
    .option('--sample-runs <n>', 'timed sampling calls after one warm-up (0 skips sampling; 1000-step samplers take minutes a call)', nonNegativeInt, 10)
    .option('--seed <n>', 'seed', positiveInt, 1)
    .option('--out <file>', 'JSON file to write (default bench-results/<task>-<mode>-<time>.json)')
    .addOption(new Option('--child').hideHelp().default(false))
    .showSuggestionAfterError(true);
  program.parse(args);
  const options = program.opts<BenchOptions>();
  if (options.mode !== 'kernels' && !getTask(options.task)) {
    throw new BenchError(`unknown task "${options.task}"; choose one of: ${TASK_NAMES.join(', ')}`);
  }

  let output: Record<string, unknown>;
  if (options.mode === 'kernels') {
    const results = await runKernelMode(options);
    if (!results) return;
    printKernels(results);
    output = { mode: 'kernels', machine: machineInfo(), results };
  } else if (options.mode === 'profile') {
    const results = await runProfileMode(options);
    if (!results) return;
    printProfile(results, options.task);
    output = { task: options.task, mode: 'profile', machine: machineInfo(), results };
  } else if (options.mode === 'throughput') {
    const results = await runThroughputMode(options);
    if (!results) return; // child: printed its JSON
    printThroughput(results, options.task);
    output = { task: options.task, mode: 'throughput', machine: machineInfo(), results, references: referencesFor(options.task) };
  } else {
    const backend = await startBackend(options.backends?.[0], options.threads?.[0] ? Number(options.threads[0]) : undefined);
    log(`backend: ${backend.name} (${backend.threads} threads); training ${options.task} on ${options.dataset} for ${options.budgetSeconds} s`);
    const result = await getTask(options.task)!.quality({
      dataset: options.dataset,
      budgetSeconds: options.budgetSeconds,
      importanceSamples: options.iwaeK,
      evalExamples: options.evalExamples,
      fidSamples: options.fidSamples,
      seed: options.seed,
      log,
    });
    const refs = referencesFor(options.task);
    process.stdout.write(`\n${options.task} quality on ${options.dataset} after ${result.budgetSeconds} s (${result.stepsTrained} steps) on ${backend.name}\n`);
    process.stdout.write(
      `${formatTable(
        ['metric', 'value', '± s.e.', 'unit', 'reference', 'what it is'],
        result.figures.map((f) => {
          const ref = refs.find((r) => r.metric === f.metric);
          return [f.metric, f.value.toFixed(2), f.standardError?.toFixed(2) ?? '', f.unit, ref ? `${ref.value} (${ref.source})` : '', f.note];
        }),
      )}\n`,
    );
    output = { task: options.task, mode: 'quality', machine: machineInfo(), backend: { name: backend.name, threads: backend.threads, details: backend.details }, ...result, references: refs };
  }
  const outPath = options.out ?? join('bench-results', `${options.task}-${options.mode}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, `${JSON.stringify(output, null, 2)}\n`);
  log(`wrote ${outPath}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`genmodels-bench: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  process.exit(error instanceof BenchError ? 2 : 1);
});
