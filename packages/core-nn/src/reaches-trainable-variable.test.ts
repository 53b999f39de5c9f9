import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import './register-gradients.js';
import { reachesTrainableVariable } from './reaches-trainable-variable.js';

/** What reachesTrainableVariable says about each tensor `build` returns, asked while a gradient tape records. */
function askedOnTape(build: (w: tf.Variable, frozen: tf.Variable, data: Tensor) => Tensor[]): boolean[] {
  const w = tf.tidy(() => tf.variable(tf.ones([2, 2]), true));
  const frozen = tf.tidy(() => tf.variable(tf.ones([2, 2]), false));
  const data = tf.ones([2, 2]);
  let answers: boolean[] = [];
  tf.tidy(() => {
    tf.variableGrads(() => {
      const tensors = build(w, frozen, data);
      answers = tensors.map(reachesTrainableVariable);
      return tf.sum(tf.mul(w, tensors.length)) as tf.Scalar;
    }, [w]);
  });
  tf.dispose([w, frozen, data]);
  return answers;
}

describe('reachesTrainableVariable', () => {
  it('is true for a trainable variable and for what ops compute from one, through any number of steps', () => {
    expect(askedOnTape((w, _, data) => [w, tf.matMul(data, w), tf.relu(tf.reshape(tf.add(tf.matMul(data, w), 1), [4]))])).toEqual([true, true, true]);
  });

  it('is false for data, for ops on data alone and for what only a frozen variable feeds', () => {
    expect(askedOnTape((_, frozen, data) => [data, tf.reshape(tf.mul(data, 2), [4]), frozen, tf.matMul(data, frozen)])).toEqual([false, false, false, false]);
  });

  it('is true when one input of many comes from a variable', () => {
    expect(askedOnTape((w, frozen, data) => [tf.concat([tf.mul(data, frozen), tf.add(data, tf.sum(w))], 0)])).toEqual([true]);
  });

  it('is false when no tape records (inference)', () => {
    const w = tf.tidy(() => tf.variable(tf.ones([2]), true));
    expect(reachesTrainableVariable(w)).toBe(false);
    expect(tf.tidy(() => reachesTrainableVariable(tf.mul(w, 2)))).toBe(false);
    w.dispose();
  });
});
