import { stepSeed } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { FAMILY_CASES } from './family-models.js';

interface ReadingBackend {
  readSync(dataId: object): unknown;
  read(dataId: object): Promise<unknown>;
}

/**
 * Runs `fn` with the active backend's readSync and read wrapped, and returns one line per read
 * (which method, and where it was called from). Every host read of a tensor (dataSync, data,
 * arraySync, array, bufferSync, a kernel that reads its input) goes through one of the two.
 */
function hostReadsDuring(fn: () => void): string[] {
  const backend = tf.backend() as unknown as ReadingBackend;
  const { readSync, read } = backend;
  const reads: string[] = [];
  const where = () => (new Error().stack ?? '').split('\n').slice(3, 7).map((l) => l.trim()).join(' < ');
  backend.readSync = (dataId) => {
    reads.push(`readSync ${where()}`);
    return readSync.call(backend, dataId);
  };
  backend.read = (dataId) => {
    reads.push(`read ${where()}`);
    return read.call(backend, dataId);
  };
  try {
    fn();
  } finally {
    backend.readSync = readSync;
    backend.read = read;
  }
  return reads;
}

describe('the host-read counter', () => {
  it('sees dataSync, data() and a read inside an op', async () => {
    const x = tf.tidy(() => tf.add(tf.ones([4]), 1));
    let pending: Promise<unknown> | undefined;
    const reads = hostReadsDuring(() => {
      x.dataSync();
      pending = x.data();
    });
    await pending;
    expect(reads.map((r) => r.split(' ')[0])).toEqual(['readSync', 'read']);
    x.dispose();
  });
});

// A host read stalls the GPU pipeline until the queue drains: inside a training step it costs a
// round trip per step. The metrics come back as tensors; the caller (the Trainer) reads them in batches.
describe.each(FAMILY_CASES.map((c) => [`${c.family}: ${c.model}`, c] as const))('%s: training steps on webgpu', (_, c) => {
  it('read no tensor back to the host, the first step included', () => {
    expect(tf.getBackend()).toBe('webgpu');
    const model = c.create(5);
    const batch = c.batch(2);
    const kept: tf.Tensor[] = [];
    try {
      const reads = hostReadsDuring(() => {
        for (let step = 0; step < 3; step++) kept.push(...Object.values(model.trainStep(batch, { step, epoch: 0, seed: stepSeed(2, step) })));
      });
      expect(reads).toEqual([]);
      expect(kept.length).toBeGreaterThan(0);
    } finally {
      tf.dispose(kept);
      tf.dispose(batch as tf.TensorContainer);
      model.dispose();
    }
  });
});
