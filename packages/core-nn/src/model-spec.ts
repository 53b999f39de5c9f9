/**
 * The genmodels model specification, version 1.
 *
 * Structural types only: a model is anything with these members. Nothing is checked with
 * `instanceof` and there is no global registry, so packages can evolve independently and users
 * can bring their own models to the Trainer, the checkpoint code and the eval package.
 */
import type { NamedTensorMap, Tensor, Tensor1D } from '@tensorflow/tfjs-core';

/**
 * A complete, JSON-serializable model configuration. Every model's config has these keys and its
 * own (a family declares them in a strict zod schema, so an unknown key is an error, not ignored).
 */
export interface ModelConfig {
  /** The model type this config builds, e.g. 'vae', 'dcgan', 'real-nvp', 'ddpm'. */
  readonly modelType: string;
  /** Shape of one example without the batch axis, e.g. [784] or [28, 28, 1] (NHWC). */
  readonly inputShape: readonly number[];
}

/** What the Trainer tells a model about the step it is asked to take. */
export interface StepContext {
  /** Global step index, starting at 0, counted across epochs and resumes. */
  readonly step: number;
  readonly epoch: number;
  /**
   * A non-zero integer seed for this step's randomness (reparameterization noise, dropout,
   * diffusion timesteps...). Derived from the run seed and the step, so a resumed run draws the
   * same numbers. Use `stepSeeds(context.seed)` from core-nn for several independent seeds.
   */
  readonly seed: number;
}

/**
 * Scalar metrics of one step, as tensors so that the Trainer decides when to read them back
 * (reading forces a device sync). Keys are slash-namespaced: 'loss', 'loss/recon', 'loss/kl',
 * 'd/loss', 'g/loss'. Every model reports 'loss'.
 */
export type StepMetrics = Record<string, Tensor>;

export interface SampleOptions {
  /** Non-zero seed; the same seed gives the same samples. */
  readonly seed?: number;
  /** Class labels for conditional models, one per sample. */
  readonly labels?: readonly number[] | Tensor1D;
  /** Sampling temperature where the model supports it (flows, Glow, autoregressive). */
  readonly temperature?: number;
}

/**
 * A trainable generative model.
 *
 * Ownership: tensors returned by `sample`, `getWeights`, `getOptimizerState`, `trainStep` and
 * `evaluateStep` belong to the caller (who disposes them). Tensors passed to `setWeights` and
 * `setOptimizerState` stay owned by the caller: the model copies their values.
 */
export interface GenerativeModel<TBatch = Tensor, TConfig extends ModelConfig = ModelConfig> {
  readonly specificationVersion: 'v1';
  readonly modelType: string;
  readonly config: TConfig;
  /** One optimization step on `batch`. The model owns its optimizers. */
  trainStep(batch: TBatch, context: StepContext): StepMetrics;
  /** The same metrics as trainStep without changing any weight or optimizer slot. */
  evaluateStep(batch: TBatch, context?: StepContext): StepMetrics;
  /** Draw `numSamples` examples shaped [numSamples, ...inputShape]. */
  sample(numSamples: number, options?: SampleOptions): Tensor;
  /** Every trainable and non-trainable weight by a stable, unique name. */
  getWeights(): NamedTensorMap;
  setWeights(weights: NamedTensorMap): void;
  /**
   * Every optimizer slot by a stable name, including step counters and Adam's accumulated
   * beta powers, so a resumed run continues bit-identically.
   */
  getOptimizerState(): NamedTensorMap;
  setOptimizerState(state: NamedTensorMap): void;
  /** Frees every variable and optimizer slot. The model is unusable afterwards. */
  dispose(): void;
}

/**
 * What a model's likelihood figure is, declared by the model so that evaluation reads it instead
 * of guessing (from a name, a config key or the methods present).
 *
 * - kind 'exact': `logProb(x)` is log p(x) (flows, autoregressive models).
 * - kind 'elbo': `elbo(x, { numImportanceSamples: K })` is a variational lower bound: the ELBO
 *   for K = 1 (Kingma & Welling 2014), the IWAE bound for K > 1 (Burda et al. 2016).
 * - kind 'diffusion-vlb': `elbo(x)` is a diffusion model's variational bound (Ho et al. 2020,
 *   eq. 5), not an importance-weighted one.
 */
export interface LikelihoodSpec {
  readonly kind: 'exact' | 'elbo' | 'diffusion-vlb';
  /**
   * Which terms the value already holds, so that evaluation adds exactly the missing ones:
   * - 'discrete': a log-probability of discrete data (binarized pixels, a 256-way softmax, a
   *   discretized logistic, a diffusion model's discretized decoder). Nothing is added.
   * - 'dequantized': the model takes 8-bit data, dequantizes it itself and the value includes the
   *   dequantization term (-D log 256) and the log-determinant of every transform it applies
   *   (e.g. the logit): a lower bound on the discrete log-probability (Theis et al. 2016). Nothing
   *   is added.
   * - 'continuous': a density of the values exactly as the model receives them (2-D points, or
   *   images the caller dequantized): evaluation adds the dequantization offset and the
   *   log-determinants of the caller's preprocessing.
   */
  readonly dataSpace: 'discrete' | 'dequantized' | 'continuous';
}

/** What every likelihood and bound method accepts besides the data. */
export interface LikelihoodOptions {
  /**
   * Class labels of a conditional model, one per example: the value is then log p(x | y), the
   * conditional likelihood. Without them a conditional model gives the class-marginal log p(x)
   * where it can compute it, and throws where it cannot.
   */
  readonly labels?: Tensor1D | readonly number[];
  /** Seed of the value's randomness (dequantization noise, posterior samples, timesteps). */
  readonly seed?: number;
}

/** Models with an exact log-likelihood: flows and autoregressive models. */
export interface LikelihoodModel {
  /** What `logProb` computes; absent on models that do not declare it (then read as exact). */
  readonly likelihoodSpec?: LikelihoodSpec | null;
  /** log p(x) in nats, one value per example. */
  logProb(x: Tensor, options?: LikelihoodOptions): Tensor1D;
}

/**
 * Models with a variational lower bound on log p(x): VAEs, diffusion models. Never called a
 * likelihood. With `numImportanceSamples` = K > 1 this is the IWAE bound (Burda et al. 2016),
 * which tightens towards log p(x) as K grows.
 */
export interface BoundModel {
  /** What `elbo` computes; absent on models that do not declare it (then read as kind 'elbo'). */
  readonly likelihoodSpec?: LikelihoodSpec | null;
  elbo(x: Tensor, options?: LikelihoodOptions & { readonly numImportanceSamples?: number }): Tensor1D;
}

/** Models with a latent space. */
export interface LatentModel {
  readonly latentShape: readonly number[];
  encode?(x: Tensor): Tensor;
  decode(z: Tensor): Tensor;
}

/** Models that fill unknown pixels given known ones. `mask` is 1 where a pixel is known. */
export interface InpaintingModel {
  inpaint(x: Tensor, mask: Tensor, options?: SampleOptions): Tensor;
}

/**
 * Models that take class labels (through SampleOptions.labels, LikelihoodOptions.labels and the
 * batch). Conditional means numClasses > 0: a model built with numClasses 0 is unconditional.
 */
export interface ConditionalModel {
  readonly numClasses: number;
}

function hasFunction(value: unknown, name: string): boolean {
  return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[name] === 'function';
}

/** True when `value` satisfies the v1 GenerativeModel shape. */
export function isGenerativeModel(value: unknown): value is GenerativeModel<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { specificationVersion?: unknown }).specificationVersion === 'v1' &&
    ['trainStep', 'evaluateStep', 'sample', 'getWeights', 'setWeights', 'getOptimizerState', 'setOptimizerState', 'dispose'].every(
      (name) => hasFunction(value, name),
    )
  );
}

export function isLikelihoodModel(value: unknown): value is LikelihoodModel {
  return hasFunction(value, 'logProb');
}

export function isBoundModel(value: unknown): value is BoundModel {
  return hasFunction(value, 'elbo');
}

export function isLatentModel(value: unknown): value is LatentModel {
  return hasFunction(value, 'decode') && Array.isArray((value as { latentShape?: unknown }).latentShape);
}

export function isInpaintingModel(value: unknown): value is InpaintingModel {
  return hasFunction(value, 'inpaint');
}

/** True when `value` takes class labels: numClasses is a positive integer (0 means unconditional). */
export function isConditionalModel(value: unknown): value is ConditionalModel {
  if (typeof value !== 'object' || value === null) return false;
  const numClasses = (value as { numClasses?: unknown }).numClasses;
  return typeof numClasses === 'number' && Number.isInteger(numClasses) && numClasses > 0;
}

/**
 * The likelihood a model declares: its `likelihoodSpec`, null when it declares none (GANs,
 * autoencoders), undefined when it says nothing (models written before the declaration).
 */
export function likelihoodSpecOf(value: unknown): LikelihoodSpec | null | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const spec = (value as { likelihoodSpec?: unknown }).likelihoodSpec;
  if (spec === undefined || spec === null) return spec;
  const { kind, dataSpace } = spec as Partial<LikelihoodSpec>;
  if (!(kind === 'exact' || kind === 'elbo' || kind === 'diffusion-vlb') || !(dataSpace === 'discrete' || dataSpace === 'dequantized' || dataSpace === 'continuous')) {
    throw new TypeError(
      `the model's likelihoodSpec ${JSON.stringify(spec)} is not a LikelihoodSpec: expected kind 'exact' | 'elbo' | 'diffusion-vlb' and dataSpace 'discrete' | 'dequantized' | 'continuous'`,
    );
  }
  return spec as LikelihoodSpec;
}
