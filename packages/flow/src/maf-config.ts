/**
 * Configuration of MAF (Papamakarios et al. 2017) and its inverse direction IAF (Kingma et al.
 * 2016): numLayers MADE layers with the order reversed between layers and, optionally, a
 * batch-norm bijection after each. Images are flattened to vectors.
 */
import {
  FLOW_COMMON_DEFAULTS,
  FlowConfigError,
  checkCommonConfig,
  checkPositiveInteger,
  checkWidths,
  type FlowCommonConfig,
  type FlowOptimizerConfig,
} from './flow-config.js';

export interface MAFConfig extends FlowCommonConfig {
  readonly modelType: 'maf';
  /**
   * 'maf': density evaluation in one pass, sampling in D passes (the default, for likelihood
   * training). 'iaf': each layer inverted, so sampling takes one pass and density evaluation D.
   */
  readonly direction: 'maf' | 'iaf';
  readonly numLayers: number;
  readonly hiddenUnits: readonly number[];
  readonly batchNorm: boolean;
  /** Momentum of the batch-norm moving averages. */
  readonly batchNormMomentum: number;
}

export type MAFConfigInput = Partial<Omit<MAFConfig, 'modelType' | 'optimizer'>> & {
  readonly modelType?: 'maf';
  readonly optimizer?: Partial<FlowOptimizerConfig>;
};

export const MAF_DEFAULTS: MAFConfig = {
  ...FLOW_COMMON_DEFAULTS,
  modelType: 'maf',
  inputShape: [2],
  preprocessing: 'none',
  direction: 'maf',
  numLayers: 5,
  hiddenUnits: [64, 64],
  batchNorm: true,
  batchNormMomentum: 0.9,
};

export function resolveMAFConfig(input: MAFConfigInput = {}): MAFConfig {
  if (input.modelType !== undefined && input.modelType !== 'maf') {
    throw new FlowConfigError(`MAF config: modelType must be 'maf', got ${JSON.stringify(input.modelType)}`);
  }
  const image = Array.isArray(input.inputShape) && input.inputShape.length === 3;
  const config: MAFConfig = {
    ...MAF_DEFAULTS,
    ...(image ? { preprocessing: 'dequantize-logit' as const } : {}),
    ...input,
    modelType: 'maf',
    optimizer: { ...MAF_DEFAULTS.optimizer, ...input.optimizer },
  };
  checkCommonConfig('MAF', config);
  if (config.direction !== 'maf' && config.direction !== 'iaf') {
    throw new FlowConfigError(`MAF config: direction must be 'maf' or 'iaf', got ${JSON.stringify(config.direction)}`);
  }
  checkPositiveInteger('MAF', 'numLayers', config.numLayers);
  checkWidths('MAF', 'hiddenUnits', config.hiddenUnits);
  if (typeof config.batchNorm !== 'boolean') {
    throw new FlowConfigError(`MAF config: batchNorm must be true or false, got ${JSON.stringify(config.batchNorm)}`);
  }
  if (!(config.batchNormMomentum >= 0 && config.batchNormMomentum < 1)) {
    throw new FlowConfigError(`MAF config: batchNormMomentum must be in [0, 1), got ${JSON.stringify(config.batchNormMomentum)}`);
  }
  if (config.inputShape.reduce((a, b) => a * b, 1) < 2) {
    throw new FlowConfigError(`MAF config: need at least 2 dimensions, got inputShape ${JSON.stringify(config.inputShape)}`);
  }
  return config;
}
