import * as tf from '@tensorflow/tfjs-core';
import { Parameters } from '@genmodels/core-nn';
import { describe, expect, it } from 'vitest';
import { Conv2D } from './conv2d.js';
import { Conv2DTranspose } from './conv2d-transpose.js';

describe('Conv2D and Conv2DTranspose (DCGAN stages)', () => {
  it('stride-2 k4 "same" halves and doubles the spatial size', () => {
    const params = new Parameters({ seed: 2 });
    const down = new Conv2D(params, 'down', { inChannels: 1, outChannels: 3, kernelSize: 4, strides: 2 });
    const up = new Conv2DTranspose(params, 'up', { inChannels: 3, outChannels: 2, kernelSize: 4, strides: 2 });
    const x = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 1);
    const h = down.apply(x);
    const y = up.apply(h);
    expect(h.shape).toEqual([2, 4, 4, 3]);
    expect(y.shape).toEqual([2, 8, 8, 2]);
    expect(() => up.apply(x)).toThrow(/expected input \[batch, height, width, 3\], got \[2, 8, 8, 1\]/);
    tf.dispose([x, h, y]);
    params.dispose();
  });

  it('the transposed convolution is the adjoint of the convolution: <conv(x), y> = <x, convT(y)>', () => {
    const params = new Parameters({ seed: 3 });
    const conv = new Conv2D(params, 'c', { inChannels: 2, outChannels: 3, kernelSize: 4, strides: 2, useBias: false });
    const transposed = new Conv2DTranspose(params, 't', { inChannels: 3, outChannels: 2, kernelSize: 4, strides: 2, useBias: false });
    transposed.kernel.assign(conv.kernel); // [k, k, in=2, out=3] is convT's [k, k, out=2, in=3]
    const x = tf.randomNormal([1, 6, 6, 2], 0, 1, 'float32', 4);
    const y = tf.randomNormal([1, 3, 3, 3], 0, 1, 'float32', 5);
    const lhs = tf.tidy(() => tf.sum(tf.mul(conv.apply(x), y)));
    const rhs = tf.tidy(() => tf.sum(tf.mul(x, transposed.apply(y))));
    expect(lhs.dataSync()[0]).toBeCloseTo(rhs.dataSync()[0], 3);
    tf.dispose([x, y, lhs, rhs]);
    params.dispose();
  });
});
