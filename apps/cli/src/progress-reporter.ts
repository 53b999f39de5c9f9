/**
 * Progress of anything that takes more than a few seconds: a cli-progress bar on a terminal, and a
 * plain line every few seconds otherwise (CI logs, pipes), on stderr so stdout stays
 * machine-readable. `startProgress` is the shared API (samplers, FID, IWAE, DDIM inversion call
 * it from their loops; `tick` is synchronous and cheap, so it may be called from a synchronous
 * per-step callback); `ProgressReporter` is the Trainer callback built on it.
 *
 * Ctrl-C: the bar leaves the cursor visible, so a command killed by Ctrl-C (Node's default for
 * every command but train, which checkpoints first) leaves the terminal as it was; commands write
 * their output files atomically, so an interrupted one leaves no torn file.
 */
import type { CallbackContext, TrainLogs, TrainerCallback } from '@genmodels/core-nn';
import cliProgress from 'cli-progress';

export interface ProgressOptions {
  /** What is counted, plural: 'steps' (default), 'samples', 'batches'. */
  unit?: string;
  /** Where to draw (default process.stderr). A bar when it is a TTY, lines otherwise. */
  stream?: NodeJS.WriteStream;
  /** Lines (not on a TTY): at most one every this many milliseconds (default 5000). */
  everyMs?: number;
  /** Value to start from (e.g. the step a resumed run starts at; default 0). */
  start?: number;
  /** Clock in milliseconds (default performance.now; tests pass their own). */
  now?: () => number;
}

export interface Progress {
  /** Advance by `count` (default 1); `status` (e.g. 'loss 0.312') replaces the shown status. */
  tick(count?: number, status?: string): void;
  /** Set the count to `value`. */
  update(value: number, status?: string): void;
  /** Finish: stops the bar, or writes the final line. Further calls do nothing. */
  done(): void;
}

/** 75 -> '1m 15s', 3725 -> '1h 02m', 9.4 -> '9s'. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '?';
  return perSecond >= 100 ? Math.round(perSecond).toString() : perSecond.toPrecision(3);
}

class LineProgress implements Progress {
  private value: number;
  private readonly startValue: number;
  private status = '';
  private readonly started: number;
  private lastLine: number;
  private finished = false;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: string,
    private readonly stream: NodeJS.WritableStream,
    private readonly everyMs: number,
    private readonly now: () => number,
    start: number,
  ) {
    this.value = start;
    this.startValue = start;
    this.started = now();
    this.lastLine = this.started;
    this.stream.write(`${label}: ${start > 0 ? `from ${start} to ` : ''}${total} ${unit}\n`);
  }

  tick(count = 1, status?: string): void {
    this.update(this.value + count, status);
  }

  update(value: number, status?: string): void {
    if (this.finished) return;
    this.value = value;
    if (status !== undefined) this.status = status;
    const now = this.now();
    if (now - this.lastLine >= this.everyMs && this.value < this.total) {
      this.lastLine = now;
      this.stream.write(`${this.line(now)}\n`);
    }
  }

  private line(now: number): string {
    const elapsed = (now - this.started) / 1000;
    const rate = elapsed > 0 ? (this.value - this.startValue) / elapsed : 0;
    const percent = this.total > 0 ? Math.floor((100 * this.value) / this.total) : 100;
    const eta = rate > 0 ? formatDuration((this.total - this.value) / rate) : '?';
    return `${this.label}: ${this.value}/${this.total} ${this.unit} (${percent}%)${this.status ? `, ${this.status}` : ''}, ${formatRate(rate)} ${this.unit}/s, eta ${eta}`;
  }

  done(): void {
    if (this.finished) return;
    this.finished = true;
    const elapsed = (this.now() - this.started) / 1000;
    this.stream.write(`${this.label}: ${this.value}/${this.total} ${this.unit} in ${formatDuration(elapsed)}${this.status ? `, ${this.status}` : ''}\n`);
  }
}

class BarProgress implements Progress {
  private readonly bar: cliProgress.SingleBar;
  private value: number;
  private status = '';
  private finished = false;

  constructor(label: string, total: number, unit: string, stream: NodeJS.WriteStream, start: number) {
    this.value = start;
    this.bar = new cliProgress.SingleBar(
      {
        stream,
        format: ` ${label} {bar} {value}/{total} ${unit}{status} | eta {eta_formatted}`,
        // A visible cursor: a command killed by Ctrl-C leaves the terminal usable.
        hideCursor: false,
        etaBuffer: 50,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total, start, { status: '' });
  }

  tick(count = 1, status?: string): void {
    this.update(this.value + count, status);
  }

  update(value: number, status?: string): void {
    if (this.finished) return;
    this.value = value;
    if (status !== undefined) this.status = status;
    this.bar.update(value, { status: this.status ? ` | ${this.status}` : '' });
  }

  done(): void {
    if (this.finished) return;
    this.finished = true;
    this.bar.stop();
  }
}

/**
 * Starts showing progress towards `total` units of `label` (e.g. 'sampling (ddim)', 1000):
 * call tick() as work finishes and done() at the end (also on failure, in a finally).
 */
export function startProgress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const unit = options.unit ?? 'steps';
  const start = options.start ?? 0;
  if (stream.isTTY) return new BarProgress(label, total, unit, stream, start);
  return new LineProgress(label, total, unit, stream, options.everyMs ?? 5000, options.now ?? (() => performance.now()), start);
}

/**
 * The Trainer callback: progress in steps with the epoch, the loss of the last log step and
 * samples/s (read only on log steps, so it adds no device read).
 */
export class ProgressReporter implements TrainerCallback {
  private progress: Progress | null = null;
  private lastLogs: TrainLogs | undefined;

  constructor(
    private readonly totalSteps: number,
    private readonly options: Omit<ProgressOptions, 'unit' | 'start'> = {},
  ) {}

  private status(epoch: number): string {
    const parts = [`epoch ${epoch}`];
    if (this.lastLogs) {
      const metrics = this.lastLogs.metrics;
      parts.push(
        ...Object.keys(metrics)
          .filter((key) => key === 'loss' || key.endsWith('/loss'))
          .map((key) => `${key} ${metrics[key].toFixed(4)}`),
      );
      if (this.lastLogs.samplesPerSecond) parts.push(`${formatRate(this.lastLogs.samplesPerSecond)} samples/s`);
    }
    return parts.join(', ');
  }

  onTrainBegin(context: CallbackContext<unknown>): void {
    this.progress = startProgress('training', this.totalSteps, { ...this.options, unit: 'steps', start: context.state.step });
  }

  onBatchEnd(logs: TrainLogs | undefined, context: CallbackContext<unknown>): void {
    if (logs) this.lastLogs = logs;
    this.progress?.update(context.state.step, this.status(context.state.epoch));
  }

  onTrainEnd(context: CallbackContext<unknown>): void {
    this.progress?.update(context.state.step, this.status(context.state.epoch));
    this.done();
  }

  /** Stops the bar (train calls it when fit() fails, since onTrainEnd does not run then). */
  done(): void {
    this.progress?.done();
    this.progress = null;
  }
}
