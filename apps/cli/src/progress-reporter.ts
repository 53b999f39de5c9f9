/**
 * Progress of anything that takes more than a few seconds, in one form for every command: a
 * cli-progress bar on a terminal; otherwise (CI logs, pipes) a line when it starts, one every few
 * seconds (GENMODELS_PROGRESS_SECONDS, default 5; 0 = every update) and one when it ends, all on
 * stderr so stdout stays machine-readable. `startProgress` is the shared API (samplers, DDIM
 * inversion, FID, IWAE call it from their loops; `update` is synchronous and cheap, so it may run
 * in a per-step callback); `ProgressReporter` is the Trainer callback built on it.
 *
 * The bar leaves the cursor visible, so a command killed by Ctrl-C leaves the terminal as it was.
 */
import type { CallbackContext, TrainLogs, TrainerCallback } from '@genmodels/core-nn';
import cliProgress from 'cli-progress';

export interface ProgressOptions {
  /** What is counted, singular: 'step' (default), 'batch', 'sample'. */
  unit?: string;
  /** Where to draw (default process.stderr). A bar when it is a TTY, lines otherwise. */
  stream?: NodeJS.WriteStream;
  /** Lines (not on a TTY): at most one every this many ms (default GENMODELS_PROGRESS_SECONDS, else 5 s). */
  everyMs?: number;
  /** Count to start from, e.g. the step a resumed run starts at (default 0). */
  start?: number;
  /** Clock in milliseconds (default performance.now; tests pass their own). */
  now?: () => number;
}

export interface ProgressInfo {
  /** What the counted units are doing now, shown before the count ('sampling', 'inverting'). */
  stage?: string;
  /** Shown after the count, e.g. 'epoch 2, loss 0.3120'. */
  detail?: string;
  /** A new total (a computation whose later phases are known only later). */
  total?: number;
}

export interface Progress {
  /** The count is now `value` (of the total). */
  update(value: number, info?: ProgressInfo): void;
  /** Advances the count by `count` (default 1). */
  tick(count?: number, info?: ProgressInfo): void;
  /** Ends the display: stops the bar, or writes the closing line. Later calls do nothing. */
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

const plural = (unit: string): string => (/(s|x|ch|sh)$/.test(unit) ? `${unit}es` : `${unit}s`);

function lineInterval(options: ProgressOptions): number {
  if (options.everyMs !== undefined) return options.everyMs;
  const seconds = Number(process.env.GENMODELS_PROGRESS_SECONDS ?? 5);
  return (Number.isFinite(seconds) && seconds >= 0 ? seconds : 5) * 1000;
}

/** The state both displays keep: the count, the total and what to show with them. */
abstract class ProgressBase implements Progress {
  protected value: number;
  protected stage = '';
  protected detail = '';
  protected finished = false;

  constructor(
    protected total: number,
    start: number,
  ) {
    this.value = start;
  }

  update(value: number, info: ProgressInfo = {}): void {
    if (this.finished) return;
    this.value = value;
    if (info.stage !== undefined) this.stage = info.stage;
    if (info.detail !== undefined) this.detail = info.detail;
    if (info.total !== undefined) this.total = info.total;
    this.show();
  }

  tick(count = 1, info?: ProgressInfo): void {
    this.update(this.value + count, info);
  }

  done(): void {
    if (this.finished) return;
    this.finished = true;
    this.close();
  }

  protected abstract show(): void;
  protected abstract close(): void;
}

class LineProgress extends ProgressBase {
  private readonly startValue: number;
  private readonly started: number;
  private lastLine: number;

  constructor(
    private readonly label: string,
    total: number,
    private readonly unit: string,
    private readonly stream: NodeJS.WritableStream,
    private readonly everyMs: number,
    private readonly now: () => number,
    start: number,
  ) {
    super(total, start);
    this.startValue = start;
    this.started = now();
    this.lastLine = this.started;
    this.stream.write(`${label}: started${start > 0 ? ` at ${unit} ${start} of ${total}` : ''}\n`);
  }

  protected show(): void {
    const now = this.now();
    if (now - this.lastLine < this.everyMs || this.value >= this.total) return;
    this.lastLine = now;
    const elapsed = (now - this.started) / 1000;
    const rate = elapsed > 0 ? (this.value - this.startValue) / elapsed : 0;
    const eta = rate > 0 ? formatDuration((this.total - this.value) / rate) : '?';
    this.stream.write(
      `${this.label}: ${this.stage ? `${this.stage} ` : ''}${this.unit} ${this.value}/${this.total}${this.detail ? ` (${this.detail})` : ''}, ` +
        `${formatRate(rate)} ${plural(this.unit)}/s, about ${eta} left\n`,
    );
  }

  protected close(): void {
    const elapsed = formatDuration((this.now() - this.started) / 1000);
    const detail = this.detail ? ` (${this.detail})` : '';
    this.stream.write(
      this.value >= this.total
        ? `${this.label}: done, ${this.total} ${plural(this.unit)} in ${elapsed}${detail}\n`
        : `${this.label}: stopped at ${this.unit} ${this.value}/${this.total} after ${elapsed}${detail}\n`,
    );
  }
}

class BarProgress extends ProgressBase {
  private readonly bar: cliProgress.SingleBar;
  private shownTotal: number;

  constructor(label: string, total: number, unit: string, stream: NodeJS.WriteStream, start: number) {
    super(total, start);
    this.shownTotal = total;
    this.bar = new cliProgress.SingleBar(
      {
        stream,
        format: ` ${label} {bar} {stage}{value}/{total} ${plural(unit)}{detail} | eta {eta_formatted}`,
        // A visible cursor: a command killed by Ctrl-C leaves the terminal usable.
        hideCursor: false,
        etaBuffer: 50,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total, start, { stage: '', detail: '' });
  }

  protected show(): void {
    if (this.total !== this.shownTotal) {
      this.bar.setTotal(this.total);
      this.shownTotal = this.total;
    }
    this.bar.update(this.value, { stage: this.stage ? `${this.stage} ` : '', detail: this.detail ? ` | ${this.detail}` : '' });
  }

  protected close(): void {
    this.bar.stop();
  }
}

/**
 * Starts showing progress towards `total` units of `label` (e.g. 'sampling 64 with DDIM, 50
 * steps', 50): call update()/tick() as work finishes and done() at the end (in a finally).
 */
export function startProgress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const unit = options.unit ?? 'step';
  const start = options.start ?? 0;
  if (stream.isTTY) return new BarProgress(label, total, unit, stream, start);
  return new LineProgress(label, total, unit, stream, lineInterval(options), options.now ?? (() => performance.now()), start);
}

/**
 * The Trainer callback: progress in steps with the epoch, every loss of the last log step and
 * samples/s (metrics are read only on log steps, so it adds no device read).
 */
export class ProgressReporter implements TrainerCallback {
  private progress: Progress | null = null;
  private lastLogs: TrainLogs | undefined;

  constructor(
    private readonly totalSteps: number,
    private readonly options: Omit<ProgressOptions, 'unit' | 'start'> = {},
  ) {}

  private detail(epoch: number): string {
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
    this.progress = startProgress('training', this.totalSteps, { ...this.options, unit: 'step', start: context.state.step });
  }

  onBatchEnd(logs: TrainLogs | undefined, context: CallbackContext<unknown>): void {
    if (logs) this.lastLogs = logs;
    this.progress?.update(context.state.step, { detail: this.detail(context.state.epoch) });
  }

  onTrainEnd(context: CallbackContext<unknown>): void {
    this.progress?.update(context.state.step, { detail: this.detail(context.state.epoch) });
    this.done();
  }

  /** Ends the display (train calls it when fit() fails, since onTrainEnd does not run then). */
  done(): void {
    this.progress?.done();
    this.progress = null;
  }
}
