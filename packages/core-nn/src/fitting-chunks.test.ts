import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BatchTooLargeError } from './batch-too-large-error.js';
import { assertBatchFits, forEachFittingChunk } from './fitting-chunks.js';

/** Per example: rows of 1000 floats, three alive at the peak (16 kB with the output). */
function rowSums(x: tf.Tensor2D, start: number, size: number): tf.Tensor1D {
  return tf.tidy(() => {
    const part = tf.slice(x, [start, 0], [size, -1]);
    return tf.sum(tf.mul(tf.add(tf.tile(part, [1, 500]), 1), 2), 1) as tf.Tensor1D;
  });
}

describe('forEachFittingChunk', () => {
  it('splits the work into chunks that fit the budget, and the results equal one unsplit call', async () => {
    const x = tf.tidy(() => tf.reshape(tf.range(0, 60), [30, 2]) as tf.Tensor2D);
    const whole = rowSums(x, 0, 30);
    const sizes: number[] = [];
    const values: number[] = [];
    // Each example needs about 3 * 4000 bytes at the peak: 50 kB allows a few examples per chunk.
    const result = await forEachFittingChunk(
      30,
      (start, size) => rowSums(x, start, size),
      async (sums, start, size) => {
        expect(sums.shape).toEqual([size]);
        values.push(...(await sums.data()));
        sums.dispose();
        sizes.push(size);
        expect(start).toBe(sizes.slice(0, -1).reduce((a, b) => a + b, 0));
      },
      { what: 'row sums', maxChunkSize: 500, budget: { workingSetBytes: 50_000, maxTensorBytes: 1e9, source: 'test budget' } },
    );
    expect(sizes.slice(0, 2)).toEqual([2, 4]);
    expect(result.chunkSize).toBeGreaterThan(1);
    expect(result.chunkSize * result.workingSet!.perExampleBytes + result.workingSet!.fixedBytes).toBeLessThanOrEqual(50_000);
    expect(sizes.slice(2).every((s) => s <= result.chunkSize)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(30);
    expect(values).toEqual(Array.from(whole.dataSync()));
    tf.dispose([x, whole]);
  });

  it('runs at the caller batch size when it fits, and runs small batches without probing', async () => {
    const x = tf.zeros([9, 2]) as tf.Tensor2D;
    const sizes: number[] = [];
    const consume = (t: tf.Tensor, _start: number, size: number) => {
      t.dispose();
      sizes.push(size);
    };
    const big = { workingSetBytes: 1e9, maxTensorBytes: 1e9, source: 'test' };
    expect((await forEachFittingChunk(9, (s, n) => rowSums(x, s, n), consume, { what: 'sums', maxChunkSize: 5, budget: big })).chunkSize).toBe(5);
    expect(sizes).toEqual([2, 4, 3]);
    sizes.length = 0;
    await forEachFittingChunk(9, (s, n) => rowSums(x, s, n), consume, { what: 'sums', maxChunkSize: 4, budget: big });
    expect(sizes).toEqual([4, 4, 1]);
    // A working set measured before: no probes, chunks sized from it (3 examples of 16 kB fit 50 kB).
    sizes.length = 0;
    const workingSet = { fixedBytes: 0, perExampleBytes: 16_000, largestTensorPerExampleBytes: 4000 };
    const known = await forEachFittingChunk(9, (s, n) => rowSums(x, s, n), consume, {
      what: 'sums',
      maxChunkSize: 500,
      workingSet,
      budget: { workingSetBytes: 50_000, maxTensorBytes: 1e9, source: 'test' },
    });
    expect(sizes).toEqual([3, 3, 3]);
    expect(known.chunkSize).toBe(3);
    x.dispose();
  });

  it('refuses in one line when not even one example fits, and stops when aborted', async () => {
    const x = tf.zeros([20, 2]) as tf.Tensor2D;
    const tiny = { workingSetBytes: 1000, maxTensorBytes: 1e9, source: 'test heap' };
    const run = forEachFittingChunk(20, (s, n) => rowSums(x, s, n), (t) => t.dispose(), { what: 'row sums', maxChunkSize: 10, budget: tiny });
    await expect(run).rejects.toBeInstanceOf(BatchTooLargeError);
    await expect(forEachFittingChunk(20, (s, n) => rowSums(x, s, n), (t) => t.dispose(), { what: 'row sums', maxChunkSize: 10, budget: tiny })).rejects.toThrow(
      /^row sums: one example needs about \d+ MiB for its intermediates but the test heap leaves 1 MiB; use a smaller model or a backend with more memory$/,
    );
    const controller = new AbortController();
    controller.abort(new Error('stopped by the user'));
    await expect(
      forEachFittingChunk(20, (s, n) => rowSums(x, s, n), (t) => t.dispose(), { what: 'sums', maxChunkSize: 10, signal: controller.signal }),
    ).rejects.toThrow(/stopped by the user/);
    x.dispose();
  });
});

describe('assertBatchFits', () => {
  it('names the batch size that fits', () => {
    const ws = { fixedBytes: 0, perExampleBytes: 8 * 1024 ** 2, largestTensorPerExampleBytes: 1024 ** 2 };
    const budget = { workingSetBytes: 2 * 1024 ** 3, maxTensorBytes: 2 * 1024 ** 3, source: 'wasm heap of 4096 MiB, 31 MiB in use' };
    expect(() => assertBatchFits(ws, 256, 'NADE logProb', budget)).not.toThrow();
    let error: unknown;
    try {
      assertBatchFits(ws, 500, 'NADE logProb', budget);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BatchTooLargeError);
    expect((error as BatchTooLargeError).maxBatchSize).toBe(256);
    expect((error as Error).message).toBe(
      'NADE logProb: a batch of 500 needs about 3.9 GiB for its intermediates but the wasm heap of 4096 MiB, 31 MiB in use leaves 2.0 GiB; use a batch size of 256 or less',
    );
  });
});
