import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import {
  adamSchema,
  clipNormSchema,
  inputShape,
  mergeDefaults,
  oneOf,
  positiveInteger,
  seedSchema,
  widths,
  withTypeDefaults,
} from './config-schemas.js';
import { createOptimizer } from './create-optimizer.js';
import { configKeys, parseConfig } from './parse-config.js';

class ToyConfigError extends ConfigError {
  override name = 'ToyConfigError';
}

const toy = z
  .strictObject({
    modelType: oneOf(['small', 'large']).default('small'),
    inputShape: inputShape().default([2]),
    latentDim: positiveInteger('32').default(4),
    hiddenUnits: widths({ what: 'layer widths' }).default([8]),
    optimizer: adamSchema({ learningRate: 1e-3 }).prefault({}),
    clipNorm: clipNormSchema,
    seed: seedSchema,
  })
  .superRefine((config, ctx) => {
    if (config.modelType === 'large' && config.latentDim < 16) {
      ctx.addIssue({ code: 'custom', path: ['latentDim'], message: `a 'large' model needs latentDim >= 16, got ${config.latentDim}` });
    }
  });
const toySchema = withTypeDefaults(toy, (options) => (options.modelType === 'large' ? { latentDim: 64, optimizer: { learningRate: 1e-4 } } : {}));
const parse = (input: unknown) => parseConfig(toySchema, input, { name: 'Toy config', error: ToyConfigError });

describe('parseConfig', () => {
  it('fills every default, and the defaults of the model type under the options', () => {
    expect(parse({})).toEqual({
      modelType: 'small',
      inputShape: [2],
      latentDim: 4,
      hiddenUnits: [8],
      optimizer: { name: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
      clipNorm: null,
      seed: 1,
    });
    const large = parse({ modelType: 'large', optimizer: { beta1: 0.5 } });
    expect(large.latentDim).toBe(64);
    // nested options merge key by key over the type's defaults
    expect(large.optimizer).toEqual({ name: 'adam', learningRate: 1e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-7 });
    expect(parse({ modelType: 'large', latentDim: 20 }).latentDim).toBe(20);
  });

  it('names an unknown key, suggests the closest allowed one and lists the allowed keys', () => {
    expect(() => parse({ latentDm: 3 })).toThrow(
      'Toy config: unknown key "latentDm" (did you mean "latentDim"?); allowed keys: modelType, inputShape, latentDim, hiddenUnits, optimizer, clipNorm, seed',
    );
    expect(() => parse({ optimizer: { learningrate: 1 } })).toThrow(
      'Toy config: unknown key "learningrate" in optimizer (did you mean "learningRate"?); allowed keys: name, learningRate, beta1, beta2, epsilon',
    );
    expect(() => parse({ foo: 1, bar: 2 })).toThrow(/unknown keys "foo", "bar"; allowed keys: modelType,/);
  });

  it('names a wrong value, what it must be and what was given, in one line', () => {
    const cases: [unknown, string][] = [
      [{ latentDim: 'x' }, 'Toy config: latentDim must be a positive integer (e.g. 32), got "x"'],
      [{ latentDim: 1.5 }, 'Toy config: latentDim must be a positive integer (e.g. 32), got 1.5'],
      [{ latentDim: Infinity }, 'Toy config: latentDim must be a positive integer (e.g. 32), got Infinity'],
      [{ inputShape: [2, -1] }, 'Toy config: inputShape must be a non-empty list of positive integers such as [784] or [28, 28, 1], got [2,-1]'],
      [{ hiddenUnits: [] }, 'Toy config: hiddenUnits must be a non-empty list of positive integers (layer widths), got []'],
      [{ modelType: 'huge' }, "Toy config: modelType must be one of 'small', 'large', got \"huge\""],
      [{ optimizer: { learningRate: 'abc' } }, 'Toy config: optimizer.learningRate must be a positive number, got "abc"'],
      [{ optimizer: 5 }, 'Toy config: optimizer must be an object, got 5'],
      [{ optimizer: { name: 'sgd' } }, `Toy config: optimizer.name must be 'adam', got "sgd"`],
      [{ optimizer: { beta2: 1 } }, 'Toy config: optimizer.beta2 must be a number in [0, 1), got 1'],
      [{ clipNorm: 0 }, 'Toy config: clipNorm must be a positive number or null, got 0'],
      [{ seed: 'abc' }, 'Toy config: seed must be an integer, got "abc"'],
      [{ modelType: 'large', latentDim: 8 }, "Toy config: a 'large' model needs latentDim >= 16, got 8"],
      [7, 'Toy config: the options must be an object, got 7'],
    ];
    for (const [input, message] of cases) {
      let error: unknown;
      try {
        parse(input);
      } catch (caught) {
        error = caught;
      }
      expect(error, JSON.stringify(input)).toBeInstanceOf(ToyConfigError);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('uses a refinement marked as a phrase like a check, and other refinements as sentences', () => {
    const pair = z.strictObject({ shape: inputShape().refine((shape) => shape.length === 2, { error: 'a pair of sizes', params: { phrase: true } }) });
    expect(() => parseConfig(pair, { shape: [1, 2, 3] }, { name: 'Pair config' })).toThrow('Pair config: shape must be a pair of sizes, got [1,2,3]');
  });

  it('reports every problem at once, unknown keys first', () => {
    expect(() => parse({ latentDim: 0, sed: 1 })).toThrow(/^Toy config: unknown key "sed" \(did you mean "seed"\?\); allowed keys: .*; latentDim must be a positive integer/);
  });

  it('configKeys lists the keys a schema allows, through wrappers and at nested paths', () => {
    expect(configKeys(toySchema)).toEqual(['modelType', 'inputShape', 'latentDim', 'hiddenUnits', 'optimizer', 'clipNorm', 'seed']);
    expect(configKeys(toySchema, ['optimizer'])).toEqual(['name', 'learningRate', 'beta1', 'beta2', 'epsilon']);
    expect(configKeys(toySchema, ['latentDim'])).toEqual([]);
  });
});

describe('mergeDefaults', () => {
  it('merges nested objects key by key, replaces lists and nulls, and skips undefined', () => {
    const defaults = { a: 1, list: [1, 2], opt: { x: 1, y: 2 }, maybe: { k: 1 } };
    expect(mergeDefaults(defaults, { a: undefined, list: [3], opt: { y: 5 }, maybe: null })).toEqual({ a: 1, list: [3], opt: { x: 1, y: 5 }, maybe: null });
    expect(defaults.opt).toEqual({ x: 1, y: 2 });
  });
});

describe('createOptimizer', () => {
  it('rejects a bad spec in one line naming the key', () => {
    expect(() => createOptimizer({ name: 'adam', learningRate: -1 })).toThrow('createOptimizer: learningRate must be a positive number, got -1');
    expect(() => createOptimizer({ name: 'adam', learningRate: 1, beta3: 0 } as never)).toThrow(/unknown key "beta3" \(did you mean "beta1"\?\)/);
    expect(() => createOptimizer({ name: 'lion', learningRate: 1 } as never)).toThrow(/name must be an optimizer named 'adam', 'adamax', 'sgd'/);
  });
});
