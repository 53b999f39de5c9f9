import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxRelativeError } from '../test-utils/compare-backends.js';
import { collectGpuErrors, useWebgpuBackend } from '../test-utils/webgpu-test-backend.js';

const bits = (values: Float32Array): number[] => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

describe('synchronous reads on webgpu (Node has no OffscreenCanvas)', () => {
  let gpuErrors: ReturnType<typeof collectGpuErrors>;
  beforeAll(async () => {
    await useWebgpuBackend();
    await tf.setBackend('webgpu');
    gpuErrors = collectGpuErrors();
  });
  afterAll(async () => {
    await gpuErrors.settle();
    expect(gpuErrors.messages).toEqual([]);
    await tf.setBackend('cpu');
  });

  const product = (seed: number): tf.Tensor =>
    tf.tidy(() => {
      const a = tf.randomNormal([300, 200], 0, 1, 'float32', seed);
      return tf.tanh(tf.matMul(a, a, false, true));
    });

  it('dataSync returns the bits an asynchronous read returns, for a computed 300x300 float32 tensor', async () => {
    const first = product(1);
    const second = product(1);
    const viaSync = first.dataSync() as Float32Array;
    const viaAsync = (await second.data()) as Float32Array;
    expect(viaSync.length).toBe(90_000);
    expect(bits(viaSync)).toEqual(bits(viaAsync));
    expect(viaSync.some((v) => v !== 0)).toBe(true);
    tf.dispose([first, second]);
  });

  it('int32, bool and complex64 results read synchronously equal the cpu backend', async () => {
    const compute = () =>
      tf.tidy(() => {
        const x = tf.randomUniform([257], -50, 50, 'float32', 3);
        const c = tf.complex(x, tf.neg(x));
        return [tf.cast(x, 'int32'), tf.greater(x, 0), tf.imag(tf.mul(c, c))];
      });
    await tf.setBackend('cpu');
    const expected = compute().map((t) => {
      const values = Array.from(t.dataSync());
      t.dispose();
      return values;
    });
    await tf.setBackend('webgpu');
    const actual = compute();
    expect(actual.map((t) => t.dtype)).toEqual(['int32', 'bool', 'float32']);
    expect(Array.from(actual[0]!.dataSync())).toEqual(expected[0]);
    expect(Array.from(actual[1]!.dataSync())).toEqual(expected[1]);
    expect(maxRelativeError(actual[2]!.dataSync() as Float32Array, Float32Array.from(expected[2]!))).toBeLessThan(1e-6);
    tf.dispose(actual);
  });

  it('a synchronous read while an asynchronous one is pending: both complete with the right values', async () => {
    const a = tf.tidy(() => tf.mul(tf.range(0, 1000), 2));
    const b = tf.tidy(() => tf.add(tf.range(0, 1000), 1));
    const pending = a.data();
    const sync = Array.from(b.dataSync());
    const later = Array.from(await pending);
    expect(sync).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(later).toEqual(Array.from({ length: 1000 }, (_, i) => 2 * i));
    tf.dispose([a, b]);
  });
});
