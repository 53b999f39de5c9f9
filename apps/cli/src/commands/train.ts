/** `genmodels train <model>`: trains a model on a dataset into a run directory, resumably. */
import { existsSync, readdirSync } from 'node:fs';
import type { Command } from 'commander';
import { join } from 'node:path';
import type { TrainerCallback } from '@genmodels/core-nn';
import { NonFiniteLossError, SampleMonitor, Trainer } from '@genmodels/core-nn';
import { Checkpoint, MetricsLogger, loadCheckpoint } from '@genmodels/core-nn/node';
import { isImageDatasetName, labeledTensorDataSource, tensorDataSource } from '@genmodels/core-data';
import { prepareBackend } from '../backend.js';
import { CliError } from '../cli-error.js';
import { backendOption, collectSetting, integer, log, nonNegativeNumber, positiveInt, positiveNumber, unitList } from '../cli-options.js';
import { MODEL_TYPES, getModelEntry, listModels } from '../model-registry.js';
import type { ModelFlags } from '../model-entry.js';
import { diffusionSampleMonitor, isDiffusionModel, writeDiffusionPreview } from '../models/score-diffusion-commands.js';
import { ProgressReporter } from '../progress-reporter.js';
import type { RunRecord } from '../run-record.js';
import { readRunRecord, writeRunRecord } from '../run-record.js';
import { writeSamples, writeTensorSamples } from '../sample-writer.js';
import { DATASET_NAMES, disposeTrainingData, loadTrainingData } from '../training-data.js';

export interface TrainOptions {
  dataset: string;
  dataDir?: string;
  epochs: number;
  batchSize: number;
  out: string;
  maxSteps?: number;
  resume: boolean;
  seed: number;
  logEvery: number;
  checkpointEvery: number;
  sampleEvery?: number;
  numSamples: number;
  backend?: string;
  model: ModelFlags;
}

function hasRun(runDir: string): boolean {
  if (existsSync(join(runDir, 'config.json'))) return true;
  const checkpoints = join(runDir, 'checkpoints');
  return existsSync(checkpoints) && readdirSync(checkpoints).length > 0;
}

export async function trainCommand(modelType: string, options: TrainOptions, log: (line: string) => void): Promise<void> {
  const entry = getModelEntry(modelType);
  if (!DATASET_NAMES.includes(options.dataset)) {
    throw new CliError(`unknown dataset "${options.dataset}"; choose one of: ${DATASET_NAMES.join(', ')}`);
  }
  let previous: RunRecord | null = null;
  if (options.resume) {
    previous = readRunRecord(options.out, modelType);
    if (options.dataset !== previous.dataset) {
      throw new CliError(`${options.out} was trained on ${previous.dataset}, not ${options.dataset}; resume with --dataset ${previous.dataset}`);
    }
    if (options.batchSize !== previous.batchSize) {
      throw new CliError(
        `${options.out} was trained with --batch-size ${previous.batchSize}; resuming with ${options.batchSize} would change the data order`,
      );
    }
  } else if (hasRun(options.out)) {
    throw new CliError(`${options.out} already holds a run; pass --resume to continue it, or choose another --out`);
  }
  const seed = previous?.seed ?? options.seed;

  const backend = await prepareBackend(options.backend);
  log(`backend: ${backend.name} (${backend.threads} thread${backend.threads === 1 ? '' : 's'})`);

  const data = loadTrainingData(options.dataset, {
    ...entry.dataRequest(isImageDatasetName(options.dataset) ? 'image' : 'points'),
    dir: options.dataDir ?? previous?.dataDir,
    seed,
  });
  if (!entry.dataKinds.includes(data.kind)) {
    disposeTrainingData(data);
    throw new CliError(`model ${modelType} does not train on ${data.kind === 'image' ? 'images' : '2-D points'} (${options.dataset})`);
  }
  const config = previous?.model ?? entry.buildConfig(data, options.model, seed);
  const model = (() => {
    try {
      return entry.create(config);
    } catch (error) {
      disposeTrainingData(data);
      throw new CliError((error as Error).message);
    }
  })();
  const record: RunRecord = previous ?? {
    format: 'genmodels-run',
    formatVersion: 1,
    modelType,
    model: config,
    dataset: options.dataset,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    preprocessing: data.preprocessing,
    imageShape: data.imageShape,
    sampleRange: entry.sampleRange ?? 'unit',
    seed,
    batchSize: options.batchSize,
    epochs: options.epochs,
    ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
    createdAt: new Date().toISOString(),
  };
  if (!previous) writeRunRecord(options.out, record);

  let initialState;
  let resumedFrom: string | undefined;
  if (options.resume) {
    const loaded = await loadCheckpoint(options.out, model, { onWarning: (message) => log(`warning: ${message}`) });
    if (loaded) {
      initialState = loaded.state;
      resumedFrom = loaded.path;
      log(`resuming ${options.out} from step ${loaded.state.step} (${loaded.path})`);
    } else {
      log(`warning: ${options.out} has no checkpoint yet; starting from step 0`);
    }
  }

  const batching = { batchSize: options.batchSize, seed };
  const source = entry.conditional
    ? labeledTensorDataSource(data.train, data.trainLabels, batching)
    : tensorDataSource(data.train, batching);
  const totalSteps = Math.min(options.maxSteps ?? Infinity, options.epochs * source.batchesPerEpoch);
  const layout = { imageShape: record.imageShape, range: record.sampleRange };
  const callbacks: TrainerCallback[] = [
    new MetricsLogger(options.out),
    new Checkpoint({ runDir: options.out, everySteps: options.checkpointEvery }),
    new ProgressReporter(totalSteps),
  ];
  if (options.sampleEvery && isDiffusionModel(model)) {
    callbacks.push(diffusionSampleMonitor(model, options.sampleEvery, options.numSamples, seed, (samples, step) => writeTensorSamples(samples, layout, join(options.out, 'samples', `step-${step}.png`)), log));
  } else if (options.sampleEvery) {
    callbacks.push(
      new SampleMonitor({
        everySteps: options.sampleEvery,
        numSamples: options.numSamples,
        seed,
        write: (samples, step) => writeTensorSamples(samples, layout, join(options.out, 'samples', `step-${step}.png`)),
      }),
    );
  }
  const trainer = new Trainer({
    epochs: options.epochs,
    maxSteps: options.maxSteps,
    logEvery: options.logEvery,
    callbacks,
    seed,
    batchSize: options.batchSize,
  });

  // A non-finite loss right after resuming still names the checkpoint to go back to.
  trainer.lastCheckpointPath = resumedFrom;

  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts === 1) {
      log('\ninterrupted: finishing this step and saving a checkpoint (Ctrl-C again to quit without saving)');
      trainer.stop();
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  try {
    const result = await trainer.fit(model, source, initialState ? { initialState } : undefined);
    const samplesPath = join(options.out, 'samples.png');
    if (isDiffusionModel(model)) await writeDiffusionPreview(model, layout, samplesPath, options.numSamples, seed, log);
    else await writeSamples(model, layout, samplesPath, options.numSamples, seed);
    log(`${result.reason === 'stopped' ? 'stopped' : 'finished'} at step ${result.state.step}; checkpoint, metrics.jsonl and ${samplesPath} are in ${options.out}`);
    if (result.reason === 'stopped') process.exitCode = 130;
  } catch (error) {
    if (error instanceof NonFiniteLossError) throw new CliError(error.message);
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    model.dispose();
    disposeTrainingData(data);
  }
}

export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description(`train a model: ${MODEL_TYPES.join(', ')}`)
    .argument('<model>', listModels().map((m) => `${m.modelType}: ${m.summary}`).join('; '))
    .requiredOption('--out <dir>', 'run directory (config, checkpoints, metrics.jsonl, samples)')
    .option('--dataset <name>', `dataset: ${DATASET_NAMES.join(', ')}`, 'mnist')
    .option('--data-dir <dir>', 'directory holding the dataset IDX files')
    .option('--epochs <n>', 'epochs', positiveInt, 10)
    .option('--batch-size <n>', 'batch size', positiveInt, 128)
    .option('--max-steps <n>', 'stop after this many steps in total', positiveInt)
    .option('--resume', 'continue the run in --out from its newest checkpoint', false)
    .option('--seed <n>', 'run seed (weights, data order, noise)', integer, 1)
    .option('--log-every <n>', 'read metrics back every n steps', positiveInt, 50)
    .option('--checkpoint-every <n>', 'checkpoint every n steps (and always at the end)', positiveInt, 500)
    .option('--sample-every <n>', 'write a fixed-seed sample grid every n steps', positiveInt)
    .option('--num-samples <n>', 'samples in each grid', positiveInt, 64)
    .option('--latent-dim <n>', 'latent dimension', positiveInt)
    .option('--hidden <units>', 'hidden layer widths, e.g. 512,256', unitList)
    .option('--lr <rate>', 'learning rate', positiveNumber)
    .option('--beta <beta>', 'KL weight (beta-VAE)', nonNegativeNumber)
    .option('--set <key=value>', 'override any model config key (repeatable)', collectSetting, {})
    .addOption(backendOption())
    .action(async (model: string, options) => {
      await trainCommand(
        model,
        {
          dataset: options.dataset,
          dataDir: options.dataDir,
          epochs: options.epochs,
          batchSize: options.batchSize,
          out: options.out,
          maxSteps: options.maxSteps,
          resume: options.resume,
          seed: options.seed,
          logEvery: options.logEvery,
          checkpointEvery: options.checkpointEvery,
          sampleEvery: options.sampleEvery,
          numSamples: options.numSamples,
          backend: options.backend,
          model: {
            latentDim: options.latentDim,
            hiddenUnits: options.hidden,
            learningRate: options.lr,
            beta: options.beta,
            overrides: options.set,
          },
        },
        log,
      );
    });
}
