/** A bench-spec task: its network, data and the figures it reports. */
import type { GenerativeModel } from '@genmodels/core-nn';

export interface ThroughputHandle {
  /** One timed training step: sample a batch, forward, backward, update, read the loss back. */
  trainStep(): Promise<void>;
  /** One timed sampling call producing `sampleBatch` images. */
  sampleCall(): Promise<void>;
  trainBatch: number;
  sampleBatch: number;
  /** Trainable parameters of the model being trained. */
  parameters: number;
  dispose(): void;
}

export interface QualityFigure {
  metric: string;
  value: number;
  standardError?: number;
  unit: string;
  note: string;
}

export interface QualityResult {
  budgetSeconds: number;
  stepsTrained: number;
  figures: QualityFigure[];
}

export interface QualityOptions {
  dataset: 'fashion-mnist' | 'mnist';
  budgetSeconds: number;
  /** Importance samples for likelihood estimates, where the task has one. */
  importanceSamples: number;
  /** Test images used for the expensive estimates. */
  evalExamples: number;
  /** Generated samples for FID/KID (bench-spec: 10 000; fewer bias FID upward and are stated). */
  fidSamples: number;
  seed: number;
  log: (line: string) => void;
}

export interface BenchTask {
  name: string;
  description: string;
  /** What one timed sampling call does, e.g. '784-step ancestral sampling'. */
  sampler: string;
  /** The task's network with its optimizers, untrained (the parameter count is read from it). */
  createModel(seed: number): GenerativeModel<unknown>;
  setupThroughput(options: { dataset: 'fashion-mnist' | 'mnist'; seed: number }): Promise<ThroughputHandle>;
  quality(options: QualityOptions): Promise<QualityResult>;
}
