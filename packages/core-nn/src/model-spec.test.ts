import { describe, expect, it } from 'vitest';
import { isConditionalModel, likelihoodSpecOf } from './model-spec.js';

describe('isConditionalModel', () => {
  it('means numClasses > 0: a model built with numClasses 0 is unconditional', () => {
    expect(isConditionalModel({ numClasses: 10 })).toBe(true);
    expect(isConditionalModel({ numClasses: 1 })).toBe(true);
    expect(isConditionalModel({ numClasses: 0 })).toBe(false);
    expect(isConditionalModel({ numClasses: undefined })).toBe(false);
    expect(isConditionalModel({ numClasses: 2.5 })).toBe(false);
    expect(isConditionalModel({})).toBe(false);
    expect(isConditionalModel(null)).toBe(false);
  });
});

describe('likelihoodSpecOf', () => {
  it('returns the declaration, null for a model that declares none, undefined for one that says nothing', () => {
    expect(likelihoodSpecOf({ likelihoodSpec: { kind: 'exact', dataSpace: 'dequantized' } })).toEqual({ kind: 'exact', dataSpace: 'dequantized' });
    expect(likelihoodSpecOf({ likelihoodSpec: null })).toBeNull();
    expect(likelihoodSpecOf({ logProb: () => 0 })).toBeUndefined();
  });

  it('refuses a malformed declaration in one line naming what is allowed', () => {
    expect(() => likelihoodSpecOf({ likelihoodSpec: { kind: 'iwae', dataSpace: 'discrete' } })).toThrow(
      /likelihoodSpec .* is not a LikelihoodSpec: expected kind 'exact' \| 'elbo' \| 'diffusion-vlb' and dataSpace/,
    );
  });
});
