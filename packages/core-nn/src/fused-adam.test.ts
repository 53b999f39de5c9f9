import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { createOptimizer, disposeOptimizer } from './create-optimizer.js';
import { FUSED_ADAM_KERNEL, FusedAdamOptimizer, hasFusedAdam, type FusedAdamAttrs } from './fused-adam.js';
import { minimize } from './minimize.js';
import { getOptimizerState, setOptimizerState } from './optimizer-state.js';
import { Parameters } from './parameters.js';

/** The contract's formula, written out on the host in float32 (Math.fround after every operation). */
const referenceKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as unknown as { readSync(id: object): Float32Array; makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo };
  const { x, m, v, gradient, oneMinusAccBeta1, oneMinusAccBeta2 } = inputs as Record<string, TensorInfo>;
  const a = attrs as unknown as FusedAdamAttrs;
  const f = Math.fround;
  const [b1, b2, c1, c2, eps, negLr] = [f(a.beta1), f(a.beta2), f(1 - a.beta1), f(1 - a.beta2), f(a.epsilon), f(-a.learningRate)];
  const [xs, ms, vs, gs] = [x!, m!, v!, gradient!].map((t) => cpu.readSync(t.dataId));
  const acc1 = cpu.readSync(oneMinusAccBeta1!.dataId)[0]!;
  const acc2 = cpu.readSync(oneMinusAccBeta2!.dataId)[0]!;
  const [x1, m1, v1] = [new Float32Array(xs!.length), new Float32Array(xs!.length), new Float32Array(xs!.length)];
  for (let i = 0; i < xs!.length; i++) {
    const g = gs![i]!;
    m1[i] = f(f(ms![i]! * b1) + f(g * c1));
    v1[i] = f(f(vs![i]! * b2) + f(f(g * g) * c2));
    x1[i] = f(f(f(f(m1[i]! / acc1) / f(f(Math.sqrt(f(v1[i]! / acc2))) + eps)) * negLr) + xs![i]!);
  }
  let squares = 0;
  for (const g of gs!) squares += g * g;
  calls++;
  return [...[x1, m1, v1].map((values) => cpu.makeTensorInfo(x!.shape, 'float32', values)), cpu.makeTensorInfo([], 'float32', Float32Array.of(squares))];
};
let calls = 0;

function register(): void {
  tf.registerKernel({ kernelName: FUSED_ADAM_KERNEL, backendName: tf.getBackend(), kernelFunc: referenceKernel });
}

/** Three Adam steps of a small net (one variable without a gradient); returns the parameters' and the optimizer state's bits. */
function train(makeOptimizer: () => tf.Optimizer, steps = 3): { params: number[][]; state: Record<string, number[]>; names: string[] } {
  const params = new Parameters({ seed: 5, prefix: 'net' });
  params.create('w', [3, 4], 'glorotUniform');
  params.create('b', [4], { normal: 0.1 });
  params.create('unused', [2], { normal: 1 });
  const optimizer = makeOptimizer();
  const x = tf.tensor2d([[1, 2, -1], [0.5, -0.3, 2]]);
  for (let i = 0; i < steps; i++) {
    const m = minimize(optimizer, () => tf.mean(tf.square(tf.tanh(tf.add(tf.matMul(x, params.get('w')), params.get('b'))))) as tf.Scalar, {
      varList: params.trainableVariables,
    });
    tf.dispose(Object.values(m));
  }
  const bits = (t: tf.Tensor) => Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer));
  const state = getOptimizerState(optimizer, 'opt');
  const out = {
    params: params.trainableVariables.map(bits),
    state: Object.fromEntries(Object.entries(state).map(([k, t]) => [k, bits(t)])),
    names: Object.keys(state),
  };
  tf.dispose(Object.values(state));
  disposeOptimizer(optimizer);
  x.dispose();
  params.dispose();
  return out;
}

const stock = () => tf.train.adam(1e-3, 0.9, 0.999, 1e-7);
const fused = () => new FusedAdamOptimizer(1e-3, 0.9, 0.999, 1e-7);

describe('FusedAdamOptimizer', () => {
  afterEach(() => {
    if (tf.getKernel(FUSED_ADAM_KERNEL, tf.getBackend()) !== undefined) tf.unregisterKernel(FUSED_ADAM_KERNEL, tf.getBackend());
  });

  it('is what createOptimizer returns for adam, and is tfjs-core Adam (class name, config)', () => {
    const o = createOptimizer({ name: 'adam', learningRate: 2e-4 });
    expect(o).toBeInstanceOf(FusedAdamOptimizer);
    expect(o).toBeInstanceOf(tf.AdamOptimizer);
    expect(o.getClassName()).toBe('Adam');
    expect(o.getConfig()).toEqual({ learningRate: 2e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    disposeOptimizer(o);
  });

  it('without the kernel: the stock update, bit for bit', () => {
    expect(hasFusedAdam()).toBe(false);
    expect(train(fused)).toEqual(train(stock));
  });

  it('with a kernel implementing the contract: bit-identical parameters and state, one kernel call per variable with a gradient', () => {
    const expected = train(stock);
    register();
    expect(hasFusedAdam()).toBe(true);
    calls = 0;
    const actual = train(fused);
    expect(calls).toBe(3 * 2); // 3 steps x (w, b); 'unused' has no gradient
    expect(actual).toEqual(expected);
    expect(actual.names).toEqual(expect.arrayContaining(['opt/iterations', 'opt/accBeta1', 'opt/accBeta2', 'opt/net/w/m', 'opt/net/w/v', 'opt/net/b/m', 'opt/net/b/v']));
  });

  it("minimize's grad/norm comes from the kernel's sums of squares and equals the norm of the gradients", () => {
    const norms = (makeOptimizer: () => tf.Optimizer, clipNorm?: number): number[] => {
      const params = new Parameters({ seed: 2, prefix: 'n' });
      params.create('w', [3, 4], 'glorotUniform');
      params.create('b', [4], 'zeros');
      const x = tf.tensor2d([[0.5, -1, 2]]);
      const loss = () => tf.sum(tf.square(tf.add(tf.matMul(x, params.get('w')), params.get('b')))) as tf.Scalar;
      const optimizer = makeOptimizer();
      const out: number[] = [];
      for (let i = 0; i < 3; i++) {
        const metrics = minimize(optimizer, loss, { varList: params.trainableVariables, clipNorm });
        out.push(metrics['grad/norm']!.dataSync()[0]!);
        tf.dispose(Object.values(metrics));
      }
      disposeOptimizer(optimizer);
      x.dispose();
      params.dispose();
      return out;
    };
    const expected = norms(stock);
    register();
    calls = 0;
    const reported = norms(fused);
    expect(calls).toBe(3 * 2);
    reported.forEach((n, i) => expect(n).toBeCloseTo(expected[i]!, 5));
    expect(expected[0]).toBeGreaterThan(0);
    // With clipping the norm is needed before the update, so it is taken from the gradients first.
    norms(fused, 0.1).forEach((n, i) => expect(n).toBeCloseTo(expected[i]!, 5));
  });

  it('resumes from a stock optimizer state (and the reverse) with identical results', () => {
    const run = (first: () => tf.Optimizer, second: () => tf.Optimizer): number[][] => {
      const params = new Parameters({ seed: 9, prefix: 'r' });
      params.create('w', [2, 3], 'glorotUniform');
      const x = tf.tensor2d([[0.3, -1]]);
      const loss = () => tf.sum(tf.square(tf.matMul(x, params.get('w')))) as tf.Scalar;
      const a = first();
      for (let i = 0; i < 2; i++) tf.dispose(Object.values(minimize(a, loss, { varList: params.trainableVariables })));
      const saved = getOptimizerState(a, 'opt');
      const b = second();
      setOptimizerState(b, 'opt', saved, params.trainableVariables);
      for (let i = 0; i < 2; i++) tf.dispose(Object.values(minimize(b, loss, { varList: params.trainableVariables })));
      const out = params.trainableVariables.map((v) => Array.from(v.dataSync()));
      tf.dispose(Object.values(saved));
      disposeOptimizer(a);
      disposeOptimizer(b);
      x.dispose();
      params.dispose();
      return out;
    };
    register();
    const reference = run(stock, stock);
    expect(run(stock, fused)).toEqual(reference);
    expect(run(fused, stock)).toEqual(reference);
  });
});
