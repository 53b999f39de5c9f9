/**
 * bench-spec task pixelcnn: binarized 28x28x1 (x > 0.5, static); batch 64; Adam 1e-3; masked
 * conv A 7x7 to 64 channels, 6 residual layers h = h + MaskB3x3(ReLU(h)), ReLU -> 1x1 64 -> ReLU
 * -> 1x1 logit (the PixelCNN defaults of @genmodels/autoregressive); Bernoulli NLL. Sampling is
 * full 784-step ancestral sampling of 64 images, each step computing only the pyramid of
 * activations the next pixel depends on. Quality: exact test NLL in nats per image.
 */
import { PixelCNN } from '@genmodels/autoregressive';
import { autoregressiveTask } from './autoregressive-task.js';

export const pixelcnnTask = autoregressiveTask({
  name: 'pixelcnn',
  description: 'PixelCNN, binarized 28x28x1, batch 64, Adam 1e-3, mask A 7x7 + 6 residual mask B 3x3 (64 ch), Bernoulli NLL',
  batch: 64,
  sampleBatch: 64,
  sampler: '784-step ancestral sampling',
  create: (seed) => new PixelCNN({ seed }),
  modelNote: 'bench-spec PixelCNN',
});
