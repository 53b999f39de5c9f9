/** `genmodels sample <run>`: writes a grid (or scatter plot) of samples from a trained run. */
import { prepareBackend } from '../backend.js';
import { loadRun } from '../load-run.js';
import { writeSamples } from '../sample-writer.js';

export interface SampleCommandOptions {
  n: number;
  out: string;
  seed: number;
  backend?: string;
}

export async function sampleCommand(runDir: string, options: SampleCommandOptions, log: (line: string) => void): Promise<void> {
  await prepareBackend(options.backend);
  const run = await loadRun(runDir, log);
  try {
    await writeSamples(run.model, { imageShape: run.record.imageShape, range: run.record.sampleRange }, options.out, options.n, options.seed);
    log(`wrote ${options.n} samples from ${run.record.modelType} at step ${run.step} to ${options.out}`);
  } finally {
    run.model.dispose();
  }
}
