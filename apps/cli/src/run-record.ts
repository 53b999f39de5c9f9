/**
 * What a run directory records about how it was made (config.json): enough to rebuild the model,
 * reload the same data and continue or evaluate the run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelConfig } from '@genmodels/core-nn';
import { readRunConfig, writeRunConfig } from '@genmodels/core-nn/node';
import { CliError } from './cli-error.js';

export interface RunRecord {
  format: 'genmodels-run';
  formatVersion: 1;
  modelType: string;
  model: ModelConfig;
  dataset: string;
  dataDir?: string;
  preprocessing: string;
  /** [height, width, channels] of one image for sample grids, null for 2-D points. */
  imageShape: [number, number, number] | null;
  /** Value range of the model's samples. */
  sampleRange: 'unit' | 'symmetric';
  seed: number;
  batchSize: number;
  epochs: number;
  maxSteps?: number;
  createdAt: string;
}

export function writeRunRecord(runDir: string, record: RunRecord): void {
  writeRunConfig(runDir, record as unknown as Record<string, unknown>);
}

/** Reads a run's record, with one-line errors for a missing or foreign directory. */
export function readRunRecord(runDir: string, expectedModelType?: string): RunRecord {
  if (!existsSync(runDir)) throw new CliError(`run directory not found: ${runDir}`);
  if (!existsSync(join(runDir, 'config.json'))) {
    throw new CliError(`not a genmodels run directory (no config.json): ${runDir}`);
  }
  let record: RunRecord;
  try {
    record = readRunConfig(runDir) as unknown as RunRecord;
  } catch (error) {
    throw new CliError(`cannot read ${join(runDir, 'config.json')}: ${(error as Error).message}`);
  }
  if (record.format !== 'genmodels-run' || typeof record.modelType !== 'string') {
    throw new CliError(`${join(runDir, 'config.json')} is not a genmodels run record`);
  }
  if (expectedModelType && record.modelType !== expectedModelType) {
    throw new CliError(
      `${runDir} holds a "${record.modelType}" run, not "${expectedModelType}"; resume it with \`genmodels train ${record.modelType} --out ${runDir} --resume\` or choose another --out`,
    );
  }
  return record;
}
