import '@tensorflow/tfjs';
import { createOptimizer, disposeOptimizer, hasFusedAdam } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingAddon, tryLoadNativeAddon, useNativeWasmPath } from '../../test-utils/native-test-addon.js';
import { randomArray, seededRandom } from '../../test-utils/seeded-random.js';

const { addon, whyNot } = tryLoadNativeAddon();

const SHAPES = [[3, 3, 4, 8], [8], [5], [1000]];

/**
 * Three Adam steps from fixed values and fixed gradients (the last variable gets none in step 2),
 * on the active backend; the bits of every variable and moment afterwards. The update is the only
 * computation, so the stock optimizer on cpu and the fused kernel must agree exactly.
 */
async function adamSteps(makeOptimizer: () => tf.Optimizer): Promise<number[][]> {
  const random = seededRandom(21);
  const variables = SHAPES.map((shape, i) =>
    tf.tidy(() => tf.variable(tf.tensor(randomArray(shape.reduce((a, b) => a * b), random), shape), true, `adam-test-${tf.getBackend()}-${i}`)),
  );
  const optimizer = makeOptimizer();
  for (let step = 0; step < 3; step++) {
    const grads = variables.map((v, i) => ({
      name: v.name,
      tensor: (step === 1 && i === SHAPES.length - 1 ? null : tf.tensor(randomArray(v.size, random).map((g) => g * (1 + step)), v.shape)) as tf.Tensor,
    }));
    optimizer.applyGradients(grads);
    tf.dispose(grads.map((g) => g.tensor).filter((t) => t !== null));
  }
  const weights = await optimizer.getWeights();
  const bits = (t: tf.Tensor) => Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer));
  const out = [...variables.map(bits), ...weights.slice(1).map((w) => bits(w.tensor)), [weights.length]];
  expect(weights.slice(1).map((w) => w.name)).toEqual([...variables.map((v) => `${v.name}/m`), ...variables.map((v) => `${v.name}/v`)]);
  tf.dispose(weights[0]!.tensor); // the iteration count getWeights made
  disposeOptimizer(optimizer);
  tf.dispose(variables);
  return out;
}

describe.skipIf(addon === undefined)(`native fused Adam update${addon === undefined ? ` (skipped: ${whyNot})` : ''}`, () => {
  const counting = addon === undefined ? undefined : countingAddon(addon, ['adamUpdate']);
  const calls = counting?.calls ?? { adamUpdate: 0 };
  beforeAll(() => useNativeWasmPath(counting!.addon, 1));
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  // An optimizer update has no gradient of its own; the value test is bit-exact instead.
  it('bit-identical to tfjs-core Adam on cpu (variables, both moments, slot names), one native call per variable with a gradient', async () => {
    await tf.setBackend('cpu');
    expect(hasFusedAdam()).toBe(false);
    const expected = await adamSteps(() => tf.train.adam(1e-3, 0.9, 0.999, 1e-7));
    await tf.setBackend('wasm');
    expect(hasFusedAdam()).toBe(true);
    const before = calls.adamUpdate;
    const actual = await adamSteps(() => createOptimizer({ name: 'adam', learningRate: 1e-3 }));
    expect(calls.adamUpdate - before).toBe(3 * SHAPES.length - 1);
    expect(actual).toEqual(expected);
  });

  it('a training step through it leaks no tensors', async () => {
    await tf.setBackend('wasm');
    const w = tf.tidy(() => tf.variable(tf.randomNormal([16, 4], 0, 1, 'float32', 4)));
    const x = tf.randomNormal([8, 16], 0, 1, 'float32', 5);
    const optimizer = createOptimizer({ name: 'adam', learningRate: 1e-2 });
    const step = () => tf.dispose(optimizer.minimize(() => tf.mean(tf.square(tf.matMul(x, w))) as tf.Scalar, true) ?? []);
    step();
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    disposeOptimizer(optimizer);
    tf.dispose([w, x]);
  });

  it('updates in place only what nothing else holds: a clone of a variable taken before the step keeps its values', async () => {
    await tf.setBackend('wasm');
    const w = tf.tidy(() => tf.variable(tf.tensor1d([1, -2, 3, -4]), true, 'adam-in-place-w'));
    const optimizer = createOptimizer({ name: 'adam', learningRate: 0.5 });
    const step = () => tf.tidy(() => optimizer.applyGradients([{ name: w.name, tensor: tf.tensor1d([1, 1, -1, -1]) }]));
    step(); // creates the moments
    const before = Array.from(w.dataSync());
    const snapshot = tf.clone(w); // Identity on wasm shares the buffer
    step();
    expect(Array.from(snapshot.dataSync())).toEqual(before);
    const after = Array.from(w.dataSync());
    after.forEach((value, i) => expect(value).not.toBe(before[i]));
    const bytes = tf.memory().numBytes;
    step(); // in place now: the variable and its moments alone hold their buffers
    expect(tf.memory().numBytes).toBe(bytes);
    Array.from(w.dataSync()).forEach((value, i) => expect(value).not.toBe(after[i]));
    disposeOptimizer(optimizer);
    tf.dispose([w, snapshot]);
  });

  it("the kernel's fourth output is the gradient's sum of squares, bit for bit what GenmodelsSumOfSquares gives", async () => {
    await tf.setBackend('wasm');
    const random = seededRandom(3);
    const [x, m, v, gradient] = [0, 1, 2, 3].map(() => tf.tensor(randomArray(20_000, random).map(Math.abs), [100, 200]));
    const [acc1, acc2] = [tf.scalar(0.1), tf.scalar(0.001)];
    const outputs = tf
      .engine()
      .runKernel('GenmodelsAdamUpdate', { x: x!, m: m!, v: v!, gradient: gradient!, oneMinusAccBeta1: acc1, oneMinusAccBeta2: acc2 }, { beta1: 0.9, beta2: 0.999, epsilon: 1e-7, learningRate: 1e-3 }) as tf.Tensor[];
    const squares = tf.engine().runKernel('GenmodelsSumOfSquares', { x: gradient! }) as tf.Tensor;
    expect(outputs).toHaveLength(4);
    expect(outputs[3]!.shape).toEqual([]);
    expect(outputs[3]!.dataSync()[0]).toBe(squares.dataSync()[0]);
    tf.dispose([x!, m!, v!, gradient!, acc1, acc2, ...outputs, squares]);
  });

  it('does not depend on the thread count (bit for bit)', () => {
    const random = seededRandom(8);
    const n = 300_000;
    const inputs = [0, 1, 2, 3].map(() => randomArray(n, random).map((v, i) => (i % 4 === 2 ? Math.abs(v) : v)));
    const constants = Float32Array.of(0.9, 0.999, 0.1, 0.001, 1e-7, -1e-3, 0.19, 0.002);
    const run = (threads: number): number[] => {
      addon!.setThreads(threads);
      const [x, m, v] = [Float32Array.from(inputs[0]!), Float32Array.from(inputs[1]!), inputs[2]!.map(Math.abs)];
      const squares = addon!.adamUpdate(x, m, v, inputs[3]!, constants);
      expect(squares).toBe(addon!.sumOfSquares(inputs[3]!)); // the same blocks, the same bits
      return [...x, ...m, ...v, squares];
    };
    const one = run(1);
    const two = run(2);
    addon!.setThreads(2);
    expect(two).toEqual(one);
  });

  it('rejects arrays of different lengths', () => {
    const a = new Float32Array(4);
    expect(() => addon!.adamUpdate(a, a, a, new Float32Array(3), new Float32Array(8))).toThrow(/one length/);
    expect(() => addon!.adamUpdate(a, a, a, a, new Float32Array(7))).toThrow(/constants 8 values/);
  });
});
