/**
 * Progress of a long computation counted in steps (a sampler's steps, DDIM inversion), and Ctrl-C
 * for it: a cli-progress bar on a terminal; otherwise (CI logs, pipes) a line when it starts, one
 * every few seconds (GENMODELS_PROGRESS_SECONDS, default 5) and one when it ends. `interruptible`
 * runs an abortable computation so that Ctrl-C (or SIGTERM) stops it at the next step with a
 * one-line message and exit code 130; a second Ctrl-C quits at once.
 */
import cliProgress from 'cli-progress';
import { CliError } from './cli-error.js';

export interface StepProgress {
  /** `done` of `total` steps finished; `stage` names what the steps are doing now. */
  update(done: number, total: number, stage?: string): void;
  /** Ends the display (the bar, or a closing line when every step was done). */
  stop(): void;
}

function lineInterval(): number {
  const seconds = Number(process.env.GENMODELS_PROGRESS_SECONDS ?? 5);
  return (Number.isFinite(seconds) && seconds >= 0 ? seconds : 5) * 1000;
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  return seconds < 90 ? `${Math.round(seconds)} s` : `${(seconds / 60).toFixed(1)} min`;
}

/** A progress display for `title` (e.g. "sampling with DDIM, 50 steps"). */
export function createStepProgress(title: string, stream: NodeJS.WriteStream = process.stderr): StepProgress {
  const started = Date.now();
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: ` ${title} {bar} {value}/{total} {stage} | eta {eta_formatted}`, hideCursor: true, etaBuffer: 20, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    let begun = false;
    return {
      update(done, total, stage = '') {
        if (!begun) {
          bar.start(total, done, { stage });
          begun = true;
        } else {
          bar.setTotal(total);
          bar.update(done, { stage });
        }
      },
      stop() {
        if (begun) bar.stop();
      },
    };
  }
  const every = lineInterval();
  let last = started;
  let latest = { done: 0, total: 0 };
  stream.write(`${title}: started\n`);
  return {
    update(done, total, stage) {
      latest = { done, total };
      const now = Date.now();
      if (now - last < every || done === total) return;
      last = now;
      const elapsed = (now - started) / 1000;
      const rate = done / Math.max(elapsed, 1e-3);
      stream.write(`${title}: ${stage ? `${stage} ` : ''}step ${done}/${total}, ${rate.toFixed(2)} steps/s, about ${formatSeconds((total - done) / rate)} left\n`);
    },
    stop() {
      if (latest.total > 0 && latest.done === latest.total) stream.write(`${title}: done, ${latest.total} steps in ${formatSeconds((Date.now() - started) / 1000)}\n`);
    },
  };
}

function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted && (error === signal.reason || (error instanceof Error && error.name === 'AbortError'));
}

/**
 * Runs `work` with a signal that Ctrl-C / SIGTERM aborts; an aborted run becomes a one-line
 * CliError (exit code 130) saying `what` stopped and that nothing was written.
 */
export async function interruptible<T>(what: string, work: (signal: AbortSignal) => Promise<T>, log: (line: string) => void): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    log(`\ninterrupted: stopping ${what} after this step (Ctrl-C again to quit at once)`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } catch (error) {
    if (isAbort(error, controller.signal)) throw new CliError(`interrupted: ${what} stopped; nothing was written`, 130);
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
