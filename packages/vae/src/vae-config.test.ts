import { describe, expect, it } from 'vitest';
import { VAE_DEFAULTS, resolveVAEConfig } from './vae-config.js';

describe('resolveVAEConfig', () => {
  it('defaults to the bench-spec vae-mlp network', () => {
    const config = resolveVAEConfig();
    expect(config.inputShape).toEqual([784]);
    expect(config.latentDim).toBe(32);
    expect(config.encoderUnits).toEqual([512, 256]);
    expect(config.decoderUnits).toEqual([256, 512]);
    expect(config.optimizer.learningRate).toBe(1e-3);
    expect(config).toEqual(VAE_DEFAULTS);
  });

  it('merges partial optimizer settings with the defaults', () => {
    const config = resolveVAEConfig({ optimizer: { learningRate: 3e-4 } });
    expect(config.optimizer).toEqual({ ...VAE_DEFAULTS.optimizer, learningRate: 3e-4 });
  });

  it.each([
    [{ latentDim: 0 }, /latentDim must be a positive integer/],
    [{ latentDim: 2.5 }, /latentDim must be a positive integer/],
    [{ inputShape: [] }, /inputShape must be a non-empty list/],
    [{ inputShape: [28, -28] }, /inputShape must be a non-empty list/],
    [{ encoderUnits: [512, 0] }, /encoderUnits must be a list of positive integers/],
    [{ decoderUnits: 'wide' }, /decoderUnits must be a list/],
    [{ observationModel: 'poisson' }, /observationModel must be 'bernoulli' or 'gaussian'/],
    [{ decoderVariance: -1 }, /decoderVariance must be 'learned' or a positive number/],
    [{ beta: -0.5 }, /beta must be a finite number >= 0/],
    [{ optimizer: { learningRate: 0 } }, /optimizer needs learningRate > 0/],
    [{ clipNorm: 0 }, /clipNorm must be a positive number or null/],
  ])('rejects %j with a message naming the key', (input, message) => {
    expect(() => resolveVAEConfig(input as never)).toThrow(message);
  });

  it('survives a JSON round trip unchanged', () => {
    const config = resolveVAEConfig({ latentDim: 8, beta: 4, clipNorm: 5 });
    expect(resolveVAEConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
  });
});
