import { describe, expect, it } from 'vitest';
import { bitsPerDimToNats, dequantizationOffsetNats, dequantizedBitsPerDim, natsToBitsPerDim } from './bits-per-dim.js';

// Expected values below were computed by hand (ln 2 = 0.693147181, ln 256 = 5.545177444, ln 128 = 4.852030264).
describe('bits per dimension', () => {
  it('converts nats per example to bits per dim', () => {
    // 784 * ln 2 = 543.427390 nats is exactly 1 bit for each of 784 dims.
    expect(natsToBitsPerDim(543.42739, 784)).toBeCloseTo(1, 6);
    // 100 nats over 784 dims: 100 / 543.42739 = 0.184017.
    expect(natsToBitsPerDim(100, 784)).toBeCloseTo(0.184017, 5);
    // 81.3 nats (PixelCNN on binarized MNIST) = 0.149607 bits/dim.
    expect(natsToBitsPerDim(81.3, 784)).toBeCloseTo(0.149606, 5);
    expect(bitsPerDimToNats(0.184017, 784)).toBeCloseTo(100, 3);
  });

  it('adds dims * ln 256 for a density on [0, 1]-scaled dequantized 8-bit data', () => {
    expect(dequantizationOffsetNats(784)).toBeCloseTo(4347.41911, 3); // 784 * 5.545177444
    // A density of 1 (log-density 0) on [0,1]^D is a uniform over 256 levels: exactly 8 bits/dim.
    expect(dequantizedBitsPerDim(0, 784)).toBeCloseTo(8, 10);
    // nll = -3000 nats (log-density +3000): (-3000 + 4347.41911) / 543.42739 = 1347.41911 / 543.42739 = 2.479483 bits/dim.
    expect(dequantizedBitsPerDim(-3000, 784)).toBeCloseTo(2.479483, 5);
    // RealNVP's 1.06 bits/dim on MNIST corresponds to a continuous NLL of 1.06 * 543.42739 - 4347.41911 = 576.03303 - 4347.41911 = -3771.38608 nats.
    expect(dequantizedBitsPerDim(-3771.38608, 784)).toBeCloseTo(1.06, 5);
  });

  it('uses the bin width of the data range: [-1, 1] data has bins of width 2/256', () => {
    // 784 * ln(256 / 2) = 784 * 4.852030264 = 3803.99173
    expect(dequantizationOffsetNats(784, { numBins: 256, range: 2 })).toBeCloseTo(3803.99173, 3);
    expect(dequantizedBitsPerDim(0, 784, { numBins: 256, range: 2 })).toBeCloseTo(7, 10);
  });

  it('rejects bad dims and discretizations with a clear message', () => {
    expect(() => natsToBitsPerDim(1, 0)).toThrow(/dims must be a positive integer/);
    expect(() => natsToBitsPerDim(1, 2.5)).toThrow(/dims/);
    expect(() => dequantizationOffsetNats(10, { numBins: 0, range: 1 })).toThrow(/numBins and range/);
  });
});
