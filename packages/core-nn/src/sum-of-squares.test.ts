import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { minimize } from './minimize.js';
import { SUM_OF_SQUARES_KERNEL, sumOfSquares } from './sum-of-squares.js';

let calls = 0;
/** A cpu implementation of the contract: sum of squares in double. */
const referenceKernel: KernelFunc = ({ inputs, backend }) => {
  calls++;
  const cpu = backend as unknown as { readSync(id: object): Float32Array; makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo };
  const x = cpu.readSync((inputs.x as TensorInfo).dataId);
  let sum = 0;
  for (const v of x) sum += v * v;
  return cpu.makeTensorInfo([], 'float32', Float32Array.of(sum));
};

function useReferenceKernel(): void {
  tf.registerKernel({ kernelName: SUM_OF_SQUARES_KERNEL, backendName: tf.getBackend(), kernelFunc: referenceKernel });
}

describe('sumOfSquares', () => {
  afterEach(() => {
    if (tf.getKernel(SUM_OF_SQUARES_KERNEL, tf.getBackend()) !== undefined) tf.unregisterKernel(SUM_OF_SQUARES_KERNEL, tf.getBackend());
  });

  it('composes Square and Sum without the kernel, and runs the kernel once when the backend has it', () => {
    const x = tf.tensor2d([
      [1, -2],
      [3, 0.5],
    ]);
    const composed = sumOfSquares(x);
    expect(composed.arraySync()).toBeCloseTo(14.25, 6);
    useReferenceKernel();
    calls = 0;
    const fused = sumOfSquares(x);
    expect(fused.arraySync()).toBeCloseTo(14.25, 6);
    expect(calls).toBe(1);
    tf.dispose([x, composed, fused]);
  });

  it('stays differentiable: under a gradient tape it composes TF.js ops (d/dx = 2x)', () => {
    useReferenceKernel();
    calls = 0;
    const x = tf.tensor1d([1, -2, 3]);
    const g = tf.grad((t: tf.Tensor) => sumOfSquares(t))(x);
    expect(Array.from(g.dataSync())).toEqual([2, -4, 6]);
    expect(calls).toBe(0);
    tf.dispose([x, g]);
  });

  it('gives minimize the same grad/norm with and without the kernel', () => {
    const run = () => {
      const [w, b] = tf.tidy(() => [tf.variable(tf.tensor2d([[0.3, -1.2], [2.0, 0.7]])), tf.variable(tf.tensor1d([0.1, -0.4]))]);
      const x = tf.tensor2d([[1, 2], [3, -1], [0.5, 0.25]]);
      const optimizer = tf.train.sgd(0.1);
      const metrics = minimize(optimizer, () => tf.sum(tf.square(tf.add(tf.matMul(x, w), b))) as tf.Scalar, { varList: [w, b] });
      const norm = metrics['grad/norm']!.dataSync()[0]!;
      tf.dispose([w, b, x, ...Object.values(metrics)]);
      optimizer.dispose();
      return norm;
    };
    const composed = run();
    useReferenceKernel();
    calls = 0;
    expect(run()).toBeCloseTo(composed, 4);
    expect(calls).toBe(2); // one per variable
  });
});
