/** Thrown by the Trainer when a step's loss is NaN or infinite. */
export class NonFiniteLossError extends Error {
  readonly step: number;
  readonly value: number;
  readonly lastCheckpoint?: string;

  constructor(step: number, value: number, lastCheckpoint?: string) {
    super(
      `non-finite loss (${value}) at step ${step}; training stopped. ` +
        (lastCheckpoint
          ? `The last good checkpoint is ${lastCheckpoint}: resume from it with a lower learning rate or gradient clipping.`
          : 'No checkpoint was saved in this run; lower the learning rate or enable gradient clipping and start again.'),
    );
    this.name = 'NonFiniteLossError';
    this.step = step;
    this.value = value;
    this.lastCheckpoint = lastCheckpoint;
  }
}
