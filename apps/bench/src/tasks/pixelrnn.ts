/**
 * Extra task pixelrnn (not in bench-spec; issue 5 asks for PixelRNN to be benchmarked against
 * PixelCNN): PixelRNN with 2 Row LSTM layers of 32 units after a 7x7 mask-A convolution, on the
 * pixelcnn task's data and optimizer (binarized 28x28x1, batch 64, Adam 1e-3, Bernoulli NLL).
 */
import { PixelRNN } from '@genmodels/autoregressive';
import { autoregressiveTask } from './autoregressive-task.js';

export const pixelrnnTask = autoregressiveTask({
  name: 'pixelrnn',
  description: 'PixelRNN (Row LSTM x2, 32 units, 7x7 mask A), binarized 28x28x1, batch 64, Adam 1e-3, Bernoulli NLL',
  batch: 64,
  sampleBatch: 64,
  sampler: '784-step ancestral sampling',
  create: (seed) => new PixelRNN({ seed }),
  modelNote: 'PixelRNN 2 Row LSTM layers of 32',
});
