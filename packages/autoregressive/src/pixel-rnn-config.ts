/** Configuration of PixelRNN with Row LSTM layers (van den Oord, Kalchbrenner & Kavukcuoglu 2016) as one zod schema. */
import { parseConfig, positiveInteger } from '@genmodels/core-nn';
import { z } from 'zod';
import { AutoregressiveConfigError, autoregressiveFields, imageShape, oddKernel } from './autoregressive-config.js';

export const PixelRNNConfigSchema = z.strictObject({
  modelType: z.literal('pixelrnn', { error: "'pixelrnn'" }).default('pixelrnn'),
  ...autoregressiveFields({ inputShape: [28, 28, 1], likelihoods: ['bernoulli', 'categorical', 'logistic-mixture'], numMixtureComponents: 5 }),
  /** One-channel images [height, width, 1]. */
  inputShape: imageShape(),
  /** Features of the input convolution and hidden state size of each Row LSTM. */
  filters: positiveInteger('32').default(32),
  numLayers: positiveInteger('2').default(2),
  firstKernelSize: oddKernel().default(7),
  outputHiddenUnits: positiveInteger('64').default(64),
});

/** A complete PixelRNN config (what `model.config` holds and config.json stores). */
export type PixelRNNConfig = Readonly<z.output<typeof PixelRNNConfigSchema>>;
/** The options `new PixelRNN(options)` takes: every key optional, unknown keys rejected. */
export type PixelRNNConfigInput = z.input<typeof PixelRNNConfigSchema>;

export function resolvePixelRNNConfig(input: PixelRNNConfigInput = {}): PixelRNNConfig {
  return parseConfig(PixelRNNConfigSchema, input, { name: 'PixelRNN config', error: AutoregressiveConfigError });
}

export const PIXELRNN_DEFAULTS: PixelRNNConfig = resolvePixelRNNConfig();
