import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { disposeOptimizer } from './create-optimizer.js';
import { GaussianModel, makeGaussianBatch } from './test-utils/gaussian-model.js';
import { describeGenerativeModelConformance, expectNoLeakedTensors, generativeModelConformanceChecks, logAbsDeterminant, numericalGradient, numericalJacobian } from './testing/index.js';

// The suite runs on a toy model (diagonal Gaussian trained by maximum likelihood) to prove it.
describeGenerativeModelConformance('toy diagonal Gaussian', {
  createModel: (seed) => new GaussianModel({ dim: 3, seed }),
  makeBatch: (seed) => makeGaussianBatch(3, 8, seed),
  stepsToLearn: 20,
  lossFallsBy: 0.1,
});

describe('numerical helpers', () => {
  it('numericalGradient matches an analytic gradient', () => {
    const f = (x: Float64Array) => x[0] * x[0] * x[1] + Math.sin(x[1]);
    const g = numericalGradient(f, [1.5, -0.3]);
    expect(g[0]).toBeCloseTo(2 * 1.5 * -0.3, 8);
    expect(g[1]).toBeCloseTo(1.5 * 1.5 + Math.cos(-0.3), 8);
  });

  it('numericalJacobian has rows = outputs and matches the analytic Jacobian; logAbsDeterminant matches', () => {
    const f = (x: Float64Array) => [x[0] * x[1], Math.exp(x[0]), 3 * x[1]];
    const j = numericalJacobian(f, [0.5, 2]);
    const expected = [
      [2, 0.5],
      [Math.exp(0.5), 0],
      [0, 3],
    ];
    j.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(expected[r][c], 7)));
    expect(logAbsDeterminant([[2, 1], [4, -1]])).toBeCloseTo(Math.log(6), 12);
    expect(logAbsDeterminant([[1, 2], [2, 4]])).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('expectNoLeakedTensors', () => {
  it('passes for tidy code and fails for leaking code', async () => {
    await expectNoLeakedTensors(() => tf.tidy(() => void tf.add(tf.ones([2]), 1)));
    let leaked: tf.Tensor | undefined;
    await expect(
      expectNoLeakedTensors(() => {
        leaked = tf.ones([2]);
      }),
    ).rejects.toThrow(/leaked 1 tensor/);
    leaked?.dispose();
  });
});

/** Runs one named check of the suite against a (deliberately broken) model; returns its error. */
async function failureOf(check: string, createModel: (seed: number) => GaussianModel): Promise<Error | undefined> {
  const checks = generativeModelConformanceChecks({ createModel, makeBatch: (seed) => makeGaussianBatch(3, 8, seed), stepsToLearn: 20, lossFallsBy: 0.1 });
  const found = checks.find((c) => c.name.startsWith(check));
  if (!found) throw new Error(`no check named ${check}`);
  try {
    await found.run();
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

describe('the conformance checks catch broken models', () => {
  it('every check passes on the correct toy model', async () => {
    for (const check of generativeModelConformanceChecks({
      createModel: (seed) => new GaussianModel({ dim: 3, seed }),
      makeBatch: (seed) => makeGaussianBatch(3, 8, seed),
    })) {
      await check.run();
    }
  });

  it('a model whose trainStep leaks a tensor', async () => {
    const leaked: tf.Tensor[] = [];
    const error = await failureOf('tf.memory().numTensors stays flat', (seed) => {
      const m = new GaussianModel({ dim: 3, seed });
      const trainStep = m.trainStep.bind(m);
      m.trainStep = (b, c) => {
        leaked.push(tf.keep(tf.ones([1])));
        return trainStep(b, c);
      };
      return m;
    });
    tf.dispose(leaked);
    expect(error?.message).toMatch(/trainStep changed numTensors/);
  });

  it('a model whose evaluateStep trains', async () => {
    const error = await failureOf('evaluateStep leaves weights', (seed) => {
      const m = new GaussianModel({ dim: 3, seed });
      m.evaluateStep = (b) => m.trainStep(b, { step: 0, epoch: 0, seed: 1 });
      return m;
    });
    expect(error).toBeDefined();
  });

  it('a model that does not learn', async () => {
    const error = await failureOf('loss falls', (seed) => new GaussianModel({ dim: 3, seed, learningRate: 1e-9 }));
    expect(error?.message).toMatch(/evaluation loss went from/);
  });

  it('a model whose optimizer state omits the Adam moments', async () => {
    const error = await failureOf('getOptimizerState/setOptimizerState', (seed) => {
      const m = new GaussianModel({ dim: 3, seed });
      const get = m.getOptimizerState.bind(m);
      m.getOptimizerState = () => {
        const state = get();
        for (const k of Object.keys(state)) {
          if (k.endsWith('/m') || k.endsWith('/v')) {
            state[k].dispose();
            delete state[k];
          }
        }
        return state;
      };
      return m;
    });
    expect(error).toBeDefined();
  });

  it('a model whose dispose forgets the optimizer', async () => {
    let broken: GaussianModel | undefined;
    const error = await failureOf('dispose frees every tensor', (seed) => {
      broken = new GaussianModel({ dim: 3, seed });
      const m = broken;
      m.dispose = () => m.params.dispose();
      return m;
    });
    expect(error?.message).toMatch(/tensors left after dispose/);
    // clean up what the broken model left behind: Adam's slots and accumulators
    disposeOptimizer(broken!.optimizer);
  });

  it('a model that samples the wrong shape, or ignores the seed', async () => {
    const wrongShape = await failureOf('samples [n, ...inputShape]', (seed) => {
      const m = new GaussianModel({ dim: 3, seed });
      const sample = m.sample.bind(m);
      m.sample = (n, o) => tf.tidy(() => tf.reshape(sample(n, o), [n, 3, 1]));
      return m;
    });
    expect(wrongShape).toBeDefined();
    const unseeded = await failureOf('samples [n, ...inputShape]', (seed) => {
      const m = new GaussianModel({ dim: 3, seed });
      const sample = m.sample.bind(m);
      m.sample = (n) => sample(n, {});
      return m;
    });
    expect(unseeded).toBeDefined();
  });

  it('a config that does not survive JSON', async () => {
    const error = await failureOf('config survives', (seed) => {
      const m = new GaussianModel({ dim: 3, seed });
      Object.assign(m.config, { when: new Date(0) });
      return m;
    });
    expect(error).toBeDefined();
  });
});
