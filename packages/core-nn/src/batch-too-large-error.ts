import type { MemoryBudget } from './memory-budget.js';

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  return `${Math.max(1, Math.round(bytes / 1024 ** 2))} MiB`;
}

/**
 * Thrown before a batch runs whose intermediates would not fit the backend's memory. The message
 * is one line naming the batch size that fits (`maxBatchSize`; 0 when not even one example fits);
 * apps replace "a batch size" with their own flag.
 */
export class BatchTooLargeError extends RangeError {
  readonly batchSize: number;
  readonly maxBatchSize: number;
  readonly neededBytes: number;
  readonly budget: MemoryBudget;

  constructor(what: string, batchSize: number, maxBatchSize: number, neededBytes: number, budget: MemoryBudget) {
    super(
      maxBatchSize > 0
        ? `${what}: a batch of ${batchSize} needs about ${formatBytes(neededBytes)} for its intermediates but the ${budget.source} leaves ` +
            `${formatBytes(budget.workingSetBytes)}; use a batch size of ${maxBatchSize} or less`
        : `${what}: one example needs about ${formatBytes(neededBytes)} for its intermediates but the ${budget.source} leaves ` +
            `${formatBytes(budget.workingSetBytes)}; use a smaller model or a backend with more memory`,
    );
    this.name = 'BatchTooLargeError';
    this.batchSize = batchSize;
    this.maxBatchSize = maxBatchSize;
    this.neededBytes = neededBytes;
    this.budget = budget;
  }
}
