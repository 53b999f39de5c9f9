/**
 * A Trainer callback that shows progress: a cli-progress bar with the loss and samples/s on a
 * terminal, and one plain line per log step otherwise (CI logs, pipes).
 */
import type { CallbackContext, TrainLogs, TrainerCallback } from '@genmodels/core-nn';
import cliProgress from 'cli-progress';

export class ProgressReporter implements TrainerCallback {
  private bar: cliProgress.SingleBar | null = null;
  private lastLogs: TrainLogs | undefined;

  constructor(
    private readonly totalSteps: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  onTrainBegin(context: CallbackContext<unknown>): void {
    if (!this.stream.isTTY) {
      this.stream.write(`training from step ${context.state.step} to ${this.totalSteps}\n`);
      return;
    }
    this.bar = new cliProgress.SingleBar(
      {
        stream: this.stream,
        format: ' {bar} {value}/{total} steps | epoch {epoch} | loss {loss} | {rate} samples/s | eta {eta_formatted}',
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(this.totalSteps, context.state.step, { epoch: context.state.epoch, loss: '…', rate: '…' });
  }

  onBatchEnd(logs: TrainLogs | undefined, context: CallbackContext<unknown>): void {
    if (logs) this.lastLogs = logs;
    const payload = {
      epoch: context.state.epoch,
      loss: this.lastLogs ? this.lastLogs.metrics.loss.toFixed(3) : '…',
      rate: this.lastLogs?.samplesPerSecond ? Math.round(this.lastLogs.samplesPerSecond).toString() : '…',
    };
    if (this.bar) {
      this.bar.update(context.state.step, payload);
    } else if (logs) {
      const metrics = Object.entries(logs.metrics)
        .map(([key, value]) => `${key} ${value.toFixed(4)}`)
        .join(', ');
      this.stream.write(`step ${logs.step}/${this.totalSteps} epoch ${logs.epoch}: ${metrics}; ${payload.rate} samples/s\n`);
    }
  }

  onTrainEnd(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
