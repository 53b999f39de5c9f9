import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useWebgpuBackend } from '../test-utils/webgpu-test-backend.js';

interface DeviceLike {
  createBindGroup(descriptor: object): object;
  createBindGroupLayout(descriptor: object): object;
  createBuffer(descriptor: { size: number; usage: number }): object;
}

// A command the device rejects, as a too-large binding is: a bind group naming a binding its
// layout lacks (Dawn reports it as an uncaptured validation error, as it does TF.js's).
function rejectedCommand(): void {
  const device = (tf.backend() as unknown as { device: DeviceLike }).device;
  const buffer = device.createBuffer({ size: 16, usage: (globalThis as unknown as { GPUBufferUsage: { STORAGE: number } }).GPUBufferUsage.STORAGE });
  device.createBindGroup({ layout: device.createBindGroupLayout({ entries: [] }), entries: [{ binding: 3, resource: { buffer } }] });
}

describe('reads after a GPU error on webgpu', () => {
  beforeAll(async () => {
    await useWebgpuBackend();
    await tf.setBackend('webgpu');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('the next synchronous read throws with the error, and later reads work again', () => {
    const x = tf.tidy(() => tf.mul(tf.range(0, 8), 3));
    rejectedCommand();
    expect(() => x.dataSync()).toThrow(/webgpu: the GPU rejected a command.*binding index 3/);
    const y = tf.tidy(() => tf.add(tf.range(0, 4), 1));
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    tf.dispose([x, y]);
  });

  it('so does the next asynchronous read', async () => {
    const x = tf.tidy(() => tf.mul(tf.range(0, 8), 3));
    rejectedCommand();
    await expect(x.data()).rejects.toThrow(/webgpu: the GPU rejected a command/);
    x.dispose();
  });
});
