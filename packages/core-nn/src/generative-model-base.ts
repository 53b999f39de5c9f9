import type { NamedTensorMap, Tensor } from '@tensorflow/tfjs-core';
import type { GenerativeModel, ModelConfig, SampleOptions, StepContext, StepMetrics } from './model-spec.js';
import { ModelState } from './model-state.js';
import { Parameters } from './parameters.js';

/**
 * What every model of a family shares besides its math: the spec version, the complete config,
 * one seeded Parameters collection (`params`) with its optimizers and disposables (`state`,
 * a ModelState), and the state methods of the spec. A family extends it and writes
 * trainStep (for one objective, one trainStepFromLoss call), evaluateStep and sample; it
 * registers its optimizers with `state.addOptimizer` and its extra tensors with
 * `state.addDisposable`. Nothing checks `instanceof` it: the spec stays structural.
 */
export abstract class GenerativeModelBase<TBatch, TConfig extends ModelConfig> implements GenerativeModel<TBatch, TConfig> {
  readonly specificationVersion = 'v1' as const;
  abstract readonly modelType: string;
  readonly config: TConfig;
  protected readonly params: Parameters;
  protected readonly state: ModelState;

  /** `seed` seeds every weight's initial value (by its name, see Parameters). */
  protected constructor(config: TConfig, seed: number) {
    this.config = config;
    this.params = new Parameters({ seed });
    this.state = new ModelState(this.params);
  }

  abstract trainStep(batch: TBatch, context: StepContext): StepMetrics;
  abstract evaluateStep(batch: TBatch, context?: StepContext): StepMetrics;
  abstract sample(numSamples: number, options?: SampleOptions): Tensor;

  getWeights(): NamedTensorMap {
    return this.state.getWeights();
  }

  setWeights(weights: NamedTensorMap): void {
    this.state.setWeights(weights);
  }

  getOptimizerState(): NamedTensorMap {
    return this.state.getOptimizerState();
  }

  setOptimizerState(state: NamedTensorMap): void {
    this.state.setOptimizerState(state);
  }

  dispose(): void {
    this.state.dispose();
  }

  /** Throws when the model was disposed, naming the model type. */
  protected assertAlive(): void {
    this.state.assertAlive(this.modelType);
  }
}
