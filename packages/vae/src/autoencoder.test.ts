import * as tf from '@tensorflow/tfjs-core';
import { describeGenerativeModelConformance } from '@genmodels/core-nn/testing';
import { describe, expect, it } from 'vitest';
import { AAE } from './aae.js';
import { Autoencoder } from './autoencoder.js';
import { WAE } from './wae.js';

const tiny = { inputShape: [4, 4, 1], latentDim: 2, encoderUnits: [12], decoderUnits: [12], discriminatorUnits: [8] } as const;

function binaryBatch(seed: number, n = 8): tf.Tensor {
  return tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([n, 4, 4, 1], 0, 1, 'float32', seed), 0.5), 'float32'));
}

describeGenerativeModelConformance('Autoencoder', {
  createModel: (seed) => new Autoencoder({ ...tiny, seed }),
  makeBatch: binaryBatch,
  createFromConfig: (config) => new Autoencoder(config as ConstructorParameters<typeof Autoencoder>[0]),
});
describeGenerativeModelConformance('denoising Autoencoder (conv)', {
  createModel: (seed) =>
    new Autoencoder({ ...tiny, architecture: 'conv', convChannels: [4], kernelSize: 3, encoderUnits: [], decoderUnits: [], denoising: { kind: 'masking', level: 0.3 }, seed }),
  makeBatch: binaryBatch,
  createFromConfig: (config) => new Autoencoder(config as ConstructorParameters<typeof Autoencoder>[0]),
});
describeGenerativeModelConformance('WAE (MMD)', {
  createModel: (seed) => new WAE({ ...tiny, seed }),
  makeBatch: binaryBatch,
  createFromConfig: (config) => new WAE(config as ConstructorParameters<typeof WAE>[0]),
});
describeGenerativeModelConformance('AAE', {
  createModel: (seed) => new AAE({ ...tiny, seed }),
  makeBatch: binaryBatch,
  createFromConfig: (config) => new AAE(config as ConstructorParameters<typeof AAE>[0]),
});

describe('deterministic autoencoders', () => {
  it('the plain autoencoder samples from the running Gaussian of its codes', async () => {
    const model = new Autoencoder({ ...tiny, codeMomentum: 0, seed: 2 });
    const x = binaryBatch(3, 32);
    tf.dispose(Object.values(model.trainStep(x, { step: 0, epoch: 0, seed: 5 })));
    // With momentum 0 the stored moments are those of the codes seen in the step (before its update).
    const weights = model.getWeights();
    const storedMean = Array.from(await weights['codes/mean'].data());
    tf.dispose(Object.values(weights));
    expect(storedMean.some((v) => v !== 0)).toBe(true);
    tf.dispose(x);
    model.dispose();
  });

  it('AAE keeps two optimizers, both in getOptimizerState', () => {
    const model = new AAE(tiny);
    const x = binaryBatch(1);
    const metrics = model.trainStep(x, { step: 0, epoch: 0, seed: 3 });
    expect(Object.keys(metrics)).toEqual(expect.arrayContaining(['loss', 'loss/recon', 'g/loss', 'd/loss']));
    const state = model.getOptimizerState();
    const keys = Object.keys(state);
    expect(keys.some((k) => k.startsWith('adam/encoder/'))).toBe(true);
    expect(keys.some((k) => k.startsWith('discriminator/adam/discriminator/'))).toBe(true);
    expect(keys.some((k) => k.startsWith('adam/discriminator/'))).toBe(false);
    tf.dispose([x, ...Object.values(metrics), ...Object.values(state)]);
    model.dispose();
  });

  it('WAE training lowers the MMD between codes and the prior', async () => {
    const model = new WAE({ ...tiny, regularizationWeight: 50, optimizer: { learningRate: 3e-3 }, seed: 6 });
    const x = binaryBatch(8, 64);
    const mmd = async (): Promise<number> => {
      const metrics = model.evaluateStep(x);
      const value = (await metrics['loss/mmd'].data())[0];
      tf.dispose(Object.values(metrics));
      return value;
    };
    const before = await mmd();
    for (let step = 0; step < 60; step++) tf.dispose(Object.values(model.trainStep(x, { step, epoch: 0, seed: step + 1 })));
    const after = await mmd();
    tf.dispose(x);
    model.dispose();
    expect(after).toBeLessThan(before);
  });
});
