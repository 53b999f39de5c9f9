/**
 * What every autoregressive model shares: p(x) = prod_d p(x_d | x_<d) (in the model's order), so
 *   log p(x) = sum_d log p(x_d | params_d(x_<d)),
 * exact, trained by maximum likelihood; ancestral sampling one dimension at a time; completion
 * that samples only the unknown dimensions; and per-dimension NLL maps for anomaly scores.
 * Subclasses supply the network (`conditionalParams`) and, where the architecture allows, a
 * faster incremental sampler (`createSampler`).
 */
import * as tf from '@tensorflow/tfjs-core';
import type {
  GenerativeModel,
  InpaintingModel,
  LikelihoodModel,
  LikelihoodOptions,
  LikelihoodSpec,
  SampleOptions,
  StepContext,
  StepMetrics,
} from '@genmodels/core-nn';
import { Parameters, createOptimizer, deriveSeed, getOptimizerState, minimize, setOptimizerState } from '@genmodels/core-nn';
import type { AutoregressiveConfig } from './autoregressive-config.js';
import { AutoregressiveConfigError } from './autoregressive-config.js';
import { createLikelihood } from './create-likelihood.js';
import type { DimensionLikelihood } from './dimension-likelihood.js';

/** A batch with class labels, as core-data's labeledTensorDataSource produces. */
export interface LabeledBatch {
  x: tf.Tensor;
  labels: tf.Tensor1D;
}

/** Unconditional models train on plain tensors; conditional ones on { x, labels }. */
export type AutoregressiveBatch = tf.Tensor | LabeledBatch;

/**
 * Produces the parameters of dimension d from a canvas whose dimensions before d (in the
 * model's order) are final. May keep state between calls (running sums, cached rows), so the
 * sampling loop calls it for d in order, once each.
 */
export interface RasterSampler {
  paramsAt(canvas: tf.Tensor2D, d: number): tf.Tensor2D;
  dispose(): void;
}

/** Seed used by sample and inpaint when the caller gives none. */
export const DEFAULT_SAMPLE_SEED = 2016;

export abstract class AutoregressiveModel<C extends AutoregressiveConfig>
  implements GenerativeModel<AutoregressiveBatch, C>, LikelihoodModel, InpaintingModel
{
  readonly specificationVersion = 'v1' as const;
  abstract readonly modelType: string;
  readonly config: C;
  /** Number of data dimensions D (product of inputShape). */
  readonly dataDim: number;
  readonly likelihood: DimensionLikelihood;
  /** Exact; a probability of the discrete pixels except for RNADE's real-valued mixture of Gaussians. */
  readonly likelihoodSpec: LikelihoodSpec;
  /** Number of classes for conditional models (config.numClasses), 0 otherwise. */
  readonly conditionClasses: number;
  protected readonly params: Parameters;
  private readonly optimizer: tf.Optimizer;
  private disposed = false;

  protected constructor(config: C) {
    this.config = config;
    this.dataDim = config.inputShape.reduce((a, b) => a * b, 1);
    this.conditionClasses = config.numClasses ?? 0;
    this.likelihood = createLikelihood(config.likelihood, config.numMixtureComponents);
    this.likelihoodSpec = { kind: 'exact', dataSpace: config.likelihood === 'gaussian-mixture' ? 'continuous' : 'discrete' };
    this.params = new Parameters({ seed: config.seed });
    const { learningRate, beta1, beta2, epsilon } = config.optimizer;
    this.optimizer = createOptimizer({ name: 'adam', learningRate, beta1, beta2, epsilon });
  }

  /**
   * The parameters of every conditional with teacher forcing: x [batch, D] (data values) ->
   * [batch, D, paramsPerDim], where row d depends only on the dimensions before d.
   */
  abstract conditionalParams(x: tf.Tensor2D, labels?: tf.Tensor1D): tf.Tensor3D;

  /** The order in which dimensions are generated: a list of dimension indices. Default 0..D-1 (raster order). */
  samplingOrder(): Int32Array {
    return Int32Array.from({ length: this.dataDim }, (_, i) => i);
  }

  /** A sampler that recomputes the whole network per dimension; subclasses override it with faster ones. */
  protected createSampler(labels?: tf.Tensor1D): RasterSampler {
    return {
      paramsAt: (canvas, d) =>
        tf.tidy(() => {
          const all = this.conditionalParams(canvas, labels);
          return tf.reshape(tf.slice(all, [0, d, 0], [-1, 1, -1]), [canvas.shape[0], this.likelihood.paramsPerDim]);
        }),
      dispose: () => undefined,
    };
  }

  /** log p(x_d | x_<d) for every dimension: [batch, D], in nats. */
  logProbPerDimension(x: tf.Tensor, labels?: tf.Tensor1D): tf.Tensor2D {
    return tf.tidy(() => {
      const flat = this.flatten(x);
      const params = this.conditionalParams(flat, this.checkLabels(labels, flat.shape[0]));
      return this.likelihood.logProb(params, flat) as tf.Tensor2D;
    });
  }

  /**
   * Exact log p(x) in nats, one value per example. For a class-conditional model, log p(x | y)
   * with `labels` (given as they are or as `{ labels }`), and without them the exact marginal under a uniform class prior,
   * log p(x) = logsumexp_y log p(x | y) - log C.
   */
  logProb(x: tf.Tensor, labelsOrOptions?: tf.Tensor1D | LikelihoodOptions): tf.Tensor1D {
    const given = labelsOrOptions instanceof tf.Tensor || labelsOrOptions === undefined ? labelsOrOptions : labelsOrOptions.labels;
    if (given !== undefined && !(given instanceof tf.Tensor)) return tf.tidy(() => this.logProb(x, tf.tensor1d(given as number[], 'int32')));
    const labels = given;
    if (this.conditionClasses > 0 && labels === undefined) {
      return tf.tidy(() => {
        const n = x.shape[0];
        const perClass = Array.from({ length: this.conditionClasses }, (_, y) =>
          tf.sum(this.logProbPerDimension(x, tf.fill([n], y, 'int32') as tf.Tensor1D), 1),
        );
        return tf.sub(tf.logSumExp(tf.stack(perClass, 1), 1), Math.log(this.conditionClasses)) as tf.Tensor1D;
      });
    }
    return tf.tidy(() => tf.sum(this.logProbPerDimension(x, labels), 1) as tf.Tensor1D);
  }

  /** Anomaly map: -log p(x_d | x_<d) shaped like x ([batch, ...inputShape]), in nats. Its sum is the NLL. */
  nllMap(x: tf.Tensor, labels?: tf.Tensor1D): tf.Tensor {
    return tf.tidy(() => tf.reshape(tf.neg(this.logProbPerDimension(x, labels)), [x.shape[0], ...this.config.inputShape]));
  }

  /** Ancestral sampling, one dimension at a time: [numSamples, ...inputShape]. */
  sample(numSamples: number, options: SampleOptions = {}): tf.Tensor {
    if (!Number.isInteger(numSamples) || numSamples < 1) {
      throw new AutoregressiveConfigError(`${this.modelType}: numSamples must be a positive integer, got ${numSamples}`);
    }
    this.assertAlive();
    const labels = this.sampleLabels(numSamples, options);
    const canvas = tf.zeros([numSamples, this.dataDim]) as tf.Tensor2D;
    const out = this.generate(canvas, null, labels, options);
    tf.dispose([canvas, labels ?? []]);
    const images = tf.reshape(out, [numSamples, ...this.config.inputShape]);
    out.dispose();
    return images;
  }

  /**
   * Completion: keeps every pixel where `mask` is 1 exactly as in `x` and samples the others in
   * the model's order, each conditioned on everything before it (known or already sampled).
   * `mask` is shaped like x or like one example (then shared by the batch).
   */
  inpaint(x: tf.Tensor, mask: tf.Tensor, options: SampleOptions = {}): tf.Tensor {
    this.assertAlive();
    const flat = this.flatten(x);
    const n = flat.shape[0];
    const perExample = mask.size === this.dataDim;
    if (!(perExample || mask.size === n * this.dataDim)) {
      flat.dispose();
      throw new AutoregressiveConfigError(
        `${this.modelType}: inpaint mask must be shaped like x [${x.shape.join(', ')}] or like one example [${this.config.inputShape.join(', ')}], got [${mask.shape.join(', ')}]`,
      );
    }
    const known = tf.tidy(() => {
      const m = tf.greater(tf.reshape(mask, perExample ? [1, this.dataDim] : [n, this.dataDim]), 0.5);
      return tf.broadcastTo(m, [n, this.dataDim]) as tf.Tensor2D;
    });
    const canvas = tf.tidy(() => tf.where(known, flat, tf.zerosLike(flat)) as tf.Tensor2D);
    const labels = this.sampleLabels(n, options);
    const out = this.generate(canvas, known, labels, options);
    tf.dispose([flat, known, canvas, labels ?? []]);
    const images = tf.reshape(out, [n, ...this.config.inputShape]);
    out.dispose();
    return images;
  }

  private generate(start: tf.Tensor2D, known: tf.Tensor2D | null, labels: tf.Tensor1D | undefined, options: SampleOptions): tf.Tensor2D {
    const seed = options.seed ?? DEFAULT_SAMPLE_SEED;
    const temperature = options.temperature ?? 1;
    if (!(temperature > 0)) throw new AutoregressiveConfigError(`${this.modelType}: temperature must be positive, got ${temperature}`);
    const sampler = this.createSampler(labels);
    const n = start.shape[0];
    // 1 where a pixel may be written (unknown), as floats: [n, D]
    const writable = known ? tf.tidy(() => tf.sub(1, tf.cast(known, 'float32')) as tf.Tensor2D) : null;
    let canvas = tf.clone(start);
    try {
      for (const d of this.samplingOrder()) {
        const next = tf.tidy(() => {
          const params = sampler.paramsAt(canvas, d);
          const value = tf.reshape(this.likelihood.sample(params, deriveSeed(seed, d), temperature), [n, 1]);
          // canvas += e_d * (value - canvas_d) on unknown pixels: exact (unknown pixels start at 0,
          // known ones get + 0). Cheaper than tile + where, which are slow on the wasm backend.
          let delta = tf.sub(value, tf.slice(canvas, [0, d], [n, 1]));
          if (writable) delta = tf.mul(delta, tf.slice(writable, [0, d], [n, 1]));
          const column = tf.oneHot(tf.tensor1d([d], 'int32'), this.dataDim, 1, 0, 'float32');
          return tf.add(canvas, tf.mul(column, delta)) as tf.Tensor2D;
        });
        canvas.dispose();
        canvas = next;
      }
    } finally {
      sampler.dispose();
      writable?.dispose();
    }
    return canvas;
  }

  /** Mean NLL over the batch (nats per example), with bits/dim as a metric. */
  private lossTerms(batch: AutoregressiveBatch, context?: StepContext): { loss: tf.Scalar; metrics: StepMetrics } {
    const { x, labels } = this.unpack(batch);
    this.checkLabels(labels, x.shape[0]);
    const logP = context ? this.trainingLogProb(x, labels, context) : this.logProb(x, labels);
    const nll = tf.neg(tf.mean(logP)) as tf.Scalar;
    return { loss: nll, metrics: { 'loss/bits-per-dim': tf.div(nll, this.dataDim * Math.LN2) } };
  }

  /**
   * The log-likelihood trained on at one step; by default logProb. MADE overrides it to use one
   * mask set per step (order-agnostic training) while logProb averages over all of them.
   */
  protected trainingLogProb(x: tf.Tensor, labels: tf.Tensor1D | undefined, context: StepContext): tf.Tensor1D {
    void context;
    return this.logProb(x, labels);
  }

  trainStep(batch: AutoregressiveBatch, context: StepContext): StepMetrics {
    this.assertAlive();
    return minimize(this.optimizer, () => this.lossTerms(batch, context), {
      varList: this.params.trainableVariables,
      clipNorm: this.config.clipNorm ?? undefined,
    });
  }

  evaluateStep(batch: AutoregressiveBatch): StepMetrics {
    this.assertAlive();
    return tf.tidy(() => {
      const { loss, metrics } = this.lossTerms(batch);
      return { loss, ...metrics };
    });
  }

  getWeights(): tf.NamedTensorMap {
    return this.params.getWeights();
  }

  setWeights(weights: tf.NamedTensorMap): void {
    this.params.setWeights(weights);
  }

  getOptimizerState(): tf.NamedTensorMap {
    return getOptimizerState(this.optimizer, 'adam');
  }

  setOptimizerState(state: tf.NamedTensorMap): void {
    setOptimizerState(this.optimizer, 'adam', state, this.params.trainableVariables);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeExtras();
    this.optimizer.dispose();
    this.params.dispose();
  }

  /** Frees non-weight tensors a subclass holds (masks). */
  protected disposeExtras(): void {}

  protected unpack(batch: AutoregressiveBatch): { x: tf.Tensor; labels?: tf.Tensor1D } {
    if (batch instanceof tf.Tensor) return { x: batch };
    if (typeof batch === 'object' && batch !== null && (batch as LabeledBatch).x instanceof tf.Tensor) {
      return { x: (batch as LabeledBatch).x, labels: (batch as LabeledBatch).labels };
    }
    throw new AutoregressiveConfigError(`${this.modelType}: a batch must be a tensor or { x, labels }`);
  }

  protected flatten(x: tf.Tensor): tf.Tensor2D {
    this.assertAlive();
    const perExample = x.shape.slice(1).reduce((a, b) => a * b, 1);
    if (x.rank < 2 || perExample !== this.dataDim) {
      throw new AutoregressiveConfigError(
        `${this.modelType}: expected a batch shaped [batch, ${this.config.inputShape.join(', ')}] (${this.dataDim} values per example), ` +
          `got [${x.shape.join(', ')}]; check that the dataset matches the model's inputShape`,
      );
    }
    return tf.reshape(x, [x.shape[0], this.dataDim]);
  }

  /** Checks labels for conditional models (required, one per example); unconditional ones ignore them. */
  protected checkLabels(labels: tf.Tensor1D | undefined, n: number): tf.Tensor1D | undefined {
    if (this.conditionClasses === 0) return undefined;
    if (!labels || labels.rank !== 1 || labels.shape[0] !== n) {
      throw new AutoregressiveConfigError(
        `${this.modelType}: this model is class-conditional (${this.conditionClasses} classes); pass labels shaped [${n}] (train on { x, labels } batches)`,
      );
    }
    return labels;
  }

  private sampleLabels(n: number, options: SampleOptions): tf.Tensor1D | undefined {
    if (this.conditionClasses === 0) return undefined;
    const given = options.labels;
    const values = given === undefined ? Array.from({ length: n }, (_, i) => i % this.conditionClasses) : given instanceof tf.Tensor ? Array.from(given.dataSync()) : [...given];
    if (values.length !== n || !values.every((v) => Number.isInteger(v) && v >= 0 && v < this.conditionClasses)) {
      throw new AutoregressiveConfigError(
        `${this.modelType}: labels must be ${n} integers in [0, ${this.conditionClasses - 1}], got [${values.join(', ')}]`,
      );
    }
    return tf.tensor1d(values, 'int32');
  }

  protected assertAlive(): void {
    if (this.disposed) throw new Error(`${this.modelType}: the model was disposed; create a new one or load a checkpoint`);
  }
}
