/**
 * Extra task nade (not in bench-spec; for the literature comparison of issue 5): NADE with
 * H = 500 (Larochelle & Murray 2011) on statically binarized images, batch 64, Adam 1e-3.
 */
import { NADE } from '@genmodels/autoregressive';
import { autoregressiveTask } from './autoregressive-task.js';

export const nadeTask = autoregressiveTask({
  name: 'nade',
  description: 'NADE, H = 500, binarized 784, batch 64, Adam 1e-3, exact Bernoulli NLL',
  batch: 64,
  sampleBatch: 64,
  sampler: '784-step ancestral sampling',
  create: (seed) => new NADE({ hiddenUnits: 500, seed }),
  modelNote: 'NADE H = 500',
});
