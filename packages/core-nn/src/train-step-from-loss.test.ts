import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from './create-optimizer.js';
import { ModelState } from './model-state.js';
import { Parameters } from './parameters.js';
import { evaluateStepFromLoss, trainStepFromLoss } from './train-step-from-loss.js';

/** w = [1, 1] under SGD with learning rate 1; loss = sum((w - [3, -1])^2) has gradient [-4, 4], norm sqrt(32). */
function setup() {
  const params = new Parameters({ seed: 1 });
  const w = params.create('w', [2], { constant: 1 });
  const state = new ModelState(params);
  const slot = state.addOptimizer('sgd', createOptimizer({ name: 'sgd', learningRate: 1 }), () => params.trainableVariables);
  const target = tf.tensor1d([3, -1]);
  state.addDisposable(target);
  const loss = () => {
    const l = tf.sum(tf.square(tf.sub(w, target))) as tf.Scalar;
    return { loss: l, metrics: { 'loss/half': tf.mul(l, 0.5) as tf.Scalar } };
  };
  return { w, state, slot, loss };
}

const values = (m: Record<string, tf.Tensor>): Record<string, number> => Object.fromEntries(Object.entries(m).map(([k, t]) => [k, t.dataSync()[0]]));

describe('trainStepFromLoss', () => {
  it('clips the gradient to clipNorm by its global norm before the step, and reports the norm before clipping', () => {
    const { w, state, slot, loss } = setup();
    const metrics = trainStepFromLoss(slot, loss, { clipNorm: 1 });
    const m = values(metrics);
    expect(Object.keys(m).sort()).toEqual(['grad/norm', 'loss', 'loss/half']);
    expect(Object.values(m).every(Number.isFinite)).toBe(true);
    expect(m.loss).toBeCloseTo(8, 6);
    expect(m['loss/half']).toBeCloseTo(4, 6);
    expect(m['grad/norm']).toBeCloseTo(Math.sqrt(32), 5);
    // the step is the unit vector along -g: w + [4, -4] / sqrt(32)
    const [w0, w1] = Array.from(w.dataSync());
    expect(w0).toBeCloseTo(1 + 1 / Math.SQRT2, 5);
    expect(w1).toBeCloseTo(1 - 1 / Math.SQRT2, 5);
    tf.dispose(Object.values(metrics));
    state.dispose();
  });

  it('takes the whole gradient step without clipNorm (null or absent) and frees everything but the metrics', () => {
    for (const clipNorm of [null, undefined]) {
      const { w, state, slot, loss } = setup();
      const before = tf.memory().numTensors;
      const metrics = trainStepFromLoss(slot, loss, { clipNorm });
      expect(tf.memory().numTensors - before).toBe(Object.keys(metrics).length);
      expect(Array.from(w.dataSync())).toEqual([5, -3]);
      tf.dispose(Object.values(metrics));
      state.dispose();
    }
  });

  it('accepts a bare scalar loss, and refuses a clipNorm that is not positive', () => {
    const { state, slot, loss } = setup();
    const metrics = trainStepFromLoss(slot, () => loss().loss);
    expect(Object.keys(metrics).sort()).toEqual(['grad/norm', 'loss']);
    tf.dispose(Object.values(metrics));
    expect(() => trainStepFromLoss(slot, loss, { clipNorm: 0 })).toThrow(/clipNorm must be positive, got 0/);
    state.dispose();
  });
});

describe('evaluateStepFromLoss', () => {
  it('reports { loss, ...metrics } and changes no weight', () => {
    const { w, state, loss } = setup();
    const before = tf.memory().numTensors;
    const metrics = evaluateStepFromLoss(loss);
    expect(tf.memory().numTensors - before).toBe(2);
    expect(values(metrics)).toEqual({ loss: 8, 'loss/half': 4 });
    expect(Array.from(w.dataSync())).toEqual([1, 1]);
    tf.dispose(Object.values(metrics));
    state.dispose();
  });
});
