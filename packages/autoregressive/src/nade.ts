/**
 * NADE (Larochelle & Murray 2011): a Bernoulli autoregressive model of binary vectors or
 * images whose conditionals share one hidden layer through the running sum a_d = c + sum_{j<d}
 * x_j W_j, so that exact log p(x) costs O(DH). See nade-core.ts for the network.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { resolveNADEConfig, type NADEConfig, type NADEConfigInput } from './nade-config.js';
import { AutoregressiveModel, type RasterSampler } from './autoregressive-model.js';
import { NADECore } from './nade-core.js';

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
