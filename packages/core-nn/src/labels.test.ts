import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { cycledLabels, isLabeledBatch, labelIndices, labelsOf, oneHotLabels, sampleLabels, splitBatch } from './labels.js';

/** Every refusal is one line naming the caller. */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a refusal');
}

describe('labels', () => {
  it('isLabeledBatch tells { x, labels } from tensors and other values', () => {
    const x = tf.zeros([2, 3]);
    expect(isLabeledBatch({ x, labels: [0, 1] })).toBe(true);
    expect(isLabeledBatch(x)).toBe(false);
    expect(isLabeledBatch({ x: [1, 2], labels: [0] })).toBe(false);
    expect(isLabeledBatch(null)).toBe(false);
    x.dispose();
  });

  it('labelsOf takes labels positionally or from an options object', () => {
    const t = tf.tensor1d([1, 0], 'int32');
    expect(labelsOf([1, 2])).toEqual([1, 2]);
    expect(labelsOf(t)).toBe(t);
    expect(labelsOf({ labels: [3] })).toEqual([3]);
    expect(labelsOf({})).toBeUndefined();
    expect(labelsOf(undefined)).toBeUndefined();
    t.dispose();
  });

  it('splitBatch: a conditional model needs one label per example; an unconditional one drops them', () => {
    const x = tf.zeros([3, 2]);
    const labels = tf.tensor1d([0, 1, 1], 'int32');
    expect(splitBatch({ x, labels }, 2, 'toy')).toEqual({ x, labels });
    expect(splitBatch({ x, labels }, 0, 'toy')).toEqual({ x, labels: undefined });
    expect(splitBatch(x, 0, 'toy')).toEqual({ x, labels: undefined });
    expect(refusal(() => splitBatch(x, 2, 'toy'))).toMatch(/^toy: this model is class-conditional \(numClasses 2\); train it on batches \{ x, labels \}/);
    expect(refusal(() => splitBatch({ x, labels: [0, 1] }, 2, 'toy'))).toBe('toy: expected 3 labels (one per example), got 2');
    const wide = tf.zeros([3, 1], 'int32');
    expect(refusal(() => splitBatch({ x, labels: wide as tf.Tensor1D }, 2, 'toy'))).toBe('toy: expected 3 labels (one per example), got a tensor shaped [3, 1]');
    expect(refusal(() => splitBatch([1, 2] as unknown as tf.Tensor, 2, 'toy'))).toMatch(/^toy: a batch must be a tensor or \{ x, labels \}/);
    tf.dispose([x, labels, wide]);
  });

  it('labelIndices and oneHotLabels: lists checked against numClasses, tensors cast', () => {
    const fromList = labelIndices([2, 0, 1], 3, 3, 'toy');
    expect(fromList.dtype).toBe('int32');
    expect(Array.from(fromList.dataSync())).toEqual([2, 0, 1]);
    const floats = tf.tensor1d([1, 0]);
    const fromTensor = labelIndices(floats, 2, 3, 'toy');
    expect(fromTensor.dtype).toBe('int32');
    expect(Array.from(fromTensor.dataSync())).toEqual([1, 0]);
    const oneHot = oneHotLabels([2, 0], 2, 3, 'toy');
    expect(oneHot.dtype).toBe('float32');
    expect(oneHot.arraySync()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(refusal(() => labelIndices([0, 3], 2, 3, 'toy'))).toBe('toy: labels must be class indices 0..2, got 3');
    expect(refusal(() => labelIndices([0, 1.5], 2, 3, 'toy'))).toBe('toy: labels must be class indices 0..2, got 1.5');
    expect(refusal(() => oneHotLabels([-1, 0], 2, 3, 'toy'))).toBe('toy: labels must be class indices 0..2, got -1');
    expect(refusal(() => oneHotLabels([0], 2, 3, 'toy'))).toBe('toy: expected 2 labels (one per example), got 1');
    tf.dispose([fromList, floats, fromTensor, oneHot]);
  });

  it('sampleLabels: given labels checked (tensors read back), classes cycled when none, none for an unconditional model', () => {
    expect(cycledLabels(5, 2)).toEqual([0, 1, 0, 1, 0]);
    expect(sampleLabels(undefined, 4, 3, 'toy sample')).toEqual([0, 1, 2, 0]);
    expect(sampleLabels([1, 1], 2, 3, 'toy sample')).toEqual([1, 1]);
    const given = tf.tensor1d([2, 0], 'int32');
    expect(sampleLabels(given, 2, 3, 'toy sample')).toEqual([2, 0]);
    const bad = tf.tensor1d([0, 5], 'int32');
    expect(refusal(() => sampleLabels(bad, 2, 3, 'toy sample'))).toBe('toy sample: labels must be class indices 0..2, got 5');
    expect(sampleLabels(undefined, 3, 0, 'toy sample')).toBeUndefined();
    expect(refusal(() => sampleLabels([0, 0], 2, 0, 'toy sample'))).toBe('toy sample: labels given to an unconditional model (numClasses 0); drop them');
    expect(refusal(() => sampleLabels([0, 0, 0], 2, 3, 'toy sample'))).toBe('toy sample: expected 2 labels (one per example), got 3');
    tf.dispose([given, bad]);
  });
});
