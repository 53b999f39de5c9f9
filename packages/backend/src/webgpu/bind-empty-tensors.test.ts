import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectMatchesCpu } from '../test-utils/compare-backends.js';
import { randomArray, seededRandom } from '../test-utils/seeded-random.js';
import { collectGpuErrors, useWebgpuBackend } from '../test-utils/webgpu-test-backend.js';

describe('programs with an empty input on webgpu', () => {
  let gpuErrors: ReturnType<typeof collectGpuErrors>;
  beforeAll(async () => {
    await useWebgpuBackend();
    gpuErrors = collectGpuErrors();
  });
  afterAll(async () => {
    await gpuErrors.settle();
    expect(gpuErrors.messages).toEqual([]);
  });

  it('a padded convolution of an empty row slice (Gated PixelCNN), batched with other work, equals cpu', async () => {
    const random = seededRandom(4);
    const image = randomArray(2 * 3 * 3 * 2, random);
    const filter = randomArray(3 * 3 * 2 * 3, random);
    const weights = randomArray(18 * 5, random);
    await expectMatchesCpu('webgpu', 'empty conv input', () => {
      const x = tf.tensor4d(image, [2, 3, 3, 2]);
      const w = tf.tensor4d(filter, [3, 3, 2, 3]);
      const empty = tf.slice(x, [0, 0, 0, 0], [2, 0, 3, 2]);
      const fromPadding = tf.conv2d(empty, w, 1, [[0, 0], [2, 1], [1, 1], [0, 0]]);
      // Work recorded in the same command buffer as the empty binding: it ran only after the fix.
      const after = tf.matMul(tf.reshape(x, [2, 18]), tf.tensor2d(weights, [18, 5]));
      const joined = tf.concat([empty, x], 1);
      return [tf.add(fromPadding, 1), after, joined];
    });
  });
});
