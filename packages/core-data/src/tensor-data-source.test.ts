import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ShuffledBatches } from './shuffled-batches.js';
import { labeledTensorDataSource, tensorDataSource } from './tensor-data-source.js';

describe('tensorDataSource', () => {
  it('getBatch gathers the rows ShuffledBatches picks, with the right shape', () => {
    const x = tf.tensor4d(Array.from({ length: 10 * 2 * 2 }, (_, i) => i), [10, 2, 2, 1]);
    const source = tensorDataSource(x, { batchSize: 4, seed: 11 });
    expect(source.batchesPerEpoch).toBe(2);
    const order = new ShuffledBatches({ numExamples: 10, batchSize: 4, seed: 11 });
    const batch = source.getBatch(1, 1);
    expect(batch.shape).toEqual([4, 2, 2, 1]);
    const rows = batch.arraySync() as number[][][][];
    Array.from(order.indices(1, 1)).forEach((r, i) => expect(rows[i][0][0][0]).toBe(r * 4));
    batch.dispose();
    const last = tensorDataSource(x, { batchSize: 4, seed: 11, dropRemainder: false }).getBatch(0, 2);
    expect(last.shape).toEqual([2, 2, 2, 1]);
    tf.dispose([last, x]);
  });

  it('is leak-free: only the returned batch stays allocated', () => {
    const x = tf.ones([16, 3]);
    const source = tensorDataSource(x, { batchSize: 8, seed: 1 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      const b = source.getBatch(i, i % 2);
      expect(tf.memory().numTensors).toBe(before + 1);
      b.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('says so when the data tensor was disposed', () => {
    const x = tf.ones([4, 2]);
    const source = tensorDataSource(x, { batchSize: 2, seed: 1 });
    x.dispose();
    expect(() => source.getBatch(0, 0)).toThrow(/disposed/);
  });
});

describe('labeledTensorDataSource', () => {
  it('returns matching rows of x and labels, leak-free', () => {
    const x = tf.tensor2d(Array.from({ length: 12 * 2 }, (_, i) => Math.floor(i / 2)), [12, 2]);
    const labels = tf.tensor1d(Array.from({ length: 12 }, (_, i) => i * 10), 'int32');
    const source = labeledTensorDataSource(x, labels, { batchSize: 5, seed: 3 });
    expect(source.batchesPerEpoch).toBe(2);
    const before = tf.memory().numTensors;
    const batch = source.getBatch(2, 1);
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(batch.x.shape).toEqual([5, 2]);
    expect(batch.labels.shape).toEqual([5]);
    expect(batch.labels.dtype).toBe('int32');
    const xs = batch.x.arraySync() as number[][];
    const ls = batch.labels.arraySync();
    xs.forEach((row, i) => expect(ls[i]).toBe(row[0] * 10));
    tf.dispose([batch.x, batch.labels, x, labels]);
  });

  it('refuses labels that do not match the rows of x', () => {
    const x = tf.ones([6, 2]);
    const labels = tf.zeros([5]) as tf.Tensor1D;
    expect(() => labeledTensorDataSource(x, labels, { batchSize: 2, seed: 1 })).toThrow(/expected labels of shape \[6\]/);
    tf.dispose([x, labels]);
  });
});
