/** Configuration keys shared by every flow model, their defaults and their validation. */
import type { ModelConfig } from '@genmodels/core-nn';

/**
 * How data enters the flow:
 * - 'dequantize-logit': 8-bit images in [0, 1] (k / 255); uniform dequantization then the logit
 *   transform with alpha = logitAlpha, both counted in log p(x) (bench-spec "dequantized").
 * - 'none': continuous data (2-D toys, tabular) modelled as given.
 */
export type FlowPreprocessing = 'dequantize-logit' | 'none';

export interface FlowOptimizerConfig {
  readonly name: 'adam';
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

export interface FlowCommonConfig extends ModelConfig {
  readonly inputShape: readonly number[];
  readonly preprocessing: FlowPreprocessing;
  readonly logitAlpha: number;
  /** 0 for an unconditional flow; K > 0 for a class-conditional one (batches { x, labels }). */
  readonly numClasses: number;
  readonly optimizer: FlowOptimizerConfig;
  /** Global-norm gradient clipping threshold, or null for none. */
  readonly clipNorm: number | null;
  /** Seed of the weight initialization. */
  readonly seed: number;
}

export const FLOW_COMMON_DEFAULTS = {
  preprocessing: 'dequantize-logit',
  logitAlpha: 0.05,
  numClasses: 0,
  optimizer: { name: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  clipNorm: null,
  seed: 1,
} as const satisfies Partial<FlowCommonConfig>;

export class FlowConfigError extends Error {
  override name = 'FlowConfigError';
}

export function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

export function checkPositiveInteger(model: string, key: string, value: unknown): void {
  if (!isPositiveInteger(value)) throw new FlowConfigError(`${model} config: ${key} must be a positive integer, got ${JSON.stringify(value)}`);
}

export function checkWidths(model: string, key: string, value: unknown): void {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isPositiveInteger)) {
    throw new FlowConfigError(`${model} config: ${key} must be a non-empty list of positive integers (layer widths), got ${JSON.stringify(value)}`);
  }
}

/** Validates the shared keys; `model` names the model in messages. */
export function checkCommonConfig(model: string, config: FlowCommonConfig): void {
  const shape = config.inputShape;
  if (!Array.isArray(shape) || !(shape.length === 1 || shape.length === 3) || !shape.every(isPositiveInteger)) {
    throw new FlowConfigError(
      `${model} config: inputShape must be [features] (e.g. [2]) or [height, width, channels] (e.g. [28, 28, 1]), got ${JSON.stringify(shape)}`,
    );
  }
  if (config.preprocessing !== 'dequantize-logit' && config.preprocessing !== 'none') {
    throw new FlowConfigError(`${model} config: preprocessing must be 'dequantize-logit' (8-bit images) or 'none', got ${JSON.stringify(config.preprocessing)}`);
  }
  if (!(typeof config.logitAlpha === 'number' && config.logitAlpha >= 0 && config.logitAlpha < 0.5)) {
    throw new FlowConfigError(`${model} config: logitAlpha must be in [0, 0.5) (RealNVP uses 0.05), got ${JSON.stringify(config.logitAlpha)}`);
  }
  if (!(Number.isInteger(config.numClasses) && config.numClasses >= 0)) {
    throw new FlowConfigError(`${model} config: numClasses must be 0 (unconditional) or a positive integer, got ${JSON.stringify(config.numClasses)}`);
  }
  const { name, learningRate, beta1, beta2, epsilon } = config.optimizer;
  if (name !== 'adam') throw new FlowConfigError(`${model} config: optimizer.name must be 'adam', got ${JSON.stringify(name)}`);
  if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
    throw new FlowConfigError(
      `${model} config: optimizer needs learningRate > 0, 0 <= beta1, beta2 < 1 and epsilon > 0, got ${JSON.stringify(config.optimizer)}`,
    );
  }
  if (config.clipNorm !== null && !(typeof config.clipNorm === 'number' && config.clipNorm > 0)) {
    throw new FlowConfigError(`${model} config: clipNorm must be a positive number or null, got ${JSON.stringify(config.clipNorm)}`);
  }
  if (!Number.isInteger(config.seed)) throw new FlowConfigError(`${model} config: seed must be an integer, got ${JSON.stringify(config.seed)}`);
}
