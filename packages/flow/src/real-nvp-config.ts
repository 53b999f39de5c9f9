/**
 * Configuration of RealNVP. The defaults are the flat bench-spec `realnvp` network: 8 affine
 * couplings on the 28x28x1 image with checkerboard masks of alternating parity, each s,t net
 * Conv3x3 64 -> ReLU -> Conv3x3 64 -> ReLU -> Conv3x3 2, s = tanh(raw_s) * learned scale.
 */
import type { CouplingScale } from './affine-coupling.js';
import {
  FLOW_COMMON_DEFAULTS,
  FlowConfigError,
  checkCommonConfig,
  checkPositiveInteger,
  checkWidths,
  type FlowCommonConfig,
  type FlowOptimizerConfig,
} from './flow-config.js';

export interface RealNVPConfig extends FlowCommonConfig {
  readonly modelType: 'realnvp';
  /**
   * Images: 'flat' (numCouplings checkerboard couplings at full resolution, the bench network) or
   * 'multi-scale' (Dinh et al. 2017, sec 3.6: per scale couplingsPerScale checkerboard couplings,
   * squeeze, couplingsPerScale channel couplings, factor out half; the last scale has
   * couplingsPerScale + 1 checkerboard couplings). Vectors always use alternating feature masks.
   */
  readonly architecture: 'flat' | 'multi-scale';
  /** Couplings of the flat architecture (images) and of vector flows. */
  readonly numCouplings: number;
  readonly numScales: number;
  readonly couplingsPerScale: number;
  /** Hidden conv widths of each image coupling's s,t network. */
  readonly hiddenChannels: readonly number[];
  /** Hidden widths of each vector coupling's MLP. */
  readonly hiddenUnits: readonly number[];
  readonly couplingScale: CouplingScale;
  /** Zero-initialize each coupling's output layer so the flow starts as the identity. */
  readonly zeroInitCouplings: boolean;
}

export type RealNVPConfigInput = Partial<Omit<RealNVPConfig, 'modelType' | 'optimizer'>> & {
  readonly modelType?: 'realnvp';
  readonly optimizer?: Partial<FlowOptimizerConfig>;
};

export const REAL_NVP_DEFAULTS: RealNVPConfig = {
  ...FLOW_COMMON_DEFAULTS,
  modelType: 'realnvp',
  inputShape: [28, 28, 1],
  architecture: 'flat',
  numCouplings: 8,
  numScales: 2,
  couplingsPerScale: 3,
  hiddenChannels: [64, 64],
  hiddenUnits: [64, 64],
  couplingScale: 'tanh',
  zeroInitCouplings: false,
};

/** Fills defaults and validates, naming the key that is wrong. Vector inputs default to preprocessing 'none'. */
export function resolveRealNVPConfig(input: RealNVPConfigInput = {}): RealNVPConfig {
  if (input.modelType !== undefined && input.modelType !== 'realnvp') {
    throw new FlowConfigError(`RealNVP config: modelType must be 'realnvp', got ${JSON.stringify(input.modelType)}`);
  }
  const vector = Array.isArray(input.inputShape) && input.inputShape.length === 1;
  const config: RealNVPConfig = {
    ...REAL_NVP_DEFAULTS,
    ...(vector ? { preprocessing: 'none' as const } : {}),
    ...input,
    modelType: 'realnvp',
    optimizer: { ...REAL_NVP_DEFAULTS.optimizer, ...input.optimizer },
  };
  checkCommonConfig('RealNVP', config);
  if (config.architecture !== 'flat' && config.architecture !== 'multi-scale') {
    throw new FlowConfigError(`RealNVP config: architecture must be 'flat' or 'multi-scale', got ${JSON.stringify(config.architecture)}`);
  }
  checkPositiveInteger('RealNVP', 'numCouplings', config.numCouplings);
  checkPositiveInteger('RealNVP', 'numScales', config.numScales);
  checkPositiveInteger('RealNVP', 'couplingsPerScale', config.couplingsPerScale);
  checkWidths('RealNVP', 'hiddenChannels', config.hiddenChannels);
  checkWidths('RealNVP', 'hiddenUnits', config.hiddenUnits);
  if (config.couplingScale !== 'tanh' && config.couplingScale !== 'sigmoid') {
    throw new FlowConfigError(`RealNVP config: couplingScale must be 'tanh' or 'sigmoid', got ${JSON.stringify(config.couplingScale)}`);
  }
  if (typeof config.zeroInitCouplings !== 'boolean') {
    throw new FlowConfigError(`RealNVP config: zeroInitCouplings must be true or false, got ${JSON.stringify(config.zeroInitCouplings)}`);
  }
  if (config.inputShape.length === 1 && config.inputShape[0] < 2) {
    throw new FlowConfigError(`RealNVP config: vector inputs need at least 2 features for a coupling, got inputShape ${JSON.stringify(config.inputShape)}`);
  }
  if (config.inputShape.length === 3 && config.architecture === 'multi-scale') {
    const [h, w] = config.inputShape;
    const factor = 2 ** (config.numScales - 1);
    if (h % factor !== 0 || w % factor !== 0) {
      throw new FlowConfigError(
        `RealNVP config: numScales ${config.numScales} squeezes ${config.numScales - 1} times, so height and width must be divisible by ${factor}; got inputShape ${JSON.stringify(config.inputShape)}`,
      );
    }
  }
  return config;
}
