import { DatasetError } from './dataset-error.js';
import type { Split } from './image-dataset.js';

/** Validates a split option (default 'train'). */
export function resolveSplit(split: unknown, loader: string): Split {
  if (split === undefined) return 'train';
  if (split === 'train' || split === 'test') return split;
  throw new DatasetError(`${loader}: unknown split ${JSON.stringify(split)}; expected 'train' or 'test'`);
}
