/** Configuration of PixelCNN (van den Oord et al. 2016) as one zod schema: 64 filters, a 7x7 mask A, 6 residual layers. */
import { nonNegativeInteger, parseConfig, positiveInteger } from '@genmodels/core-nn';
import { z } from 'zod';
import { AutoregressiveConfigError, autoregressiveFields, imageShape, oddKernel } from './autoregressive-config.js';

export const PixelCNNConfigSchema = z.strictObject({
  modelType: z.literal('pixelcnn', { error: "'pixelcnn'" }).default('pixelcnn'),
  ...autoregressiveFields({ inputShape: [28, 28, 1], likelihoods: ['bernoulli', 'categorical', 'logistic-mixture'], numMixtureComponents: 5 }),
  /** One-channel images [height, width, 1]. */
  inputShape: imageShape(),
  /** Channels of every hidden layer. */
  filters: positiveInteger('64').default(64),
  /** Kernel size of the first (type A) masked convolution, odd. */
  firstKernelSize: oddKernel().default(7),
  numResidualLayers: nonNegativeInteger().default(6),
  /** Kernel size of the residual (type B) masked convolutions, odd. */
  residualKernelSize: oddKernel().default(3),
  /** Channels of the 1x1 output layer before the final projection. */
  outputHiddenUnits: positiveInteger('64').default(64),
});

/** A complete PixelCNN config (what `model.config` holds and config.json stores). */
export type PixelCNNConfig = Readonly<z.output<typeof PixelCNNConfigSchema>>;
/** The options `new PixelCNN(options)` takes: every key optional, unknown keys rejected. */
export type PixelCNNConfigInput = z.input<typeof PixelCNNConfigSchema>;

export function resolvePixelCNNConfig(input: PixelCNNConfigInput = {}): PixelCNNConfig {
  return parseConfig(PixelCNNConfigSchema, input, { name: 'PixelCNN config', error: AutoregressiveConfigError });
}

export const PIXELCNN_DEFAULTS: PixelCNNConfig = resolvePixelCNNConfig();
