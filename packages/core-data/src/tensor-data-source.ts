import { gather, tensor1d, tidy, type Tensor, type Tensor1D } from '@tensorflow/tfjs-core';
import { DatasetError } from './dataset-error.js';
import { ShuffledBatches } from './shuffled-batches.js';

/**
 * What a trainer needs from data: a fixed number of batches per epoch, each a pure function of
 * (epoch, index). Structurally identical to @genmodels/core-nn's DataSource.
 */
export interface BatchSource<T> {
  readonly batchesPerEpoch: number;
  getBatch(epoch: number, index: number): T;
}

export interface TensorDataSourceOptions {
  batchSize: number;
  seed: number;
  shuffle?: boolean;
  dropRemainder?: boolean;
}

function checkAlive(x: Tensor, what: string): void {
  if (x.isDisposed) {
    throw new DatasetError(`${what}: the data tensor was disposed; keep it alive as long as the data source is used`);
  }
}

/**
 * Batches of the rows of `x` (axis 0 = examples) in ShuffledBatches order. getBatch gathers the
 * rows into a new tensor the caller owns. The source does not own `x`: keep it alive while the
 * source is in use and dispose it afterwards.
 */
export function tensorDataSource(x: Tensor, options: TensorDataSourceOptions): BatchSource<Tensor> {
  if (x.rank < 1) throw new DatasetError('tensorDataSource: x must have an examples axis (rank >= 1), found a scalar');
  const batches = new ShuffledBatches({ numExamples: x.shape[0], ...options });
  return {
    batchesPerEpoch: batches.batchesPerEpoch,
    getBatch(epoch: number, index: number): Tensor {
      const rows = batches.indices(epoch, index);
      checkAlive(x, 'tensorDataSource');
      return tidy(() => gather(x, tensor1d(rows, 'int32')));
    },
  };
}

/** Like tensorDataSource, over examples `x` and their `labels` (same rows of both). */
export function labeledTensorDataSource(
  x: Tensor,
  labels: Tensor1D,
  options: TensorDataSourceOptions,
): BatchSource<{ x: Tensor; labels: Tensor1D }> {
  if (x.rank < 1) {
    throw new DatasetError('labeledTensorDataSource: x must have an examples axis (rank >= 1), found a scalar');
  }
  if (labels.rank !== 1 || labels.shape[0] !== x.shape[0]) {
    throw new DatasetError(
      `labeledTensorDataSource: expected labels of shape [${x.shape[0]}] (one per row of x), found [${labels.shape.join(', ')}]`,
    );
  }
  const batches = new ShuffledBatches({ numExamples: x.shape[0], ...options });
  return {
    batchesPerEpoch: batches.batchesPerEpoch,
    getBatch(epoch: number, index: number): { x: Tensor; labels: Tensor1D } {
      const rows = batches.indices(epoch, index);
      checkAlive(x, 'labeledTensorDataSource');
      checkAlive(labels, 'labeledTensorDataSource (labels)');
      return tidy(() => {
        const idx = tensor1d(rows, 'int32');
        return { x: gather(x, idx), labels: gather(labels, idx) };
      });
    },
  };
}
