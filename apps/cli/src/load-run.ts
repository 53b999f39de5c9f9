/** Rebuilds a trained model from a run directory: its record, its model and its newest checkpoint. */
import type { GenerativeModel } from '@genmodels/core-nn';
import { loadCheckpoint } from '@genmodels/core-nn/node';
import { CliError } from './cli-error.js';
import type { ModelEntry } from './model-entry.js';
import { getModelEntry } from './model-registry.js';
import type { RunRecord } from './run-record.js';
import { readRunRecord } from './run-record.js';

export interface LoadedRun {
  record: RunRecord;
  entry: ModelEntry;
  model: GenerativeModel;
  step: number;
}

export async function loadRun(runDir: string, log: (line: string) => void): Promise<LoadedRun> {
  const record = readRunRecord(runDir);
  const entry = getModelEntry(record.modelType);
  const model = entry.create(record.model);
  try {
    const loaded = await loadCheckpoint(runDir, model, { onWarning: (message) => log(`warning: ${message}`) });
    if (!loaded) {
      throw new CliError(`${runDir} has no checkpoint yet; train it first (genmodels train ${record.modelType} --out ${runDir} --resume)`);
    }
    return { record, entry, model, step: loaded.state.step };
  } catch (error) {
    model.dispose();
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot load a checkpoint from ${runDir}: ${(error as Error).message}`);
  }
}
