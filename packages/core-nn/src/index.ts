// Registers tfjs-core's gradient functions (not registered by tfjs-core alone in Node).
import './register-gradients.js';

export type {
  BoundModel,
  ConditionalModel,
  GenerativeModel,
  InpaintingModel,
  LatentModel,
  LikelihoodModel,
  LikelihoodOptions,
  LikelihoodSpec,
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
  likelihoodSpecOf,
} from './model-spec.js';
export type { DataSource } from './data-source.js';

// memory-aware batching
export type { MemoryBudget, MemoryBudgetOptions } from './memory-budget.js';
export { backendMemoryBudget } from './memory-budget.js';
export type { MemoryProfile, WorkingSet } from './working-set.js';
export { fitWorkingSet, maxBatchSize, profileMemory, workingSetBytes } from './working-set.js';
export { BatchTooLargeError } from './batch-too-large-error.js';
export type { FittingChunksOptions, FittingChunksResult } from './fitting-chunks.js';
export { assertBatchFits, forEachFittingChunk, nextEventLoopTurn } from './fitting-chunks.js';
export type { StepWorkingSetOptions } from './step-working-set.js';
export { measureStepWorkingSet } from './step-working-set.js';

// seeded randomness
export { deriveSeed, hashString, stepSeed, stepSeeds } from './rng.js';

// parameters and building blocks
export type { Initializer } from './parameters.js';
export { initialValue, logicalNameOf, Parameters } from './parameters.js';
export type { Activation } from './activations.js';
export { ACTIVATIONS, activate, leakyRelu } from './activations.js';
export type { DenseOptions } from './dense.js';
export { Dense } from './dense.js';
export type { Conv2DOptions } from './conv2d.js';
export { Conv2D } from './conv2d.js';
export type { Conv2DTransposeOptions } from './conv2d-transpose.js';
export { Conv2DTranspose } from './conv2d-transpose.js';
export type { GroupNormOptions } from './group-norm.js';
export { GroupNorm } from './group-norm.js';
export type { FusedGroupNormAttrs, GroupNormActivation } from './fused-group-norm.js';
export { FUSED_GROUP_NORM_GRAD_KERNEL, FUSED_GROUP_NORM_KERNEL, hasFusedGroupNorm } from './fused-group-norm.js';
export type { BatchNormActivation, FusedBatchNormAttrs } from './fused-batch-norm.js';
export { FUSED_BATCH_NORM_GRAD_KERNEL, FUSED_BATCH_NORM_KERNEL, hasFusedBatchNorm } from './fused-batch-norm.js';
export type { FusedDenseAttrs } from './fused-dense.js';
export { FUSED_DENSE_GRAD_KERNEL, FUSED_DENSE_KERNEL, hasFusedDense } from './fused-dense.js';
export { reachesTrainableVariable } from './reaches-trainable-variable.js';
export type { ExplicitConvPadding, FusedConv2DActivation, FusedConv2DAttrs } from './fused-conv2d.js';
export { FUSED_CONV2D_GRAD_KERNEL, FUSED_CONV2D_KERNEL, fusedConv2d, hasFusedConv2D } from './fused-conv2d.js';
export type { BatchNormActivationOptions, BatchNormOptions, BatchStatistics } from './batch-norm.js';
export { BatchNorm, foldBatchStatistics } from './batch-norm.js';
export type { LayerNormOptions } from './layer-norm.js';
export { LayerNorm } from './layer-norm.js';
export { SpectralNorm } from './spectral-norm.js';
export { sinusoidalEmbedding } from './sinusoidal-embedding.js';
export type { ResidualBlockOptions } from './residual-block.js';
export { ResidualBlock } from './residual-block.js';

// configs
export type { ConfigErrorClass } from './config-error.js';
export { ConfigError } from './config-error.js';
export type { ParseConfigOptions } from './parse-config.js';
export { configKeys, parseConfig } from './parse-config.js';
export type { AdamDefaults } from './config-schemas.js';
export {
  adamFields,
  adamSchema,
  clipNormSchema,
  flag,
  fraction,
  inputShape,
  mergeDefaults,
  nonNegativeInteger,
  nonNegativeNumber,
  numClassesSchema,
  oneOf,
  positiveInteger,
  positiveNumber,
  seedSchema,
  widths,
  withTypeDefaults,
} from './config-schemas.js';

// optimization
export type { MinimizeOptions } from './minimize.js';
export { minimize } from './minimize.js';
export type { OptimizerSpec } from './create-optimizer.js';
export { OptimizerSpecSchema, createOptimizer, disposeOptimizer } from './create-optimizer.js';
export type { FusedAdamAttrs } from './fused-adam.js';
export { FUSED_ADAM_KERNEL, FusedAdamOptimizer, hasFusedAdam } from './fused-adam.js';
export { globalNorm, SUM_OF_SQUARES_KERNEL, sumOfSquares } from './sum-of-squares.js';
export { hasFusedReluGrad, relu, RELU_GRAD_KERNEL } from './relu.js';
export { BERNOULLI_NLL_GRAD_KERNEL, BERNOULLI_NLL_KERNEL, bernoulliNegLogLikelihood, bernoulliNegLogLikelihoodPerDim, hasFusedBernoulliNLL } from './bernoulli-nll.js';
export { getOptimizerState, setOptimizerState } from './optimizer-state.js';
export type { ExponentialMovingAverageOptions } from './exponential-moving-average.js';
export { ExponentialMovingAverage } from './exponential-moving-average.js';

// model plumbing
export type { OptimizerSlot } from './model-state.js';
export { ModelState } from './model-state.js';
export type { LossResult, TrainStepOptions } from './train-step-from-loss.js';
export { evaluateStepFromLoss, trainStepFromLoss } from './train-step-from-loss.js';
export { GenerativeModelBase } from './generative-model-base.js';
export type { LabeledBatch, Labels, LabelsArgument } from './labels.js';
export { cycledLabels, isLabeledBatch, labelIndices, labelsOf, oneHotLabels, sampleLabels, splitBatch } from './labels.js';

// trainer and callbacks
export type {
  CallbackContext,
  FitResult,
  StopReason,
  TrainerCallback,
  TrainerOptions,
  TrainerState,
  TrainLogs,
} from './trainer.js';
export { Trainer } from './trainer.js';
export { NonFiniteLossError } from './non-finite-loss-error.js';
export { NonFiniteWeightsError } from './non-finite-weights-error.js';
export { History } from './history.js';
export type { SampleMonitorOptions } from './sample-monitor.js';
export { SampleMonitor } from './sample-monitor.js';
export type { EarlyStoppingOptions } from './early-stopping.js';
export { EarlyStopping } from './early-stopping.js';

// safetensors and checkpoints
export type { SafetensorsArray, SafetensorsDType, SafetensorsTensor } from './safetensors.js';
export { decodeSafetensors, encodeSafetensors, safetensorsToTensors, tensorsToSafetensors } from './safetensors.js';
// Reading a run's files from bytes (fetch, File, fs.readFile): the file-system side is in
// @genmodels/core-nn/node (checkpoint store, atomic writes, run config, metrics logger).
export type { CheckpointStateFile } from './checkpoint-store.js';
export { sha256Hex } from './sha256-hex.js';
export type { LoadWeightsFromBytesOptions } from './load-weights-from-bytes.js';
export { loadWeightsFromBytes } from './load-weights-from-bytes.js';
