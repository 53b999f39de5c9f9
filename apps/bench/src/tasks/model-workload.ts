/**
 * A model training on in-memory data in bench-spec order. The one place that defines the timed
 * training step (sample the batch, forward, backward, update, read the loss back), used by every
 * task for both throughput and quality runs.
 */
import { performance } from 'node:perf_hooks';
import { tensorDataSource } from '@genmodels/core-data';
import type { GenerativeModel, SampleOptions } from '@genmodels/core-nn';
import { stepSeed } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import { countTrainableParameters } from '../count-parameters.js';
import type { ThroughputHandle } from './bench-task.js';

export class ModelWorkload<M extends GenerativeModel<tf.Tensor>> {
  private readonly source;
  /** Steps taken so far (also the index of the next step's seed). */
  step = 0;

  constructor(
    readonly model: M,
    private readonly train: tf.Tensor,
    readonly batchSize: number,
    private readonly seed: number,
  ) {
    this.source = tensorDataSource(train, { batchSize, seed });
  }

  get epoch(): number {
    return Math.floor(this.step / this.source.batchesPerEpoch);
  }

  /** One training step; returns the loss read back from the device. */
  async trainStep(): Promise<number> {
    const { step, epoch } = this;
    const loss = tf.tidy(
      () => this.model.trainStep(this.source.getBatch(epoch, step % this.source.batchesPerEpoch), { step, epoch, seed: stepSeed(this.seed, step) }).loss,
    );
    this.step++;
    const value = (await loss.data())[0];
    loss.dispose();
    if (!Number.isFinite(value)) throw new Error(`${this.model.modelType}: non-finite loss at step ${step}`);
    return value;
  }

  /**
   * Trains until `budgetSeconds` of wall-clock time have passed; `onStep` sees every step's loss
   * (for progress lines). Returns the seconds actually spent.
   */
  async trainFor(budgetSeconds: number, onStep?: (step: number, epoch: number, loss: number) => void | Promise<void>): Promise<number> {
    const start = performance.now();
    while ((performance.now() - start) / 1000 < budgetSeconds) {
      const loss = await this.trainStep();
      await onStep?.(this.step, this.epoch, loss);
    }
    return (performance.now() - start) / 1000;
  }

  /** The throughput handle: timed training steps and timed sampling calls of `sampleBatch` images. */
  throughputHandle(sampleBatch: number, sampleOptions: Omit<SampleOptions, 'seed'> & Record<string, unknown> = {}): ThroughputHandle {
    return {
      trainBatch: this.batchSize,
      sampleBatch,
      parameters: countTrainableParameters(this.model),
      trainStep: async () => {
        await this.trainStep();
      },
      sampleCall: async () => {
        const samples = this.model.sample(sampleBatch, { ...sampleOptions, seed: stepSeed(this.seed, this.step++) });
        await samples.data();
        samples.dispose();
      },
      dispose: () => this.dispose(),
    };
  }

  dispose(): void {
    this.model.dispose();
    this.train.dispose();
  }
}
