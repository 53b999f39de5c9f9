import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { DataSource } from './data-source.js';
import type { GenerativeModel, StepMetrics } from './model-spec.js';
import { NonFiniteLossError } from './non-finite-loss-error.js';
import { stepSeed } from './rng.js';

/**
 * Where a run stands. `step` is the number of steps already taken; (`epoch`, `batchIndex`) is
 * the NEXT batch to train on; `seed` is the run seed every step seed derives from.
 */
export interface TrainerState {
  step: number;
  epoch: number;
  batchIndex: number;
  seed: number;
}

/** Metrics read back on a log step. */
export interface TrainLogs {
  /** Steps taken so far (the step just finished is step - 1 in StepContext terms). */
  step: number;
  epoch: number;
  /** Mean of each metric over the steps since the previous log step. */
  metrics: Record<string, number>;
  /** Training samples per second over the same window (when the Trainer knows the batch size). */
  samplesPerSecond?: number;
}

export type StopReason = 'completed' | 'max-steps' | 'stopped' | 'early-stopping';

export interface CallbackContext<M = GenerativeModel<unknown>> {
  model: M;
  /** The current state (a snapshot; after a step, `step` counts that step). */
  state: TrainerState;
  trainer: Trainer;
  batchSize?: number;
}

/** Hooks the Trainer calls, in the order the callbacks were given, awaiting each. */
export interface TrainerCallback<M = GenerativeModel<unknown>> {
  onTrainBegin?(ctx: CallbackContext<M>): void | Promise<void>;
  onEpochBegin?(epoch: number, ctx: CallbackContext<M>): void | Promise<void>;
  /** After every step; `logs` is defined only on log steps (every logEvery steps and the last). */
  onBatchEnd?(logs: TrainLogs | undefined, ctx: CallbackContext<M>): void | Promise<void>;
  onEpochEnd?(epoch: number, ctx: CallbackContext<M>): void | Promise<void>;
  onTrainEnd?(ctx: CallbackContext<M> & { reason: StopReason }): void | Promise<void>;
}

export interface TrainerOptions {
  epochs: number;
  /** Stop after this many steps in total (counted across resumes). */
  maxSteps?: number;
  /** Read metrics back every this many steps (default 50). */
  logEvery?: number;
  callbacks?: TrainerCallback[];
  /** Run seed (non-zero integer); a resumed state's seed takes precedence. */
  seed: number;
  /** Examples per batch, for samples/second. */
  batchSize?: number;
}

export interface FitResult {
  state: TrainerState;
  reason: StopReason;
  /** Logs of the last log step, if any. */
  lastLogs?: TrainLogs;
}

interface PendingStep {
  step: number;
  metrics: StepMetrics;
  verified: boolean;
}

// setImmediate in Node (lets signals and I/O in); a browser or worker has none: a timer task there.
const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/** The metrics checked for NaN/Inf: 'loss' and every player's or term's loss ('d/loss', 'g/loss'). */
function isLossKey(key: string): boolean {
  return key === 'loss' || key.endsWith('/loss');
}

/** Each step's checked losses, in order, as (step, key, tensor). */
function lossEntries(steps: PendingStep[]): { step: number; key: string; tensor: Tensor }[] {
  return steps.flatMap((p) =>
    Object.entries(p.metrics)
      .filter(([key, tensor]) => isLossKey(key) && tensor instanceof tf.Tensor)
      .map(([key, tensor]) => ({ step: p.step, key, tensor })),
  );
}

function stackedScalars(tensors: Tensor[]): Tensor {
  return tf.stack(tensors.map((t) => tf.cast(tf.reshape(t, []), 'float32')));
}

/**
 * Runs a model's own trainStep over a DataSource (Keras-style: the model owns its optimizers).
 *
 * Each step runs inside tf.tidy (getBatch + trainStep with StepContext { step, epoch,
 * seed: stepSeed(runSeed, step) }). Metric tensors are kept on the device and read back only on
 * log steps (every `logEvery` steps, and the last step), with one read for the whole window;
 * every step's losses ('loss' and any key ending in '/loss', e.g. a GAN's 'g/loss') are checked
 * for NaN/Inf in that same read, so the error names the exact step and loss without a read per
 * step. The Checkpoint callback also asks for the check before it saves. Between
 * steps the Trainer yields to the event loop so signal handlers can call stop().
 */
export class Trainer {
  readonly options: Readonly<TrainerOptions>;
  /** Set by the Checkpoint callback after every save; named in NonFiniteLossError. */
  lastCheckpointPath?: string;
  private stopReason?: 'stopped' | 'early-stopping';
  private pending: PendingStep[] = [];
  private windowStart = 0;
  private running = false;

  constructor(options: TrainerOptions) {
    if (!(Number.isInteger(options.epochs) && options.epochs >= 0)) {
      throw new Error(`Trainer: epochs must be a non-negative integer, got ${options.epochs}`);
    }
    if (options.maxSteps !== undefined && !(Number.isInteger(options.maxSteps) && options.maxSteps >= 0)) {
      throw new Error(`Trainer: maxSteps must be a non-negative integer, got ${options.maxSteps}`);
    }
    const logEvery = options.logEvery ?? 50;
    if (!(Number.isInteger(logEvery) && logEvery > 0)) throw new Error(`Trainer: logEvery must be a positive integer, got ${logEvery}`);
    if (!(Number.isInteger(options.seed) && options.seed !== 0)) {
      throw new Error(`Trainer: seed must be a non-zero integer (TF.js treats 0 as unseeded), got ${options.seed}`);
    }
    this.options = { ...options, logEvery };
  }

  /** Ask the run to stop after the current step; onTrainEnd still runs (so a Checkpoint saves). */
  stop(reason: 'stopped' | 'early-stopping' = 'stopped'): void {
    this.stopReason ??= reason;
  }

  get stopRequested(): boolean {
    return this.stopReason !== undefined;
  }

  /**
   * Reads back the losses of the steps not yet checked and throws NonFiniteLossError at the
   * first NaN/Inf. The Checkpoint callback calls this before saving, so a checkpoint never holds
   * weights produced by a bad step.
   */
  async verifyFiniteLoss(): Promise<void> {
    const unverified = this.pending.filter((p) => !p.verified);
    if (unverified.length === 0) return;
    const entries = lossEntries(unverified);
    const stacked = tf.tidy(() => stackedScalars(entries.map((e) => e.tensor)));
    const values = await stacked.data();
    stacked.dispose();
    this.checkLosses(unverified, entries, values);
  }

  private checkLosses(steps: PendingStep[], entries: { step: number; key: string }[], values: ArrayLike<number>): void {
    for (let i = 0; i < entries.length; i++) {
      if (!Number.isFinite(values[i])) {
        this.disposePending();
        throw new NonFiniteLossError(entries[i].step, values[i], this.lastCheckpointPath, entries[i].key);
      }
    }
    for (const step of steps) step.verified = true;
  }

  private disposePending(): void {
    for (const p of this.pending) tf.dispose(Object.values(p.metrics));
    this.pending = [];
  }

  /** Reads the window back (one device read), checks losses, returns mean metrics. */
  private async readWindow(state: TrainerState): Promise<TrainLogs> {
    const steps = this.pending;
    const keys = [...new Set(steps.flatMap((p) => Object.keys(p.metrics)))];
    const entries = lossEntries(steps);
    const packed = tf.tidy(() => {
      const losses = stackedScalars(entries.map((e) => e.tensor));
      const means = keys.map((k) => {
        const values = steps.map((p) => p.metrics[k]).filter((t): t is Tensor => t !== undefined);
        return tf.reshape(tf.mean(tf.stack(values.map((t) => tf.cast(tf.reshape(t, []), 'float32')))), [1]);
      });
      return tf.concat([losses, ...means]);
    });
    const values = await packed.data();
    packed.dispose();
    const elapsed = (performance.now() - this.windowStart) / 1000;
    this.checkLosses(steps, entries, values);
    const metrics: Record<string, number> = {};
    keys.forEach((k, i) => {
      metrics[k] = values[entries.length + i];
    });
    const logs: TrainLogs = { step: state.step, epoch: state.epoch, metrics };
    if (this.options.batchSize && elapsed > 0) logs.samplesPerSecond = (steps.length * this.options.batchSize) / elapsed;
    this.disposePending();
    this.windowStart = performance.now();
    return logs;
  }

  /**
   * Trains `model` on `data` from `initialState` (default: the start) until `epochs` are done,
   * `maxSteps` is reached or stop() is called. Rejects with NonFiniteLossError on a NaN/Inf loss
   * (onTrainEnd is not called then, so no checkpoint is written from bad weights).
   */
  async fit<TBatch>(model: GenerativeModel<TBatch>, data: DataSource<TBatch>, options: { initialState?: TrainerState } = {}): Promise<FitResult> {
    if (this.running) throw new Error('Trainer.fit: this trainer is already running');
    if (!(Number.isInteger(data.batchesPerEpoch) && data.batchesPerEpoch > 0)) {
      throw new Error(`Trainer.fit: data.batchesPerEpoch must be a positive integer, got ${data.batchesPerEpoch}`);
    }
    const { epochs, maxSteps, logEvery = 50 } = this.options;
    const callbacks = (this.options.callbacks ?? []) as TrainerCallback<GenerativeModel<TBatch>>[];
    const initial = options.initialState ?? { step: 0, epoch: 0, batchIndex: 0, seed: this.options.seed };
    if (!(initial.batchIndex >= 0 && initial.batchIndex <= data.batchesPerEpoch)) {
      throw new Error(
        `Trainer.fit: initialState.batchIndex ${initial.batchIndex} is outside this data source (batchesPerEpoch ${data.batchesPerEpoch}); was the batch size changed?`,
      );
    }
    let state: TrainerState = { ...initial };
    if (state.batchIndex === data.batchesPerEpoch) state = { ...state, epoch: state.epoch + 1, batchIndex: 0 };
    this.running = true;
    this.stopReason = undefined;
    this.pending = [];
    let lastLogs: TrainLogs | undefined;
    const ctx = (): CallbackContext<GenerativeModel<TBatch>> => ({
      model,
      state: { ...state },
      trainer: this,
      batchSize: this.options.batchSize,
    });
    try {
      for (const cb of callbacks) await cb.onTrainBegin?.(ctx());
      let reason: StopReason | undefined;
      this.windowStart = performance.now();
      const reachedMax = (): boolean => maxSteps !== undefined && state.step >= maxSteps;
      while (reason === undefined) {
        if (state.epoch >= epochs) {
          reason = 'completed';
          break;
        }
        if (reachedMax()) {
          reason = 'max-steps';
          break;
        }
        if (this.stopReason) {
          reason = this.stopReason;
          break;
        }
        const epoch = state.epoch;
        for (const cb of callbacks) await cb.onEpochBegin?.(epoch, ctx());
        while (state.batchIndex < data.batchesPerEpoch) {
          if (reachedMax() || this.stopReason) break;
          const step = state.step;
          const batchIndex = state.batchIndex;
          const metrics = tf.tidy(() => {
            const batch = data.getBatch(epoch, batchIndex);
            return model.trainStep(batch, { step, epoch, seed: stepSeed(state.seed, step) });
          });
          if (!(metrics.loss instanceof tf.Tensor)) {
            tf.dispose(Object.values(metrics));
            throw new Error(`Trainer: ${model.modelType}.trainStep must report a 'loss' scalar tensor (got keys: ${Object.keys(metrics).join(', ') || 'none'})`);
          }
          this.pending.push({ step, metrics, verified: false });
          state =
            batchIndex + 1 < data.batchesPerEpoch
              ? { ...state, step: step + 1, batchIndex: batchIndex + 1 }
              : { ...state, step: step + 1, epoch: epoch + 1, batchIndex: 0 };
          await yieldToEventLoop();
          const last = state.epoch >= epochs || reachedMax() || this.stopReason !== undefined;
          let logs: TrainLogs | undefined;
          if (state.step % logEvery === 0 || last) {
            logs = await this.readWindow(state);
            lastLogs = logs;
          }
          for (const cb of callbacks) await cb.onBatchEnd?.(logs, ctx());
          if (state.epoch !== epoch) break;
        }
        if (state.epoch !== epoch) {
          for (const cb of callbacks) await cb.onEpochEnd?.(epoch, ctx());
        }
      }
      if (this.pending.length) lastLogs = await this.readWindow(state);
      for (const cb of callbacks) await cb.onTrainEnd?.({ ...ctx(), reason });
      return { state: { ...state }, reason, lastLogs };
    } finally {
      this.disposePending();
      this.running = false;
    }
  }
}
