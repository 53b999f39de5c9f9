import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BatchNorm, foldBatchStatistics, type BatchStatistics } from './batch-norm.js';
import { LayerNorm } from './layer-norm.js';
import { Parameters } from './parameters.js';

describe('BatchNorm', () => {
  it('normalizes NHWC input per channel with batch statistics, reports them, and folds them into the moving ones', () => {
    const params = new Parameters({ seed: 1 });
    const bn = new BatchNorm(params, 'bn', { channels: 2, momentum: 0.9 });
    const x = tf.tensor4d([1, 10, 3, 20, 5, 30, 7, 40], [2, 2, 1, 2]);
    const collected: BatchStatistics[] = [];
    const y = bn.apply(x, 'batch', collected);
    const values = y.arraySync() as number[][][][];
    // channel 0 holds 1, 3, 5, 7 (mean 4, variance 5): (1 - 4) / sqrt(5 + 1e-5).
    expect(values[0][0][0][0]).toBeCloseTo(-3 / Math.sqrt(5 + 1e-5), 5);
    expect(values[1][1][0][1]).toBeCloseTo((40 - 25) / Math.sqrt(125 + 1e-5), 5);
    expect(collected).toHaveLength(1);
    expect(Array.from(collected[0].mean.dataSync())).toEqual([4, 25]);
    const before = tf.memory().numTensors;
    foldBatchStatistics(collected);
    // the collected statistics are disposed once folded in
    expect(tf.memory().numTensors).toBe(before - 2);
    expect(Array.from(bn.movingMean!.dataSync())).toEqual([expect.closeTo(0.4, 5), expect.closeTo(2.5, 5)]);
    expect(Array.from(bn.movingVariance!.dataSync())).toEqual([expect.closeTo(0.9 + 0.5, 5), expect.closeTo(0.9 + 12.5, 5)]);
    const moving = bn.apply(x, 'moving');
    expect((moving.arraySync() as number[][][][])[0][0][0][0]).toBeCloseTo((1 - 0.4) / Math.sqrt(1.4 + 1e-5), 5);
    tf.dispose([x, y, moving]);
    params.dispose();
  });
});

describe('BatchNorm without moving statistics', () => {
  it('has only gamma and beta, normalizes by the batch, and refuses a moving-statistics pass', () => {
    const params = new Parameters({ seed: 1 });
    const bn = new BatchNorm(params, 'bn', { channels: 2, trackMovingStatistics: false });
    expect(params.names).toEqual(['bn/gamma', 'bn/beta']);
    const x = tf.tensor2d([[1, 10], [3, 30]]);
    const y = bn.apply(x, 'batch');
    expect(Array.from(y.dataSync())).toEqual([-1, -1, 1, 1].map((v) => expect.closeTo(v, 4)));
    expect(() => bn.apply(x, 'moving')).toThrow(/keeps no moving statistics/);
    const wrong = tf.zeros([2, 3]);
    expect(() => bn.apply(wrong, 'batch')).toThrow(/expected input with 2 channels/);
    tf.dispose([x, y, wrong]);
    params.dispose();
  });
});

describe('BatchNorm followed by an activation', () => {
  it("applies ReLU or leaky ReLU (slope leakyAlpha below 0) after the affine step, and refuses others", () => {
    const params = new Parameters({ seed: 1 });
    const bn = new BatchNorm(params, 'bn', { channels: 2, trackMovingStatistics: false });
    // per channel: -1, 1 after normalization
    const x = tf.tensor2d([[1, 10], [3, 30]]);
    const relu = bn.apply(x, 'batch', undefined, { activation: 'relu' });
    expect(Array.from(relu.dataSync())).toEqual([0, 0, 1, 1].map((v) => expect.closeTo(v, 4)));
    const leaky = bn.apply(x, 'batch', undefined, { activation: 'leakyRelu', leakyAlpha: 0.1 });
    expect(Array.from(leaky.dataSync())).toEqual([-0.1, -0.1, 1, 1].map((v) => expect.closeTo(v, 4)));
    const defaultSlope = bn.apply(x, 'batch', undefined, { activation: 'leakyRelu' });
    expect(defaultSlope.dataSync()[0]).toBeCloseTo(-0.2, 4);
    expect(() => bn.apply(x, 'batch', undefined, { activation: 'tanh' as 'relu' })).toThrow(/activation must be 'linear', 'relu' or 'leakyRelu'/);
    expect(() => bn.apply(x, 'batch', undefined, { activation: 'leakyRelu', leakyAlpha: 1 })).toThrow(/leakyAlpha must be in \[0, 1\)/);
    tf.dispose([x, relu, leaky, defaultSlope]);
    params.dispose();
  });
});

describe('LayerNorm', () => {
  it('normalizes each example over all its features', () => {
    const params = new Parameters({ seed: 1 });
    const ln = new LayerNorm(params, 'ln', { channels: 2 });
    const x = tf.tensor4d([1, 2, 3, 4, 10, 10, 10, 50], [2, 1, 2, 2]);
    const y = ln.apply(x);
    const [a, b] = y.arraySync() as number[][][][];
    const flatA = a.flat(2);
    expect(flatA.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 5);
    expect(flatA.reduce((s, v) => s + v * v, 0) / 4).toBeCloseTo(1, 3);
    expect(b.flat(2)[0]).toBeCloseTo((10 - 20) / Math.sqrt(300 + 1e-5), 5);
    tf.dispose([x, y]);
    params.dispose();
  });
});
