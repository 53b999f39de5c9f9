/**
 * End-to-end tests of ddpm and ncsn through the built `genmodels` command: training on 2-D toy
 * points (MLP denoiser) and sampling with every scheduler; on tiny 28x28 images (a 2-level UNet,
 * a few steps): the trajectory GIF, inpaint (known pixels unchanged), denoise --sigma and eval.
 */
import { spawnSync } from 'node:child_process';
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

function ok(args: string[]): string {
  const result = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: ENV, timeout: 300_000 });
  expect(result.status, result.stderr).toBe(0);
  return `${result.stdout}${result.stderr}`;
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

describe('ddpm on images: GIF trajectory, inpaint, denoise, eval', () => {
  const out = () => join(root, 'image-ddpm');
  beforeAll(() => {
    ok(['train', 'ddpm', '--dataset', 'fashion-mnist', '--out', out(), '--max-steps', '2', '--batch-size', '4', '--num-samples', '1',
      '--seed', '2', ...TINY_UNET, '--set', 'numTrainTimesteps=20', '--set', 'numInferenceSteps=3']);
  }, 300_000);

  it('sample --set gif=path writes an animated GIF of the trajectory', () => {
    const gif = join(root, 'traj.gif');
    ok(['sample', out(), '--n', '2', '--scheduler', 'ddim', '--steps', '4', '--set', `gif=${gif}`, '--out', join(root, 'ddim.png')]);
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
});
