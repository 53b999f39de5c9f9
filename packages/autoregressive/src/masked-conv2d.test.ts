import * as tf from '@tensorflow/tfjs-core';
import { Parameters } from '@genmodels/core-nn';
import { describe, expect, it } from 'vitest';
import { MaskedConv2D, horizontalStackMask, pixelCNNMask, verticalStackMask } from './masked-conv2d.js';

describe('MaskedConv2D', () => {
  it('draws the PixelCNN masks (A excludes the centre, B includes it)', () => {
    expect(Array.from(pixelCNNMask(3, 'A'))).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0]);
    expect(Array.from(pixelCNNMask(3, 'B'))).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 0]);
    expect(Array.from(verticalStackMask(3, false))).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(horizontalStackMask(5, false))).toEqual([1, 1, 0, 0, 0]);
  });

  it.each([
    ['mask A 5x5', 5, 5, pixelCNNMask(5, 'A')],
    ['mask B 3x3', 3, 3, pixelCNNMask(3, 'B')],
    ['vertical layer 0', 3, 3, verticalStackMask(3, false)],
    ['vertical', 3, 3, verticalStackMask(3, true)],
    ['horizontal layer 0', 1, 3, horizontalStackMask(3, false)],
    ['horizontal', 1, 5, horizontalStackMask(5, true)],
  ])('the cropped convolution equals a full same-padded convolution with the masked kernel (%s)', (_, kh, kw, mask) => {
    const params = new Parameters({ seed: 2 });
    const conv = new MaskedConv2D(params, 'c', { kernelHeight: kh, kernelWidth: kw, inChannels: 2, outChannels: 3, mask });
    tf.tidy(() => {
      const x = tf.randomNormal([2, 5, 6, 2], 0, 1, 'float32', 3) as tf.Tensor4D;
      const reference = tf.add(tf.conv2d(x, tf.mul(conv.kernel, tf.tensor4d(mask, [kh, kw, 1, 1])) as tf.Tensor4D, 1, 'same'), conv.bias);
      const out = conv.apply(x);
      expect(out.shape).toEqual([2, 5, 6, 3]);
      expect(tf.max(tf.abs(tf.sub(out, reference))).dataSync()[0]).toBeLessThan(1e-5);
    });
    conv.dispose();
    params.dispose();
  });
});
