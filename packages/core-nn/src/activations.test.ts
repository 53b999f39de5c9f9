import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { activate, leakyRelu } from './activations.js';
import './register-gradients.js';

describe('leakyRelu (twice differentiable)', () => {
  it("is what activate(x, 'leakyRelu', alpha) applies", () => {
    const x = tf.tensor1d([-2, -0.5, 0.3, 1.5]);
    const a = activate(x, 'leakyRelu', 0.1);
    const b = leakyRelu(x, 0.1);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(() => leakyRelu(x, 1)).toThrow(/alpha must be in \[0, 1\)/);
    tf.dispose([x, a, b]);
  });


  it('equals tf.leakyRelu with the same first derivative', () => {
    const x = tf.tensor1d([-2, -0.5, 0.3, 1.5]);
    const ours = leakyRelu(x, 0.2);
    const theirs = tf.leakyRelu(x, 0.2);
    const gOurs = tf.grad((v: tf.Tensor) => tf.sum(tf.square(leakyRelu(v, 0.2))))(x);
    const gTheirs = tf.grad((v: tf.Tensor) => tf.sum(tf.square(tf.leakyRelu(v, 0.2))))(x);
    expect(Array.from(ours.dataSync())).toEqual(Array.from(theirs.dataSync()).map((v) => expect.closeTo(v, 6)));
    expect(Array.from(gOurs.dataSync())).toEqual(Array.from(gTheirs.dataSync()).map((v) => expect.closeTo(v, 6)));
    tf.dispose([x, ours, theirs, gOurs, gTheirs]);
  });

  it('has a second derivative where tf.leakyRelu (tfjs-core 4.22) has none', (context) => {
    const x = tf.tensor1d([-2, 0.3, 1.5]);
    const w = tf.variable(tf.tensor1d([1, -1, 2]));
    const penalty = (act: (v: tf.Tensor) => tf.Tensor) => () =>
      tf.tidy(() => tf.sum(tf.square(tf.grad((v: tf.Tensor) => tf.sum(act(tf.mul(v, w))))(x))) as tf.Scalar);
    const ours = tf.variableGrads(penalty((v) => leakyRelu(v, 0.2)), [w]);
    // d/dw of sum((w * act'(w x))^2) = 2 w act'^2 (act' constant per side): 2*1*0.04, 2*(-1)*0.04, 2*2*1.
    expect(Array.from(ours.grads[w.name].dataSync())).toEqual([expect.closeTo(0.08, 5), expect.closeTo(-0.08, 5), expect.closeTo(4, 5)]);
    tf.dispose([ours.value, ...Object.values(ours.grads)]);
    const before = tf.memory().numTensors;
    expect(() => tf.variableGrads(penalty((v) => tf.leakyRelu(v, 0.2)), [w])).toThrow(/gradient function not found for Greater/);
    // The engine keeps the tensors it saved for the backward pass when a gradient throws: that
    // leak is TF.js's, after our own checks, so this test opts out of the leak check for it only.
    if (tf.memory().numTensors > before) (context.task.meta as { allowTensorLeak?: boolean }).allowTensorLeak = true;
    tf.dispose([x, w]);
  });
});
