import type { TrainerCallback, TrainLogs } from './trainer.js';

/** Records the logs of every log step in memory. */
export class History implements TrainerCallback {
  readonly logs: TrainLogs[] = [];

  onBatchEnd(logs: TrainLogs | undefined): void {
    if (logs) this.logs.push({ ...logs, metrics: { ...logs.metrics } });
  }
}
