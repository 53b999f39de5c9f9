import * as tf from '@tensorflow/tfjs-core';
import { Parameters } from '@genmodels/core-nn';
import { describe, expect, it } from 'vitest';
import { AffineCoupling } from './affine-coupling.js';
import { ConvCouplingNetwork } from './coupling-network.js';
import { FactorOut } from './factor-out.js';
import { LearnedPriorFactorOut, LOG_SIGMA_BOUND } from './learned-prior-factor-out.js';
import { channelMask } from './masks.js';
import { StandardNormal } from './standard-normal.js';
import { checkTransform, randomizeVariables } from './test-utils/transform-checks.js';

/** A learned-prior split of a 2x2x4 input: 2 channels factored, 2 kept and coupled. */
function build(params: Parameters): { split: LearnedPriorFactorOut; coupling: AffineCoupling } {
  const network = new ConvCouplingNetwork(params.scope('inner/net'), { channels: 2, hiddenChannels: [4] });
  const coupling = new AffineCoupling(params.scope('inner'), { mask: channelMask(2, 0), network, channels: 2, scaleFunction: 'tanh' });
  return { split: new LearnedPriorFactorOut(params.scope('prior'), coupling, { factored: 2, kept: 2 }), coupling };
}

function withParams(fn: (params: Parameters) => void): void {
  const params = new Parameters({ seed: 7 });
  try {
    fn(params);
  } finally {
    params.dispose();
  }
}

const image = () => tf.randomNormal([2, 2, 2, 4], 0, 1, 'float32', 21);

describe('LearnedPriorFactorOut (Glow split prior)', () => {
  it('inverts, its log-det is minus the inverse log-det and matches a numerical Jacobian', () =>
    withParams((params) => {
      const { split } = build(params);
      randomizeVariables(params.variables, 3);
      // the randomized prior is far from N(0, 1), so its -sum log sigma is part of what is checked
      const spread = tf.tidy(() => tf.max(tf.abs(split.prior(tf.ones([1, 2, 2, 2]) as tf.Tensor4D).logSigma)).dataSync()[0]);
      expect(spread).toBeGreaterThan(0.1);
      const x = image();
      try {
        checkTransform(split, x);
      } finally {
        x.dispose();
      }
    }));

  it('starts as the plain factoring (zero-initialized conv: prior N(0, 1))', () =>
    withParams((params) => {
      const { split, coupling } = build(params);
      randomizeVariables(coupling.params.variables, 4);
      expect(params.names).toEqual(expect.arrayContaining(['prior/conv/kernel', 'prior/conv/bias']));
      const plain = new FactorOut(coupling, 2);
      const x = image();
      const a = split.forward(x);
      const b = plain.forward(x);
      try {
        expect(Array.from(a.outputs.dataSync())).toEqual(Array.from(b.outputs.dataSync()));
        expect(Array.from(a.logAbsDet.dataSync())).toEqual(Array.from(b.logAbsDet.dataSync()));
      } finally {
        tf.dispose([x, a.outputs, a.logAbsDet, b.outputs, b.logAbsDet]);
      }
    }));

  it('bounds log sigma to [-LOG_SIGMA_BOUND, LOG_SIGMA_BOUND] however large the conv output', () =>
    withParams((params) => {
      const { split } = build(params);
      tf.tidy(() => split.conv.bias!.assign(tf.tensor1d([0, 0, -1e4, 1e4])));
      const logSigma = tf.tidy(() => Array.from(split.prior(tf.ones([1, 2, 2, 2]) as tf.Tensor4D).logSigma.dataSync()));
      expect(Math.min(...logSigma)).toBeCloseTo(-LOG_SIGMA_BOUND, 5);
      expect(Math.max(...logSigma)).toBeCloseTo(LOG_SIGMA_BOUND, 5);
    }));

  it('sampling at temperature T draws the factored channels from N(mu, (T sigma)^2)', () =>
    withParams((params) => {
      const { split } = build(params);
      // kernel 0, bias [mu = 1.5, 1.5, raw with B tanh(raw / B) = log 2]: the prior is N(1.5, 2^2) everywhere
      const raw = LOG_SIGMA_BOUND * Math.atanh(Math.log(2) / LOG_SIGMA_BOUND);
      tf.tidy(() => split.conv.bias!.assign(tf.tensor1d([1.5, 1.5, raw, raw])));
      const base = new StandardNormal([2, 2, 4]);
      const stats = (temperature: number) =>
        tf.tidy(() => {
          const z = base.sample(1000, { seed: 5, temperature });
          const [z1] = tf.split(split.inverse(z).outputs, [2, 2], 3);
          const { mean, variance } = tf.moments(z1);
          return { mean: mean.dataSync()[0], std: Math.sqrt(variance.dataSync()[0]) };
        });
      const warm = stats(1);
      const cold = stats(0.5);
      expect(warm.mean).toBeCloseTo(1.5, 1);
      expect(cold.mean).toBeCloseTo(1.5, 1);
      expect(Math.abs(warm.std - 2)).toBeLessThan(0.1);
      expect(Math.abs(cold.std - 1)).toBeLessThan(0.05);
    }));

  it('rejects inputs whose channels are not factored + kept', () =>
    withParams((params) => {
      const { split } = build(params);
      const x = tf.zeros([1, 2, 2, 3]);
      try {
        expect(() => split.forward(x)).toThrow(/2 factored \+ 2 kept/);
      } finally {
        x.dispose();
      }
    }));
});
