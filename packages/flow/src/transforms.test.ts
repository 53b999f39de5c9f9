import * as tf from '@tensorflow/tfjs-core';
import { Parameters } from '@genmodels/core-nn';
import { describe, expect, it } from 'vitest';
import { ActNorm } from './act-norm.js';
import { AffineCoupling, type CouplingScale } from './affine-coupling.js';
import { BatchNormTransform } from './batch-norm-transform.js';
import { CompositeTransform } from './composite-transform.js';
import { ConvCouplingNetwork, DenseCouplingNetwork } from './coupling-network.js';
import { FactorOut } from './factor-out.js';
import { InverseTransform } from './inverse-transform.js';
import { InvertibleConv1x1 } from './invertible-conv-1x1.js';
import { Flatten } from './flatten.js';
import { LogitTransform } from './logit-transform.js';
import { MaskedAutoregressiveTransform } from './masked-autoregressive-transform.js';
import { alternatingMask, channelMask, checkerboardMask } from './masks.js';
import { Permutation } from './permutation.js';
import { Squeeze } from './squeeze.js';
import { checkTransform, randomizeVariables } from './test-utils/transform-checks.js';
import type { Transform } from './transform.js';

function withParams(fn: (params: Parameters) => void): void {
  const params = new Parameters({ seed: 3 });
  try {
    fn(params);
  } finally {
    params.dispose();
  }
}

const points = () => tf.tensor2d([[0.3, -1.2], [1.5, 0.4], [-0.7, 0.9]]);
const image4 = (channels = 1) => tf.randomNormal([2, 4, 4, channels], 0, 1, 'float32', 11);
const image2 = (channels = 4) => tf.randomNormal([2, 2, 2, channels], 0, 1, 'float32', 12);

function denseCoupling(params: Parameters, parity: 0 | 1, scale: CouplingScale, contextDim = 0): AffineCoupling {
  const network = new DenseCouplingNetwork(params.scope('net'), { features: 2, hiddenUnits: [8], contextDim });
  return new AffineCoupling(params, { mask: alternatingMask(2, parity), network, channels: 2, scaleFunction: scale });
}

function convCoupling(params: Parameters, mask: ReturnType<typeof checkerboardMask>, channels: number, scale: CouplingScale = 'tanh'): AffineCoupling {
  const network = new ConvCouplingNetwork(params.scope('net'), { channels, hiddenChannels: [4] });
  return new AffineCoupling(params, { mask, network, channels, scaleFunction: scale });
}

function check(transform: Transform, params: Parameters, x: tf.Tensor, options = {}): void {
  randomizeVariables(params.variables, 5);
  try {
    checkTransform(transform, x, options);
  } finally {
    x.dispose();
  }
}

describe('transforms: inverse, log-det pairing and numerical Jacobian', () => {
  for (const scale of ['tanh', 'sigmoid'] as const) {
    it(`affine coupling on 2-D points (${scale} log-scale)`, () =>
      withParams((params) => check(denseCoupling(params, 0, scale), params, points())));
  }

  it('class-conditional affine coupling on 2-D points', () =>
    withParams((params) => {
      const context = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d([0, 2, 1], 'int32'), 3), 'float32')) as tf.Tensor2D;
      check(denseCoupling(params, 1, 'tanh', 3), params, points(), { context });
      context.dispose();
    }));

  it('checkerboard affine coupling on a 4x4x1 image', () =>
    withParams((params) => check(convCoupling(params, checkerboardMask(4, 4, 1), 1), params, image4())));

  it('channel-mask affine coupling on a 2x2x4 image', () =>
    withParams((params) => check(convCoupling(params, channelMask(4, 1), 4, 'sigmoid'), params, image2())));

  it('squeeze and its inverse on a 4x4x1 image', () =>
    withParams((params) => {
      check(new Squeeze(), params, image4());
      check(new InverseTransform(new Squeeze()), params, image2());
    }));

  it('factor-out with an inner coupling on a 2x2x4 image', () =>
    withParams((params) => check(new FactorOut(convCoupling(params, channelMask(2, 0), 2), 2), params, image2())));

  it('ActNorm on a 4x4x2 image and on 2-D points', () =>
    withParams((params) => {
      check(new ActNorm(params.scope('a'), { channels: 2 }), params, image4(2));
      check(new ActNorm(params.scope('b'), { channels: 2 }), params, points());
    }));

  it('LU invertible 1x1 convolution on a 2x2x4 image and as a linear map on 2-D points', () =>
    withParams((params) => {
      check(new InvertibleConv1x1(params.scope('a'), { channels: 4, seed: 9 }), params, image2());
      check(new InvertibleConv1x1(params.scope('b'), { channels: 2, seed: 10 }), params, points());
    }));

  it('permutation of features', () => withParams((params) => check(new Permutation([1, 0]), params, points())));

  it('batch-norm bijection in eval mode (moving statistics)', () =>
    withParams((params) => {
      const bn = new BatchNormTransform(params, { channels: 2 });
      tf.tidy(() => {
        bn.movingMean.assign(tf.tensor1d([0.5, -0.3]));
        bn.movingVariance.assign(tf.tensor1d([2, 0.4]));
      });
      check(bn, params, points());
    }));

  it('MAF layer on MADE (3 features) and its inverse direction as an IAF layer', () =>
    withParams((params) => {
      const maf = new MaskedAutoregressiveTransform(params.scope('maf'), { features: 3, hiddenUnits: [8] });
      const iaf = new MaskedAutoregressiveTransform(params.scope('iaf'), { features: 3, hiddenUnits: [8], seed: 2 });
      try {
        check(maf, params, tf.tensor2d([[0.3, -1.2, 0.5], [1.5, 0.4, -0.2]]));
        check(new InverseTransform(iaf), params, tf.tensor2d([[0.3, -1.2, 0.5], [1.5, 0.4, -0.2]]));
      } finally {
        maf.dispose();
        iaf.dispose();
      }
    }));

  it('MAF forward Jacobian is triangular in the autoregressive order (z_i depends on x_<=i only)', () =>
    withParams((params) => {
      const maf = new MaskedAutoregressiveTransform(params, { features: 3, hiddenUnits: [8] });
      randomizeVariables(params.variables, 7);
      try {
        const x = tf.tensor2d([[0.3, -1.2, 0.5]]);
        const base = maf.forward(x);
        const z0 = base.outputs.dataSync();
        for (let j = 0; j < 3; j++) {
          const bumped = tf.tidy(() => maf.forward(tf.add(x, tf.oneHot(tf.tensor1d([j], 'int32'), 3))).outputs.dataSync());
          for (let i = 0; i < j; i++) expect(bumped[i], `z_${i} must not depend on x_${j}`).toBe(z0[i]);
          expect(bumped[j]).not.toBe(z0[j]);
        }
        tf.dispose([x, base.outputs, base.logAbsDet]);
      } finally {
        maf.dispose();
      }
    }));

  it('flatten and unflatten', () =>
    withParams((params) => {
      check(new Flatten([2, 2, 1]), params, tf.randomNormal([2, 2, 2, 1], 0, 1, 'float32', 3));
      check(new InverseTransform(new Flatten([2, 2, 1])), params, tf.randomNormal([2, 4], 0, 1, 'float32', 4));
    }));

  it('logit transform on values in (0, 1)', () =>
    withParams((params) => check(new LogitTransform(0.05), params, tf.tensor2d([[0.1, 0.8, 0.5], [0.97, 0.02, 0.3]]))));

  it('a composite of couplings, ActNorm and the 1x1 conv on a 4x4x1 image after squeeze', () =>
    withParams((params) => {
      const composite = new CompositeTransform([
        convCoupling(params.scope('c0'), checkerboardMask(4, 4, 0), 1),
        new Squeeze(),
        new ActNorm(params.scope('an'), { channels: 4 }),
        new InvertibleConv1x1(params.scope('conv'), { channels: 4, seed: 4 }),
        convCoupling(params.scope('c1'), channelMask(4, 0), 4),
        new InverseTransform(new Squeeze()),
      ]);
      check(composite, params, image4());
    }));
});

describe('batch norm in training mode', () => {
  it('normalizes with batch statistics and moves the running averages towards them', () =>
    withParams((params) => {
      const bn = new BatchNormTransform(params, { channels: 2, momentum: 0.5 });
      const x = tf.tensor2d([[1, 10], [3, 14], [5, 18]]);
      const { outputs, logAbsDet } = bn.forward(x, { training: true });
      const mean = tf.mean(outputs, 0);
      expect(Array.from(mean.dataSync())).toEqual([expect.closeTo(0, 5), expect.closeTo(0, 5)]);
      expect(Array.from(bn.movingMean.dataSync())).toEqual([expect.closeTo(1.5, 5), expect.closeTo(7, 5)]);
      // log det = -0.5 * sum(log(var + eps)) with var = 8/3 and 32/3
      expect(logAbsDet.dataSync()[0]).toBeCloseTo(-0.5 * (Math.log(8 / 3 + 1e-5) + Math.log(32 / 3 + 1e-5)), 4);
      tf.dispose([x, outputs, logAbsDet, mean]);
    }));
});
