/** `genmodels sample <run>`: writes a grid (or scatter plot) of samples from a trained run. */
import { type Command, InvalidArgumentError } from 'commander';
import { isConditionalModel } from '@genmodels/core-nn';
import { prepareBackend } from '../backend.js';
import { CliError } from '../cli-error.js';
import { backendOption, collectSetting, integer, log, positiveInt, positiveNumber } from '../cli-options.js';
import { loadRun } from '../load-run.js';
import { isDiffusionModel, sampleDiffusion } from '../models/score-diffusion-commands.js';
import { writeSamples } from '../sample-writer.js';

export interface SampleCommandOptions {
  n: number;
  out: string;
  seed: number;
  backend?: string;
  temperature?: number;
  labels?: number[];
  scheduler?: string;
  steps?: number;
  /** Any other sampling option a model family understands (`--set key=value`). */
  set: Record<string, unknown>;
}

/**
 * The options handed to model.sample: the common ones (seed, temperature, labels) and the
 * family-specific ones (scheduler, numInferenceSteps, ...) that models ignore when they do not apply.
 */
export function sampleOptionsFrom(options: SampleCommandOptions, numClasses?: number): Record<string, unknown> {
  let labels = options.labels;
  if (labels && labels.length === 1 && options.n > 1) labels = new Array<number>(options.n).fill(labels[0]);
  if (labels && labels.length !== options.n) {
    throw new CliError(`--labels gave ${labels.length} labels for --n ${options.n} samples; give one label or exactly n`);
  }
  if (labels && numClasses !== undefined && labels.some((l) => l >= numClasses)) {
    throw new CliError(`--labels must be class indices below ${numClasses}`);
  }
  return {
    ...options.set,
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(labels ? { labels } : {}),
    ...(options.scheduler !== undefined ? { scheduler: options.scheduler } : {}),
    ...(options.steps !== undefined ? { numInferenceSteps: options.steps } : {}),
  };
}

export async function sampleCommand(runDir: string, options: SampleCommandOptions, log: (line: string) => void): Promise<void> {
  await prepareBackend(options.backend);
  const run = await loadRun(runDir, log);
  try {
    const extra = sampleOptionsFrom(options, isConditionalModel(run.model) ? run.model.numClasses : undefined);
    if (extra.labels && !isConditionalModel(run.model)) {
      throw new CliError(`${run.record.modelType} is not a conditional model; drop --labels`);
    }
    const layout = { imageShape: run.record.imageShape, range: run.record.sampleRange };
    if (isDiffusionModel(run.model)) await sampleDiffusion(run.model, layout, options.out, options.n, options.seed, extra, log);
    else await writeSamples(run.model, layout, options.out, options.n, options.seed, extra);
    log(`wrote ${options.n} samples from ${run.record.modelType} at step ${run.step} to ${options.out}`);
  } finally {
    run.model.dispose();
  }
}

function labelList(value: string): number[] {
  const labels = value.split(',').map((part) => Number(part.trim()));
  if (!labels.every((l) => Number.isInteger(l) && l >= 0)) throw new InvalidArgumentError('expected class indices, e.g. 3 or 0,1,2');
  return labels;
}

export function registerSampleCommand(program: Command): void {
  program
    .command('sample')
    .description('write a grid of samples from a trained run')
    .argument('<run>', 'run directory')
    .option('--n <n>', 'number of samples', positiveInt, 64)
    .option('--out <file>', 'PNG to write', 'samples.png')
    .option('--seed <n>', 'sampling seed', integer, 1)
    .option('--temperature <t>', 'sampling temperature (flows, autoregressive models)', positiveNumber)
    .option('--labels <list>', 'class labels for conditional models: one for all samples, or one per sample', labelList)
    .option('--scheduler <name>', 'sampler for diffusion and score models, e.g. ddpm, ddim, langevin')
    .option('--steps <n>', 'number of sampling steps (diffusion and score models)', positiveInt)
    .option('--set <key=value>', 'any other sampling option (repeatable)', collectSetting, {})
    .addOption(backendOption())
    .action(async (run: string, options) => {
      await sampleCommand(run, options, log);
    });
}
