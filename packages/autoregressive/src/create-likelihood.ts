import { BernoulliLikelihood } from './bernoulli-likelihood.js';
import { CategoricalLikelihood } from './categorical-likelihood.js';
import type { DimensionLikelihood, LikelihoodName } from './dimension-likelihood.js';
import { DiscretizedLogisticMixtureLikelihood } from './discretized-logistic-mixture.js';
import { GaussianMixtureLikelihood } from './gaussian-mixture-likelihood.js';

/** The per-dimension likelihood named in a model config. */
export function createLikelihood(name: LikelihoodName, numComponents = 5): DimensionLikelihood {
  switch (name) {
    case 'bernoulli':
      return new BernoulliLikelihood();
    case 'categorical':
      return new CategoricalLikelihood(256);
    case 'logistic-mixture':
      return new DiscretizedLogisticMixtureLikelihood(numComponents);
    case 'gaussian-mixture':
      return new GaussianMixtureLikelihood(numComponents);
    default:
      throw new Error(
        `unknown likelihood ${JSON.stringify(name)}; use 'bernoulli' (binary pixels), 'categorical' or 'logistic-mixture' (8-bit pixels in [0, 1]) or 'gaussian-mixture' (real values)`,
      );
  }
}
