// Public surface of @genmodels/eval.

// Likelihoods
export type { LikelihoodKind, LikelihoodReport } from './likelihood-report.js';
export { LIKELIHOOD_KINDS, formatLikelihoodReport, likelihoodLabel } from './likelihood-report.js';
export type { EvaluateLikelihoodOptions, LikelihoodBatch } from './evaluate-likelihood.js';
export { defaultLikelihoodKind, evaluateLikelihood } from './evaluate-likelihood.js';
export type { Discretization } from './bits-per-dim.js';
export { EIGHT_BIT_UNIT_INTERVAL, bitsPerDimToNats, dequantizationOffsetNats, dequantizedBitsPerDim, natsToBitsPerDim } from './bits-per-dim.js';
export { logitLogDetFromOutput } from './logit-log-det.js';
export { CapabilityError } from './capability-error.js';

// Metrics on features
export type { FeatureInput, FeatureSet } from './feature-set.js';
export { concatFeatureSets, toFeatureSet } from './feature-set.js';
export type { GaussianStatistics } from './gaussian-statistics.js';
export { GaussianAccumulator, gaussianStatistics } from './gaussian-statistics.js';
export { frechetDistance, frechetDistanceFromStatistics } from './frechet-distance.js';
export type { KernelInceptionDistanceOptions, KernelInceptionDistanceResult } from './kernel-inception-distance.js';
export { kernelInceptionDistance } from './kernel-inception-distance.js';
export type { PrecisionRecallResult } from './precision-recall.js';
export { precisionRecall } from './precision-recall.js';
export type { ClassifierScoreResult } from './classifier-score.js';
export { classifierScore } from './classifier-score.js';
export type { ClassHistogram } from './class-histogram.js';
export { classHistogram } from './class-histogram.js';
export type { MemorizationCheckOptions, MemorizationCheckResult } from './memorization-check.js';
export { memorizationCheck } from './memorization-check.js';
export { kNearestDistances, withinAnyBall } from './nearest-neighbours.js';

// Feature networks
export type { FeatureNetworkName } from './feature-network-architecture.js';
export {
  FEATURE_DIM,
  FEATURE_NETWORK_ARCHITECTURE,
  FEATURE_NETWORK_NAMES,
  FEATURE_NETWORK_WEIGHTS,
  INPUT_SHAPE,
  NUM_CLASSES,
  checkFeatureNetworkWeights,
  featureNetworkForward,
} from './feature-network-architecture.js';
export type { FeatureNetworkIdentity, FeatureNetworkManifest, LoadFeatureNetworkFromBytesOptions } from './feature-network.js';
export { FeatureNetwork, describeFeatureNetwork, loadFeatureNetworkFromBytes, sha256Hex } from './feature-network.js';
// From disk (loadFeatureNetwork, defaultWeightsDir): @genmodels/eval/node.
export type { InputRange } from './prepare-images.js';
export { prepareImages } from './prepare-images.js';
export type { ExtractFeaturesOptions, ExtractedFeatures, ImageSource } from './extract-features.js';
export { accuracyFromLogits, extractFeatures } from './extract-features.js';
export type { TrainFeatureNetworkOptions } from './train-feature-network.js';
export { trainFeatureNetwork } from './train-feature-network.js';
export type { ComputeSampleQualityOptions, SampleMetric, SampleQualityReport, SampleSource } from './compute-sample-quality.js';
export { SAMPLE_METRICS, computeSampleQuality, formatSampleQualityReport } from './compute-sample-quality.js';
