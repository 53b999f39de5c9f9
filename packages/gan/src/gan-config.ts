/**
 * Configuration of the GAN family as one zod schema. One config covers every variant;
 * `modelType` picks the defaults (the bench-spec dcgan network for 'dcgan', the WGAN and WGAN-GP
 * papers' settings for 'wgan' and 'wgan-gp') and any key can be overridden.
 */
import {
  ConfigError,
  adamFields,
  flag,
  fraction,
  inputShape,
  nonNegativeNumber,
  numClassesSchema,
  oneOf,
  parseConfig,
  positiveInteger,
  positiveNumber,
  seedSchema,
  widths,
  withTypeDefaults,
} from '@genmodels/core-nn';
import { z } from 'zod';

export const GAN_MODEL_TYPES = ['gan', 'dcgan', 'wgan', 'wgan-gp', 'cgan'] as const;
export type GANModelType = (typeof GAN_MODEL_TYPES)[number];

/**
 * - minimax: D minimizes the cross-entropy, G maximizes it: G loss E[log(1 - D(G(z)))]
 *   (Goodfellow et al. 2014).
 * - non-saturating: G maximizes E[log D(G(z))] instead (same paper, section 3).
 * - least-squares: LSGAN a-b-c = 0-1-1 (Mao et al. 2017).
 * - hinge: D: E[relu(1 - D(x))] + E[relu(1 + D(G(z)))], G: -E[D(G(z))] (Lim & Ye 2017; Miyato et al. 2018).
 * - wasserstein: critic maximizes E[D(x)] - E[D(G(z))] (Arjovsky et al. 2017).
 */
export const GAN_LOSSES = ['minimax', 'non-saturating', 'least-squares', 'hinge', 'wasserstein'] as const;
export type GANLoss = (typeof GAN_LOSSES)[number];

export class GANConfigError extends ConfigError {
  override name = 'GANConfigError';
}

/** One player's optimizer: Adam (DCGAN's 2e-4, beta1 0.5 by default) or RMSProp (WGAN). */
const optimizerSchema = z
  .strictObject({
    name: oneOf(['adam', 'rmsprop']).default('adam'),
    ...adamFields({ learningRate: 2e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-8 }),
    /** RMSProp only: decay of the squared-gradient average. */
    decay: fraction().default(0.9),
  })
  .prefault({});

const ganObject = z
  .strictObject({
    /** 'gan', 'dcgan', 'wgan', 'wgan-gp' or 'cgan'; picks the defaults (see GAN_TYPE_DEFAULTS). */
    modelType: oneOf(GAN_MODEL_TYPES).default('gan'),
    /** One example: [dims] for the MLP, [height, width, channels] (height, width divisible by 2^stages) for DCGAN. */
    inputShape: inputShape('a non-empty list of positive integers such as [2] or [28, 28, 1]').default([2]),
    latentDim: positiveInteger('100').default(16),
    /** 'mlp' or 'dcgan'; follows inputShape when only inputShape is given ([h, w, c]: 'dcgan'). */
    architecture: oneOf(['mlp', 'dcgan']).default('mlp'),
    /** MLP generator hidden widths, latent side first (Dense + optional BatchNorm + ReLU blocks); may be empty. */
    generatorUnits: widths({ allowEmpty: true }).default([128, 128]),
    /** MLP discriminator hidden widths, input side first (Dense + LeakyReLU blocks). */
    discriminatorUnits: widths().default([128, 128]),
    /** DCGAN generator channels: the first is the dense projection's channels at size/2^n, the rest ConvT stages. */
    generatorChannels: widths().default([128, 64]),
    /** DCGAN discriminator channels of its stride-2 convolutions. */
    discriminatorChannels: widths().default([64, 128]),
    kernelSize: positiveInteger().default(4),
    /** BatchNorm in the generator's hidden blocks. */
    generatorBatchNorm: flag().default(true),
    /** Normalization of the discriminator's hidden blocks after the first (never on the first). */
    discriminatorNorm: oneOf(['batch', 'layer', 'none']).default('none'),
    outputActivation: oneOf(['tanh', 'sigmoid', 'linear']).default('linear'),
    /** Slope of the LeakyReLU of the discriminator. */
    leakyAlpha: fraction().default(0.2),
    loss: oneOf(GAN_LOSSES).default('non-saturating'),
    /** Discriminator (critic) updates per generator update. */
    nCritic: positiveInteger('5: critic updates per generator update').default(1),
    /** WGAN weight clipping c: every critic weight is clipped to [-c, c] after each update; null for none. */
    weightClip: positiveNumber('a positive number or null').nullable().default(null),
    /** WGAN-GP gradient penalty weight lambda (Gulrajani et al. 2017); 0 for none. */
    gradientPenalty: nonNegativeNumber('a number >= 0').default(0),
    /** 0 for an unconditional GAN; the number of classes otherwise. */
    numClasses: numClassesSchema,
    /** How labels enter D: concatenated to the input (Mirza & Osindero 2014) or a projection term (Miyato & Koyama 2018). */
    conditioning: oneOf(['concat', 'projection']).default('projection'),
    /** AC-GAN (Odena et al. 2017): D also predicts the class, both players add its cross-entropy. */
    auxiliaryClassifier: flag().default(false),
    /** Weight of the auxiliary classifier's cross-entropy. */
    auxiliaryWeight: nonNegativeNumber('a number >= 0').default(1),
    /** Spectral normalization of every discriminator weight (Miyato et al. 2018). */
    spectralNorm: flag().default(false),
    /** Decay of the exponential moving average of G's weights used for sampling; null for none. */
    emaDecay: z
      .number({ error: 'in (0, 1) or null' })
      .gt(0, { error: 'in (0, 1) or null' })
      .lt(1, { error: 'in (0, 1) or null' })
      .nullable()
      .default(null),
    /** Momentum of the generator's BatchNorm moving statistics (0.9: PyTorch's default momentum 0.1 in its convention). */
    batchNormMomentum: fraction().default(0.9),
    generatorOptimizer: optimizerSchema,
    discriminatorOptimizer: optimizerSchema,
    /** Seed of the weight initialization. */
    seed: seedSchema,
  })
  .superRefine((config, context) => {
    const issue = (path: string, message: string) => context.addIssue({ code: 'custom', path: [path], message });
    const shape = config.inputShape;
    if (config.architecture === 'dcgan') {
      const factor = 2 ** config.generatorChannels.length;
      if (shape.length !== 3) issue('inputShape', `inputShape must be an image shape [height, width, channels] for architecture dcgan, got ${JSON.stringify(shape)}`);
      else if (shape[0] % factor !== 0 || shape[1] % factor !== 0) {
        issue(
          'inputShape',
          `inputShape must be divisible by 2^${config.generatorChannels.length} = ${factor} in height and width (one stride-2 stage per generatorChannels entry), got ${JSON.stringify(shape)}`,
        );
      }
    }
    if (config.gradientPenalty > 0 && config.discriminatorNorm === 'batch') {
      issue('discriminatorNorm', "discriminatorNorm must be 'layer' or 'none' with a gradient penalty (batch norm couples the examples the penalty treats one by one)");
    }
    if (config.modelType === 'cgan' && config.numClasses < 2) issue('numClasses', `numClasses must be at least 2 for a cgan, got ${config.numClasses}`);
    if (config.auxiliaryClassifier && config.numClasses < 2) issue('auxiliaryClassifier', 'auxiliaryClassifier must be false unless numClasses >= 2');
  });

/** A complete GAN config (what `model.config` holds and config.json stores). */
export type GANConfig = Readonly<z.output<typeof ganObject>>;
/** The options `new GAN(options)` takes: every key optional (defaults of its modelType), unknown keys rejected. */
export type GANConfigInput = z.input<typeof ganObject>;
export type GANOptimizerConfig = GANConfig['generatorOptimizer'];
export type GANArchitecture = GANConfig['architecture'];
export type DiscriminatorNorm = GANConfig['discriminatorNorm'];
export type Conditioning = GANConfig['conditioning'];
export type OutputActivation = GANConfig['outputActivation'];

/**
 * What the model type and the input shape change from the MLP GAN's defaults:
 * - images ([h, w, c]) and 'dcgan': the bench-spec network (z100; G Dense 7*7*128-BN-ReLU,
 *   ConvT 64 k4 s2-BN-ReLU, ConvT 1 k4 s2-tanh; D Conv 64 k4 s2-LReLU 0.2, Conv 128 k4
 *   s2-BN-LReLU 0.2, Dense 1), non-saturating loss, Adam 2e-4 beta1 0.5 (Radford et al. 2016).
 * - wgan: Wasserstein loss, clipping 0.01, n_critic 5, RMSProp 5e-5 (Arjovsky et al. 2017, Algorithm 1).
 * - wgan-gp: Wasserstein loss + penalty 10, n_critic 5, Adam 1e-4 (0, 0.9), layer norm in the
 *   critic (Gulrajani et al. 2017, Algorithm 1).
 * - cgan: 10 classes, projection discriminator, non-saturating loss.
 */
export function ganTypeDefaults(options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const modelType = options.modelType ?? 'gan';
  const shape = options.inputShape;
  const image = Array.isArray(shape) && shape.length === 3;
  const dcgan = image || modelType === 'dcgan';
  const out: Record<string, unknown> = dcgan
    ? { inputShape: [28, 28, 1], latentDim: 100, architecture: 'dcgan', discriminatorNorm: 'batch', outputActivation: 'tanh' }
    : {};
  if (shape !== undefined && options.architecture === undefined) out.architecture = image ? 'dcgan' : 'mlp';
  const rmsprop = { name: 'rmsprop', learningRate: 5e-5, beta1: 0.9 };
  const adamGp = { name: 'adam', learningRate: 1e-4, beta1: 0, beta2: 0.9 };
  if (modelType === 'wgan') Object.assign(out, { loss: 'wasserstein', weightClip: 0.01, nCritic: 5, generatorOptimizer: rmsprop, discriminatorOptimizer: rmsprop });
  if (modelType === 'wgan-gp') {
    Object.assign(out, {
      loss: 'wasserstein',
      gradientPenalty: 10,
      nCritic: 5,
      discriminatorNorm: dcgan ? 'layer' : 'none',
      generatorOptimizer: adamGp,
      discriminatorOptimizer: adamGp,
    });
  }
  if (modelType === 'cgan') Object.assign(out, { numClasses: 10, conditioning: 'projection' });
  return out;
}

/** The GAN config schema: options in, complete config out (defaults of the options' modelType and input shape). */
export const GANConfigSchema = withTypeDefaults(ganObject, ganTypeDefaults);

/** Fills the model type's defaults and validates, with an error naming the wrong key and what is allowed. */
export function resolveGANConfig(input: GANConfigInput = {}): GANConfig {
  return parseConfig(GANConfigSchema, input, { name: 'GAN config', error: GANConfigError });
}
