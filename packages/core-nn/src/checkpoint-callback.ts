import { removeIncompleteCheckpoints, saveCheckpoint } from './checkpoint-store.js';
import type { CallbackContext, StopReason, TrainerCallback, TrainLogs } from './trainer.js';

export interface CheckpointOptions {
  runDir: string;
  /** Save every this many steps. */
  everySteps: number;
  /** How many checkpoints to keep (default 3). */
  keep?: number;
  /** Extra JSON state stored in state.json (e.g. an EMA decay or data-pipeline cursor). */
  extraState?: () => Record<string, unknown>;
}

/**
 * Saves a checkpoint every `everySteps` steps and when training ends for any reason other
 * than an error (including stop(), e.g. from a SIGINT handler). Before each save it asks the
 * Trainer to verify the losses since the last read, so a NaN step is never checkpointed, and
 * saveCheckpoint refuses non-finite weights. On train begin it removes what an interrupted save
 * left (`.partial` directories): the callback is the run directory's writer (hold a RunDirLock
 * so that no second process writes there). Sets `trainer.lastCheckpointPath`.
 */
export class Checkpoint implements TrainerCallback {
  private lastSavedStep = -1;
  lastPath?: string;

  constructor(private readonly options: CheckpointOptions) {
    if (!(Number.isInteger(options.everySteps) && options.everySteps > 0)) {
      throw new Error(`Checkpoint: everySteps must be a positive integer, got ${options.everySteps}`);
    }
  }

  async onTrainBegin(ctx: CallbackContext): Promise<void> {
    // A resumed run starts at a step that is already saved.
    this.lastSavedStep = ctx.state.step > 0 ? ctx.state.step : -1;
    await removeIncompleteCheckpoints(this.options.runDir);
  }

  private async save(ctx: CallbackContext): Promise<void> {
    await ctx.trainer.verifyFiniteLoss();
    const path = await saveCheckpoint(this.options.runDir, {
      model: ctx.model,
      state: ctx.state,
      extraState: this.options.extraState?.(),
      keep: this.options.keep,
    });
    this.lastSavedStep = ctx.state.step;
    this.lastPath = path;
    ctx.trainer.lastCheckpointPath = path;
  }

  async onBatchEnd(_logs: TrainLogs | undefined, ctx: CallbackContext): Promise<void> {
    if (ctx.state.step % this.options.everySteps === 0 && ctx.state.step !== this.lastSavedStep) await this.save(ctx);
  }

  async onTrainEnd(ctx: CallbackContext & { reason: StopReason }): Promise<void> {
    if (ctx.state.step !== this.lastSavedStep) await this.save(ctx);
  }
}
