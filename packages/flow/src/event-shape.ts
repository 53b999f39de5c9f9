import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';

/** Sums a [batch, ...] tensor over every axis but the first: [batch]. */
export function sumOverEvent(x: Tensor): Tensor1D {
  if (x.rank === 1) return x as Tensor1D;
  const axes = Array.from({ length: x.rank - 1 }, (_, i) => i + 1);
  return tf.sum(x, axes) as Tensor1D;
}

export function checkEventShape(where: string, shape: readonly number[]): void {
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(`${where}: eventShape must be a non-empty list of positive integers such as [2] or [28, 28, 1], got ${JSON.stringify(shape)}`);
  }
}

export function checkSampleCount(where: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${where}: the number of samples must be a positive integer, got ${n}`);
}

/** The product of a shape's dimensions. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
