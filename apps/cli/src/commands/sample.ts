/** `genmodels sample <run>`: writes a grid (or scatter plot) of samples from a trained run. */
import { type Command, InvalidArgumentError } from 'commander';
import { isConditionalModel } from '@genmodels/core-nn';
import { prepareBackend } from '../backend.js';
import { CliError } from '../cli-error.js';
import { backendOption, integer, log, positiveInt, positiveNumber } from '../cli-options.js';
import { loadRun } from '../load-run.js';
import { getModelEntry } from '../model-registry.js';
import type { ModelEntry } from '../model-entry.js';
import { isDiffusionModel, sampleDiffusion } from '../models/score-diffusion-commands.js';
import { readRunRecord } from '../run-record.js';
import { checkSampleOptions } from '../sample-options.js';
import { collectSetting } from '../settings.js';
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

/** The flag each sampling option comes from (the rest come from --set). */
const SAMPLE_FLAGS = { temperature: '--temperature', scheduler: '--scheduler', numInferenceSteps: '--steps' } as const;

/** Samples one grid can show; a scatter plot of 2-D points can take more. */
export const MAX_GRID_SAMPLES = 10_000;
export const MAX_SCATTER_SAMPLES = 1_000_000;

/** The labels for n samples: one label repeated, or one per sample, each a class index below numClasses. */
export function sampleLabels(labels: number[] | undefined, n: number, numClasses: number, modelType: string): number[] | undefined {
  if (!labels) return undefined;
  if (numClasses === 0) throw new CliError(`${modelType} is not a conditional model; drop --labels`);
  const all = labels.length === 1 && n > 1 ? new Array<number>(n).fill(labels[0]) : labels;
  if (all.length !== n) throw new CliError(`--labels gave ${labels.length} labels for --n ${n} samples; give one label or exactly n`);
  const bad = all.find((l) => l >= numClasses);
  if (bad !== undefined) throw new CliError(`--labels ${bad} is not a class of ${modelType}: give class indices below ${numClasses}`);
  return all;
}

/**
 * The options handed to model.sample: the model's own options (from --temperature, --scheduler,
 * --steps and --set), checked against its entry so that none is silently ignored.
 */
export function sampleOptionsFrom(entry: ModelEntry, options: SampleCommandOptions): Record<string, unknown> {
  return checkSampleOptions(
    entry,
    {
      ...options.set,
      ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
      ...(options.scheduler !== undefined ? { scheduler: options.scheduler } : {}),
      ...(options.steps !== undefined ? { numInferenceSteps: options.steps } : {}),
    },
    SAMPLE_FLAGS,
  );
}

export async function sampleCommand(runDir: string, options: SampleCommandOptions, log: (line: string) => void): Promise<void> {
  const record = readRunRecord(runDir);
  const entry = getModelEntry(record.modelType);
  const limit = record.imageShape ? MAX_GRID_SAMPLES : MAX_SCATTER_SAMPLES;
  if (options.n > limit) {
    throw new CliError(
      `--n ${options.n} is more than one ${record.imageShape ? 'image grid' : 'scatter plot'} can show (at most ${limit}); ` +
        'ask for fewer, or for sample-quality figures over many samples use `genmodels quality <run> --n N`, which draws them in batches',
    );
  }
  const extra = sampleOptionsFrom(entry, options);
  await prepareBackend(options.backend);
  const run = await loadRun(runDir, log);
  try {
    const numClasses = isConditionalModel(run.model) ? run.model.numClasses : 0;
    const labels = sampleLabels(options.labels, options.n, numClasses, record.modelType);
    const sampling = { ...extra, ...(labels ? { labels } : {}) };
    const layout = { imageShape: record.imageShape, range: record.sampleRange };
    if (isDiffusionModel(run.model)) await sampleDiffusion(run.model, layout, options.out, options.n, options.seed, sampling, log);
    else await writeSamples(run.model, layout, options.out, options.n, options.seed, sampling);
    log(`wrote ${options.n} samples from ${record.modelType} at step ${run.step} to ${options.out}`);
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
    .option('--set <key=value>', 'any other sampling option of the model, e.g. --set eta=0.5 (repeatable)', collectSetting, {})
    .addOption(backendOption())
    .action(async (run: string, options) => {
      await sampleCommand(run, options, log);
    });
}
