import { describeGenerativeModelConformance } from '@genmodels/core-nn/testing';
import type { DiffusionConfigInput } from './diffusion-config.js';
import { NCSN } from './ncsn.js';
import { TINY_UNET, tinyImages } from './test-utils/tiny-models.js';

describeGenerativeModelConformance('NCSN (tiny UNet, 8x8)', {
  createModel: (seed) => new NCSN({ ...TINY_UNET, numLevels: 4, numInferenceSteps: 4, stepsPerLevel: 2, seed, optimizer: { learningRate: 3e-3 } }),
  makeBatch: (seed) => tinyImages(seed),
  createFromConfig: (config) => new NCSN(config as DiffusionConfigInput),
});
