/**
 * Configuration of Glow (Kingma & Dhariwal 2018). Images: numLevels levels, each a squeeze, then
 * stepsPerLevel steps of flow (ActNorm, LU 1x1 conv, affine coupling on half the channels), then a
 * split (except the last level) whose factored half has Glow's learned prior N(mu(z2), sigma(z2))
 * (learnedSplitPrior, default on). Vectors: numLevels * stepsPerLevel steps with an LU linear map
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
  /**
   * Images: at each split the factored-out half z1 gets Glow's learned prior N(mu(z2), sigma(z2))
   * from a zero-initialized 3x3 conv of the kept half (LearnedPriorFactorOut); false keeps
   * RealNVP's plain factoring to N(0, I). No effect on vectors (no splits). Default true; a
   * stored config written before this key existed resolves to false (see resolveGlowConfig).
   */
  readonly learnedSplitPrior: boolean;
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
  learnedSplitPrior: true,
};

/**
 * True for a complete config as resolveGlowConfig wrote it before `learnedSplitPrior` existed:
 * modelType 'glow' and every other key present. Its checkpoint has no prior weights, so the
 * missing key means off there (new configs always write the key).
 */
function isStoredConfigWithoutSplitPrior(input: GlowConfigInput): boolean {
  if (input.learnedSplitPrior !== undefined || input.modelType !== 'glow') return false;
  return Object.keys(GLOW_DEFAULTS).every((key) => key === 'learnedSplitPrior' || key in input);
}

/**
 * Fills defaults and validates, naming the key that is wrong. Vector inputs default to
 * preprocessing 'none'. A missing learnedSplitPrior defaults to true, except in a complete
 * stored config (modelType 'glow' and every other key given): that was written before the key
 * existed and its weights have no prior, so it resolves to false and old checkpoints still load.
 */
export function resolveGlowConfig(input: GlowConfigInput = {}): GlowConfig {
  if (input.modelType !== undefined && input.modelType !== 'glow') {
    throw new FlowConfigError(`Glow config: modelType must be 'glow', got ${JSON.stringify(input.modelType)}`);
  }
  const vector = Array.isArray(input.inputShape) && input.inputShape.length === 1;
  const config: GlowConfig = {
    ...GLOW_DEFAULTS,
    ...(vector ? { preprocessing: 'none' as const } : {}),
    ...input,
    ...(isStoredConfigWithoutSplitPrior(input) ? { learnedSplitPrior: false } : {}),
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
  if (typeof config.learnedSplitPrior !== 'boolean') {
    throw new FlowConfigError(`Glow config: learnedSplitPrior must be true or false, got ${JSON.stringify(config.learnedSplitPrior)}`);
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
