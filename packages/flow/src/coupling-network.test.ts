import * as tf from '@tensorflow/tfjs-core';
import { Parameters, deriveSeed, hashString, initialValue } from '@genmodels/core-nn';
import { describe, expect, it } from 'vitest';
import { ConvCouplingNetwork } from './coupling-network.js';

/**
 * The layout of the flow package's former Conv2DLayer, which checkpoints were written with:
 * `<name>/kernel` [3, 3, in, out] (He-normal, or zeros for a zero-initialized output) and
 * `<name>/bias` [out] (zeros), created in layer order.
 */
const OLD_LAYOUT: [string, number[]][] = [
  ['net/conv0/kernel', [3, 3, 3, 5]],
  ['net/conv0/bias', [5]],
  ['net/output/kernel', [3, 3, 5, 4]],
  ['net/output/bias', [4]],
];

describe('ConvCouplingNetwork on core-nn Conv2D', () => {
  it('keeps the weight names, shapes and seeded initial values of the former Conv2DLayer', () => {
    const params = new Parameters({ seed: 11 });
    try {
      // 2 channels plus a 1-dim context in, one hidden layer of 5
      new ConvCouplingNetwork(params.scope('net'), { channels: 2, hiddenChannels: [5], contextDim: 1 });
      const weights = params.getWeights();
      expect(Object.entries(weights).map(([name, t]) => [name, t.shape])).toEqual(OLD_LAYOUT);
      const init: Record<string, 'heNormal' | 'zeros'> = {
        'net/conv0/kernel': 'heNormal',
        'net/conv0/bias': 'zeros',
        'net/output/kernel': 'heNormal',
        'net/output/bias': 'zeros',
      };
      for (const [name, shape] of OLD_LAYOUT) {
        const expected = initialValue(shape, init[name], deriveSeed(11, hashString(name)));
        expect(Array.from(weights[name].dataSync()), name).toEqual(Array.from(expected.dataSync()));
        expected.dispose();
      }
      expect(Math.max(...Array.from(weights['net/conv0/kernel'].dataSync()).map(Math.abs))).toBeGreaterThan(0);
      tf.dispose(Object.values(weights));
    } finally {
      params.dispose();
    }
  });

  it('loads weights saved under the old names and computes conv3x3 -> ReLU -> conv3x3 with them', () => {
    const params = new Parameters({ seed: 1 });
    const saved: tf.NamedTensorMap = Object.fromEntries(
      OLD_LAYOUT.map(([name, shape], i) => [name, tf.randomNormal(shape, 0, 0.5, 'float32', 100 + i)]),
    );
    const x = tf.randomNormal([2, 4, 4, 2], 0, 1, 'float32', 9);
    const context = tf.tensor2d([[1], [0]]);
    try {
      const network = new ConvCouplingNetwork(params.scope('net'), { channels: 2, hiddenChannels: [5], contextDim: 1 });
      params.setWeights(saved);
      const got = tf.tidy(() => network.apply(x, context).dataSync());
      const expected = tf.tidy(() => {
        const maps = tf.tile(tf.reshape(context, [2, 1, 1, 1]), [1, 4, 4, 1]);
        const input = tf.concat([x, maps], 3) as tf.Tensor4D;
        const conv = (h: tf.Tensor4D, name: string) =>
          tf.add(tf.conv2d(h, saved[`net/${name}/kernel`] as tf.Tensor4D, 1, 'same'), saved[`net/${name}/bias`]) as tf.Tensor4D;
        return conv(tf.relu(conv(input, 'conv0')), 'output').dataSync();
      });
      expect(got.length).toBe(2 * 4 * 4 * 4);
      Array.from(got).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    } finally {
      tf.dispose([...Object.values(saved), x, context]);
      params.dispose();
    }
  });
});
