import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import './register-gradients.js';
import { relu } from './relu.js';

describe('relu', () => {
  it('equals tf.relu in value and gradient, with derivative 0 at 0', () => {
    const values = [-2, -0.5, 0, 0.5, 3, -0, 1e-30];
    const x = tf.tensor1d(values);
    const w = tf.tensor1d([1, 2, 3, 4, 5, 6, 7]);
    const y = relu(x);
    const stockY = tf.relu(x);
    expect(Array.from(y.dataSync())).toEqual(Array.from(stockY.dataSync()));
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(relu(t), w)))(x);
    const stock = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), w)))(x);
    expect(Array.from(g.dataSync())).toEqual([0, 0, 0, 4, 5, 0, 7]);
    expect(Array.from(g.dataSync())).toEqual(Array.from(stock.dataSync()));
    tf.dispose([x, w, y, stockY, g, stock]);
  });

  it('has a gradient of its gradient (d/dw of d/dx sum(relu(x) w) is step(x))', () => {
    const x = tf.tensor1d([-1, 2, 3]);
    const w = tf.tensor1d([5, 6, 7]);
    const dw = tf.grad((weights: tf.Tensor) => tf.sum(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(relu(t), weights)))(x)))(w);
    expect(Array.from(dw.dataSync())).toEqual([0, 1, 1]);
    tf.dispose([x, w, dw]);
  });

  it('passes int32 tensors to tf.relu', () => {
    const x = tf.tensor1d([-3, 4], 'int32');
    const y = relu(x);
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.dataSync())).toEqual([0, 4]);
    tf.dispose([x, y]);
  });
});
