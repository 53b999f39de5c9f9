import { DatasetError } from './dataset-error.js';
import { createRandom, hashSeed, permutation } from './prng.js';

export interface ShuffledBatchesOptions {
  numExamples: number;
  batchSize: number;
  /** Any safe integer. */
  seed: number;
  /** Default true; false keeps the natural order 0..n-1 every epoch. */
  shuffle?: boolean;
  /** Default true: drop the last partial batch. False: the last batch of an epoch may be smaller. */
  dropRemainder?: boolean;
}

/** Tag mixed into the order seed so data order and other uses of the same run seed differ. */
const ORDER_TAG = 0x0bd3;

/**
 * Seeded, resumable batch order. The order of each epoch is a pure function of (seed, epoch): a
 * Fisher-Yates permutation drawn from mulberry32 seeded by a hash of (seed, epoch). Nothing is
 * consumed, so a run resumed at (epoch, index) sees exactly the batches it would have seen.
 */
export class ShuffledBatches {
  readonly numExamples: number;
  readonly batchSize: number;
  readonly batchesPerEpoch: number;
  readonly seed: number;
  readonly shuffle: boolean;
  readonly dropRemainder: boolean;
  private cachedEpoch = -1;
  private cachedOrder: Int32Array | null = null;

  constructor(options: ShuffledBatchesOptions) {
    const { numExamples, batchSize, seed } = options;
    if (!Number.isInteger(numExamples) || numExamples < 1) {
      throw new DatasetError(`ShuffledBatches: numExamples must be a positive integer, found ${numExamples}`);
    }
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new DatasetError(`ShuffledBatches: batchSize must be a positive integer, found ${batchSize}`);
    }
    if (!Number.isSafeInteger(seed)) {
      throw new DatasetError(`ShuffledBatches: seed must be a safe integer, found ${seed}`);
    }
    this.numExamples = numExamples;
    this.batchSize = batchSize;
    this.seed = seed;
    this.shuffle = options.shuffle ?? true;
    this.dropRemainder = options.dropRemainder ?? true;
    this.batchesPerEpoch = this.dropRemainder
      ? Math.floor(numExamples / batchSize)
      : Math.ceil(numExamples / batchSize);
    if (this.batchesPerEpoch === 0) {
      throw new DatasetError(
        `ShuffledBatches: batchSize ${batchSize} is larger than the ${numExamples} examples, so with dropRemainder ` +
          'there is no full batch; use a smaller batchSize or dropRemainder: false',
      );
    }
  }

  /** The order of all examples in `epoch` (a fresh copy). */
  epochOrder(epoch: number): Int32Array {
    return this.order(epoch).slice();
  }

  /** Example indices of batch `index` (0-based) of `epoch` (0-based). */
  indices(epoch: number, index: number): Int32Array {
    if (!Number.isInteger(index) || index < 0 || index >= this.batchesPerEpoch) {
      throw new DatasetError(
        `ShuffledBatches: batch index ${index} is out of range: expected an integer in [0, ${this.batchesPerEpoch - 1}] ` +
          `(${this.batchesPerEpoch} batches of ${this.batchSize} per epoch over ${this.numExamples} examples)`,
      );
    }
    const start = index * this.batchSize;
    const end = Math.min(start + this.batchSize, this.numExamples);
    return this.order(epoch).slice(start, end);
  }

  private order(epoch: number): Int32Array {
    if (!Number.isSafeInteger(epoch) || epoch < 0) {
      throw new DatasetError(`ShuffledBatches: epoch must be a non-negative integer, found ${epoch}`);
    }
    if (epoch !== this.cachedEpoch || this.cachedOrder === null) {
      if (this.shuffle) {
        this.cachedOrder = permutation(this.numExamples, createRandom(hashSeed(ORDER_TAG, this.seed, epoch)));
      } else {
        const order = new Int32Array(this.numExamples);
        for (let i = 0; i < order.length; i++) order[i] = i;
        this.cachedOrder = order;
      }
      this.cachedEpoch = epoch;
    }
    return this.cachedOrder;
  }
}
