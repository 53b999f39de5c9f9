/**
 * `genmodels eval` at its defaults on a run of every model type the CLI trains, on the default
 * backend (wasm-native where it loads), as a user runs it: each model is trained for one step on
 * a tiny network and evaluated with `--max-examples 1000` and nothing else. The batch size stays
 * the default 500, at which NADE's evaluation used to overflow the wasm heap and a conditional
 * VAE failed for want of labels. Runs two commands at a time (most of each is single-threaded
 * start-up and data loading).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_TYPES } from '../model-registry.js';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
let root: string;
// The default backend: GENMODELS_BACKEND must not force one. Test-image features are cached in the
// test's directory (the first sample-metric run computes them, the others reuse them).
const env = () => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'GENMODELS_BACKEND')),
  GENMODELS_CACHE_DIR: join(root, 'cache'),
});

const MNIST = ['--dataset', 'mnist'];
const TINY_UNET = ['--set', 'channels=[4,8]', '--set', 'groups=2', '--set', 'embeddingDim=8', '--set', 'sinusoidalDim=8', '--set', 'numResBlocks=1', '--set', 'attentionResolutions=[]'];
const TINY_PIXELCNN = ['--set', 'filters=4', '--set', 'firstKernelSize=3', '--set', 'outputHiddenUnits=4'];
const TINY_DCGAN = ['--set', 'generatorChannels=[8,4]', '--set', 'discriminatorChannels=[4,8]', '--set', 'latentDim=8'];

/** Training flags per model type: tiny networks, the data each model trains on. */
const TRAIN: Record<string, readonly string[]> = {
  vae: [...MNIST, '--hidden', '8', '--latent-dim', '2'],
  'conv-vae': [...MNIST, '--set', 'convChannels=[4,8]', '--latent-dim', '2'],
  'conv-vae-8bit': [...MNIST, '--set', 'convChannels=[4,8]', '--latent-dim', '2'],
  iwae: [...MNIST, '--hidden', '8', '--latent-dim', '2', '--set', 'numImportanceSamples=2'],
  cvae: [...MNIST, '--hidden', '8', '--latent-dim', '2'],
  ae: [...MNIST, '--hidden', '8', '--latent-dim', '2'],
  wae: [...MNIST, '--hidden', '8', '--latent-dim', '2'],
  aae: [...MNIST, '--hidden', '8', '--latent-dim', '2', '--set', 'discriminatorUnits=[8]'],
  ddpm: [...MNIST, ...TINY_UNET, '--set', 'numTrainTimesteps=20', '--set', 'numInferenceSteps=2', '--set', 'boundTimesteps=2'],
  ncsn: [...MNIST, ...TINY_UNET, '--set', 'numLevels=2', '--set', 'stepsPerLevel=1'],
  realnvp: [...MNIST, '--hidden', '4', '--set', 'numCouplings=2'],
  glow: [...MNIST, '--hidden', '4', '--set', 'numLevels=1', '--set', 'stepsPerLevel=1'],
  maf: [...MNIST, '--hidden', '8', '--set', 'numLayers=1'],
  iaf: ['--dataset', 'two-moons', '--hidden', '8', '--set', 'numLayers=1'],
  crealnvp: [...MNIST, '--hidden', '4', '--set', 'numCouplings=2'],
  cglow: [...MNIST, '--hidden', '4', '--set', 'numLevels=1', '--set', 'stepsPerLevel=1'],
  gan: [...MNIST, '--hidden', '8', '--latent-dim', '4'],
  dcgan: [...MNIST, ...TINY_DCGAN],
  wgan: [...MNIST, ...TINY_DCGAN, '--set', 'nCritic=1'],
  'wgan-gp': [...MNIST, ...TINY_DCGAN, '--set', 'nCritic=1'],
  cgan: [...MNIST, ...TINY_DCGAN],
  nade: [...MNIST, '--hidden', '500'],
  rnade: ['--dataset', 'two-moons', '--hidden', '8'],
  made: [...MNIST, '--hidden', '8'],
  pixelcnn: [...MNIST, ...TINY_PIXELCNN, '--set', 'numResidualLayers=1'],
  'pixelcnn-categorical': [...MNIST, ...TINY_PIXELCNN, '--set', 'numResidualLayers=1'],
  'pixelcnn-logistic': [...MNIST, ...TINY_PIXELCNN, '--set', 'numResidualLayers=1', '--set', 'numMixtureComponents=2'],
  'gated-pixelcnn': [...MNIST, ...TINY_PIXELCNN, '--set', 'numLayers=1'],
  'conditional-gated-pixelcnn': [...MNIST, ...TINY_PIXELCNN, '--set', 'numLayers=1'],
  pixelrnn: [...MNIST, ...TINY_PIXELCNN, '--set', 'numLayers=1'],
};

/** What eval reports at its defaults for each model type: the likelihood kind, or sample metrics. */
const EXPECTED: Record<string, { kind: string; conditional?: boolean } | 'samples'> = {
  vae: { kind: 'elbo' },
  'conv-vae': { kind: 'elbo' },
  'conv-vae-8bit': { kind: 'elbo' },
  iwae: { kind: 'elbo' },
  cvae: { kind: 'elbo', conditional: true },
  ae: 'samples',
  wae: 'samples',
  aae: 'samples',
  ddpm: { kind: 'diffusion-vlb' },
  ncsn: 'samples',
  realnvp: { kind: 'exact' },
  glow: { kind: 'exact' },
  maf: { kind: 'exact' },
  iaf: { kind: 'exact' },
  crealnvp: { kind: 'exact', conditional: true },
  cglow: { kind: 'exact', conditional: true },
  gan: 'samples',
  dcgan: 'samples',
  wgan: 'samples',
  'wgan-gp': 'samples',
  cgan: 'samples',
  nade: { kind: 'exact' },
  rnade: { kind: 'exact' },
  made: { kind: 'exact' },
  pixelcnn: { kind: 'exact' },
  'pixelcnn-categorical': { kind: 'exact' },
  'pixelcnn-logistic': { kind: 'exact' },
  'gated-pixelcnn': { kind: 'exact' },
  'conditional-gated-pixelcnn': { kind: 'exact', conditional: true },
  pixelrnn: { kind: 'exact' },
};

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

const results = new Map<string, Promise<{ train: Outcome; evaluated?: Outcome }>>();

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'genmodels-eval-all-'));
  // Two models at a time, in registry order.
  const queue = [...MODEL_TYPES];
  const trainAndEval = async (model: string) => {
    const out = join(root, model);
    const train = await run(['train', model, '--out', out, '--max-steps', '1', '--batch-size', '4', '--num-samples', '1', '--log-every', '1', ...(TRAIN[model] ?? [])]);
    if (train.status !== 0) return { train };
    return { train, evaluated: await run(['eval', out, '--max-examples', '1000', '--json']) };
  };
  const lanes = [Promise.resolve(), Promise.resolve()];
  queue.forEach((model, i) => {
    const lane = i % lanes.length;
    const result = lanes[lane].then(() => trainAndEval(model));
    lanes[lane] = result.then(() => undefined);
    results.set(model, result);
  });
});
afterAll(async () => {
  await Promise.allSettled(results.values());
  rmSync(root, { recursive: true, force: true });
});

describe('genmodels eval at its defaults, every model type, default backend', () => {
  it('has a tiny training recipe and an expectation for every model type the CLI trains', () => {
    expect([...MODEL_TYPES].sort()).toEqual(Object.keys(TRAIN).sort());
    expect([...MODEL_TYPES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each([...MODEL_TYPES])('%s: trains for one step, then eval --max-examples 1000 reports its figure', async (model) => {
    const { train, evaluated } = await results.get(model)!;
    expect(train.status, `train ${model}: ${train.stderr}`).toBe(0);
    expect(evaluated?.status, `eval ${model}: ${evaluated?.stderr}`).toBe(0);
    const result = JSON.parse(evaluated!.stdout.trim().split('\n').pop()!);
    expect(result.modelType).toBe(model);
    const expected = EXPECTED[model];
    if (expected === 'samples') {
      expect(result.likelihood).toBeUndefined();
      const quality = result.sampleQuality;
      expect(quality).toMatchObject({ numSamples: 1000, numReference: 1000 });
      expect(Number.isFinite(quality.fid)).toBe(true);
      expect(quality.fid).toBeGreaterThan(0);
      expect(quality.classHistogram.counts.reduce((a: number, b: number) => a + b, 0)).toBe(1000);
      // Progress was shown on stderr (not a terminal here: plain lines).
      expect(evaluated!.stderr).toMatch(/sampling \S+ and extracting features: done, 1000 samples in /);
    } else {
      const likelihood = result.likelihood;
      expect(likelihood).toMatchObject({ kind: expected.kind, conditional: expected.conditional ?? false });
      expect(likelihood.numExamples).toBe(1000);
      expect(Number.isFinite(likelihood.natsPerExample)).toBe(true);
      expect(Number.isFinite(likelihood.bitsPerDim)).toBe(true);
      if (expected.conditional) expect(likelihood.label).toMatch(/given the class label/);
      expect(evaluated!.stderr).toMatch(/nll on the test split: done, 1000 examples in /);
    }
    expect(evaluated!.stderr).not.toMatch(/memory access out of bounds|\n\s+at /);
  }, 600_000);

  it('Ctrl-C stops a long evaluation between batches with one line and exit status 130', async () => {
    const { train } = await results.get('nade')!;
    expect(train.status).toBe(0);
    // All 10 000 test examples: long enough to be interrupted after it starts.
    const child = spawn(process.execPath, [MAIN, 'eval', join(root, 'nade')], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let interrupted = false;
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      // one Ctrl-C (a second one quits at once, by design)
      if (!interrupted && /nll on the test split: started/.test(stderr)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status, stderr).toBe(130);
    const lines = stderr.trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^genmodels: interrupted: eval of \S+ stopped; nothing was written$/);
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 600_000);
});
