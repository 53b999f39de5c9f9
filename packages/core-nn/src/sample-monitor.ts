import type { Tensor } from '@tensorflow/tfjs-core';
import type { CallbackContext, TrainerCallback, TrainLogs } from './trainer.js';

export interface SampleMonitorOptions {
  everySteps: number;
  numSamples: number;
  /** A fixed non-zero seed, so grids from different steps are comparable. */
  seed: number;
  /** Receives the samples (disposed after it returns) and the step count. */
  write: (samples: Tensor, step: number) => Promise<void> | void;
}

/** Draws `numSamples` samples with a fixed seed every `everySteps` steps and hands them to `write`. */
export class SampleMonitor implements TrainerCallback {
  constructor(private readonly options: SampleMonitorOptions) {
    if (!(Number.isInteger(options.everySteps) && options.everySteps > 0)) {
      throw new Error(`SampleMonitor: everySteps must be a positive integer, got ${options.everySteps}`);
    }
    if (!(Number.isInteger(options.seed) && options.seed !== 0)) {
      throw new Error(`SampleMonitor: seed must be a non-zero integer, got ${options.seed}`);
    }
  }

  async onBatchEnd(_logs: TrainLogs | undefined, ctx: CallbackContext): Promise<void> {
    if (ctx.state.step % this.options.everySteps !== 0) return;
    const samples = ctx.model.sample(this.options.numSamples, { seed: this.options.seed });
    try {
      await this.options.write(samples, ctx.state.step);
    } finally {
      samples.dispose();
    }
  }
}
