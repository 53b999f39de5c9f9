/**
 * Thrown by saveCheckpoint when a weight or optimizer slot holds NaN or Inf: the losses up to the
 * step were finite (a loss is computed before its update), but the update itself overflowed.
 * Nothing is written, so the previous checkpoints stay the newest.
 */
export class NonFiniteWeightsError extends Error {
  readonly step: number;
  /** The first tensor found holding a NaN or Inf, e.g. 'generator/dense-0/kernel'. */
  readonly tensorName: string;
  readonly lastCheckpoint?: string;

  constructor(step: number, tensorName: string, lastCheckpoint?: string) {
    super(
      `non-finite values in ${tensorName} after step ${step} (the update overflowed although the losses were finite); ` +
        'training stopped and this state was not checkpointed. ' +
        (lastCheckpoint
          ? `The last good checkpoint is ${lastCheckpoint}: resume from it with a lower learning rate or gradient clipping.`
          : 'No checkpoint was saved in this run; lower the learning rate or enable gradient clipping and start again.'),
    );
    this.name = 'NonFiniteWeightsError';
    this.step = step;
    this.tensorName = tensorName;
    this.lastCheckpoint = lastCheckpoint;
  }
}
