/**
 * Progress of a long computation counted in steps (a sampler's steps, DDIM inversion), and Ctrl-C
 * for it. The display is progress-reporter's (a bar on a terminal, a line every few seconds
 * otherwise); `interruptible` runs an abortable computation so that Ctrl-C (or SIGTERM) stops it
 * at the next step with a one-line message and exit code 130; a second Ctrl-C quits at once.
 */
import { CliError } from './cli-error.js';
import { startProgress } from './progress-reporter.js';

export interface StepProgress {
  /** `done` of `total` steps finished; `stage` names what the steps are doing now. */
  update(done: number, total: number, stage?: string): void;
  /** Ends the display (the bar, or a closing line). */
  stop(): void;
}

/** A progress display for `title` (e.g. "sampling with DDIM, 50 steps"), whose total may grow by phase. */
export function createStepProgress(title: string, stream: NodeJS.WriteStream = process.stderr): StepProgress {
  const progress = startProgress(title, 0, { stream });
  return {
    update: (done, total, stage) => progress.update(done, { total, ...(stage !== undefined ? { stage } : {}) }),
    stop: () => progress.done(),
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
