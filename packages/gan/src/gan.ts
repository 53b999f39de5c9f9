/**
 * Generative adversarial networks (Goodfellow et al. 2014): a generator G(z) and a
 * discriminator D(x) trained against each other, each with its own optimizer. One trainStep is
 * nCritic discriminator updates then one generator update, and reports the diagnostics that
 * make GAN training readable: D(x), D(G(z)), both losses, both gradient norms, and for the
 * Wasserstein loss the critic's estimate E[D(x)] - E[D(G(z))] (Arjovsky et al. 2017).
 *
 * Variants come from the config: the loss (minimax, non-saturating, least-squares, hinge,
 * Wasserstein), weight clipping (WGAN), the gradient penalty (WGAN-GP), labels (conditional GAN,
 * concatenation or projection discriminator, AC-GAN head), spectral normalization of D, and an
 * EMA generator for sampling.
 *
 * 'loss' is the discriminator's loss (including its penalty terms): the quantity the critic
 * drives down on a fixed batch. Randomness comes only from the StepContext seed, so a resumed
 * run draws the same noise as an uninterrupted one.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {
  ConditionalModel,
  GenerativeModel,
  LatentModel,
  SampleOptions,
  StepContext,
  StepMetrics,
} from '@genmodels/core-nn';
import {
  ExponentialMovingAverage,
  Parameters,
  createOptimizer,
  deriveSeed,
  disposeOptimizer,
  foldBatchStatistics,
  getOptimizerState,
  minimize,
  setOptimizerState,
  type BatchStatistics,
} from '@genmodels/core-nn';
import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import { Discriminator } from './discriminator.js';
import type { GANConfig, GANConfigInput, GANOptimizerConfig } from './gan-config.js';
import { GANConfigError, resolveGANConfig } from './gan-config.js';
import { discriminatorLoss, discriminatorReading, generatorLoss } from './gan-loss.js';
import { Generator } from './generator.js';
import { gradientPenalty } from './gradient-penalty.js';
import { oneHotLabels } from './one-hot-labels.js';

/** A batch: images/points, or { x, labels } for conditional GANs (labels: class indices [batch]). */
export type GANBatch = Tensor | { x: Tensor; labels: Tensor };

export interface GANSampleOptions extends SampleOptions {
  /** Use the EMA generator when the model keeps one (default true). */
  useEma?: boolean;
  /** Normalize G's BatchNorm layers with this batch's statistics instead of the moving ones (default false). */
  batchStatistics?: boolean;
}

const DEFAULT_SAMPLE_SEED = 2014;
const G_OPTIMIZER = 'generator-optimizer';
const D_OPTIMIZER = 'discriminator-optimizer';

function makeOptimizer(o: GANOptimizerConfig): tf.Optimizer {
  return o.name === 'adam'
    ? createOptimizer({ name: 'adam', learningRate: o.learningRate, beta1: o.beta1, beta2: o.beta2, epsilon: o.epsilon })
    : createOptimizer({ name: 'rmsprop', learningRate: o.learningRate, decay: o.decay, epsilon: o.epsilon });
}

/** Renames minimize's 'loss' and 'grad/norm' into the player's namespace. */
function namespaced(player: 'd' | 'g', metrics: StepMetrics): StepMetrics {
  const out: StepMetrics = {};
  for (const [key, value] of Object.entries(metrics)) {
    if (key === 'loss') out[`${player}/loss`] = value;
    else if (key === 'grad/norm') out[`${player}/grad-norm`] = value;
    else out[key] = value;
  }
  return out;
}

export class GAN implements GenerativeModel<GANBatch, GANConfig>, LatentModel, ConditionalModel {
  readonly specificationVersion = 'v1' as const;
  readonly modelType: GANConfig['modelType'];
  readonly config: GANConfig;
  readonly latentShape: readonly number[];
  readonly numClasses: number;
  readonly generator: Generator;
  readonly discriminator: Discriminator;
  /**
   * The generator that samples (Karras et al. 2018; Yazici et al. 2019, "The Unusual
   * Effectiveness of Averaging in GAN Training"): a copy of G whose every weight, BatchNorm
   * moving statistics included, is the exponential moving average of G's, with the decay warmed
   * up as min(emaDecay, (1 + t) / (10 + t)) (TensorFlow's num_updates rule). Its weights and t
   * are weights of the model (`ema/generator/...`, `ema/num_updates`). Null without emaDecay.
   */
  readonly emaGenerator: Generator | null;
  private readonly ema: ExponentialMovingAverage | null;

  private readonly params: Parameters;
  private readonly generatorOptimizer: tf.Optimizer;
  private readonly discriminatorOptimizer: tf.Optimizer;
  private disposed = false;

  constructor(config: GANConfigInput = {}) {
    this.config = resolveGANConfig(config);
    this.modelType = this.config.modelType;
    this.latentShape = [this.config.latentDim];
    this.numClasses = this.config.numClasses;
    this.params = new Parameters({ seed: this.config.seed });
    this.generator = new Generator(this.params.scope('generator'), this.config);
    this.discriminator = new Discriminator(this.params.scope('discriminator'), this.config);
    const decay = this.config.emaDecay;
    this.emaGenerator = decay !== null ? new Generator(this.params.scope('ema').scope('generator'), this.config) : null;
    this.ema =
      decay !== null && this.emaGenerator
        ? new ExponentialMovingAverage(this.generator.params.variables, {
            decay,
            shadows: this.emaGenerator.params.variables,
            warmup: { params: this.params.scope('ema'), name: 'num_updates' },
          })
        : null;
    this.generatorOptimizer = makeOptimizer(this.config.generatorOptimizer);
    this.discriminatorOptimizer = makeOptimizer(this.config.discriminatorOptimizer);
  }

  // ---- sampling -------------------------------------------------------------------------

  /** Labels for n samples: the given ones, or 0, 1, ..., numClasses - 1 repeated. */
  private sampleLabels(n: number, labels: SampleOptions['labels']): Tensor | null {
    if (this.numClasses === 0) {
      if (labels !== undefined) throw new GANConfigError(`${this.modelType}: labels given to an unconditional GAN; drop them or set numClasses`);
      return null;
    }
    if (labels === undefined) return tf.tensor1d(Array.from({ length: n }, (_, i) => i % this.numClasses), 'int32');
    const values = labels instanceof tf.Tensor ? Array.from(labels.dataSync()) : labels;
    if (values.length !== n) throw new GANConfigError(`${this.modelType}: got ${values.length} labels for ${n} samples; give one per sample`);
    if (!values.every((l) => Number.isInteger(l) && l >= 0 && l < this.numClasses)) {
      throw new GANConfigError(`${this.modelType}: labels must be class indices in [0, ${this.numClasses})`);
    }
    return tf.tensor1d(values as number[], 'int32');
  }

  /**
   * G(z) for latents z [n, latentDim], shaped [n, ...inputShape], with the EMA generator when
   * there is one. Conditional models take `options.labels` (default 0, 1, 2, ... repeated).
   */
  decode(z: Tensor, options: GANSampleOptions = {}): Tensor {
    this.assertAlive();
    if (z.rank !== 2 || z.shape[1] !== this.config.latentDim) {
      throw new GANConfigError(`${this.modelType}: expected latents shaped [n, ${this.config.latentDim}], got [${z.shape.join(', ')}]`);
    }
    const generator = this.emaGenerator && options.useEma !== false ? this.emaGenerator : this.generator;
    return tf.tidy(() => {
      const labels = this.sampleLabels(z.shape[0], options.labels);
      return generator.apply(z, labels, { statistics: options.batchStatistics ? 'batch' : 'moving' });
    });
  }

  /** Draws z ~ N(0, I) and returns G(z): [n, ...inputShape]. */
  sample(numSamples: number, options: GANSampleOptions = {}): Tensor {
    if (!Number.isInteger(numSamples) || numSamples < 1) throw new GANConfigError(`${this.modelType}: numSamples must be a positive integer, got ${numSamples}`);
    const seed = options.seed ?? DEFAULT_SAMPLE_SEED;
    return tf.tidy(() => this.decode(tf.randomNormal([numSamples, this.config.latentDim], 0, 1, 'float32', seed), options));
  }

  // ---- training -------------------------------------------------------------------------

  private unpack(batch: GANBatch): { x: Tensor; labels: Tensor | null } {
    this.assertAlive();
    const isLabeled = !(batch instanceof tf.Tensor);
    const x = isLabeled ? batch.x : batch;
    const perExample = x.shape.slice(1).reduce((a, b) => a * b, 1);
    const expected = this.config.inputShape.reduce((a, b) => a * b, 1);
    if (x.rank < 2 || perExample !== expected) {
      throw new GANConfigError(
        `${this.modelType}: expected a batch shaped [batch, ${this.config.inputShape.join(', ')}], got [${x.shape.join(', ')}]; check that the dataset matches inputShape`,
      );
    }
    const shaped = x.shape.slice(1).join() === this.config.inputShape.join() ? x : tf.reshape(x, [x.shape[0], ...this.config.inputShape]);
    if (this.numClasses > 0) {
      if (!isLabeled) throw new GANConfigError(`${this.modelType}: a conditional GAN trains on { x, labels } batches`);
      return { x: shaped, labels: batch.labels };
    }
    return { x: shaped, labels: null };
  }

  private noise(n: number, seed: number): Tensor {
    return tf.randomNormal([n, this.config.latentDim], 0, 1, 'float32', seed);
  }

  /** The auxiliary classifier's cross-entropy, mean over the batch (Odena et al. 2017). */
  private auxiliaryLoss(classLogits: Tensor | undefined, labels: Tensor | null): Scalar | null {
    if (!classLogits || !labels) return null;
    return tf.losses.softmaxCrossEntropy(oneHotLabels(labels, this.numClasses), classLogits) as Scalar;
  }

  /** The discriminator's objective on real x and given fakes, with its readings. */
  private discriminatorObjective(x: Tensor, labels: Tensor | null, fake: Tensor, seed: number): { loss: Scalar; metrics: StepMetrics } {
    const { loss: lossType, gradientPenalty: lambda, auxiliaryWeight } = this.config;
    const real = this.discriminator.apply(x, labels);
    const fakeOut = this.discriminator.apply(fake, labels);
    let loss = discriminatorLoss(lossType, real.output, fakeOut.output);
    const metrics: StepMetrics = {
      'd/real': discriminatorReading(lossType, real.output),
      'd/fake': discriminatorReading(lossType, fakeOut.output),
    };
    if (lossType === 'wasserstein') metrics.wasserstein = tf.sub(tf.mean(real.output), tf.mean(fakeOut.output));
    if (lambda > 0) {
      const { penalty } = gradientPenalty((input) => this.discriminator.apply(input, labels).output, x, fake, { seed });
      metrics['d/gradient-penalty'] = penalty;
      loss = tf.add(loss, tf.mul(penalty, lambda));
    }
    const aux = this.auxiliaryLoss(real.classLogits, labels);
    if (aux) {
      const fakeAux = this.auxiliaryLoss(fakeOut.classLogits, labels)!;
      const both = tf.add(aux, fakeAux);
      metrics['d/aux'] = both;
      loss = tf.add(loss, tf.mul(both, auxiliaryWeight));
    }
    return { loss: loss as Scalar, metrics };
  }

  /** The generator's objective on the fakes G(z, labels). */
  private generatorObjective(fake: Tensor, labels: Tensor | null): { loss: Scalar; metrics: StepMetrics } {
    const out = this.discriminator.apply(fake, labels);
    let loss = generatorLoss(this.config.loss, out.output);
    const metrics: StepMetrics = {};
    const aux = this.auxiliaryLoss(out.classLogits, labels);
    if (aux) {
      metrics['g/aux'] = aux;
      loss = tf.add(loss, tf.mul(aux, this.config.auxiliaryWeight));
    }
    return { loss: loss as Scalar, metrics };
  }

  /**
   * One discriminator (critic) update on `batch` with fresh fakes drawn with `seed`; G is not
   * changed (its forward pass runs outside the gradient tape, and its BatchNorm moving
   * statistics are left alone). Applies spectral-norm power iteration before, and weight
   * clipping after, the update when configured. Returns d/loss, d/real, d/fake, d/grad-norm
   * and the loss's extra terms; the caller owns them.
   */
  discriminatorStep(batch: GANBatch, seed: number): StepMetrics {
    const { x, labels } = this.unpack(batch);
    for (const { kernel, norm } of this.discriminator.spectralNorms) norm.powerIteration(kernel);
    const fake = tf.tidy(() => this.generator.apply(this.noise(x.shape[0], deriveSeed(seed, 1)), labels, { statistics: 'batch' }));
    const metrics = minimize(this.discriminatorOptimizer, () => this.discriminatorObjective(x, labels, fake, deriveSeed(seed, 2)), {
      varList: this.discriminator.trainableVariables,
    });
    fake.dispose();
    if (x !== batch && x !== (batch as { x: Tensor }).x) x.dispose();
    const clip = this.config.weightClip;
    if (clip !== null) {
      tf.tidy(() => {
        for (const v of this.discriminator.trainableVariables) v.assign(tf.clipByValue(v, -clip, clip));
      });
    }
    return namespaced('d', metrics);
  }

  /**
   * One generator update with fakes drawn with `seed`; D is not changed. Folds the batch
   * statistics into G's BatchNorm moving statistics and updates the EMA generator. Returns
   * g/loss and g/grad-norm (and g/aux); the caller owns them.
   */
  generatorStep(batch: GANBatch, seed: number): StepMetrics {
    const { x, labels } = this.unpack(batch);
    const n = x.shape[0];
    if (x !== batch && x !== (batch as { x: Tensor }).x) x.dispose();
    const collected: BatchStatistics[] = [];
    const metrics = minimize(
      this.generatorOptimizer,
      () => {
        collected.length = 0;
        const fake = this.generator.apply(this.noise(n, deriveSeed(seed, 1)), labels, { statistics: 'batch', collect: collected });
        return this.generatorObjective(fake, labels);
      },
      { varList: this.generator.trainableVariables },
    );
    foldBatchStatistics(collected);
    this.ema?.update();
    return namespaced('g', metrics);
  }

  trainStep(batch: GANBatch, context: StepContext): StepMetrics {
    let dMetrics: StepMetrics = {};
    for (let i = 0; i < this.config.nCritic; i++) {
      tf.dispose(Object.values(dMetrics));
      dMetrics = this.discriminatorStep(batch, deriveSeed(context.seed, 1, i));
    }
    const gMetrics = this.generatorStep(batch, deriveSeed(context.seed, 2));
    return { loss: tf.clone(dMetrics['d/loss']), ...dMetrics, ...gMetrics };
  }

  /** The training metrics (including both gradient norms) on `batch`, without changing anything. */
  evaluateStep(batch: GANBatch, context?: StepContext): StepMetrics {
    const seed = context ? deriveSeed(context.seed, 3) : DEFAULT_SAMPLE_SEED;
    const { x, labels } = this.unpack(batch);
    const gradNorm = (f: () => Scalar, vars: Variable[]): Scalar => {
      const { value, grads } = tf.variableGrads(f, vars);
      const norm = tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))) as Scalar);
      tf.dispose([value, ...Object.values(grads)]);
      return norm;
    };
    const result = tf.tidy(() => {
      const fake = this.generator.apply(this.noise(x.shape[0], deriveSeed(seed, 1)), labels, { statistics: 'batch' });
      const d = this.discriminatorObjective(x, labels, fake, deriveSeed(seed, 2));
      const g = this.generatorObjective(fake, labels);
      const dNorm = gradNorm(() => this.discriminatorObjective(x, labels, fake, deriveSeed(seed, 2)).loss, this.discriminator.trainableVariables);
      const gNorm = gradNorm(
        () => this.generatorObjective(this.generator.apply(this.noise(x.shape[0], deriveSeed(seed, 1)), labels, { statistics: 'batch' }), labels).loss,
        this.generator.trainableVariables,
      );
      return {
        loss: d.loss,
        'd/loss': tf.clone(d.loss),
        ...d.metrics,
        'd/grad-norm': dNorm,
        'g/loss': g.loss,
        ...g.metrics,
        'g/grad-norm': gNorm,
      } as StepMetrics;
    });
    if (x !== batch && x !== (batch as { x: Tensor }).x) x.dispose();
    return result;
  }

  // ---- state ----------------------------------------------------------------------------

  /** Both networks, G's BatchNorm moving statistics, spectral-norm vectors and the EMA generator. */
  getWeights(): tf.NamedTensorMap {
    this.assertAlive();
    return this.params.getWeights();
  }

  setWeights(weights: tf.NamedTensorMap): void {
    this.assertAlive();
    this.params.setWeights(weights);
  }

  /** Both optimizers' slots, under 'generator-optimizer/...' and 'discriminator-optimizer/...'. */
  getOptimizerState(): tf.NamedTensorMap {
    this.assertAlive();
    return { ...getOptimizerState(this.generatorOptimizer, G_OPTIMIZER), ...getOptimizerState(this.discriminatorOptimizer, D_OPTIMIZER) };
  }

  setOptimizerState(state: tf.NamedTensorMap): void {
    this.assertAlive();
    const foreign = Object.keys(state).filter((k) => !k.startsWith(`${G_OPTIMIZER}/`) && !k.startsWith(`${D_OPTIMIZER}/`));
    if (foreign.length) {
      throw new GANConfigError(`setOptimizerState: unexpected keys ${foreign.join(', ')}; a GAN's state has '${G_OPTIMIZER}/' and '${D_OPTIMIZER}/' keys`);
    }
    setOptimizerState(this.generatorOptimizer, G_OPTIMIZER, state, this.generator.trainableVariables);
    setOptimizerState(this.discriminatorOptimizer, D_OPTIMIZER, state, this.discriminator.trainableVariables);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeOptimizer(this.generatorOptimizer);
    disposeOptimizer(this.discriminatorOptimizer);
    this.params.dispose();
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error(`${this.modelType}: the model was disposed; create a new one or load a checkpoint`);
  }
}
