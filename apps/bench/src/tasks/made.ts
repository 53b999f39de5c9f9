/**
 * Extra task made (not in bench-spec; for the literature comparison of issue 5): MADE with one
 * hidden layer of 500 ReLU units and the natural ordering (Germain et al. 2015) on statically
 * binarized images, batch 64, Adam 1e-3.
 */
import { MADEDensity } from '@genmodels/autoregressive';
import { autoregressiveTask } from './autoregressive-task.js';

export const madeTask = autoregressiveTask({
  name: 'made',
  description: 'MADE, 1 hidden layer of 500, natural ordering, binarized 784, batch 64, Adam 1e-3, exact Bernoulli NLL',
  batch: 64,
  sampleBatch: 64,
  sampler: '784-step ancestral sampling',
  create: (seed) => new MADEDensity({ hiddenUnits: [500], seed }),
  modelNote: 'MADE 500 hidden, 1 mask',
});
