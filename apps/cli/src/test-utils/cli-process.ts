/**
 * Running the built `genmodels` command as a child process in tests, the way a user runs it, and
 * reading what it leaves in a run directory.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
/** The reference cpu backend keeps runs deterministic and independent of native builds. */
export const CPU_ENV: NodeJS.ProcessEnv = { ...process.env, GENMODELS_BACKEND: 'cpu', GENMODELS_DEBUG: '' };

export interface Outcome {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = CPU_ENV): Outcome {
  const result = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env, timeout: 240_000 });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the command; `done` resolves with its outcome. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = CPU_ENV): { child: ChildProcess; done: Promise<Outcome> } {
  const child = spawn(process.execPath, [MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<Outcome>((resolve) => {
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Runs the command asynchronously (several can run at once). */
export function runCliAsync(args: readonly string[], env: NodeJS.ProcessEnv = CPU_ENV): Promise<Outcome> {
  return startCli(args, env).done;
}

/** stderr without progress, backend and warning lines and TF.js's cpu banner: the error itself. */
export function errorText(stderr: string): string {
  return stderr
    .replace(/\n?=+\nHi, looks like you are running TensorFlow\.js in Node\.js[^\n]*\n=+\n/g, '\n')
    .split('\n')
    .filter((line) => line !== '' && !/^(backend: |warning: |training|drawing |resuming |finished at |stopped at )/.test(line))
    .join('\n');
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The steps logged in metrics.jsonl, in file order. */
export function metricSteps(runDir: string): number[] {
  return readFileSync(join(runDir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line).step as number);
}

/** The step of checkpoints/latest (0 when there is none yet). */
export function latestStep(runDir: string): number {
  const file = join(runDir, 'checkpoints', 'latest');
  if (!existsSync(file)) return 0;
  return Number(readFileSync(file, 'utf8').trim().replace('step-', '')) || 0;
}

export async function waitFor(condition: () => boolean, child: ChildProcess, what: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (child.exitCode !== null) throw new Error(`the process exited (${child.exitCode}) before ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Sends SIGKILL and waits until the process is gone (reaped). */
export async function kill9(child: ChildProcess): Promise<void> {
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
}
