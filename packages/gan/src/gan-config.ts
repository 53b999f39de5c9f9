/**
 * Configuration of the GAN family. One config type covers every variant; `modelType` picks the
 * defaults (the bench-spec dcgan network for 'dcgan', the WGAN and WGAN-GP papers' settings for
 * 'wgan' and 'wgan-gp') and any key can be overridden.
 */
import type { ModelConfig } from '@genmodels/core-nn';

export type GANModelType = 'gan' | 'dcgan' | 'wgan' | 'wgan-gp' | 'cgan';
export const GAN_MODEL_TYPES: readonly GANModelType[] = ['gan', 'dcgan', 'wgan', 'wgan-gp', 'cgan'];

/**
 * - minimax: D minimizes the cross-entropy, G maximizes it: G loss E[log(1 - D(G(z)))]
 *   (Goodfellow et al. 2014).
 * - non-saturating: G maximizes E[log D(G(z))] instead (same paper, section 3).
 * - least-squares: LSGAN a-b-c = 0-1-1 (Mao et al. 2017).
 * - hinge: D: E[relu(1 - D(x))] + E[relu(1 + D(G(z)))], G: -E[D(G(z))] (Lim & Ye 2017; Miyato et al. 2018).
 * - wasserstein: critic maximizes E[D(x)] - E[D(G(z))] (Arjovsky et al. 2017).
 */
export type GANLoss = 'minimax' | 'non-saturating' | 'least-squares' | 'hinge' | 'wasserstein';
export const GAN_LOSSES: readonly GANLoss[] = ['minimax', 'non-saturating', 'least-squares', 'hinge', 'wasserstein'];

export type GANArchitecture = 'mlp' | 'dcgan';
export type DiscriminatorNorm = 'batch' | 'layer' | 'none';
/** How labels enter D: concatenated to the input (Mirza & Osindero 2014) or a projection term (Miyato & Koyama 2018). */
export type Conditioning = 'concat' | 'projection';
export type OutputActivation = 'tanh' | 'sigmoid' | 'linear';

export interface GANOptimizerConfig {
  readonly name: 'adam' | 'rmsprop';
  readonly learningRate: number;
  /** Adam only. */
  readonly beta1: number;
  /** Adam only. */
  readonly beta2: number;
  /** RMSProp only: decay of the squared-gradient average. */
  readonly decay: number;
  readonly epsilon: number;
}

/** Every setting of a GAN (GANConfig is this plus ModelConfig's index signature). */
export interface GANSettings {
  readonly modelType: GANModelType;
  /** One example: [dims] for the MLP, [height, width, channels] (height, width divisible by 2^stages) for DCGAN. */
  readonly inputShape: readonly number[];
  readonly latentDim: number;
  readonly architecture: GANArchitecture;
  /** MLP generator hidden widths, latent side first (Dense + optional BatchNorm + ReLU blocks); may be empty. */
  readonly generatorUnits: readonly number[];
  /** MLP discriminator hidden widths, input side first (Dense + LeakyReLU blocks). */
  readonly discriminatorUnits: readonly number[];
  /** DCGAN generator channels: the first is the dense projection's channels at size/2^n, the rest ConvT stages. */
  readonly generatorChannels: readonly number[];
  /** DCGAN discriminator channels of its stride-2 convolutions. */
  readonly discriminatorChannels: readonly number[];
  readonly kernelSize: number;
  /** BatchNorm in the generator's hidden blocks. */
  readonly generatorBatchNorm: boolean;
  /** Normalization of the discriminator's hidden blocks after the first (never on the first). */
  readonly discriminatorNorm: DiscriminatorNorm;
  readonly outputActivation: OutputActivation;
  readonly leakyAlpha: number;
  readonly loss: GANLoss;
  /** Discriminator (critic) updates per generator update. */
  readonly nCritic: number;
  /** WGAN weight clipping c: every critic weight is clipped to [-c, c] after each update; null for none. */
  readonly weightClip: number | null;
  /** WGAN-GP gradient penalty weight lambda (Gulrajani et al. 2017); 0 for none. */
  readonly gradientPenalty: number;
  /** 0 for an unconditional GAN; the number of classes otherwise. */
  readonly numClasses: number;
  readonly conditioning: Conditioning;
  /** AC-GAN (Odena et al. 2017): D also predicts the class, both players add its cross-entropy. */
  readonly auxiliaryClassifier: boolean;
  /** Weight of the auxiliary classifier's cross-entropy. */
  readonly auxiliaryWeight: number;
  /** Spectral normalization of every discriminator weight (Miyato et al. 2018). */
  readonly spectralNorm: boolean;
  /** Decay of the exponential moving average of G's weights used for sampling; null for none. */
  readonly emaDecay: number | null;
  /** Momentum of the generator's BatchNorm moving statistics (0.9: PyTorch's default momentum 0.1 in its convention). */
  readonly batchNormMomentum: number;
  readonly generatorOptimizer: GANOptimizerConfig;
  readonly discriminatorOptimizer: GANOptimizerConfig;
  /** Seed of the weight initialization. */
  readonly seed: number;
}

export interface GANConfig extends ModelConfig, GANSettings {
  readonly modelType: GANModelType;
  readonly inputShape: readonly number[];
}

type OptimizerInput = Partial<GANOptimizerConfig>;
export type GANConfigInput = Partial<Omit<GANSettings, 'generatorOptimizer' | 'discriminatorOptimizer'>> & {
  readonly generatorOptimizer?: OptimizerInput;
  readonly discriminatorOptimizer?: OptimizerInput;
};

const ADAM_DCGAN: GANOptimizerConfig = { name: 'adam', learningRate: 2e-4, beta1: 0.5, beta2: 0.999, decay: 0.9, epsilon: 1e-8 };

/** The MLP GAN on 2-D points / flattened images: non-saturating loss, DCGAN's Adam settings. */
const BASE: GANConfig = {
  modelType: 'gan',
  inputShape: [2],
  latentDim: 16,
  architecture: 'mlp',
  generatorUnits: [128, 128],
  discriminatorUnits: [128, 128],
  generatorChannels: [128, 64],
  discriminatorChannels: [64, 128],
  kernelSize: 4,
  generatorBatchNorm: true,
  discriminatorNorm: 'none',
  outputActivation: 'linear',
  leakyAlpha: 0.2,
  loss: 'non-saturating',
  nCritic: 1,
  weightClip: null,
  gradientPenalty: 0,
  numClasses: 0,
  conditioning: 'projection',
  auxiliaryClassifier: false,
  auxiliaryWeight: 1,
  spectralNorm: false,
  emaDecay: null,
  batchNormMomentum: 0.9,
  generatorOptimizer: ADAM_DCGAN,
  discriminatorOptimizer: ADAM_DCGAN,
  seed: 1,
};

/**
 * Defaults per model type, before the caller's keys:
 * - gan: BASE.
 * - dcgan: the bench-spec network (z100; G Dense 7*7*128-BN-ReLU, ConvT 64 k4 s2-BN-ReLU, ConvT 1
 *   k4 s2-tanh; D Conv 64 k4 s2-LReLU 0.2, Conv 128 k4 s2-BN-LReLU 0.2, Dense 1), non-saturating
 *   loss, Adam 2e-4 beta1 0.5 for both (Radford et al. 2016).
 * - wgan: Wasserstein loss, clipping 0.01, n_critic 5, RMSProp 5e-5 (Arjovsky et al. 2017, Algorithm 1).
 * - wgan-gp: Wasserstein loss + penalty 10, n_critic 5, Adam 1e-4 (0, 0.9), layer norm in the
 *   critic (Gulrajani et al. 2017, Algorithm 1).
 * - cgan: 10 classes, projection discriminator, non-saturating loss.
 */
export function ganDefaults(modelType: GANModelType, inputShape?: readonly number[]): GANConfig {
  const image = (inputShape ?? []).length === 3;
  const dcgan: Partial<GANConfig> = {
    inputShape: [28, 28, 1],
    latentDim: 100,
    architecture: 'dcgan',
    discriminatorNorm: 'batch',
    outputActivation: 'tanh',
  };
  const base: GANConfig = { ...BASE, modelType, ...(image || modelType === 'dcgan' ? dcgan : {}) };
  const rmsprop: GANOptimizerConfig = { name: 'rmsprop', learningRate: 5e-5, beta1: 0.9, beta2: 0.999, decay: 0.9, epsilon: 1e-8 };
  const adamGp: GANOptimizerConfig = { name: 'adam', learningRate: 1e-4, beta1: 0, beta2: 0.9, decay: 0.9, epsilon: 1e-8 };
  switch (modelType) {
    case 'gan':
    case 'dcgan':
      return base;
    case 'wgan':
      return { ...base, loss: 'wasserstein', weightClip: 0.01, nCritic: 5, generatorOptimizer: rmsprop, discriminatorOptimizer: rmsprop };
    case 'wgan-gp':
      return {
        ...base,
        loss: 'wasserstein',
        gradientPenalty: 10,
        nCritic: 5,
        discriminatorNorm: base.architecture === 'dcgan' ? 'layer' : 'none',
        generatorOptimizer: adamGp,
        discriminatorOptimizer: adamGp,
      };
    case 'cgan':
      return { ...base, numClasses: 10, conditioning: 'projection' };
  }
}

export class GANConfigError extends Error {
  override name = 'GANConfigError';
}

const isPositiveInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

function fail(key: string, expected: string, got: unknown): never {
  throw new GANConfigError(`GAN config: ${key} must be ${expected}, got ${JSON.stringify(got)}`);
}

function oneOf<T extends string>(key: string, value: unknown, allowed: readonly T[]): void {
  if (!allowed.includes(value as T)) fail(key, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
}

function checkOptimizer(key: string, o: GANOptimizerConfig): void {
  oneOf(`${key}.name`, o.name, ['adam', 'rmsprop']);
  if (!(o.learningRate > 0 && Number.isFinite(o.learningRate))) fail(`${key}.learningRate`, 'a positive number', o.learningRate);
  if (!(o.beta1 >= 0 && o.beta1 < 1)) fail(`${key}.beta1`, 'in [0, 1)', o.beta1);
  if (!(o.beta2 >= 0 && o.beta2 < 1)) fail(`${key}.beta2`, 'in [0, 1)', o.beta2);
  if (!(o.decay >= 0 && o.decay < 1)) fail(`${key}.decay`, 'in [0, 1)', o.decay);
  if (!(o.epsilon > 0)) fail(`${key}.epsilon`, 'a positive number', o.epsilon);
}

/** Fills the model type's defaults and validates, with an error naming the wrong key and what is allowed. */
export function resolveGANConfig(input: GANConfigInput = {}): GANConfig {
  const modelType = input.modelType ?? 'gan';
  oneOf('modelType', modelType, GAN_MODEL_TYPES);
  const defaults = ganDefaults(modelType, input.inputShape);
  const config: GANConfig = {
    ...defaults,
    ...input,
    modelType,
    generatorOptimizer: { ...defaults.generatorOptimizer, ...input.generatorOptimizer },
    discriminatorOptimizer: { ...defaults.discriminatorOptimizer, ...input.discriminatorOptimizer },
  };
  if (input.architecture === undefined && input.inputShape !== undefined) {
    (config as { architecture: GANArchitecture }).architecture = input.inputShape.length === 3 ? 'dcgan' : 'mlp';
  }
  const shape = config.inputShape;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every(isPositiveInteger)) {
    fail('inputShape', 'a non-empty list of positive integers such as [2] or [28, 28, 1]', shape);
  }
  oneOf('architecture', config.architecture, ['mlp', 'dcgan']);
  if (!isPositiveInteger(config.latentDim)) fail('latentDim', 'a positive integer', config.latentDim);
  for (const key of ['generatorUnits', 'discriminatorUnits', 'generatorChannels', 'discriminatorChannels'] as const) {
    const units = config[key];
    // An MLP generator without hidden layers is the affine map z W + b (useful for toy checks).
    const mayBeEmpty = key === 'generatorUnits';
    if (!Array.isArray(units) || (!mayBeEmpty && units.length === 0) || !units.every(isPositiveInteger)) {
      fail(key, `a ${mayBeEmpty ? '' : 'non-empty '}list of positive integers`, units);
    }
  }
  if (config.architecture === 'dcgan') {
    if (shape.length !== 3) fail('inputShape', 'an image shape [height, width, channels] for architecture dcgan', shape);
    const factor = 2 ** config.generatorChannels.length;
    if (shape[0] % factor !== 0 || shape[1] % factor !== 0) {
      fail('inputShape', `divisible by 2^${config.generatorChannels.length} = ${factor} in height and width (one stride-2 stage per generatorChannels entry)`, shape);
    }
  }
  if (!isPositiveInteger(config.kernelSize)) fail('kernelSize', 'a positive integer', config.kernelSize);
  if (typeof config.generatorBatchNorm !== 'boolean') fail('generatorBatchNorm', 'true or false', config.generatorBatchNorm);
  oneOf('discriminatorNorm', config.discriminatorNorm, ['batch', 'layer', 'none']);
  oneOf('outputActivation', config.outputActivation, ['tanh', 'sigmoid', 'linear']);
  if (!(config.leakyAlpha >= 0 && config.leakyAlpha < 1)) fail('leakyAlpha', 'in [0, 1)', config.leakyAlpha);
  oneOf('loss', config.loss, GAN_LOSSES);
  if (!isPositiveInteger(config.nCritic)) fail('nCritic', 'a positive integer (critic updates per generator update)', config.nCritic);
  if (config.weightClip !== null && !(config.weightClip > 0)) fail('weightClip', 'a positive number or null', config.weightClip);
  if (!(typeof config.gradientPenalty === 'number' && config.gradientPenalty >= 0)) fail('gradientPenalty', 'a number >= 0', config.gradientPenalty);
  if (config.gradientPenalty > 0 && config.discriminatorNorm === 'batch') {
    fail('discriminatorNorm', "'layer' or 'none' with a gradient penalty (batch norm couples the examples the penalty treats one by one)", config.discriminatorNorm);
  }
  if (!(Number.isInteger(config.numClasses) && config.numClasses >= 0)) fail('numClasses', 'an integer >= 0 (0: unconditional)', config.numClasses);
  if (modelType === 'cgan' && config.numClasses < 2) fail('numClasses', 'at least 2 for a cgan', config.numClasses);
  oneOf('conditioning', config.conditioning, ['concat', 'projection']);
  if (typeof config.auxiliaryClassifier !== 'boolean') fail('auxiliaryClassifier', 'true or false', config.auxiliaryClassifier);
  if (config.auxiliaryClassifier && config.numClasses < 2) fail('auxiliaryClassifier', 'false unless numClasses >= 2', config.auxiliaryClassifier);
  if (!(config.auxiliaryWeight >= 0)) fail('auxiliaryWeight', 'a number >= 0', config.auxiliaryWeight);
  if (typeof config.spectralNorm !== 'boolean') fail('spectralNorm', 'true or false', config.spectralNorm);
  if (config.emaDecay !== null && !(config.emaDecay > 0 && config.emaDecay < 1)) fail('emaDecay', 'in (0, 1) or null', config.emaDecay);
  if (!(config.batchNormMomentum >= 0 && config.batchNormMomentum < 1)) fail('batchNormMomentum', 'in [0, 1)', config.batchNormMomentum);
  checkOptimizer('generatorOptimizer', config.generatorOptimizer);
  checkOptimizer('discriminatorOptimizer', config.discriminatorOptimizer);
  if (!Number.isInteger(config.seed)) fail('seed', 'an integer', config.seed);
  return config;
}
