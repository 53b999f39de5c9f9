/**
 * Progress of long work that is not a training loop (eval's likelihood over the test set, FID's
 * sampling and feature extraction): a cli-progress bar on a terminal, and otherwise one plain
 * line every few seconds (CI logs, pipes), so nothing runs silently for minutes.
 */
import cliProgress from 'cli-progress';
import { CliError } from './cli-error.js';

export interface WorkProgressOptions {
  /** Where to write (default stderr, so stdout stays machine-readable). */
  stream?: NodeJS.WriteStream;
  /** Seconds between plain lines when the stream is not a terminal (default 5). */
  intervalSeconds?: number;
  /** The clock, for tests. */
  now?: () => number;
}

export class WorkProgress {
  private readonly stream: NodeJS.WriteStream;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly startedAt: number;
  private bar: cliProgress.SingleBar | null = null;
  private lastLineAt: number;
  private done = 0;

  /** `label` says what runs ('nll on 1000 test examples'); `unit` what is counted ('examples'). */
  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: string,
    options: WorkProgressOptions = {},
  ) {
    this.stream = options.stream ?? process.stderr;
    this.intervalMs = (options.intervalSeconds ?? 5) * 1000;
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.lastLineAt = this.startedAt;
    if (this.stream.isTTY) {
      this.bar = new cliProgress.SingleBar(
        { stream: this.stream, format: ` ${label} {bar} {value}/{total} ${unit} | eta {eta_formatted}`, hideCursor: true, etaBuffer: 20 },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, 0);
    } else {
      this.stream.write(`${label}: 0/${total} ${unit}\n`);
    }
  }

  update(done: number): void {
    this.done = done;
    if (this.bar) {
      this.bar.update(done);
      return;
    }
    const now = this.now();
    // The last count is left to stop(), which says the work is done.
    if (now - this.lastLineAt < this.intervalMs || done >= this.total) return;
    this.lastLineAt = now;
    this.stream.write(`${this.line(now)}\n`);
  }

  /** Ends the bar (or writes the last line); `finished` false says where the work stopped. */
  stop(finished = true): void {
    if (this.bar) {
      this.bar.stop();
      this.bar = null;
      return;
    }
    if (finished && this.done > 0) this.stream.write(`${this.line(this.now())}, done\n`);
  }

  private line(now: number): string {
    const seconds = (now - this.startedAt) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const eta = rate > 0 && this.done < this.total ? `, about ${Math.ceil((this.total - this.done) / rate)} s left` : '';
    return `${this.label}: ${this.done}/${this.total} ${this.unit} (${Math.floor((100 * this.done) / this.total)}%, ${rate.toFixed(1)} ${this.unit}/s${eta})`;
  }
}

/**
 * An AbortSignal that Ctrl-C (SIGINT) or SIGTERM aborts, so long work stops between batches with
 * one line instead of a stack trace; a second Ctrl-C quits at once. `release` removes the handlers.
 */
export function interruptSignal(what: string): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new InterruptedError(what));
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onInterrupt);
    },
  };
}

/** The reason an interrupted command stops with: a one-line message and exit status 130. */
export class InterruptedError extends CliError {
  override name = 'InterruptedError';
  constructor(what: string) {
    super(`interrupted: ${what} stopped before it finished; nothing was reported`, 130);
  }
}
