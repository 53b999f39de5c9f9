import { GatedPixelCNN } from '@genmodels/autoregressive';
import type { GenerativeModel } from '@genmodels/core-nn';
import { Glow } from '@genmodels/flow';
import { GAN } from '@genmodels/gan';
import { DDPM } from '@genmodels/score-diffusion';
import { VAE } from '@genmodels/vae';
import * as tf from '@tensorflow/tfjs-core';

/** One tiny model of each family (the conformance suites' configurations) and a batch for it. */
export interface FamilyCase {
  family: string;
  model: string;
  create: (seed: number) => GenerativeModel<unknown>;
  batch: (seed: number) => unknown;
  /** Sampling that thresholds a probability (Bernoulli pixels) can flip where p and u agree to float32 rounding. */
  discreteSamples: boolean;
}

const binary = (seed: number, shape: number[]) => tf.tidy(() => tf.cast(tf.greater(tf.randomUniform(shape, 0, 1, 'float32', seed), 0.5), 'float32'));

export const FAMILY_CASES: FamilyCase[] = [
  {
    family: 'vae',
    model: 'conv-vae (Bernoulli)',
    create: (seed) =>
      new VAE({ inputShape: [4, 4, 1], latentDim: 2, modelType: 'conv-vae', architecture: 'conv', convChannels: [4, 8], kernelSize: 3, encoderUnits: [], decoderUnits: [], seed }),
    batch: (seed) => binary(seed, [8, 4, 4, 1]),
    discreteSamples: false, // sample() returns the decoder's Bernoulli means
  },
  {
    family: 'autoregressive',
    model: 'Gated PixelCNN (class-conditional)',
    create: (seed) => new GatedPixelCNN({ inputShape: [3, 3, 1], filters: 4, numLayers: 3, firstKernelSize: 3, outputHiddenUnits: 4, numClasses: 3, seed }),
    batch: (seed) => ({ x: binary(seed, [6, 3, 3, 1]), labels: tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32') }),
    discreteSamples: true,
  },
  {
    family: 'gan',
    model: 'dcgan',
    create: (seed) => new GAN({ modelType: 'dcgan', inputShape: [8, 8, 1], latentDim: 4, generatorChannels: [6, 4], discriminatorChannels: [4, 6], seed }),
    batch: (seed) => tf.tidy(() => tf.tanh(tf.randomNormal([6, 8, 8, 1], 0, 1, 'float32', seed))),
    discreteSamples: false,
  },
  {
    family: 'flow',
    model: 'Glow (2-D points)',
    create: (seed) => new Glow({ inputShape: [2], numLevels: 1, stepsPerLevel: 3, hiddenUnits: [16], seed }),
    batch: (seed) => tf.tidy(() => tf.add(tf.randomNormal([16, 2], 0, 0.3, 'float32', seed), tf.tensor2d(Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? [-1, 0] : [1, 0.5]))))),
    discreteSamples: false,
  },
  {
    family: 'score-diffusion',
    model: 'DDPM (tiny UNet, 8x8)',
    create: (seed) =>
      new DDPM({
        inputShape: [8, 8, 1],
        channels: [8, 16],
        groups: 4,
        sinusoidalDim: 8,
        embeddingDim: 16,
        emaDecay: 0.9,
        numTrainTimesteps: 50,
        numInferenceSteps: 4,
        boundTimesteps: 3,
        seed,
        optimizer: { learningRate: 3e-3 },
      }),
    batch: (seed) => tf.tidy(() => tf.tanh(tf.randomNormal([4, 8, 8, 1], 0, 1, 'float32', seed))),
    discreteSamples: false,
  },
];
