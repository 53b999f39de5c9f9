/**
 * The options types reject unknown keys and wrong value types at compile time (each
 * `@ts-expect-error` fails the package's typecheck if the line compiles), and the schemas reject
 * the same options at run time with a one-line error naming the key.
 */
import { describe, expect, it } from 'vitest';
import { AAE } from './aae.js';
import { Autoencoder } from './autoencoder.js';
import { CVAE } from './cvae.js';
import { VAE } from './vae.js';
import { WAE } from './wae.js';

describe('config types', () => {
  it('VAE options reject unknown keys and wrong types, at compile time and at run time', () => {
    // @ts-expect-error inputShape is a list of numbers
    expect(() => new VAE({ inputShape: 'bad' })).toThrow(/VAE config: inputShape must be a non-empty list of positive integers/);
    // @ts-expect-error latentDim is a number
    expect(() => new VAE({ latentDim: 'x' })).toThrow(/VAE config: latentDim must be a positive integer \(e\.g\. 32\), got "x"/);
    // @ts-expect-error misspelled key
    expect(() => new VAE({ latentDm: 4 })).toThrow(/VAE config: unknown key "latentDm" \(did you mean "latentDim"\?\); allowed keys: /);
    // @ts-expect-error optimizer keys are checked too
    expect(() => new VAE({ optimizer: { learningrate: 1e-3 } })).toThrow(/unknown key "learningrate" in optimizer \(did you mean "learningRate"\?\)/);
    // @ts-expect-error modelType is one of the VAE types
    expect(() => new VAE({ modelType: 'gan' })).toThrow(/modelType must be one of 'vae', 'conv-vae', 'iwae', 'cvae', got "gan"/);
    // @ts-expect-error observationModel is one of three
    expect(() => new CVAE({ observationModel: 'poisson' })).toThrow(/observationModel must be one of 'bernoulli', 'gaussian', 'discretized-logistic'/);
  });

  it('autoencoder options reject unknown keys and wrong types, at compile time and at run time', () => {
    // @ts-expect-error a VAE-only key
    expect(() => new Autoencoder({ beta: 2 })).toThrow(/autoencoder config: unknown key "beta"; allowed keys: modelType, /);
    // @ts-expect-error mmdKernel is 'imq' or 'rbf'
    expect(() => new WAE({ mmdKernel: 'laplace' })).toThrow(/mmdKernel must be one of 'imq', 'rbf', got "laplace"/);
    // @ts-expect-error discriminatorUnits is a list
    expect(() => new AAE({ discriminatorUnits: 8 })).toThrow(/discriminatorUnits must be a list of positive integers \(layer widths\), got 8/);
  });
});
