/**
 * The run directory under stress, through the built command: two writers at once, a stale lock
 * after kill -9, a non-finite loss, and a full disk (a small tmpfs where this machine lets us
 * mount one, and always an injected ENOSPC).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeSafetensors, decodeSafetensors } from '@genmodels/core-nn';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CPU_ENV, errorText, kill9, latestStep, metricSteps, runCli, runCliAsync, startCli, waitFor } from './test-utils/cli-process.js';

let root = '';
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'genmodels-rundir-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const TOY = ['--dataset', 'two-moons', '--hidden', '16', '--batch-size', '32', '--log-every', '5', '--seed', '5', '--num-samples', '8'];
const vae = (out: string, ...extra: string[]) => ['train', 'vae', '--out', out, ...TOY, ...extra];

const esc = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function checkpointDirs(runDir: string): string[] {
  const dir = join(runDir, 'checkpoints');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

describe('one writer per run directory', () => {
  it('refuses a second writer and a second --resume in one line naming the holder; a stale lock is taken over', async () => {
    const out = join(root, 'two-writers');
    const first = startCli(vae(out, '--max-steps', '100000', '--checkpoint-every', '5'));
    await waitFor(() => latestStep(out) >= 5, first.child, 'the first checkpoint');
    const holder = first.child.pid!;
    const lockMessage = new RegExp(
      `^genmodels: another process is writing this run: ${esc(out)} is in use by process ${holder} on this machine \\(genmodels train vae\\) since [0-9T:.-]+Z; wait for it to finish or stop it\\. If that process is not a genmodels run, delete ${esc(join(out, 'lock'))}\\.$`,
    );
    const [again, resume] = await Promise.all([runCliAsync(vae(out, '--max-steps', '10')), runCliAsync([...vae(out, '--max-steps', '10'), '--resume'])]);
    for (const second of [again, resume]) {
      expect(second.status).toBe(1);
      expect(errorText(second.stderr)).toMatch(lockMessage);
    }
    await kill9(first.child);
    const killedAt = latestStep(out);

    // Two --resume processes find the stale lock of the killed one: exactly one takes it over.
    const target = String(killedAt + 40);
    const racers = await Promise.all([0, 1].map(() => runCliAsync([...vae(out, '--max-steps', target), '--resume'])));
    const winners = racers.filter((r) => r.status === 0);
    const losers = racers.filter((r) => r.status !== 0);
    expect(winners, racers.map((r) => r.stderr).join('\n---\n')).toHaveLength(1);
    expect(winners[0].stderr).toMatch(new RegExp(`warning: took over the lock of process ${holder}, which no longer runs`));
    expect(losers[0].status).toBe(1);
    expect(errorText(losers[0].stderr)).toMatch(/^genmodels: another process is writing this run: .* is in use by process \d+ on this machine \(genmodels train vae\)/);
    expect(latestStep(out)).toBe(Number(target));
    const logged = metricSteps(out);
    expect(logged).toEqual([...new Set(logged)].sort((a, b) => a - b)); // in order, none twice
    expect(logged[logged.length - 1]).toBe(Number(target));
    expect(existsSync(join(out, 'lock'))).toBe(false);
  }, 600_000);
});

describe('a non-finite loss', () => {
  it('stops at step 0 of a GAN whose generator loss is NaN, naming the loss, and checkpoints nothing', () => {
    const out = join(root, 'nan-gan');
    const result = runCli(['train', 'gan', '--out', out, '--dataset', 'eight-gaussians', '--hidden', '8', '--batch-size', '16', '--max-steps', '3', '--lr', '1e300']);
    expect(result.status).toBe(1);
    expect(errorText(result.stderr)).toBe(
      `genmodels: non-finite g/loss (NaN) at step 0; training stopped and no checkpoint was written. Train again into a new --out (not ${out}) with a lower --lr`,
    );
    expect(checkpointDirs(out)).toEqual([]);
    expect(existsSync(join(out, 'samples.png'))).toBe(false);
  });

  it('keeps the last finite checkpoint and writes nothing after the bad step', () => {
    const out = join(root, 'nan-resume');
    const trained = runCli(vae(out, '--max-steps', '10', '--checkpoint-every', '5'));
    expect(trained.status, trained.stderr).toBe(0);
    // Weights that overflow at the next step (finite, but 1e38 times anything is Inf in float32).
    const step10 = join(out, 'checkpoints', 'step-10');
    const decoded = decodeSafetensors(readFileSync(join(step10, 'weights.safetensors')), 'weights');
    for (const t of Object.values(decoded.tensors)) (t.data as Float32Array).fill(1e38);
    const bytes = encodeSafetensors(decoded.tensors, decoded.metadata);
    writeFileSync(join(step10, 'weights.safetensors'), bytes);
    const manifest = JSON.parse(readFileSync(join(step10, 'manifest.json'), 'utf8'));
    manifest.files['weights.safetensors'] = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    writeFileSync(join(step10, 'manifest.json'), JSON.stringify(manifest));

    const resumed = runCli([...vae(out, '--max-steps', '20', '--checkpoint-every', '5'), '--resume']);
    expect(resumed.status).toBe(1);
    expect(errorText(resumed.stderr)).toMatch(
      new RegExp(`^genmodels: non-finite loss \\((NaN|Infinity)\\) at step 10; training stopped and the last good checkpoint ${esc(step10)} is kept and nothing after it was written\\. Train again into a new --out \\(not ${esc(out)}\\) with a lower --lr$`),
    );
    expect(checkpointDirs(out)).toEqual(['latest', 'step-10', 'step-5']);
    expect(latestStep(out)).toBe(10);
    expect(Math.max(...metricSteps(out))).toBe(10);
  });
});

/** Mounts a tmpfs of `bytes` at `dir`; false where this machine does not allow it (not root, no CAP_SYS_ADMIN). */
function mountTmpfs(dir: string, bytes: number): boolean {
  mkdirSync(dir, { recursive: true });
  if (process.platform !== 'linux') return false;
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'ignore' }).status === 0;
}

const PRELOAD = fileURLToPath(new URL('./test-utils/full-disk-preload.mjs', import.meta.url));
// A model whose checkpoints (weights + Adam slots, ~1.6 MB) dwarf the metrics lines and the lock file.
const BIG = ['--dataset', 'two-moons', '--hidden', '256,256', '--batch-size', '32', '--log-every', '5', '--seed', '5', '--num-samples', '8'];

describe('a full disk', () => {
  /**
   * Trains to step 10, fills the disk, resumes (the step-15 checkpoint cannot be written), then
   * frees the space and resumes to the end. `fill` makes the disk full; `env` is the environment
   * of the run that meets the full disk.
   */
  async function fullDiskRun(out: string, fill: () => NodeJS.ProcessEnv, unfill: () => void): Promise<void> {
    const args = (steps: number) => ['train', 'vae', '--out', out, ...BIG, '--max-steps', String(steps), '--checkpoint-every', '5'];
    const first = runCli(args(10));
    expect(first.status, first.stderr).toBe(0);
    const full = runCli([...args(20), '--resume'], fill());
    expect(full.status).toBe(1);
    expect(errorText(full.stderr)).toMatch(
      new RegExp(
        `^genmodels: no space left on the device while writing ${esc(out)} \\(ENOSPC\\); the last complete checkpoint is ${esc(join(out, 'checkpoints', 'step-10'))} \\(no partial checkpoint was left behind\\); ` +
          `after freeing space continue with: genmodels train vae --out ${esc(out)} --resume$`,
      ),
    );
    expect(checkpointDirs(out)).toEqual(['latest', 'step-10', 'step-5']); // no step-15.partial
    expect(existsSync(join(out, 'lock'))).toBe(false);
    unfill();
    const resumed = runCli([...args(20), '--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming .* from step 10 /);
    expect(latestStep(out)).toBe(20);
    const logged = metricSteps(out);
    expect(logged).toEqual([5, 10, 15, 20]);
  }

  it('injected ENOSPC (a fault-injecting fs in the child): a one-line error, no .partial left, resumable', async () => {
    const out = join(root, 'full-injected');
    await fullDiskRun(
      out,
      () => ({ ...CPU_ENV, NODE_OPTIONS: `--import=${PRELOAD}`, GENMODELS_TEST_FULL_DIR: out, GENMODELS_TEST_FULL_AFTER: String(64 * 1024) }),
      () => undefined,
    );
  }, 300_000);

  const mountPoint = join(tmpdir(), `genmodels-tmpfs-${process.pid}`);
  const mounted = mountTmpfs(mountPoint, 16 * 1024 * 1024);
  afterAll(() => {
    if (mounted) spawnSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it.skipIf(!mounted)('a real 16 MiB tmpfs filled up: the same', async () => {
    const out = join(mountPoint, 'run');
    const filler = join(mountPoint, 'filler');
    await fullDiskRun(
      out,
      () => {
        // leave 64 KiB: room for the lock and metrics lines, not for a checkpoint
        const stats = statfsSync(mountPoint);
        writeFileSync(filler, Buffer.alloc(Math.max(0, stats.bavail * stats.bsize - 64 * 1024)));
        return CPU_ENV;
      },
      () => rmSync(filler),
    );
  }, 300_000);
});
