/**
 * NADE (Larochelle & Murray 2011): a Bernoulli autoregressive model of binary vectors or
 * images whose conditionals share one hidden layer through the running sum a_d = c + sum_{j<d}
 * x_j W_j, so that exact log p(x) costs O(DH). See nade-core.ts for the network.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { AutoregressiveConfig, AutoregressiveOptimizerConfig } from './autoregressive-config.js';
import { DEFAULT_OPTIMIZER, requirePositiveInteger, resolveCommonConfig } from './autoregressive-config.js';
import { AutoregressiveModel, type RasterSampler } from './autoregressive-model.js';
import { NADECore } from './nade-core.js';

export interface NADEConfig extends AutoregressiveConfig {
  readonly modelType: 'nade';
  readonly likelihood: 'bernoulli';
  /** Width H of the shared hidden layer (the paper used 500 on binarized MNIST). */
  readonly hiddenUnits: number;
}

export type NADEConfigInput = Partial<Omit<NADEConfig, 'optimizer'>> & { optimizer?: Partial<AutoregressiveOptimizerConfig> };

export const NADE_DEFAULTS: NADEConfig = {
  modelType: 'nade',
  inputShape: [28, 28, 1],
  likelihood: 'bernoulli',
  numMixtureComponents: 1,
  hiddenUnits: 500,
  optimizer: DEFAULT_OPTIMIZER,
  clipNorm: null,
  seed: 1,
};

export function resolveNADEConfig(input: NADEConfigInput = {}): NADEConfig {
  const config = resolveCommonConfig('NADE', NADE_DEFAULTS, input, ['bernoulli']);
  requirePositiveInteger('NADE', 'hiddenUnits', config.hiddenUnits, '500');
  return config;
}

export class NADE extends AutoregressiveModel<NADEConfig> {
  readonly modelType = 'nade';
  readonly core: NADECore;

  constructor(config: NADEConfigInput = {}) {
    super(resolveNADEConfig(config));
    this.core = new NADECore(this.params, this.dataDim, this.config.hiddenUnits, 1, false);
  }

  conditionalParams(x: tf.Tensor2D): tf.Tensor3D {
    return this.core.apply(x);
  }

  /** The naive O(D^2 H) evaluation of the same conditionals (for checking the fast one). */
  conditionalParamsNaive(x: tf.Tensor2D): tf.Tensor3D {
    return this.core.applyNaive(x);
  }

  protected override createSampler(): RasterSampler {
    let sampler: RasterSampler | null = null;
    return {
      paramsAt: (canvas, d) => {
        sampler ??= this.core.sampler(canvas.shape[0]);
        return sampler.paramsAt(canvas, d);
      },
      dispose: () => sampler?.dispose(),
    };
  }
}
