/** The runner's command line, parsed and checked before anything is measured. */
import { BACKEND_NAMES } from '@genmodels/backend';
import { Command, InvalidArgumentError, Option } from 'commander';
import { SPEC_TASK_NAMES, TASK_NAMES, getTask } from './task-registry.js';

/** A usage error: one line, exit status 2. */
export class BenchError extends Error {}

export const DEFAULT_PYTHON = '/usr/bin/python3';

export interface BenchOptions {
  /** The tasks to run, in order (one, except with --compare). Empty in kernels mode. */
  tasks: string[];
  mode: 'throughput' | 'quality' | 'kernels' | 'profile';
  dataset: 'fashion-mnist' | 'mnist';
  backends?: string[];
  threads?: string[];
  compare?: 'pytorch';
  python: string;
  budgetSeconds: number;
  iwaeK: number;
  evalExamples: number;
  fidSamples: number;
  seed: number;
  runs: number;
  sampleRuns: number;
  sampleSeconds: number;
  out?: string;
  child: boolean;
}

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

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0');
  return n;
}

/** `--task` as given ('all' = every bench-spec task) checked against the registry. */
function resolveTasks(task: string | undefined, mode: BenchOptions['mode'], compare: boolean): string[] {
  if (mode === 'kernels') return [];
  if (task === undefined) {
    if (compare) return [...SPEC_TASK_NAMES];
    throw new BenchError(`--task is required; choose one of: ${TASK_NAMES.join(', ')} (or all with --compare pytorch)`);
  }
  const names = list(task).flatMap((name) => (name === 'all' ? SPEC_TASK_NAMES : [name]));
  for (const name of names) {
    if (!getTask(name)) throw new BenchError(`unknown task "${name}"; choose one of: ${TASK_NAMES.join(', ')}, or all`);
  }
  if (names.length !== 1 && !(compare && mode === 'throughput')) {
    throw new BenchError(`several tasks (${names.join(', ')}) run only with --compare pytorch in throughput mode; give one task`);
  }
  return [...new Set(names)];
}

/** Parses `argv` (without node and the script); commander prints its own errors and throws. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const program = new Command('genmodels-bench')
    .description('Runs the bench-spec tasks and writes their figures as a table and JSON')
    .option('--task <names>', `task, or comma-separated tasks with --compare: ${TASK_NAMES.join(', ')}; all = the bench-spec tasks (not needed with --mode kernels)`)
    .addOption(new Option('--mode <mode>', 'what to measure').choices(['throughput', 'quality', 'kernels', 'profile']).default('throughput'))
    .addOption(new Option('--dataset <name>', 'dataset').choices(['fashion-mnist', 'mnist']).default('fashion-mnist'))
    .option('--backends <names>', `backend paths to compare, comma-separated (${BACKEND_NAMES.join(', ')}); default: the automatic choice`, list)
    .option('--threads <counts>', 'thread counts to compare, comma-separated, e.g. 1,2', list)
    .addOption(
      new Option('--compare <framework>', 'throughput and kernels modes: run the PyTorch implementation beside each task (default task: all) and print the ratio').choices([
        'pytorch',
      ]),
    )
    .option('--python <path>', 'Python with torch for --compare pytorch', DEFAULT_PYTHON)
    .option('--budget-seconds <s>', 'quality mode: training budget', positiveInt, 300)
    .option('--iwae-k <k>', 'quality mode: importance samples for the IWAE figure (1 to skip)', positiveInt, 5000)
    .option('--eval-examples <n>', 'quality mode: test images for the IWAE figure', positiveInt, 1000)
    .option('--fid-samples <n>', 'quality mode: generated samples for FID/KID (bench-spec: 10000)', positiveInt, 10_000)
    .option('--runs <n>', 'timed steps (bench-spec: 20); profile mode: profiled steps', positiveInt, 20)
    .option('--sample-runs <n>', 'timed sampling calls after one warm-up (0 skips sampling)', nonNegativeInt, 10)
    .option('--sample-seconds <s>', 'stop timing sampling calls once they have taken this long (at least one is timed; a 1000-step sampler takes minutes a call)', positiveNumber, 60)
    .option('--seed <n>', 'seed', positiveInt, 1)
    .option('--out <file>', 'JSON file to write (default bench-results/<task>-<mode>-<time>.json)')
    .addOption(new Option('--child').hideHelp().default(false))
    .exitOverride()
    .showSuggestionAfterError(true);
  program.parse([...args], { from: 'user' });
  const raw = program.opts<Omit<BenchOptions, 'tasks'> & { task?: string }>();
  const compare = raw.compare !== undefined;
  if (compare && raw.mode !== 'throughput' && raw.mode !== 'kernels') {
    throw new BenchError(`--compare pytorch works in throughput and kernels modes, not ${raw.mode}`);
  }
  if (compare && ((raw.backends?.length ?? 1) > 1 || (raw.threads?.length ?? 1) > 1)) {
    throw new BenchError('--compare pytorch takes one backend and one thread count (both sides run with the same threads)');
  }
  for (const t of raw.threads ?? []) {
    if (!(Number.isInteger(Number(t)) && Number(t) >= 1)) throw new BenchError(`--threads: "${t}" is not a positive integer`);
  }
  const { task, ...rest } = raw;
  return { ...rest, tasks: resolveTasks(task, raw.mode, compare) };
}
