import type { AutoregressiveConfig } from './autoregressive-config.js';
import { AutoregressiveConfigError } from './autoregressive-config.js';
import type { AutoregressiveModel } from './autoregressive-model.js';
import { GatedPixelCNN } from './gated-pixelcnn.js';
import { MADEDensity } from './made-density.js';
import { NADE } from './nade.js';
import { PixelCNN } from './pixelcnn.js';
import { PixelRNN } from './pixel-rnn.js';
import { RNADE } from './rnade.js';

export const AUTOREGRESSIVE_MODEL_TYPES = ['nade', 'rnade', 'made', 'pixelcnn', 'gated-pixelcnn', 'pixelrnn'] as const;
export type AutoregressiveModelType = (typeof AUTOREGRESSIVE_MODEL_TYPES)[number];

/** Builds a model from a (possibly partial) config whose modelType names it, e.g. one read from a run directory. */
export function createAutoregressiveModel(config: { modelType: string } & Record<string, unknown>): AutoregressiveModel<AutoregressiveConfig> {
  const input = config as never;
  switch (config.modelType) {
    case 'nade':
      return new NADE(input);
    case 'rnade':
      return new RNADE(input);
    case 'made':
      return new MADEDensity(input);
    case 'pixelcnn':
      return new PixelCNN(input);
    case 'gated-pixelcnn':
      return new GatedPixelCNN(input);
    case 'pixelrnn':
      return new PixelRNN(input);
    default:
      throw new AutoregressiveConfigError(
        `unknown autoregressive modelType ${JSON.stringify(config.modelType)}; use one of ${AUTOREGRESSIVE_MODEL_TYPES.join(', ')}`,
      );
  }
}
