/**
 * RNADE (Uria, Murray & Larochelle 2013, "RNADE: The real-valued neural autoregressive
 * density-estimator"): NADE for real-valued vectors, each conditional a mixture of K Gaussians
 * whose weights, means and log-scales are read out of the shared running-sum hidden layer,
 * with the per-dimension activation rescaling rho_d of the paper.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { AutoregressiveConfig, AutoregressiveOptimizerConfig } from './autoregressive-config.js';
import { DEFAULT_OPTIMIZER, requirePositiveInteger, resolveCommonConfig } from './autoregressive-config.js';
import { AutoregressiveModel, type RasterSampler } from './autoregressive-model.js';
import { NADECore } from './nade-core.js';

export interface RNADEConfig extends AutoregressiveConfig {
  readonly modelType: 'rnade';
  readonly likelihood: 'gaussian-mixture';
  readonly hiddenUnits: number;
}

export type RNADEConfigInput = Partial<Omit<RNADEConfig, 'optimizer'>> & { optimizer?: Partial<AutoregressiveOptimizerConfig> };

export const RNADE_DEFAULTS: RNADEConfig = {
  modelType: 'rnade',
  inputShape: [2],
  likelihood: 'gaussian-mixture',
  numMixtureComponents: 5,
  hiddenUnits: 64,
  optimizer: DEFAULT_OPTIMIZER,
  clipNorm: null,
  seed: 1,
};

export function resolveRNADEConfig(input: RNADEConfigInput = {}): RNADEConfig {
  const config = resolveCommonConfig('RNADE', RNADE_DEFAULTS, input, ['gaussian-mixture']);
  requirePositiveInteger('RNADE', 'hiddenUnits', config.hiddenUnits, '64');
  return config;
}

export class RNADE extends AutoregressiveModel<RNADEConfig> {
  readonly modelType = 'rnade';
  readonly core: NADECore;

  constructor(config: RNADEConfigInput = {}) {
    super(resolveRNADEConfig(config));
    this.core = new NADECore(this.params, this.dataDim, this.config.hiddenUnits, this.likelihood.paramsPerDim, true);
  }

  conditionalParams(x: tf.Tensor2D): tf.Tensor3D {
    return this.core.apply(x);
  }

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
