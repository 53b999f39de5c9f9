import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from './create-optimizer.js';
import { GenerativeModelBase } from './generative-model-base.js';
import { type LabeledBatch, labelIndices, sampleLabels, splitBatch } from './labels.js';
import type { ModelConfig, SampleOptions, StepContext, StepMetrics } from './model-spec.js';
import type { OptimizerSlot } from './model-state.js';
import { evaluateStepFromLoss, trainStepFromLoss } from './train-step-from-loss.js';
import { describeGenerativeModelConformance } from './testing/index.js';

interface ClassGaussianConfig extends ModelConfig {
  readonly modelType: 'toy-class-gaussian';
  readonly inputShape: readonly [number];
  readonly numClasses: number;
  readonly seed: number;
  readonly clipNorm: number | null;
}

/**
 * A family written as the base intends: only its math. One diagonal Gaussian per class
 * (numClasses > 0), or one for all data (numClasses 0), fitted by maximum likelihood; the state,
 * the optimizer's slots, dispose and the label checks come from core-nn.
 */
class ClassGaussian extends GenerativeModelBase<Tensor | LabeledBatch, ClassGaussianConfig> {
  readonly modelType = 'toy-class-gaussian';
  readonly numClasses: number;
  private readonly optimizer: OptimizerSlot;

  constructor(config: ClassGaussianConfig) {
    super(config, config.seed);
    this.numClasses = config.numClasses;
    const [dim] = config.inputShape;
    this.params.create('mu', [Math.max(1, config.numClasses), dim], { normal: 1 });
    this.params.create('logStd', [dim], 'zeros');
    this.optimizer = this.state.addOptimizer('adam', createOptimizer({ name: 'adam', learningRate: 0.05 }), () => this.params.trainableVariables);
  }

  /** The mean of each example's class: [n, dim]. */
  private means(labels: readonly number[] | tf.Tensor1D | undefined, n: number): Tensor2D {
    const mu = this.params.get('mu') as Tensor2D;
    if (labels === undefined) return tf.tile(mu, [n, 1]) as Tensor2D;
    return tf.gather(mu, labelIndices(labels, n, this.numClasses, this.modelType));
  }

  private nll(batch: Tensor | LabeledBatch, seed: number): { loss: tf.Scalar; metrics: StepMetrics } {
    const { x, labels } = splitBatch(batch, this.numClasses, this.modelType);
    const logStd = this.params.get('logStd');
    const z = tf.div(tf.sub(x, this.means(labels, x.shape[0])), tf.exp(logStd));
    const nll = tf.mean(tf.sum(tf.add(tf.add(tf.mul(0.5, tf.square(z)), logStd), 0.5 * Math.log(2 * Math.PI)), 1)) as tf.Scalar;
    // a seeded jitter, so that a resume with the wrong step seeds diverges
    const jitter = tf.sum(tf.mul(tf.randomNormal(logStd.shape, 0, 1e-3, 'float32', seed), logStd));
    return { loss: tf.add(nll, jitter) as tf.Scalar, metrics: { nll } };
  }

  trainStep(batch: Tensor | LabeledBatch, context: StepContext): StepMetrics {
    this.assertAlive();
    return trainStepFromLoss(this.optimizer, () => this.nll(batch, context.seed), { clipNorm: this.config.clipNorm });
  }

  evaluateStep(batch: Tensor | LabeledBatch): StepMetrics {
    this.assertAlive();
    return evaluateStepFromLoss(() => this.nll(batch, 1));
  }

  sample(numSamples: number, options: SampleOptions = {}): Tensor {
    this.assertAlive();
    const labels = sampleLabels(options.labels, numSamples, this.numClasses, `${this.modelType} sample`);
    return tf.tidy(() => {
      const eps = tf.randomNormal([numSamples, this.config.inputShape[0]], 0, 1, 'float32', options.seed);
      return tf.add(tf.mul(eps, tf.exp(this.params.get('logStd'))), this.means(labels, numSamples));
    });
  }
}

const config = (numClasses: number, seed: number): ClassGaussianConfig => ({ modelType: 'toy-class-gaussian', inputShape: [2], numClasses, seed, clipNorm: 5 });

/** Points around (2, -1) for class 0 and (-2, 1) for class 1. */
function batch(seed: number): LabeledBatch<Tensor2D> {
  return tf.tidy(() => {
    const labels = tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1], 'int32');
    const centres = tf.gather(tf.tensor2d([[2, -1], [-2, 1]]), labels);
    return { x: tf.add(centres, tf.randomNormal([8, 2], 0, 0.3, 'float32', seed)) as Tensor2D, labels };
  });
}

describeGenerativeModelConformance('a class-conditional family on GenerativeModelBase', {
  createModel: (seed) => new ClassGaussian(config(2, seed)),
  createFromConfig: (stored) => new ClassGaussian(stored as ClassGaussianConfig),
  makeBatch: batch,
  stepsToLearn: 20,
  lossFallsBy: 0.1,
});

describeGenerativeModelConformance('an unconditional family on GenerativeModelBase', {
  createModel: (seed) => new ClassGaussian(config(0, seed)),
  createFromConfig: (stored) => new ClassGaussian(stored as ClassGaussianConfig),
  makeBatch: (seed) => tf.tidy(() => tf.add(tf.randomNormal([8, 2], 0, 0.3, 'float32', seed), 1)),
  stepsToLearn: 20,
  lossFallsBy: 0.1,
});

describe('GenerativeModelBase', () => {
  it('gives the spec version and config, names the model after dispose, and frees every tensor', () => {
    const before = tf.memory().numTensors;
    const model = new ClassGaussian(config(2, 3));
    const data = batch(4);
    tf.dispose(Object.values(model.trainStep(data, { step: 0, epoch: 0, seed: 9 })));
    tf.dispose([data.x, data.labels as tf.Tensor]);
    expect(model.specificationVersion).toBe('v1');
    expect(model.config).toEqual(config(2, 3));
    const optimizerState = model.getOptimizerState();
    expect(Object.keys(optimizerState).every((k) => k.startsWith('adam/'))).toBe(true);
    tf.dispose(Object.values(optimizerState));
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => model.sample(1)).toThrow(/^toy-class-gaussian: the model was disposed/);
    expect(() => model.getWeights()).toThrow(/the model was disposed/);
  });
});
