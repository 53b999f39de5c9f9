import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, Tensor, Tensor2D, TensorInfo } from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import './register-gradients.js';
import { BERNOULLI_NLL_GRAD_KERNEL, BERNOULLI_NLL_KERNEL, bernoulliNegLogLikelihood, hasFusedBernoulliNLL } from './bernoulli-nll.js';

// Reference kernels implementing the contract with TF.js ops.
const calls = { forward: 0, grad: 0 };
const forward: KernelFunc = ({ inputs }) => {
  calls.forward++;
  const { logits, x } = inputs as Record<string, Tensor>;
  return tf.tidy(() => tf.sum(tf.sub(tf.softplus(logits!), tf.mul(logits!, x!)), -1)) as TensorInfo;
};
const grad: KernelFunc = ({ inputs }) => {
  calls.grad++;
  const { dy, logits, x } = inputs as Record<string, Tensor>;
  return tf.tidy(() => tf.mul(tf.reshape(dy!, [-1, 1]), tf.sub(tf.sigmoid(logits!), x!))) as TensorInfo;
};

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const LOGITS = [
  [2.5, -1, 0, 30],
  [-30, 0.3, 80, -80],
];
const TARGETS = [
  [1, 0, 1, 0.25],
  [0, 0.5, 0, 1],
];

/** The per-row NLL, and the gradients of sum(w * nll) for the logits and the targets, read back. */
function valueAndGrads(): number[][] {
  return tf.tidy(() => {
    const logits = tf.tensor2d(LOGITS);
    const x = tf.tensor2d(TARGETS);
    const w = tf.tensor1d([0.5, -2]);
    const [dl, dx] = tf.grads((l: Tensor, t: Tensor) => tf.sum(tf.mul(bernoulliNegLogLikelihood(l as Tensor2D, t as Tensor2D), w)))([logits, x]);
    return [bernoulliNegLogLikelihood(logits, x), dl!, dx!].map((t) => Array.from(t.dataSync()));
  });
}

describe('bernoulliNegLogLikelihood', () => {
  afterEach(() => {
    for (const name of [BERNOULLI_NLL_KERNEL, BERNOULLI_NLL_GRAD_KERNEL]) if (tf.getKernel(name, tf.getBackend())) tf.unregisterKernel(name, tf.getBackend());
  });

  it('sums softplus(l) - l x over each row; d/dl = w (sigmoid(l) - x), d/dx = -w l; finite for huge logits', () => {
    expect(hasFusedBernoulliNLL()).toBe(false);
    const [values, dl, dx] = valueAndGrads();
    const w = [0.5, -2];
    LOGITS.forEach((row, r) => {
      const expected = row.reduce((sum, l, c) => sum + Math.max(l, 0) - l * TARGETS[r]![c]! + Math.log1p(Math.exp(-Math.abs(l))), 0);
      expect(values![r]).toBeCloseTo(expected, 4);
      row.forEach((l, c) => {
        expect(dl![r * 4 + c]).toBeCloseTo(w[r]! * (sigmoid(l) - TARGETS[r]![c]!), 6);
        expect(dx![r * 4 + c]).toBeCloseTo(-w[r]! * l, 5);
      });
    });
    expect(values!.every(Number.isFinite)).toBe(true);
  });

  it('runs the two kernels when the backend registers them, with the same values and gradients', () => {
    const expected = valueAndGrads();
    tf.registerKernel({ kernelName: BERNOULLI_NLL_KERNEL, backendName: tf.getBackend(), kernelFunc: forward });
    tf.registerKernel({ kernelName: BERNOULLI_NLL_GRAD_KERNEL, backendName: tf.getBackend(), kernelFunc: grad });
    expect(hasFusedBernoulliNLL()).toBe(true);
    const before = { ...calls };
    const actual = valueAndGrads();
    expect(calls.forward - before.forward).toBe(2); // inside tf.grads, and the value
    expect(calls.grad - before.grad).toBe(1); // the logits' gradient; the targets' is composed
    actual.forEach((values, i) => values.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 5)));
  });

  it('second derivative through the kernels: d2/dl2 = sigmoid(l) (1 - sigmoid(l))', () => {
    tf.registerKernel({ kernelName: BERNOULLI_NLL_KERNEL, backendName: tf.getBackend(), kernelFunc: forward });
    tf.registerKernel({ kernelName: BERNOULLI_NLL_GRAD_KERNEL, backendName: tf.getBackend(), kernelFunc: grad });
    const second = tf.tidy(() => {
      const x = tf.tensor2d(TARGETS);
      const first = (l: Tensor) => tf.grad((u: Tensor) => tf.sum(bernoulliNegLogLikelihood(u as Tensor2D, x)))(l);
      return Array.from(tf.grad((l: Tensor) => tf.sum(first(l)))(tf.tensor2d(LOGITS)).dataSync());
    });
    LOGITS.flat().forEach((l, i) => expect(second[i]).toBeCloseTo(sigmoid(l) * (1 - sigmoid(l)), 5));
  });

  it('a shape mismatch (broadcast targets) takes the composed form', () => {
    tf.registerKernel({ kernelName: BERNOULLI_NLL_KERNEL, backendName: tf.getBackend(), kernelFunc: forward });
    tf.registerKernel({ kernelName: BERNOULLI_NLL_GRAD_KERNEL, backendName: tf.getBackend(), kernelFunc: grad });
    const before = calls.forward;
    const value = tf.tidy(() => Array.from(bernoulliNegLogLikelihood(tf.tensor2d([[0, 0]]), tf.tensor2d([[1], [0]]) as Tensor2D).dataSync()));
    expect(calls.forward).toBe(before);
    value.forEach((v) => expect(v).toBeCloseTo(2 * Math.log(2), 5));
  });
});
