import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Optimizer, Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import { createOptimizer, disposeOptimizer } from '../create-optimizer.js';
import { minimize } from '../minimize.js';
import type { GenerativeModel, ModelConfig, SampleOptions, StepContext, StepMetrics } from '../model-spec.js';
import { getOptimizerState, setOptimizerState } from '../optimizer-state.js';
import { Parameters } from '../parameters.js';

export interface GaussianConfig extends ModelConfig {
  readonly modelType: 'toy-gaussian';
  readonly inputShape: readonly [number];
  readonly learningRate: number;
  readonly seed: number;
}

/**
 * A diagonal Gaussian N(mu, exp(logStd)^2) trained by maximum likelihood, with a tiny MLP-free
 * parameterisation. The loss adds a term using the step seed (a random-noise penalty), so a
 * resume that got seeds wrong would diverge.
 */
export class GaussianModel implements GenerativeModel<Tensor2D, GaussianConfig> {
  readonly specificationVersion = 'v1' as const;
  readonly modelType = 'toy-gaussian';
  readonly config: GaussianConfig;
  readonly params: Parameters;
  readonly optimizer: Optimizer;
  /** Optional hook to corrupt the loss (for NaN tests). */
  lossOverride?: (step: number) => number | undefined;

  constructor(options: { dim: number; seed: number; learningRate?: number }) {
    this.config = { modelType: 'toy-gaussian', inputShape: [options.dim], learningRate: options.learningRate ?? 0.05, seed: options.seed };
    this.params = new Parameters({ seed: options.seed, prefix: 'gaussian' });
    this.params.create('mu', [options.dim], { normal: 1 });
    this.params.create('logStd', [options.dim], 'zeros');
    this.optimizer = createOptimizer({ name: 'adam', learningRate: this.config.learningRate });
  }

  private nll(x: Tensor2D): tf.Scalar {
    return tf.tidy(() => {
      const mu = this.params.get('mu');
      const logStd = this.params.get('logStd');
      const z = tf.div(tf.sub(x, mu), tf.exp(logStd));
      const perExample = tf.sum(tf.add(tf.add(tf.mul(0.5, tf.square(z)), logStd), 0.5 * Math.log(2 * Math.PI)), 1);
      return tf.mean(perExample) as tf.Scalar;
    });
  }

  trainStep(batch: Tensor2D, context: StepContext): StepMetrics {
    const override = this.lossOverride?.(context.step);
    return minimize(
      this.optimizer,
      () => {
        const nll = this.nll(batch);
        // Seeded jitter so that a wrong step seed changes the trajectory.
        const jitter = tf.mul(tf.sum(tf.mul(tf.randomNormal([this.config.inputShape[0]], 0, 1e-3, 'float32', context.seed), this.params.get('mu'))), 1);
        let loss = tf.add(nll, jitter) as tf.Scalar;
        if (override !== undefined) loss = tf.add(tf.mul(loss, 0), override) as tf.Scalar;
        return { loss, metrics: { nll } };
      },
      { varList: this.params.trainableVariables },
    );
  }

  evaluateStep(batch: Tensor2D): StepMetrics {
    return tf.tidy(() => {
      const nll = this.nll(batch);
      return { loss: nll, nll: tf.clone(nll) };
    });
  }

  sample(numSamples: number, options: SampleOptions = {}): Tensor {
    return tf.tidy(() => {
      const eps = tf.randomNormal([numSamples, this.config.inputShape[0]], 0, 1, 'float32', options.seed);
      return tf.add(tf.mul(eps, tf.exp(this.params.get('logStd'))), this.params.get('mu'));
    });
  }

  getWeights(): NamedTensorMap {
    return this.params.getWeights();
  }

  setWeights(weights: NamedTensorMap): void {
    this.params.setWeights(weights);
  }

  getOptimizerState(): NamedTensorMap {
    return getOptimizerState(this.optimizer, 'optimizer');
  }

  setOptimizerState(state: NamedTensorMap): void {
    setOptimizerState(this.optimizer, 'optimizer', state, this.params.trainableVariables);
  }

  dispose(): void {
    this.params.dispose();
    disposeOptimizer(this.optimizer);
  }
}

/** A fixed batch of `n` points drawn around (1, -2, 0.5, ...), seeded. */
export function makeGaussianBatch(dim: number, n: number, seed: number): Tensor2D {
  return tf.tidy(() => {
    const centre = tf.tensor1d(Array.from({ length: dim }, (_, i) => [1, -2, 0.5][i % 3]));
    return tf.add(tf.randomNormal([n, dim], 0, 0.5, 'float32', seed), centre) as Tensor2D;
  });
}

/** A DataSource over seeded batches: batch (epoch, index) is a pure function of its position. */
export function gaussianData(dim: number, batchSize: number, batchesPerEpoch: number, seed: number) {
  return {
    batchesPerEpoch,
    getBatch: (epoch: number, index: number): Tensor2D => makeGaussianBatch(dim, batchSize, seed * 1000 + epoch * 100 + index + 1),
  };
}
