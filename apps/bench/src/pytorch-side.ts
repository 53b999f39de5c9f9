/**
 * The PyTorch side of `--compare pytorch`: the Python package in apps/bench/pytorch (torchbench),
 * run with Debian's python3-torch in its own process per task. Each call prints one JSON line.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** apps/bench/pytorch, from src/ and from dist/ alike. */
export const TORCHBENCH_DIR = fileURLToPath(new URL('../pytorch', import.meta.url));

export const INSTALL_HINT = 'apt-get install python3-torch';

export interface PytorchLibrary {
  python: string;
  torch: string;
  /** torch.get_num_threads() */
  threads: number;
  /** torch.__config__.show(): the oneDNN (MKL-DNN) and BLAS it was built with. */
  config: string;
}

export interface PytorchTaskDescription {
  task: string;
  parameters: number;
  trainBatch: number;
  sampleBatch: number;
  sampler: string;
  data: string;
}

export interface PytorchThroughput {
  task: string;
  threads: number;
  parameters: number;
  trainBatch: number;
  trainMsPerStep: number;
  trainMeanMsPerStep: number;
  trainSamplesPerSecond: number;
  lastLoss: number;
  trainPeakRssMiB: number;
  sampler: string;
  sampleBatch: number;
  sampleRuns: number;
  sampleMsPerCall: number | null;
  sampleImagesPerSecond: number | null;
  peakRssMiB: number;
  library: PytorchLibrary;
}

/** Whether `python` can import torch: its version, or why not. */
export function probePytorch(python: string): { ok: true; torch: string } | { ok: false; reason: string } {
  const probe = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (probe.error) return { ok: false, reason: `${python} cannot be run (${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message})` };
  if (probe.status !== 0) return { ok: false, reason: `${python} has no torch` };
  return { ok: true, torch: probe.stdout.trim() };
}

/** The one line printed when the PyTorch side cannot run. */
export function missingPytorchMessage(reason: string): string {
  return `PyTorch comparison skipped: ${reason}; install it with \`${INSTALL_HINT}\` (Debian); running the TF.js side alone`;
}

/** Runs `python -m torchbench <args>` and returns the JSON of its last stdout line; throws with its last stderr line. */
export function runTorchbench<T>(python: string, args: readonly string[]): T {
  const child = spawnSync(python, ['-m', 'torchbench', ...args], {
    cwd: TORCHBENCH_DIR,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 2 ** 20,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  const lastLine = (text: string | null) => (text ?? '').trim().split('\n').pop() ?? '';
  if (child.status !== 0) {
    throw new Error(`torchbench ${args.find((a) => !a.startsWith('-')) ?? ''} exited with ${child.status ?? child.signal}: ${lastLine(child.stderr) || lastLine(child.stdout)}`);
  }
  return JSON.parse(lastLine(child.stdout)) as T;
}

/** Every PyTorch task with its parameter count, without timing anything. */
export function describePytorch(python: string): { tasks: PytorchTaskDescription[]; library: PytorchLibrary } {
  return runTorchbench(python, ['--threads', '1', 'describe']);
}

/** The one-line summary of a PyTorch build: version, oneDNN and BLAS, threads. */
export function summarizePytorch(library: PytorchLibrary): string {
  const onednn = /(?:MKL-DNN|oneDNN)\s+(v[\d.]+)/.exec(library.config)?.[1];
  const blas = /BLAS_INFO=([^,\s]+)/.exec(library.config)?.[1];
  return `PyTorch ${library.torch} (Python ${library.python}; oneDNN ${onednn ?? 'not built in'}; BLAS ${blas ?? 'unknown'}), ${library.threads} threads`;
}
