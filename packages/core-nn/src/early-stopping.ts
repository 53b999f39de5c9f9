import type { TrainerCallback, CallbackContext, TrainLogs } from './trainer.js';

export interface EarlyStoppingOptions {
  /** Metric key to watch (default 'loss'). */
  monitor?: string;
  /** Number of log steps without improvement before stopping. */
  patience: number;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  mode?: 'min' | 'max';
}

/**
 * Stops training when the monitored metric has not improved by more than `minDelta` for
 * `patience` consecutive log steps. It watches the logged values, which the Trainer already
 * averages over the `logEvery` steps of each window (a smoothed value, not a single batch).
 */
export class EarlyStopping implements TrainerCallback {
  private best = Number.NaN;
  private wait = 0;
  /** Log-step count of the best value so far. */
  bestStep?: number;
  private readonly monitor: string;
  private readonly minDelta: number;
  private readonly mode: 'min' | 'max';

  constructor(private readonly options: EarlyStoppingOptions) {
    if (!(Number.isInteger(options.patience) && options.patience > 0)) {
      throw new Error(`EarlyStopping: patience must be a positive integer, got ${options.patience}`);
    }
    this.monitor = options.monitor ?? 'loss';
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.mode = options.mode ?? 'min';
  }

  onTrainBegin(): void {
    this.best = Number.NaN;
    this.wait = 0;
    this.bestStep = undefined;
  }

  get bestValue(): number {
    return this.best;
  }

  onBatchEnd(logs: TrainLogs | undefined, ctx: CallbackContext): void {
    if (!logs) return;
    const value = logs.metrics[this.monitor];
    if (value === undefined) {
      throw new Error(`EarlyStopping: metric "${this.monitor}" is not logged; logged keys: ${Object.keys(logs.metrics).join(', ')}`);
    }
    const improved = Number.isNaN(this.best) || (this.mode === 'min' ? value < this.best - this.minDelta : value > this.best + this.minDelta);
    if (improved) {
      this.best = value;
      this.bestStep = logs.step;
      this.wait = 0;
      return;
    }
    this.wait += 1;
    if (this.wait >= this.options.patience) ctx.trainer.stop('early-stopping');
  }
}
