import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useWebgpuBackend } from '../test-utils/webgpu-test-backend.js';
import { WEBGPU_FIXED_KERNELS } from './register-webgpu-fixes.js';

const bits = (t: tf.Tensor): number[] => Array.from(new Uint32Array((t.dataSync() as Float32Array).buffer));

describe('the webgpu backend as initBackend prepares it', () => {
  beforeAll(async () => {
    await useWebgpuBackend();
    await tf.setBackend('webgpu');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('forwards no op to the CPU and replaces the kernels it names', () => {
    expect(tf.env().getBool('WEBGPU_CPU_FORWARD')).toBe(false);
    for (const name of WEBGPU_FIXED_KERNELS) expect(tf.getKernel(name, 'webgpu'), name).toBeDefined();
  });

  it.each([
    ['exp', (x: tf.Tensor) => tf.exp(x)],
    ['log', (x: tf.Tensor) => tf.log(tf.abs(x))],
    ['rsqrt', (x: tf.Tensor) => tf.rsqrt(tf.abs(x))],
    ['expm1', (x: tf.Tensor) => tf.expm1(x)],
  ] as const)("%s of a weight gives the same bits on the weight's first use as on later ones", (_, op) => {
    // With TF.js's CPU forwarding the first call ran on the CPU (the weight was not on the GPU
    // yet) and later ones on the GPU: the bits differed (4-17 of 64 values on lavapipe).
    const initial = tf.randomNormal([8, 8], 0, 2, 'float32', 1);
    const weight = tf.variable(initial);
    initial.dispose();
    const step = () => tf.tidy(() => tf.add(op(weight), tf.matMul(weight, weight)));
    const first = step();
    const second = step();
    expect(bits(second)).toEqual(bits(first));
    tf.dispose([first, second, weight]);
  });
});
