/** `genmodels sample <run>`: writes a grid (or scatter plot) of samples from a trained run. */
import type { Command } from 'commander';
import { prepareBackend } from '../backend.js';
import { backendOption, integer, log, positiveInt } from '../cli-options.js';
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

export function registerSampleCommand(program: Command): void {
  program
    .command('sample')
    .description('write a grid of samples from a trained run')
    .argument('<run>', 'run directory')
    .option('--n <n>', 'number of samples', positiveInt, 64)
    .option('--out <file>', 'PNG to write', 'samples.png')
    .option('--seed <n>', 'sampling seed', integer, 1)
    .addOption(backendOption())
    .action(async (run: string, options) => {
      await sampleCommand(run, options, log);
    });
}
