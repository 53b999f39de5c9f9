/**
 * RNADE (Uria, Murray & Larochelle 2013, "RNADE: The real-valued neural autoregressive
 * density-estimator"): NADE for real-valued vectors, each conditional a mixture of K Gaussians
 * whose weights, means and log-scales are read out of the shared running-sum hidden layer,
 * with the per-dimension activation rescaling rho_d of the paper.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { resolveRNADEConfig, type RNADEConfig, type RNADEConfigInput } from './rnade-config.js';
import { AutoregressiveModel, type RasterSampler } from './autoregressive-model.js';
import { NADECore } from './nade-core.js';

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
