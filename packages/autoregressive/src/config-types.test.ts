/**
 * The options types reject unknown keys and wrong value types at compile time (each
 * `@ts-expect-error` fails the package's typecheck if the line compiles), and the schemas reject
 * the same options at run time with a one-line error naming the key.
 */
import { describe, expect, it } from 'vitest';
import { GatedPixelCNN } from './gated-pixelcnn.js';
import { MADEDensity } from './made-density.js';
import { NADE } from './nade.js';
import { PixelCNN } from './pixelcnn.js';
import { PixelRNN } from './pixel-rnn.js';
import { RNADE } from './rnade.js';

describe('config types', () => {
  it('autoregressive options reject unknown keys and wrong types, at compile time and at run time', () => {
    // @ts-expect-error inputShape is a list of numbers
    expect(() => new NADE({ inputShape: 'bad' })).toThrow(/NADE config: inputShape must be a non-empty list of positive integers/);
    // @ts-expect-error hiddenUnits of NADE is one width
    expect(() => new NADE({ hiddenUnits: [500] })).toThrow(/NADE config: hiddenUnits must be a positive integer \(e\.g\. 500\), got \[500\]/);
    // @ts-expect-error misspelled key
    expect(() => new PixelCNN({ numResidualLayer: 2 })).toThrow(/PixelCNN config: unknown key "numResidualLayer" \(did you mean "numResidualLayers"\?\)/);
    // @ts-expect-error a Gated-PixelCNN-only key
    expect(() => new PixelRNN({ numClasses: 10 })).toThrow(/PixelRNN config: unknown key "numClasses"; allowed keys: /);
    // @ts-expect-error RNADE models real values with a Gaussian mixture only
    expect(() => new RNADE({ likelihood: 'bernoulli' })).toThrow(/likelihood must be 'gaussian-mixture', got "bernoulli"/);
    // @ts-expect-error connectivity is 'cyclic' or 'random'
    expect(() => new MADEDensity({ connectivity: 'dense' })).toThrow(/connectivity must be one of 'cyclic', 'random', got "dense"/);
    // @ts-expect-error kernel sizes are numbers
    expect(() => new GatedPixelCNN({ kernelSize: '3' })).toThrow(/kernelSize must be an odd positive integer \(e\.g\. 3 or 7\), got "3"/);
  });
});
