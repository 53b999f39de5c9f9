import { describe, expect, it } from 'vitest';
import { GANConfigError, resolveGANConfig } from './gan-config.js';

describe('resolveGANConfig', () => {
  it('dcgan defaults to the bench-spec network and optimizers', () => {
    const c = resolveGANConfig({ modelType: 'dcgan' });
    expect(c).toMatchObject({
      inputShape: [28, 28, 1],
      latentDim: 100,
      architecture: 'dcgan',
      generatorChannels: [128, 64],
      discriminatorChannels: [64, 128],
      kernelSize: 4,
      generatorBatchNorm: true,
      discriminatorNorm: 'batch',
      outputActivation: 'tanh',
      leakyAlpha: 0.2,
      loss: 'non-saturating',
      nCritic: 1,
    });
    for (const o of [c.generatorOptimizer, c.discriminatorOptimizer]) expect(o).toMatchObject({ name: 'adam', learningRate: 2e-4, beta1: 0.5 });
  });

  it('wgan and wgan-gp follow their papers', () => {
    expect(resolveGANConfig({ modelType: 'wgan' })).toMatchObject({ loss: 'wasserstein', weightClip: 0.01, nCritic: 5, discriminatorOptimizer: { name: 'rmsprop', learningRate: 5e-5 } });
    const gp = resolveGANConfig({ modelType: 'wgan-gp', inputShape: [28, 28, 1] });
    expect(gp).toMatchObject({ loss: 'wasserstein', gradientPenalty: 10, nCritic: 5, architecture: 'dcgan', discriminatorNorm: 'layer', discriminatorOptimizer: { beta1: 0, beta2: 0.9 } });
  });

  it('picks the architecture from the input shape and keeps caller keys', () => {
    expect(resolveGANConfig({ inputShape: [784] }).architecture).toBe('mlp');
    expect(resolveGANConfig({ inputShape: [8, 8, 1], generatorChannels: [4, 4] }).architecture).toBe('dcgan');
    expect(resolveGANConfig({ modelType: 'cgan', loss: 'hinge' })).toMatchObject({ numClasses: 10, loss: 'hinge' });
  });

  it.each([
    [{ loss: 'bce' }, /loss must be one of 'minimax', 'non-saturating'/],
    [{ nCritic: 0 }, /nCritic must be a positive integer/],
    [{ modelType: 'wgan-gp', discriminatorNorm: 'batch' }, /discriminatorNorm must be 'layer' or 'none' with a gradient penalty/],
    [{ inputShape: [30, 30, 1] }, /inputShape must be divisible by 2\^2 = 4/],
    [{ architecture: 'dcgan', inputShape: [784] }, /inputShape must be an image shape/],
    [{ auxiliaryClassifier: true }, /auxiliaryClassifier must be false unless numClasses >= 2/],
    [{ emaDecay: 1 }, /emaDecay must be in \(0, 1\) or null/],
    [{ modelType: 'biggan' }, /modelType must be one of 'gan', 'dcgan'/],
    [{ generatorOptimizer: { learningRate: -1 } }, /generatorOptimizer.learningRate must be a positive number/],
  ])('rejects %j with an error naming the key', (input, message) => {
    expect(() => resolveGANConfig(input as never)).toThrow(GANConfigError);
    expect(() => resolveGANConfig(input as never)).toThrow(message);
  });
});
