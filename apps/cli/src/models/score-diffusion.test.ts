/**
 * End-to-end tests of ddpm and ncsn through the built `genmodels` command: training on 2-D toy
 * points (MLP denoiser) and sampling with every scheduler; on tiny 28x28 images (a 2-level UNet,
 * a few steps): the trajectory GIF, inpaint (known pixels unchanged), denoise --sigma and eval;
 * progress lines and Ctrl-C of the pipelines, interpolation through DDIM latents, and train's
 * end-of-run grid with a fast sampler that says what it does.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const ENV = { ...process.env, GENMODELS_BACKEND: 'cpu' };
const TOY = ['--dataset', 'eight-gaussians', '--batch-size', '64', '--hidden', '32,32', '--log-every', '5', '--seed', '3', '--num-samples', '16'];
const TINY_UNET = ['--set', 'channels=[8,16]', '--set', 'groups=4', '--set', 'embeddingDim=16', '--set', 'sinusoidalDim=8'];

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'genmodels-diffusion-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function ok(args: string[], env: Record<string, string> = {}): string {
  const result = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: { ...ENV, ...env }, timeout: 300_000 });
  expect(result.status, result.stderr).toBe(0);
  return `${result.stdout}${result.stderr}`;
}

/** Runs the command, sends SIGINT once stderr matches `when`, and resolves with the exit code and output. */
function interruptWhen(args: string[], when: RegExp): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: { ...ENV, GENMODELS_PROGRESS_SECONDS: '0' } });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!sent && when.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('genmodels train ddpm|ncsn on 2-D points, sample with every scheduler', () => {
  it.each(['ddpm', 'ncsn'])('%s', (model) => {
    const out = join(root, `toy-${model}`);
    ok(['train', model, '--out', out, '--max-steps', '20', ...TOY, '--set', 'numInferenceSteps=10', '--set', 'numTrainTimesteps=100']);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).model;
    expect(config).toMatchObject({ modelType: model, network: 'mlp', inputShape: [2], hiddenUnits: [32, 32] });
    for (const scheduler of ['ddpm', 'ddim', 'langevin', 'pc']) {
      const png = join(out, `${scheduler}.png`);
      const log = ok(['sample', out, '--n', '16', '--scheduler', scheduler, '--steps', '5', '--set', 'stepsPerLevel=2', '--out', png]);
      expect(log).toContain('wrote 16 samples');
      expect(existsSync(png)).toBe(true);
    }
  });
});

describe("train's end-of-run sample grid", () => {
  it('draws with DDIM, 50 steps, instead of a long ancestral sampler, and says so', () => {
    const out = join(root, 'toy-ddpm-long');
    const log = ok(['train', 'ddpm', '--out', out, '--max-steps', '2', ...TOY, '--set', 'numTrainTimesteps=300']);
    expect(log).toContain("drawing 16 samples for");
    expect(log).toContain("with DDIM, 50 steps (eta 0) instead of the config's DDPM ancestral sampling, 300 steps");
    expect(existsSync(join(out, 'samples.png'))).toBe(true);
  });
});

describe('ddpm on images: GIF trajectory, inpaint, denoise, eval', () => {
  const out = () => join(root, 'image-ddpm');
  let trainLog = '';
  beforeAll(() => {
    trainLog = ok(['train', 'ddpm', '--dataset', 'fashion-mnist', '--out', out(), '--max-steps', '2', '--batch-size', '4', '--num-samples', '1',
      '--seed', '2', ...TINY_UNET, '--set', 'numTrainTimesteps=20', '--set', 'numInferenceSteps=3']);
  }, 300_000);

  it("train's grid uses the config's sampler when it is short, and says which", () => {
    expect(trainLog).toContain('drawing 1 samples for');
    expect(trainLog).toContain('with DDPM ancestral sampling, 3 steps');
  });

  it('Ctrl-C stops a long sampler at the next step, with one line, exit code 130 and no output file', async () => {
    const png = join(root, 'interrupted.png');
    const { code, stderr } = await interruptWhen(
      ['sample', out(), '--n', '4', '--scheduler', 'langevin', '--steps', '10', '--set', 'stepsPerLevel=100', '--out', png],
      /step 2\/1001/,
    );
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('interrupted: stopping sampling after this step');
    expect(stderr).toContain('genmodels: interrupted: sampling stopped; nothing was written');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(png)).toBe(false);
  });

  it('interpolate decodes prior DDIM latents, with progress', () => {
    const prior = ok(['interpolate', out(), '--rows', '1', '--steps', '3', '--out', join(root, 'interp-prior.png')], { GENMODELS_PROGRESS_SECONDS: '0' });
    expect(prior).toContain('interpolating 1 path(s) through DDIM latents (20-step DDIM decoding of 3 points): started');
    expect(prior).toContain('between prior latents');
    expect(existsSync(join(root, 'interp-prior.png'))).toBe(true);
  });

  it('interpolate --endpoints data inverts test images by DDIM, one progress display over both phases', () => {
    const data = ok(['interpolate', out(), '--rows', '1', '--steps', '3', '--endpoints', 'data', '--out', join(root, 'interp-data.png')], { GENMODELS_PROGRESS_SECONDS: '0' });
    // 20 inversion steps, then 20 decoding steps
    expect(data).toMatch(/inverting step 1\/40/);
    expect(data).toMatch(/sampling step 21\/40/);
    expect(data).toContain('between inverted test images');
    expect(existsSync(join(root, 'interp-data.png'))).toBe(true);
  });

  it('interpolate --from i --to j writes one strip with the originals at its ends', () => {
    const strip = ok(['interpolate', out(), '--from', '0', '--to', '3', '--steps', '4', '--out', join(root, 'interp-strip.png')]);
    expect(strip).toContain('from test image 0 to 3 (originals at both ends)');
    expect(existsSync(join(root, 'interp-strip.png'))).toBe(true);
  });

  it('sample --set gif=path writes an animated GIF of the trajectory, with progress lines off a terminal', () => {
    const gif = join(root, 'traj.gif');
    const log = ok(['sample', out(), '--n', '2', '--scheduler', 'ddim', '--steps', '4', '--set', `gif=${gif}`, '--out', join(root, 'ddim.png')], { GENMODELS_PROGRESS_SECONDS: '0' });
    // start, every step but the last (GENMODELS_PROGRESS_SECONDS=0), end
    expect(log).toContain('sampling 2 with DDIM, 4 steps (eta 0): started');
    for (let k = 1; k < 4; k++) expect(log).toMatch(new RegExp(`sampling 2 with DDIM, 4 steps \\(eta 0\\): sampling step ${k}/4, [0-9.]+ steps/s`));
    expect(log).toContain('sampling 2 with DDIM, 4 steps (eta 0): done, 4 steps in');
    const bytes = readFileSync(gif);
    expect(bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    // one image descriptor (0x2c after a graphic control extension) per frame: 4 steps
    let frames = 0;
    for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 0x21 && bytes[i + 1] === 0xf9) frames++;
    expect(frames).toBe(4);
  });

  it('inpaint keeps known pixels for center and left-half masks', () => {
    for (const mask of ['center', 'left-half']) {
      const log = ok(['inpaint', out(), '--mask', mask, '--n', '2', '--steps', '3', '--resample', '2', '--out', join(root, `inpaint-${mask}.png`)]);
      expect(log).toContain('known pixels unchanged: yes');
    }
  });

  it('denoise --sigma restores by Tweedie and eval reports the bound in bits/dim', () => {
    const log = ok(['denoise', out(), '--sigma', '0.2', '--n', '2', '--out', join(root, 'denoise.png'), '--json']);
    const result = JSON.parse(log.split('\n').find((line) => line.startsWith('{'))!);
    expect(result).toMatchObject({ method: 'tweedie', noise: 0.2, numImages: 2 });
    expect(Number.isFinite(result.mseRestored)).toBe(true);
    const evalLog = ok(['eval', out(), '--max-examples', '4', '--batch-size', '4']);
    expect(evalLog).toMatch(/bits\/dim/);
    expect(evalLog).toMatch(/bound/i);
  });

  it('denoise --kind block fills the block by inpainting, with progress', () => {
    const block = ok(['denoise', out(), '--kind', 'block', '--noise', '0.5', '--n', '2', '--out', join(root, 'denoise-block.png'), '--json'], { GENMODELS_PROGRESS_SECONDS: '0' });
    expect(block).toContain('inpainting 2 images with DDPM ancestral sampling, 3 steps: started');
    expect(JSON.parse(block.split('\n').find((line) => line.startsWith('{'))!)).toMatchObject({ method: 'inpaint', kind: 'block' });
  });
});
