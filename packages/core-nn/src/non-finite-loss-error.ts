/**
 * Thrown by the Trainer when a step's loss is NaN or infinite: `metric` names which loss ('loss',
 * or a player's loss such as 'g/loss'), `step` the step that produced it. No checkpoint is written
 * after that step; `lastCheckpoint` is the newest one written before it, if any.
 */
export class NonFiniteLossError extends Error {
  readonly step: number;
  readonly value: number;
  readonly metric: string;
  readonly lastCheckpoint?: string;

  constructor(step: number, value: number, lastCheckpoint?: string, metric = 'loss') {
    super(
      `non-finite ${metric} (${value}) at step ${step}; training stopped and no checkpoint was written after it. ` +
        (lastCheckpoint
          ? `The last good checkpoint is ${lastCheckpoint}: resume from it with a lower learning rate or gradient clipping.`
          : 'No checkpoint was saved in this run; lower the learning rate or enable gradient clipping and start again.'),
    );
    this.name = 'NonFiniteLossError';
    this.step = step;
    this.value = value;
    this.metric = metric;
    this.lastCheckpoint = lastCheckpoint;
  }
}
