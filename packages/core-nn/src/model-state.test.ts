import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from './create-optimizer.js';
import { ModelState } from './model-state.js';
import { Parameters } from './parameters.js';
import { trainStepFromLoss } from './train-step-from-loss.js';

/** Two players, as in a GAN or an AAE: a model and a critic, each with its own Adam under its own prefix. */
function build(seed: number) {
  const params = new Parameters({ seed });
  const model = params.scope('model');
  const critic = params.scope('critic');
  model.create('w', [3, 2], 'glorotUniform');
  model.create('b', [2], 'zeros');
  critic.create('v', [2], { normal: 0.5 });
  params.create('count', [], 'zeros', { trainable: false });
  const state = new ModelState(params);
  const modelSlot = state.addOptimizer('adam', createOptimizer({ name: 'adam', learningRate: 0.05 }), () => model.trainableVariables);
  const criticSlot = state.addOptimizer('critic/adam', createOptimizer({ name: 'adam', learningRate: 0.02 }), () => critic.trainableVariables);
  const x = tf.tensor2d([
    [1, 2, -1],
    [0.5, -0.3, 2],
  ]);
  state.addDisposable(x);
  const step = (): void => {
    const out = (): tf.Tensor => tf.add(tf.matMul(x, model.get('w')), model.get('b'));
    const a = trainStepFromLoss(modelSlot, () => tf.mean(tf.square(tf.sub(out(), 1))) as tf.Scalar);
    const b = trainStepFromLoss(criticSlot, () => tf.sum(tf.square(tf.sub(critic.get('v'), tf.mean(out(), 0)))) as tf.Scalar);
    tf.dispose([...Object.values(a), ...Object.values(b)]);
  };
  return { state, step };
}

function bits(map: tf.NamedTensorMap): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [k, t] of Object.entries(map)) out[k] = Array.from(new Uint32Array(new Float32Array(t.dataSync()).buffer));
  tf.dispose(Object.values(map));
  return out;
}

describe('ModelState', () => {
  it('round-trips weights and both optimizers: a restored copy trains on bit for bit', () => {
    const a = build(7);
    for (let i = 0; i < 3; i++) a.step();
    const weights = a.state.getWeights();
    const optimizerState = a.state.getOptimizerState();
    const keys = Object.keys(optimizerState);
    expect(keys).toContain('adam/iterations');
    expect(keys).toContain('critic/adam/iterations');
    expect(keys.every((k) => k.startsWith('adam/') || k.startsWith('critic/adam/'))).toBe(true);
    expect(keys.filter((k) => k.startsWith('adam/')).length).toBeGreaterThan(1);

    const b = build(99); // other initial values: everything must come from the saved state
    b.state.setWeights(weights);
    b.state.setOptimizerState(optimizerState);
    tf.dispose([...Object.values(weights), ...Object.values(optimizerState)]);
    expect(bits(b.state.getWeights())).toEqual(bits(a.state.getWeights()));
    for (let i = 0; i < 2; i++) {
      a.step();
      b.step();
    }
    expect(bits(b.state.getWeights())).toEqual(bits(a.state.getWeights()));
    expect(bits(b.state.getOptimizerState())).toEqual(bits(a.state.getOptimizerState()));
    a.state.dispose();
    b.state.dispose();
  });

  it('refuses optimizer state under no prefix, and prefixes that overlap', () => {
    const { state } = build(1);
    const stray = { 'generator/adam/iterations': tf.scalar(1, 'int32') };
    expect(() => state.setOptimizerState(stray)).toThrow(/unexpected keys generator\/adam\/iterations; this model's optimizer state has keys under 'adam\/', 'critic\/adam\/'/);
    tf.dispose(Object.values(stray));
    const extra = createOptimizer({ name: 'sgd', learningRate: 1 });
    expect(() => state.addOptimizer('critic', extra, [])).toThrow(/optimizer prefix "critic" overlaps another/);
    expect(() => state.addOptimizer('adam/inner', extra, [])).toThrow(/overlaps another/);
    extra.dispose();
    state.dispose();
  });

  it('dispose frees every weight, every optimizer slot and every registered disposable, once', () => {
    const before = tf.memory().numTensors;
    const { state, step } = build(3);
    step();
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    state.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(state.disposed).toBe(true);
    expect(() => state.dispose()).not.toThrow();
    expect(() => state.getWeights()).toThrow(/^getWeights: the model was disposed; create a new one or load a checkpoint$/);
    expect(() => state.assertAlive('toy sample')).toThrow(/^toy sample: the model was disposed/);
  });
});
