import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BatchNorm } from './batch-norm.js';
import { Conv2DTranspose } from './conv2d-transpose.js';
import { Conv2D } from './conv2d.js';
import { hasFusedGroupNorm } from './fused-group-norm.js';
import { GroupNorm } from './group-norm.js';
import { Parameters } from './parameters.js';
import { ResidualBlock } from './residual-block.js';
import { sinusoidalEmbedding } from './sinusoidal-embedding.js';

function close(actual: ArrayLike<number>, expected: number[], digits = 5): void {
  expect(actual.length).toBe(expected.length);
  Array.from(actual).forEach((v, i) => expect(v, `index ${i}`).toBeCloseTo(expected[i], digits));
}

/** Host reference: NHWC cross-correlation with 'valid' padding and stride s (single example). */
function convReference(x: number[][][], k: number[][][][], s: number): number[][][] {
  const [h, w, c] = [x.length, x[0].length, x[0][0].length];
  const [kh, kw, , f] = [k.length, k[0].length, k[0][0].length, k[0][0][0].length];
  const out: number[][][] = [];
  for (let i = 0; i + kh <= h; i += s) {
    const row: number[][] = [];
    for (let j = 0; j + kw <= w; j += s) {
      const px = new Array<number>(f).fill(0);
      for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) for (let ci = 0; ci < c; ci++) for (let fo = 0; fo < f; fo++) px[fo] += x[i + a][j + b][ci] * k[a][b][ci][fo];
      row.push(px);
    }
    out.push(row);
  }
  return out;
}

describe('Conv2D', () => {
  it('matches a hand-computed valid convolution with bias, stride 1 and 2', () => {
    const p = new Parameters({ seed: 1 });
    const xs = [[[1, 0], [2, 1], [0, 3]], [[-1, 2], [1, 1], [2, 0]], [[0, 1], [3, -2], [1, 1]]]; // 3x3x2
    const ks = [[[[1, 0], [0, 1]], [[2, 1], [1, 0]]], [[[0, -1], [1, 1]], [[1, 1], [0, 2]]]]; // 2x2x2x2
    for (const strides of [1, 2]) {
      const conv = new Conv2D(p, `c${strides}`, { inChannels: 2, filters: 2, kernelSize: 2, padding: 'valid', strides });
      const k = tf.tensor4d(ks);
      const b = tf.tensor1d([0.5, -1]);
      conv.kernel.assign(k);
      conv.bias!.assign(b);
      const x = tf.tensor4d([xs]);
      const y = conv.apply(x);
      const expected = convReference(xs, ks, strides).flat(2).map((v, i) => v + [0.5, -1][i % 2]);
      expect(y.shape).toEqual(strides === 1 ? [1, 2, 2, 2] : [1, 1, 1, 2]);
      close(y.dataSync(), expected);
      tf.dispose([k, b, x, y]);
    }
    p.dispose();
  });

  it("keeps the size with 'same' padding and halves it with stride 2", () => {
    const p = new Parameters({ seed: 1 });
    const same = new Conv2D(p, 'same', { inChannels: 1, filters: 4, kernelSize: 3 });
    const down = new Conv2D(p, 'down', { inChannels: 1, filters: 4, kernelSize: 3, strides: 2 });
    const x = tf.ones([2, 6, 6, 1]) as tf.Tensor4D;
    const a = same.apply(x);
    const b = down.apply(x);
    expect(a.shape).toEqual([2, 6, 6, 4]);
    expect(b.shape).toEqual([2, 3, 3, 4]);
    tf.dispose([x, a, b]);
    expect(() => new Conv2D(p, 'bad', { inChannels: 1, filters: 1, kernelSize: 3, strides: 2, dilation: 2 })).toThrow(/cannot both/);
    p.dispose();
  });
});

describe('Conv2DTranspose', () => {
  it('is the adjoint of Conv2D: <conv(x), y> = <x, convT(y)> with the same kernel', () => {
    const p = new Parameters({ seed: 3 });
    const conv = new Conv2D(p, 'c', { inChannels: 2, filters: 3, kernelSize: 4, strides: 2, useBias: false });
    const convT = new Conv2DTranspose(p, 't', { inChannels: 3, filters: 2, kernelSize: 4, strides: 2, useBias: false });
    convT.kernel.assign(conv.kernel); // [k, k, 2, 3] is [k, k, filters, inChannels] for the transpose
    const x = tf.randomNormal([1, 8, 8, 2], 0, 1, 'float32', 1) as tf.Tensor4D;
    const y = tf.randomNormal([1, 4, 4, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    const cx = conv.apply(x);
    const ty = convT.apply(y);
    expect(ty.shape).toEqual([1, 8, 8, 2]);
    const lhs = tf.tidy(() => tf.sum(tf.mul(cx, y)));
    const rhs = tf.tidy(() => tf.sum(tf.mul(x, ty)));
    expect(lhs.dataSync()[0]).toBeCloseTo(rhs.dataSync()[0], 3);
    tf.dispose([x, y, cx, ty, lhs, rhs]);
    p.dispose();
  });

  it('upsamples 1x1 -> kxk with valid padding exactly as the kernel times the input', () => {
    const p = new Parameters({ seed: 3 });
    const convT = new Conv2DTranspose(p, 't', { inChannels: 1, filters: 1, kernelSize: 2, strides: 1, padding: 'valid' });
    const k = tf.tensor4d([[[[1]], [[2]]], [[[3]], [[4]]]]);
    const b = tf.tensor1d([0.5]);
    convT.kernel.assign(k);
    convT.bias!.assign(b);
    const x = tf.tensor4d([[[[2]]]]);
    const y = convT.apply(x);
    expect(y.shape).toEqual([1, 2, 2, 1]);
    close(y.dataSync(), [2.5, 4.5, 6.5, 8.5]);
    tf.dispose([k, b, x, y]);
    p.dispose();
  });
});

describe('GroupNorm', () => {
  it("apply(x, 'silu') is SiLU of the normalised output (composed path on cpu); other activations are refused", () => {
    const p = new Parameters({ seed: 1 });
    const gn = new GroupNorm(p, 'gn', { channels: 4, groups: 2 });
    const x = tf.randomNormal([2, 3, 3, 4], 1, 2, 'float32', 5) as tf.Tensor4D;
    expect(hasFusedGroupNorm()).toBe(false);
    const fused = gn.apply(x, 'silu');
    const y = gn.apply(x);
    const expected = tf.tidy(() => tf.mul(y, tf.sigmoid(y)));
    close(fused.dataSync(), Array.from(expected.dataSync()), 5);
    expect(() => gn.apply(x, 'relu' as never)).toThrow(/'linear' or 'silu'/);
    tf.dispose([x, fused, y, expected]);
    p.dispose();
  });

  it('normalises per example and per group, by hand', () => {
    const p = new Parameters({ seed: 1 });
    const gn = new GroupNorm(p, 'gn', { channels: 4, groups: 2, epsilon: 0 });
    // one example, 1x2 pixels, 4 channels; group 0 = channels 0,1; group 1 = channels 2,3
    const values = [1, 3, 10, 10, 5, 7, 20, 40];
    const x = tf.tensor4d(values, [1, 1, 2, 4]);
    const y = gn.apply(x);
    const g0 = [1, 3, 5, 7];
    const g1 = [10, 10, 20, 40];
    const norm = (g: number[], v: number) => {
      const m = g.reduce((a, b) => a + b) / g.length;
      const s = Math.sqrt(g.reduce((a, b) => a + (b - m) ** 2, 0) / g.length);
      return (v - m) / s;
    };
    const expected = values.map((v, i) => (i % 4 < 2 ? norm(g0, v) : norm(g1, v)));
    close(y.dataSync(), expected);
    tf.dispose([x, y]);
    p.dispose();
  });

  it('gives each (example, group) zero mean and unit variance, then applies gamma and beta per channel', () => {
    const p = new Parameters({ seed: 1 });
    const gn = new GroupNorm(p, 'gn', { channels: 6, groups: 3 });
    const gamma = tf.tensor1d([1, 2, 1, 1, 3, 1]);
    const beta = tf.tensor1d([0, 1, 0, 0, -1, 0]);
    const x = tf.randomNormal([2, 3, 3, 6], 4, 5, 'float32', 8) as tf.Tensor4D;
    const plain = gn.apply(x);
    const stats = tf.tidy(() => tf.moments(tf.reshape(plain, [2, 3, 3, 3, 2]), [1, 2, 4]));
    close(stats.mean.dataSync(), new Array(6).fill(0), 4);
    close(stats.variance.dataSync(), new Array(6).fill(1), 3);
    gn.gamma.assign(gamma);
    gn.beta.assign(beta);
    const scaled = gn.apply(x);
    const expected = tf.tidy(() => tf.add(tf.mul(plain, gamma), beta));
    close(scaled.dataSync(), Array.from(expected.dataSync()), 4);
    tf.dispose([gamma, beta, x, plain, stats.mean, stats.variance, scaled, expected]);
    expect(() => new GroupNorm(p, 'bad', { channels: 6, groups: 4 })).toThrow(/dividing channels/);
    p.dispose();
  });
});

describe('sinusoidalEmbedding', () => {
  it('matches sin/cos of t times geometric frequencies (sines first)', () => {
    const t = tf.tensor1d([0, 3, 100]);
    const e = sinusoidalEmbedding(t, 6, 10000);
    expect(e.shape).toEqual([3, 6]);
    const freqs = [0, 1, 2].map((i) => 10000 ** (-i / 3));
    const expected = [0, 3, 100].flatMap((tv) => [...freqs.map((f) => Math.sin(tv * f)), ...freqs.map((f) => Math.cos(tv * f))]);
    close(e.dataSync(), expected, 4);
    expect(() => sinusoidalEmbedding(t, 5)).toThrow(/even/);
    tf.dispose([t, e]);
  });
});

describe('ResidualBlock', () => {
  it('shapes, the 1x1 skip when channels change, and the embedding path', () => {
    const p = new Parameters({ seed: 1 });
    const block = new ResidualBlock(p, 'res', { inChannels: 8, outChannels: 16, embeddingDim: 4, groups: 4 });
    expect(p.names).toEqual([
      'res/norm1/gamma', 'res/norm1/beta', 'res/conv1/kernel', 'res/conv1/bias', 'res/embedding/kernel', 'res/embedding/bias',
      'res/norm2/gamma', 'res/norm2/beta', 'res/conv2/kernel', 'res/conv2/bias', 'res/skip/kernel', 'res/skip/bias',
    ]);
    const x = tf.randomNormal([2, 4, 4, 8], 0, 1, 'float32', 3) as tf.Tensor4D;
    const e1 = tf.randomNormal([2, 4], 0, 1, 'float32', 4) as tf.Tensor2D;
    const e2 = tf.randomNormal([2, 4], 0, 1, 'float32', 5) as tf.Tensor2D;
    const y1 = block.apply(x, e1);
    const y2 = block.apply(x, e2);
    expect(y1.shape).toEqual([2, 4, 4, 16]);
    // the embedding changes the output
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(y1, y2))).dataSync()[0])).toBeGreaterThan(1e-4);
    expect(() => block.apply(x)).toThrow(/needs an embedding/);
    tf.dispose([x, e1, e2, y1, y2]);
    p.dispose();
  });

  it('is the identity plus the residual branch when channels match: zero conv2 gives out = x', () => {
    const p = new Parameters({ seed: 1 });
    const block = new ResidualBlock(p, 'res', { inChannels: 4, outChannels: 4, groups: 2 });
    expect(block.skip).toBeUndefined();
    const zeros = tf.zerosLike(block.conv2.kernel);
    block.conv2.kernel.assign(zeros);
    const x = tf.randomNormal([1, 3, 3, 4], 0, 1, 'float32', 3) as tf.Tensor4D;
    const y = block.apply(x);
    close(y.dataSync(), Array.from(x.dataSync()), 6);
    tf.dispose([zeros, x, y]);
    p.dispose();
  });
});

describe('gradients through the blocks (registered by core-nn in Node)', () => {
  it('autodiff of a conditional ResidualBlock and a BatchNorm matches central differences', async () => {
    const { numericalGradient } = await import('./testing/numerical.js');
    const p = new Parameters({ seed: 2 });
    const block = new ResidualBlock(p, 'res', { inChannels: 2, outChannels: 4, embeddingDim: 3, groups: 2 });
    const bn = new BatchNorm(p, 'bn', { channels: 4 });
    const e = tf.tensor2d([[0.3, -0.2, 0.5]]);
    const shape: [number, number, number, number] = [1, 3, 3, 2];
    const x0 = Array.from({ length: 18 }, (_, i) => Math.sin(i * 1.7));
    const f = (x: tf.Tensor): tf.Scalar => tf.sum(tf.square(bn.apply(block.apply(tf.reshape(x, shape) as tf.Tensor4D, e), 'moving')));
    const x = tf.tensor1d(x0);
    const analytic = tf.grad(f)(x);
    const numeric = numericalGradient((v) => tf.tidy(() => f(tf.tensor1d(Float32Array.from(v))).dataSync()[0]), x0, 1e-2);
    const a = Array.from(analytic.dataSync());
    const scale = Math.max(...a.map(Math.abs));
    a.forEach((v, i) => expect(Math.abs(v - numeric[i]) / scale, `component ${i}`).toBeLessThan(2e-2));
    tf.dispose([e, x, analytic]);
    p.dispose();
  });
});
