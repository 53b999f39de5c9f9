import '@tensorflow/tfjs'; // tfjs-core's gradients
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectMatchesCpu } from '../test-utils/compare-backends.js';
import { randomArray, seededRandom } from '../test-utils/seeded-random.js';
import { collectGpuErrors, useWebgpuBackend, webgpuDevice } from '../test-utils/webgpu-test-backend.js';

describe('AddN on webgpu with more inputs than a shader can bind', () => {
  let gpuErrors: ReturnType<typeof collectGpuErrors>;
  beforeAll(async () => {
    await useWebgpuBackend();
    gpuErrors = collectGpuErrors();
  });
  afterAll(async () => {
    await gpuErrors.settle();
    expect(gpuErrors.messages).toEqual([]);
  });

  it('the device allows fewer storage buffers than the largest sums below need', () => {
    expect(webgpuDevice().limits.maxStorageBuffersPerShaderStage - 1).toBeLessThan(9);
  });

  it.each([2, 7, 8, 9, 20, 57])('the sum of %i tensors equals the cpu sum', async (count) => {
    const random = seededRandom(count);
    const values = Array.from({ length: count }, () => randomArray(35, random));
    await expectMatchesCpu('webgpu', `addN of ${count}`, () => [tf.addN(values.map((v) => tf.tensor(v, [5, 7])))]);
  });

  it('the gradient of a weight used nine times (summed by AddN) equals the cpu gradient', async () => {
    const random = seededRandom(9);
    const w = randomArray(16, random);
    const xs = Array.from({ length: 9 }, () => randomArray(12, random));
    await expectMatchesCpu('webgpu', 'nine uses of one weight', () => {
      const inputs = xs.map((x) => tf.tensor2d(x, [3, 4]));
      const { value, grads } = tf.valueAndGrads((weight: tf.Tensor) =>
        tf.addN(inputs.map((x, i) => tf.sum(tf.mul(tf.tanh(tf.matMul(x, weight as tf.Tensor2D)), i + 1)))),
      )([tf.tensor2d(w, [4, 4])]);
      return [value, ...grads];
    });
  });
});
