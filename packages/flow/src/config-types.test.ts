/**
 * The options types reject unknown keys and wrong value types at compile time (each
 * `@ts-expect-error` fails the package's typecheck if the line compiles), and the schemas reject
 * the same options at run time with a one-line error naming the key.
 */
import { describe, expect, it } from 'vitest';
import { Glow } from './glow.js';
import { MAF } from './maf.js';
import { RealNVP } from './real-nvp.js';

describe('config types', () => {
  it('flow options reject unknown keys and wrong types, at compile time and at run time', () => {
    // @ts-expect-error inputShape is a list of numbers
    expect(() => new RealNVP({ inputShape: 'bad' })).toThrow(/RealNVP config: inputShape must be \[features\] \(e\.g\. \[2\]\) or \[height, width, channels\]/);
    // @ts-expect-error numCouplings is a number
    expect(() => new RealNVP({ numCouplings: 'x' })).toThrow(/RealNVP config: numCouplings must be a positive integer \(e\.g\. 8\), got "x"/);
    // @ts-expect-error misspelled key
    expect(() => new Glow({ stepPerLevel: 2 })).toThrow(/Glow config: unknown key "stepPerLevel" \(did you mean "stepsPerLevel"\?\); allowed keys: modelType, /);
    // @ts-expect-error a RealNVP-only key
    expect(() => new MAF({ numCouplings: 4 })).toThrow(/MAF config: unknown key "numCouplings"; allowed keys: /);
    // @ts-expect-error direction is 'maf' or 'iaf'
    expect(() => new MAF({ direction: 'sideways' })).toThrow(/direction must be one of 'maf', 'iaf', got "sideways"/);
    // @ts-expect-error modelType of a Glow is 'glow'
    expect(() => new Glow({ modelType: 'realnvp' })).toThrow(/Glow config: modelType must be 'glow', got "realnvp"/);
    // (a list of the wrong length is caught at run time only)
    expect(() => new RealNVP({ inputShape: [4, 4] })).toThrow(/RealNVP config: inputShape must be \[features\] .*, got \[4,4\]/);
  });
});
