/**
 * The options type rejects unknown keys and wrong value types at compile time (each
 * `@ts-expect-error` fails the package's typecheck if the line compiles), and the schema rejects
 * the same options at run time with a one-line error naming the key.
 */
import { describe, expect, it } from 'vitest';
import { GAN } from './gan.js';

describe('config types', () => {
  it('GAN options reject unknown keys and wrong types, at compile time and at run time', () => {
    // @ts-expect-error inputShape is a list of numbers
    expect(() => new GAN({ inputShape: 'bad' })).toThrow(/GAN config: inputShape must be a non-empty list of positive integers such as \[2\]/);
    // @ts-expect-error latentDim is a number
    expect(() => new GAN({ latentDim: 'x' })).toThrow(/GAN config: latentDim must be a positive integer \(e\.g\. 100\), got "x"/);
    // @ts-expect-error misspelled key
    expect(() => new GAN({ ncritic: 5 })).toThrow(/GAN config: unknown key "ncritic" \(did you mean "nCritic"\?\); allowed keys: modelType, /);
    // @ts-expect-error loss is one of the five
    expect(() => new GAN({ loss: 'bce' })).toThrow(/loss must be one of 'minimax', 'non-saturating', 'least-squares', 'hinge', 'wasserstein', got "bce"/);
    // @ts-expect-error optimizer names are 'adam' or 'rmsprop'
    expect(() => new GAN({ generatorOptimizer: { name: 'sgd' } })).toThrow(/generatorOptimizer.name must be one of 'adam', 'rmsprop', got "sgd"/);
    // @ts-expect-error spectralNorm is a boolean
    expect(() => new GAN({ spectralNorm: 'yes' })).toThrow(/spectralNorm must be true or false, got "yes"/);
  });
});
