// Transforms: the contract and the combinators
export type { ParameterizedTransform, Transform, TransformOptions, TransformResult } from './transform.js';
export { CompositeTransform } from './composite-transform.js';
export { InverseTransform } from './inverse-transform.js';

// Base distributions
export type { Distribution, DistributionSampleOptions } from './distribution.js';
export { StandardNormal } from './standard-normal.js';
export { DiagonalGaussian } from './diagonal-gaussian.js';

// Preprocessing as transforms
export { DEFAULT_DEQUANTIZATION_SEED, UniformDequantization } from './uniform-dequantization.js';
export { LogitTransform } from './logit-transform.js';

// Layers
export type { CouplingScale } from './affine-coupling.js';
export { AffineCoupling } from './affine-coupling.js';
export type { CouplingNetwork, ConvCouplingNetworkOptions, DenseCouplingNetworkOptions } from './coupling-network.js';
export { ConvCouplingNetwork, DenseCouplingNetwork } from './coupling-network.js';
export type { Mask, MaskType } from './masks.js';
export { alternatingMask, channelMask, checkerboardMask } from './masks.js';
export { Squeeze } from './squeeze.js';
export { FactorOut } from './factor-out.js';
export type { LearnedPriorFactorOutOptions } from './learned-prior-factor-out.js';
export { LearnedPriorFactorOut } from './learned-prior-factor-out.js';
export type { DataInitialization } from './act-norm.js';
export { ActNorm } from './act-norm.js';
export { InvertibleConv1x1 } from './invertible-conv-1x1.js';
export { Permutation } from './permutation.js';
export { BatchNormTransform } from './batch-norm-transform.js';

// Flows and models
export type { FlowSampleOptions } from './flow.js';
export { Flow } from './flow.js';
export type { FlowBatch, FlowBuildContext, FlowLogProbOptions, FlowParts } from './flow-model.js';
export { FlowModel } from './flow-model.js';
export type { FlowCommonConfig, FlowOptimizerConfig, FlowPreprocessing } from './flow-config.js';
export { FLOW_PREPROCESSING, FlowConfigError } from './flow-config.js';
export { RealNVP } from './real-nvp.js';
export type { RealNVPConfig, RealNVPConfigInput } from './real-nvp-config.js';
export { REAL_NVP_DEFAULTS, RealNVPConfigSchema, resolveRealNVPConfig } from './real-nvp-config.js';
export { Glow } from './glow.js';
export type { GlowConfig, GlowConfigInput } from './glow-config.js';
export { GLOW_DEFAULTS, GlowConfigSchema, resolveGlowConfig } from './glow-config.js';
export { MAF } from './maf.js';
export type { MAFConfig, MAFConfigInput } from './maf-config.js';
export { MAF_DEFAULTS, MAFConfigSchema, resolveMAFConfig } from './maf-config.js';
export type { MaskedAutoregressiveTransformOptions } from './masked-autoregressive-transform.js';
export { MaskedAutoregressiveTransform } from './masked-autoregressive-transform.js';
export { Flatten } from './flatten.js';
