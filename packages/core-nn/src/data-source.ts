/**
 * What the Trainer needs from data: a fixed number of batches per epoch, each batch a pure
 * function of (epoch, index). Because the order is derived, not consumed, a run can be
 * resumed from a checkpoint's (epoch, index) cursor and see exactly the batches it would have
 * seen uninterrupted. `@genmodels/core-data` builds these from datasets.
 */
export interface DataSource<TBatch> {
  readonly batchesPerEpoch: number;
  /**
   * The batch at position `index` (0-based) of `epoch` (0-based). Called inside the Trainer's
   * tf.tidy, so tensors it creates are freed after the step.
   */
  getBatch(epoch: number, index: number): TBatch;
}
