/**
 * The models the checkpoint fixtures were written from: one tiny model per family and per kind of
 * building block whose weight names a refactor could change (convolutions, transposed
 * convolutions, batch and layer norm, spectral norm, EMA generators and shadows, ActNorm, MADE
 * masks, masked convolutions, the UNet), each with a seeded batch. `create` rebuilds a model from
 * the config.json a fixture stores, as `genmodels` does from a run directory.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GenerativeModel } from '@genmodels/core-nn';
import { GatedPixelCNN, MADEDensity, NADE, PixelCNN } from '@genmodels/autoregressive';
import { Glow, MAF, RealNVP } from '@genmodels/flow';
import { GAN } from '@genmodels/gan';
import { DDPM, NCSN } from '@genmodels/score-diffusion';
import { AAE, CVAE, VAE } from '@genmodels/vae';

export interface FixtureModel {
  /** Directory name under fixtures/. */
  name: string;
  /** The options the fixture's model was built from (its resolved config is what config.json stores). */
  options: Record<string, unknown>;
  create(config: Record<string, unknown>): GenerativeModel<unknown>;
  /** A seeded batch (the same seed gives the same batch). */
  batch(seed: number): unknown;
  /** Training steps taken before the checkpoint was written. */
  trainSteps: number;
  /** Samples drawn for the recorded values. */
  numSamples: number;
}

const binaryImages = (seed: number, n: number, side: number): tf.Tensor =>
  tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([n, side, side, 1], 0, 1, 'float32', seed), 0.5), 'float32'));
const eightBitImages = (seed: number, n: number, side: number): tf.Tensor =>
  tf.tidy(() => tf.div(tf.floor(tf.randomUniform([n, side, side, 1], 0, 256, 'float32', seed)), 255));
const symmetricImages = (seed: number, n: number, side: number): tf.Tensor =>
  tf.tidy(() => tf.tanh(tf.randomNormal([n, side, side, 1], 0, 1, 'float32', seed)));
const points = (seed: number, n: number): tf.Tensor => tf.randomNormal([n, 2], 0, 1, 'float32', seed);
const labeled = (x: tf.Tensor, numClasses: number): { x: tf.Tensor; labels: tf.Tensor1D } => ({
  x,
  labels: tf.tensor1d(Array.from({ length: x.shape[0] }, (_, i) => i % numClasses), 'int32'),
});

// `create` receives a stored config, which is a plain JSON object; the constructors validate it.
type Options = never;

export const FIXTURE_MODELS: readonly FixtureModel[] = [
  {
    name: 'vae-conv',
    options: { modelType: 'conv-vae', inputShape: [4, 4, 1], latentDim: 2, architecture: 'conv', convChannels: [3, 4], kernelSize: 3, encoderUnits: [5], decoderUnits: [5], seed: 11 },
    create: (config) => new VAE(config as Options),
    batch: (seed) => binaryImages(seed, 6, 4),
    trainSteps: 3,
    numSamples: 2,
  },
  {
    name: 'vae-cvae',
    options: { modelType: 'cvae', inputShape: [4, 4, 1], latentDim: 2, encoderUnits: [6], decoderUnits: [6], numClasses: 3, seed: 12 },
    create: (config) => new CVAE(config as Options),
    batch: (seed) => labeled(binaryImages(seed, 6, 4), 3),
    trainSteps: 3,
    numSamples: 3,
  },
  {
    name: 'vae-aae',
    options: { modelType: 'aae', inputShape: [4, 4, 1], latentDim: 2, encoderUnits: [6], decoderUnits: [6], discriminatorUnits: [5], seed: 13 },
    create: (config) => new AAE(config as Options),
    batch: (seed) => binaryImages(seed, 6, 4),
    trainSteps: 3,
    numSamples: 2,
  },
  {
    name: 'gan-dcgan-ema',
    options: { modelType: 'dcgan', inputShape: [8, 8, 1], latentDim: 3, generatorChannels: [4, 3], discriminatorChannels: [3, 4], emaDecay: 0.9, seed: 21 },
    create: (config) => new GAN(config as Options),
    batch: (seed) => symmetricImages(seed, 4, 8),
    trainSteps: 3,
    numSamples: 2,
  },
  {
    name: 'gan-wgan-gp-sn',
    options: { modelType: 'wgan-gp', inputShape: [8, 8, 1], latentDim: 3, generatorChannels: [4, 3], discriminatorChannels: [3, 4], nCritic: 2, spectralNorm: true, seed: 22 },
    create: (config) => new GAN(config as Options),
    batch: (seed) => symmetricImages(seed, 4, 8),
    trainSteps: 2,
    numSamples: 2,
  },
  {
    name: 'gan-cgan-mlp',
    options: { modelType: 'cgan', inputShape: [2], latentDim: 3, generatorUnits: [6], discriminatorUnits: [6, 5], numClasses: 3, auxiliaryClassifier: true, seed: 23 },
    create: (config) => new GAN(config as Options),
    batch: (seed) => labeled(points(seed, 6), 3),
    trainSteps: 3,
    numSamples: 3,
  },
  {
    name: 'flow-realnvp',
    options: { inputShape: [4, 4, 1], numCouplings: 2, hiddenChannels: [3], seed: 31 },
    create: (config) => new RealNVP(config as Options),
    batch: (seed) => eightBitImages(seed, 4, 4),
    trainSteps: 3,
    numSamples: 2,
  },
  {
    name: 'flow-glow',
    options: { inputShape: [4, 4, 1], numLevels: 2, stepsPerLevel: 1, hiddenChannels: [3], numClasses: 2, seed: 32 },
    create: (config) => new Glow(config as Options),
    batch: (seed) => labeled(eightBitImages(seed, 4, 4), 2),
    trainSteps: 3,
    numSamples: 2,
  },
  {
    name: 'flow-maf',
    options: { inputShape: [2], numLayers: 2, hiddenUnits: [6], seed: 33 },
    create: (config) => new MAF(config as Options),
    batch: (seed) => points(seed, 8),
    trainSteps: 3,
    numSamples: 3,
  },
  {
    name: 'ar-pixelcnn',
    options: { inputShape: [3, 3, 1], filters: 3, firstKernelSize: 3, numResidualLayers: 1, outputHiddenUnits: 3, seed: 41 },
    create: (config) => new PixelCNN(config as Options),
    batch: (seed) => binaryImages(seed, 4, 3),
    trainSteps: 3,
    numSamples: 2,
  },
  {
    name: 'ar-gated-pixelcnn-conditional',
    options: { inputShape: [3, 3, 1], filters: 3, numLayers: 2, firstKernelSize: 3, outputHiddenUnits: 3, numClasses: 2, seed: 42 },
    create: (config) => new GatedPixelCNN(config as Options),
    batch: (seed) => labeled(binaryImages(seed, 4, 3), 2),
    trainSteps: 3,
    numSamples: 2,
  },
  {
    name: 'ar-made',
    options: { inputShape: [3, 3, 1], hiddenUnits: [6], ordering: 'random', numMasks: 2, seed: 43 },
    create: (config) => new MADEDensity(config as Options),
    batch: (seed) => binaryImages(seed, 4, 3),
    trainSteps: 3,
    numSamples: 2,
  },
  {
    name: 'ar-nade',
    options: { inputShape: [3, 3, 1], hiddenUnits: 4, seed: 44 },
    create: (config) => new NADE(config as Options),
    batch: (seed) => binaryImages(seed, 4, 3),
    trainSteps: 3,
    numSamples: 2,
  },
  {
    name: 'diffusion-ddpm',
    options: {
      inputShape: [8, 8, 1],
      channels: [4, 8],
      groups: 2,
      sinusoidalDim: 4,
      embeddingDim: 8,
      emaDecay: 0.9,
      numTrainTimesteps: 20,
      numInferenceSteps: 3,
      scheduler: 'ddim',
      boundTimesteps: 2,
      seed: 51,
    },
    create: (config) => new DDPM(config as Options),
    batch: (seed) => symmetricImages(seed, 3, 8),
    trainSteps: 2,
    numSamples: 2,
  },
  {
    name: 'diffusion-ncsn-mlp',
    options: { inputShape: [2], network: 'mlp', hiddenUnits: [6], sinusoidalDim: 4, embeddingDim: 6, numLevels: 3, numInferenceSteps: 3, stepsPerLevel: 2, seed: 52 },
    create: (config) => new NCSN(config as Options),
    batch: (seed) => points(seed, 6),
    trainSteps: 3,
    numSamples: 3,
  },
];

/** Seeds used at fixture time and in the test. */
export const FIXTURE_SEEDS = { run: 1234, batch: 7, sample: 99, evaluate: 5 } as const;
