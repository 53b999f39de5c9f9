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
    [{ encoderUnits: [512, 0] }, /encoderUnits must be a list of positive integers \(layer widths\), got \[512,0\]/],
    [{ decoderUnits: 'wide' }, /decoderUnits must be a list/],
    [{ observationModel: 'poisson' }, /observationModel must be one of 'bernoulli', 'gaussian', 'discretized-logistic', got "poisson"/],
    [{ decoderVariance: -1 }, /decoderVariance must be 'learned' or a positive number/],
    [{ beta: -0.5 }, /beta must be a finite number >= 0/],
    [{ optimizer: { learningRate: 0 } }, /optimizer.learningRate must be a positive number, got 0/],
    [{ clipNorm: 0 }, /clipNorm must be a positive number or null/],
    [{ modelType: 'gan' }, /modelType must be one of 'vae', 'conv-vae', 'iwae', 'cvae'/],
    [{ architecture: 'conv', inputShape: [784] }, /'conv' architecture needs inputShape \[height, width, channels\]/],
    [{ architecture: 'conv', inputShape: [28, 28, 1], convChannels: [8, 8, 8] }, /divisible by 2\^3 = 8/],
    [{ numImportanceSamples: 0 }, /numImportanceSamples must be a positive integer/],
    [{ klWarmup: { steps: 0, start: 0 } }, /klWarmup.steps must be a positive integer, got 0/],
    [{ denoising: { kind: 'blur', level: 1 } }, /denoising.kind must be one of 'gaussian', 'masking', 'salt-and-pepper', got "blur"/],
    [{ numClasses: 10 }, /numClasses is for modelType 'cvae' only/],
    [{ modelType: 'cvae', numClasses: 1 }, /needs numClasses >= 2/],
    [{ denoising: { kind: 'masking', level: 2 } }, /level of 'masking' corruption must be a probability in \[0, 1\], got 2/],
    [{ latentDm: 3 }, /unknown key "latentDm" \(did you mean "latentDim"\?\); allowed keys: modelType, inputShape, .*numClasses$/],
    [{ klWarmup: 100 }, /klWarmup must be null or \{ steps: positive integer, start: number >= 0 \}, got 100/],
  ])('rejects %j with a message naming the key', (input, message) => {
    expect(() => resolveVAEConfig(input as never)).toThrow(message);
  });

  it('model types change only their own defaults', () => {
    expect(resolveVAEConfig({ modelType: 'iwae' })).toEqual({ ...VAE_DEFAULTS, modelType: 'iwae', numImportanceSamples: 5 });
    expect(resolveVAEConfig({ modelType: 'cvae' }).numClasses).toBe(10);
    const conv = resolveVAEConfig({ modelType: 'conv-vae' });
    expect([conv.architecture, conv.inputShape]).toEqual(['conv', [28, 28, 1]]);
  });

  it('survives a JSON round trip unchanged', () => {
    const config = resolveVAEConfig({ latentDim: 8, beta: 4, clipNorm: 5 });
    expect(resolveVAEConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
  });
});
