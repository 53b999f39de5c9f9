/**
 * `genmodels density <run>`: for a likelihood model trained on a 2-D set, writes the learned
 * density p(x) as a heat map next to model samples (one PNG), and prints the probability mass
 * inside the view (sum of p over the grid times the cell area), which should be close to 1.
 */
import { isConditionalModel, isLikelihoodModel } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import type { Command } from 'commander';
import { prepareBackend } from '../backend.js';
import { CliError } from '../cli-error.js';
import { backendOption, integer, log, positiveInt, positiveNumber } from '../cli-options.js';
import { type DensityView, gridPoints, writeDensityPlot } from '../density-plot.js';
import { loadRun } from '../load-run.js';
import { checkSampleOptions } from '../sample-options.js';
import { disposeTrainingData, loadTrainingData } from '../training-data.js';

export interface DensityOptions {
  out: string;
  grid: number;
  samples: number;
  seed: number;
  temperature?: number;
  backend?: string;
}

export interface DensityResult {
  view: DensityView;
  /** Sum of p(x) over the grid times the cell area. */
  massInView: number;
}

const CHUNK = 8192;

export async function densityCommand(runDir: string, options: DensityOptions, log: (line: string) => void): Promise<DensityResult> {
  await prepareBackend(options.backend);
  const run = await loadRun(runDir, log);
  const { model, record } = run;
  try {
    if (record.imageShape) throw new CliError(`density plots are for 2-D sets; ${runDir} was trained on ${record.dataset} images`);
    if (!isLikelihoodModel(model)) throw new CliError(`${record.modelType} has no exact density (logProb) to plot`);
    const sampling = checkSampleOptions(run.entry, options.temperature !== undefined ? { temperature: options.temperature } : {}, { temperature: '--temperature' });
    if (isConditionalModel(model) && model.numClasses > 0) log('conditional model: plotting the class-marginal density');
    const data = loadTrainingData(record.dataset, { ...run.entry.dataRequest('points'), dir: record.dataDir, seed: record.seed });
    let view: DensityView;
    try {
      const values = await data.test.data();
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of values) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      const margin = 0.15 * (hi - lo);
      view = { lo: lo - margin, hi: hi + margin };
    } finally {
      disposeTrainingData(data);
    }
    const points = gridPoints(view, options.grid);
    const density = new Float32Array(options.grid * options.grid);
    for (let start = 0; start < density.length; start += CHUNK) {
      const count = Math.min(CHUNK, density.length - start);
      const p = tf.tidy(() => tf.exp(model.logProb(tf.tensor2d(points.subarray(2 * start, 2 * (start + count)), [count, 2]))));
      density.set(await p.data(), start);
      p.dispose();
    }
    const cellArea = ((view.hi - view.lo) / options.grid) ** 2;
    const massInView = density.reduce((sum, v) => sum + (Number.isFinite(v) ? v : 0), 0) * cellArea;
    const samples = model.sample(options.samples, { ...sampling, seed: options.seed });
    const sampleValues = await samples.data();
    samples.dispose();
    writeDensityPlot(options.out, view, options.grid, density, sampleValues);
    log(
      `wrote the density of ${record.modelType} at step ${run.step} (left, ${options.grid}x${options.grid} grid on [${view.lo.toFixed(2)}, ${view.hi.toFixed(2)}]^2) ` +
        `and ${options.samples} samples (right) to ${options.out}; probability mass in view: ${massInView.toFixed(4)}`,
    );
    return { view, massInView };
  } finally {
    model.dispose();
  }
}

export function registerDensityCommand(program: Command): void {
  program
    .command('density')
    .description('heat map of the learned density of a 2-D likelihood model next to its samples (PNG)')
    .argument('<run>', 'run directory (trained on two-moons, eight-gaussians, checkerboard or swiss-roll)')
    .option('--out <file>', 'PNG to write', 'density.png')
    .option('--grid <n>', 'grid cells per axis', positiveInt, 200)
    .option('--samples <n>', 'samples drawn for the scatter plot', positiveInt, 2000)
    .option('--seed <n>', 'sampling seed', integer, 1)
    .option('--temperature <t>', 'sampling temperature', positiveNumber)
    .addOption(backendOption())
    .action(async (run: string, options) => {
      await densityCommand(run, options, log);
    });
}
