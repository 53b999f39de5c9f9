export type {
  BoundModel,
  ConditionalModel,
  GenerativeModel,
  InpaintingModel,
  LatentModel,
  LikelihoodModel,
  ModelConfig,
  SampleOptions,
  StepContext,
  StepMetrics,
} from './model-spec.js';
export {
  isBoundModel,
  isConditionalModel,
  isGenerativeModel,
  isInpaintingModel,
  isLatentModel,
  isLikelihoodModel,
} from './model-spec.js';
export type { DataSource } from './data-source.js';
