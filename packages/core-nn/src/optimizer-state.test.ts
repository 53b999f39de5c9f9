import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createOptimizer, disposeOptimizer, type OptimizerSpec } from './create-optimizer.js';
import { minimize } from './minimize.js';
import { getOptimizerState, setOptimizerState } from './optimizer-state.js';
import { Parameters } from './parameters.js';

function build(spec: OptimizerSpec) {
  const params = new Parameters({ seed: 11, prefix: 'net' });
  params.create('w1', [3, 4], 'glorotUniform');
  params.create('b1', [4], { normal: 0.1 });
  params.create('w2', [4, 1], 'glorotUniform');
  params.create('frozen', [2], 'ones', { trainable: false });
  const optimizer = createOptimizer(spec);
  const x = tf.tensor2d([[1, 2, -1], [0.5, -0.3, 2], [-1, 0, 1]]);
  const y = tf.tensor2d([[1], [-1], [0.5]]);
  const step = () => {
    const m = minimize(
      optimizer,
      () => {
        const h = tf.tanh(tf.add(tf.matMul(x, params.get('w1')), params.get('b1')));
        return tf.mean(tf.square(tf.sub(tf.matMul(h, params.get('w2')), y))) as tf.Scalar;
      },
      { varList: params.trainableVariables },
    );
    tf.dispose(Object.values(m));
  };
  const dispose = () => {
    params.dispose();
    disposeOptimizer(optimizer);
    tf.dispose([x, y]);
  };
  return { params, optimizer, step, dispose };
}

function bits(map: tf.NamedTensorMap): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [k, t] of Object.entries(map)) out[k] = Array.from(new Uint32Array(new Float32Array(t.dataSync()).buffer));
  return out;
}

const specs: OptimizerSpec[] = [
  { name: 'adam', learningRate: 0.05 },
  { name: 'adamax', learningRate: 0.05 },
  { name: 'rmsprop', learningRate: 0.01, momentum: 0.9, centered: true },
  { name: 'momentum', learningRate: 0.05, momentum: 0.9 },
  { name: 'adagrad', learningRate: 0.1 },
  { name: 'adadelta', learningRate: 1 },
  { name: 'sgd', learningRate: 0.1 },
];

describe('getOptimizerState / setOptimizerState', () => {
  it("names every Adam slot, including iterations and the accumulated beta powers", () => {
    const a = build({ name: 'adam', learningRate: 0.05 });
    for (let i = 0; i < 3; i++) a.step();
    const state = getOptimizerState(a.optimizer, 'opt');
    expect(Object.keys(state).sort()).toEqual(
      [
        'opt/iterations',
        'opt/accBeta1',
        'opt/accBeta2',
        ...['net/w1', 'net/b1', 'net/w2'].flatMap((n) => [`opt/${n}/m`, `opt/${n}/v`]),
      ].sort(),
    );
    expect(state['opt/iterations'].dataSync()[0]).toBe(3);
    expect(state['opt/accBeta1'].dataSync()[0]).toBeCloseTo(0.9 ** 4, 6);
    tf.dispose(Object.values(state));
    a.dispose();
  });

  for (const spec of specs) {
    it(`${spec.name}: N steps, save, restore into a fresh model + optimizer, M more steps == N + M uninterrupted, bit for bit`, () => {
      const N = 4;
      const M = 5;
      const reference = build(spec);
      for (let i = 0; i < N + M; i++) reference.step();

      const first = build(spec);
      for (let i = 0; i < N; i++) first.step();
      const weights = first.params.getWeights();
      const state = getOptimizerState(first.optimizer, 'opt');
      first.dispose();

      const resumed = build(spec);
      resumed.params.setWeights(weights);
      setOptimizerState(resumed.optimizer, 'opt', state, resumed.params.trainableVariables);
      tf.dispose([...Object.values(weights), ...Object.values(state)]);
      for (let i = 0; i < M; i++) resumed.step();

      const expected = reference.params.getWeights();
      const actual = resumed.params.getWeights();
      expect(bits(actual)).toEqual(bits(expected));
      const s1 = getOptimizerState(reference.optimizer, 'opt');
      const s2 = getOptimizerState(resumed.optimizer, 'opt');
      expect(bits(s2)).toEqual(bits(s1));
      tf.dispose([...Object.values(expected), ...Object.values(actual), ...Object.values(s1), ...Object.values(s2)]);
      reference.dispose();
      resumed.dispose();
    });
  }

  it('restoring a fresh (never stepped) optimizer state works and matches', () => {
    const a = build({ name: 'adam', learningRate: 0.05 });
    const state = getOptimizerState(a.optimizer, 'opt');
    const b = build({ name: 'adam', learningRate: 0.05 });
    setOptimizerState(b.optimizer, 'opt', state, b.params.trainableVariables);
    a.step();
    b.step();
    const wa = a.params.getWeights();
    const wb = b.params.getWeights();
    expect(bits(wb)).toEqual(bits(wa));
    tf.dispose([...Object.values(state), ...Object.values(wa), ...Object.values(wb)]);
    a.dispose();
    b.dispose();
  });

  it('reports missing and unexpected slots in one error', () => {
    const a = build({ name: 'adam', learningRate: 0.05 });
    a.step();
    const state = getOptimizerState(a.optimizer, 'opt');
    const broken: tf.NamedTensorMap = { ...state, 'opt/bogus/m': state['opt/net/w1/m'] };
    delete broken['opt/net/b1/v'];
    delete broken['opt/accBeta2'];
    expect(() => setOptimizerState(a.optimizer, 'opt', broken, a.params.trainableVariables)).toThrow(
      /missing opt\/accBeta2.*missing opt\/net\/b1\/v.*unexpected: opt\/bogus\/m/,
    );
    tf.dispose(Object.values(state));
    a.dispose();
  });
});
