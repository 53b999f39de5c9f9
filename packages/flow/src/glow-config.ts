/**
 * Configuration of Glow (Kingma & Dhariwal 2018). Images: numLevels levels, each a squeeze, then
 * stepsPerLevel steps of flow (ActNorm, LU 1x1 conv, affine coupling on half the channels), then a
 * split (except the last level). Vectors: numLevels * stepsPerLevel steps with an LU linear map
 * and alternating-feature couplings. Small defaults for 28x28x1 (the paper: 3 levels, 32 steps,
 * 512 channels).
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

export interface GlowConfig extends FlowCommonConfig {
  readonly modelType: 'glow';
  readonly numLevels: number;
  readonly stepsPerLevel: number;
  readonly hiddenChannels: readonly number[];
  readonly hiddenUnits: readonly number[];
  readonly couplingScale: CouplingScale;
}

export type GlowConfigInput = Partial<Omit<GlowConfig, 'modelType' | 'optimizer'>> & {
  readonly modelType?: 'glow';
  readonly optimizer?: Partial<FlowOptimizerConfig>;
};

export const GLOW_DEFAULTS: GlowConfig = {
  ...FLOW_COMMON_DEFAULTS,
  modelType: 'glow',
  inputShape: [28, 28, 1],
  numLevels: 2,
  stepsPerLevel: 4,
  hiddenChannels: [64, 64],
  hiddenUnits: [64, 64],
  couplingScale: 'sigmoid',
};

export function resolveGlowConfig(input: GlowConfigInput = {}): GlowConfig {
  if (input.modelType !== undefined && input.modelType !== 'glow') {
    throw new FlowConfigError(`Glow config: modelType must be 'glow', got ${JSON.stringify(input.modelType)}`);
  }
  const vector = Array.isArray(input.inputShape) && input.inputShape.length === 1;
  const config: GlowConfig = {
    ...GLOW_DEFAULTS,
    ...(vector ? { preprocessing: 'none' as const } : {}),
    ...input,
    modelType: 'glow',
    optimizer: { ...GLOW_DEFAULTS.optimizer, ...input.optimizer },
  };
  checkCommonConfig('Glow', config);
  checkPositiveInteger('Glow', 'numLevels', config.numLevels);
  checkPositiveInteger('Glow', 'stepsPerLevel', config.stepsPerLevel);
  checkWidths('Glow', 'hiddenChannels', config.hiddenChannels);
  checkWidths('Glow', 'hiddenUnits', config.hiddenUnits);
  if (config.couplingScale !== 'tanh' && config.couplingScale !== 'sigmoid') {
    throw new FlowConfigError(`Glow config: couplingScale must be 'tanh' or 'sigmoid', got ${JSON.stringify(config.couplingScale)}`);
  }
  if (config.inputShape.length === 1 && config.inputShape[0] < 2) {
    throw new FlowConfigError(`Glow config: vector inputs need at least 2 features, got inputShape ${JSON.stringify(config.inputShape)}`);
  }
  if (config.inputShape.length === 3) {
    const [h, w] = config.inputShape;
    const factor = 2 ** config.numLevels;
    if (h % factor !== 0 || w % factor !== 0) {
      throw new FlowConfigError(
        `Glow config: numLevels ${config.numLevels} squeezes ${config.numLevels} times, so height and width must be divisible by ${factor}; got inputShape ${JSON.stringify(config.inputShape)}`,
      );
    }
  }
  return config;
}
