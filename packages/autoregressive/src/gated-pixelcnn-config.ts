/** Configuration of the Gated PixelCNN (van den Oord et al. 2016, "Conditional Image Generation with PixelCNN Decoders") as one zod schema. */
import { numClassesSchema, parseConfig, positiveInteger } from '@genmodels/core-nn';
import { z } from 'zod';
import { AutoregressiveConfigError, autoregressiveFields, imageShape, oddKernel } from './autoregressive-config.js';

export const GatedPixelCNNConfigSchema = z.strictObject({
  modelType: z.literal('gated-pixelcnn', { error: "'gated-pixelcnn'" }).default('gated-pixelcnn'),
  ...autoregressiveFields({ inputShape: [28, 28, 1], likelihoods: ['bernoulli', 'categorical', 'logistic-mixture'], numMixtureComponents: 5 }),
  /** One-channel images [height, width, 1]. */
  inputShape: imageShape(),
  filters: positiveInteger('64').default(64),
  /** Number of gated layers (the first uses `firstKernelSize`). */
  numLayers: positiveInteger('7').default(7),
  firstKernelSize: oddKernel().default(7),
  kernelSize: oddKernel().default(3),
  outputHiddenUnits: positiveInteger('64').default(64),
  /** Number of classes for class-conditional models; 0 = unconditional. */
  numClasses: numClassesSchema,
});

/** A complete Gated PixelCNN config (what `model.config` holds and config.json stores). */
export type GatedPixelCNNConfig = Readonly<z.output<typeof GatedPixelCNNConfigSchema>>;
/** The options `new GatedPixelCNN(options)` takes: every key optional, unknown keys rejected. */
export type GatedPixelCNNConfigInput = z.input<typeof GatedPixelCNNConfigSchema>;

export function resolveGatedPixelCNNConfig(input: GatedPixelCNNConfigInput = {}): GatedPixelCNNConfig {
  return parseConfig(GatedPixelCNNConfigSchema, input, { name: 'GatedPixelCNN config', error: AutoregressiveConfigError });
}

export const GATED_PIXELCNN_DEFAULTS: GatedPixelCNNConfig = resolveGatedPixelCNNConfig();
