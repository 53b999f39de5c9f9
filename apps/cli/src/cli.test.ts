/**
 * End-to-end tests of the built `genmodels` command, run as child processes the way a user runs
 * it: one-line errors, kill -9 and resume with bit-identical weights, checkpoint damage, Ctrl-C.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
// The reference cpu backend keeps these runs deterministic and independent of native builds.
const ENV = { ...process.env, GENMODELS_BACKEND: 'cpu' };
const SMALL = ['--dataset', 'mnist', '--hidden', '64', '--latent-dim', '4', '--batch-size', '64', '--log-every', '5', '--seed', '7'];

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'genmodels-cli-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(args: string[]) {
  return spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: ENV, timeout: 240_000 });
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function metricSteps(runDir: string): number[] {
  return readFileSync(join(runDir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line).step as number);
}

function latestStep(runDir: string): number {
  const file = join(runDir, 'checkpoints', 'latest');
  if (!existsSync(file)) return 0;
  return Number(readFileSync(file, 'utf8').trim().replace('step-', '')) || 0;
}

async function waitFor(condition: () => boolean, child: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (!condition()) {
    if (child.exitCode !== null) throw new Error(`the training process exited (${child.exitCode}) before ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('genmodels errors are one line and a non-zero exit', () => {
  it.each([
    [['train', 'not-a-model', '--out', 'x'], /unknown model "not-a-model"; choose one of: vae/],
    [['train', 'vae', '--out', 'x', '--dataset', 'cifar'], /unknown dataset "cifar"; choose one of: mnist, fashion-mnist/],
    [['train', 'vae', '--out', 'x', '--no-such-flag'], /unknown option '--no-such-flag'/],
    [['train', 'vae', '--out', 'x', '--epochs', '0'], /expected a positive integer/],
    [['sample', '/nonexistent/run'], /run directory not found: \/nonexistent\/run/],
  ])('%j', (args, message) => {
    const result = run(args as string[]);
    expect(result.status).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses a run directory of another model, and one without config.json', () => {
    const other = join(root, 'other-model');
    rmSync(other, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', other]);
    const notARun = run(['sample', other]);
    expect(notARun.status).not.toBe(0);
    expect(notARun.stderr).toMatch(/not a genmodels run directory \(no config\.json\)/);
    writeFileSync(join(other, 'config.json'), JSON.stringify({ format: 'genmodels-run', formatVersion: 1, modelType: 'ddpm', model: {} }));
    const result = run(['train', 'vae', '--out', other, '--resume', ...SMALL]);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')[0]).toMatch(/holds a "ddpm" run, not "vae"/);
  });
});

describe('kill -9 and resume', () => {
  const steps = 60;
  const trainArgs = (out: string) => ['train', 'vae', '--out', out, '--max-steps', String(steps), '--checkpoint-every', '10', ...SMALL];

  it('gives final weights bit-identical to an uninterrupted run, with no duplicate metric steps', async () => {
    const reference = join(root, 'uninterrupted');
    const first = run(trainArgs(reference));
    expect(first.status, first.stderr).toBe(0);

    const interrupted = join(root, 'interrupted');
    const child = spawn(process.execPath, [MAIN, ...trainArgs(interrupted)], { env: ENV, stdio: 'ignore' });
    await waitFor(() => latestStep(interrupted) >= 20, child, 'the step-20 checkpoint');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const killedAt = latestStep(interrupted);
    expect(killedAt).toBeLessThan(steps); // it really was interrupted

    const resumed = run([...trainArgs(interrupted), '--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`resuming .* from step ${killedAt}`));

    const weights = (dir: string) => join(dir, 'checkpoints', `step-${steps}`, 'weights.safetensors');
    expect(sha256(weights(interrupted))).toBe(sha256(weights(reference)));
    expect(sha256(join(interrupted, 'checkpoints', `step-${steps}`, 'optimizer.safetensors'))).toBe(
      sha256(join(reference, 'checkpoints', `step-${steps}`, 'optimizer.safetensors')),
    );
    const loggedSteps = metricSteps(interrupted);
    expect(new Set(loggedSteps).size).toBe(loggedSteps.length);
    expect(loggedSteps).toEqual(metricSteps(reference));
    expect(existsSync(join(interrupted, 'samples.png'))).toBe(true);
  }, 600_000);

  it('refuses to start over an existing run without --resume', () => {
    const result = run(trainArgs(join(root, 'uninterrupted')));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/already holds a run; pass --resume/);
  });

  it('skips a checkpoint with one flipped byte for the previous one, with a warning', () => {
    const runDir = join(root, 'uninterrupted');
    const newest = join(runDir, 'checkpoints', `step-${steps}`, 'weights.safetensors');
    const bytes = readFileSync(newest);
    bytes[bytes.length - 3] ^= 0xff;
    writeFileSync(newest, bytes);
    const out = join(root, 'after-damage.png');
    const result = run(['sample', runDir, '--n', '4', '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning: .*step-60/);
    expect(result.stderr).toMatch(/at step 50/);
    expect(existsSync(out)).toBe(true);
  });

  it('evaluates the negative ELBO on the test split in nats', () => {
    const result = run(['eval', join(root, 'interrupted'), '--max-examples', '200', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout.trim()).likelihood;
    expect(report).toMatchObject({ kind: 'elbo', isBound: true, label: 'negative ELBO (upper bound on NLL)' });
    expect(report.numExamples).toBe(200);
    // An untrained Bernoulli decoder costs 784 * ln 2 = 543 nats; 60 steps must already beat it.
    expect(report.natsPerExample).toBeGreaterThan(50);
    expect(report.natsPerExample).toBeLessThan(543);
    expect(report.bitsPerDim).toBeCloseTo(report.natsPerExample / (784 * Math.LN2), 6);
  });
});

describe('eval with sample metrics', () => {
  it('reports the bound and FID/KID on the shipped classifier, naming the network', () => {
    const result = run(['eval', join(root, 'interrupted'), '--metrics', 'nll,fid,kid', '--max-examples', '200', '--n', '200', '--reference', '200', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout.trim());
    expect(report.likelihood.kind).toBe('elbo');
    const quality = report.sampleQuality;
    expect(JSON.stringify(quality)).toMatch(/mnist/);
    expect(JSON.stringify(quality)).toMatch(/[0-9a-f]{64}/); // the feature network's sha256
    // 60 steps of a tiny VAE are far from the data: FID clearly above zero.
    expect(quality.fid).toBeGreaterThan(1);
  }, 300_000);

  it('rejects an unknown metric in one line', () => {
    const result = run(['eval', join(root, 'interrupted'), '--metrics', 'nll,bogus']);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')[0]).toMatch(/expected a comma-separated list of nll, fid/);
  });
});

describe('Ctrl-C', () => {
  it('saves a checkpoint and exits cleanly', async () => {
    const out = join(root, 'interrupt');
    const child = spawn(process.execPath, [MAIN, 'train', 'vae', '--out', out, '--max-steps', '100000', '--checkpoint-every', '5', ...SMALL], {
      env: ENV,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    await waitFor(() => latestStep(out) >= 5, child, 'the first checkpoint');
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted: finishing this step and saving a checkpoint/);
    const final = latestStep(out);
    expect(final).toBeGreaterThanOrEqual(5);
    expect(readdirSync(join(out, 'checkpoints'))).toContain(`step-${final}`);
    expect(metricSteps(out).every((step) => step <= final)).toBe(true);
  }, 300_000);
});
