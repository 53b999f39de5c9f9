/**
 * kill -9 at a random moment and --resume, for one model of each family (the VAE's is in
 * cli.test.ts): the final weights and optimizer state are bit-identical to an uninterrupted run,
 * and metrics.jsonl has every logged step exactly once.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kill9, latestStep, metricSteps, runCliAsync, sha256, startCli, waitFor } from './test-utils/cli-process.js';

let root = '';
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'genmodels-kill-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const STEPS = 60;
const FAMILIES: [string, string[]][] = [
  ['gan', ['gan', '--dataset', 'eight-gaussians', '--hidden', '16', '--set', 'emaDecay=0.9']],
  ['flow', ['realnvp', '--dataset', 'two-moons', '--hidden', '16']],
  ['autoregressive', ['rnade', '--dataset', 'two-moons', '--hidden', '8']],
  ['diffusion', ['ddpm', '--dataset', 'two-moons', '--hidden', '16', '--set', 'numTrainTimesteps=100', '--set', 'numInferenceSteps=5']],
];

describe('kill -9 and --resume, one model of each family', () => {
  it.each(FAMILIES)('%s (%j)', async (family, model) => {
    const args = (out: string) => ['train', ...model, '--out', out, '--batch-size', '32', '--max-steps', String(STEPS), '--checkpoint-every', '10', '--log-every', '5', '--num-samples', '8', '--seed', '11'];
    const reference = join(root, `${family}-reference`);
    const interrupted = join(root, `${family}-interrupted`);
    const uninterrupted = runCliAsync(args(reference));

    const first = startCli(args(interrupted));
    await waitFor(() => latestStep(interrupted) >= 10, first.child, 'the step-10 checkpoint');
    // a random moment after the first checkpoint: mid-step, mid-save or between steps
    const delay = Math.floor(Math.random() * 150);
    await new Promise((resolve) => setTimeout(resolve, delay));
    await kill9(first.child);
    const killedAt = latestStep(interrupted);
    expect(killedAt, `killed ${delay} ms after the step-10 checkpoint`).toBeLessThan(STEPS);

    const resumed = await runCliAsync([...args(interrupted), '--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`resuming .* from step ${killedAt} `));
    expect(resumed.stderr).toMatch(/warning: took over the lock of process \d+, which no longer runs/);
    const straight = await uninterrupted;
    expect(straight.status, straight.stderr).toBe(0);

    const final = (dir: string, file: string) => join(dir, 'checkpoints', `step-${STEPS}`, file);
    expect(sha256(final(interrupted, 'weights.safetensors')), `killed at step ${killedAt} + ${delay} ms`).toBe(sha256(final(reference, 'weights.safetensors')));
    expect(sha256(final(interrupted, 'optimizer.safetensors'))).toBe(sha256(final(reference, 'optimizer.safetensors')));
    const logged = metricSteps(interrupted);
    expect(new Set(logged).size).toBe(logged.length);
    expect(logged).toEqual(metricSteps(reference));
    expect(existsSync(join(interrupted, 'lock'))).toBe(false);
  }, 600_000);
});
