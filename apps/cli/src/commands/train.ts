/** `genmodels train <model>`: trains a model on a dataset into a run directory, resumably. */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { join } from 'node:path';
import type { TrainerCallback } from '@genmodels/core-nn';
import { NonFiniteLossError, NonFiniteWeightsError, SampleMonitor, Trainer } from '@genmodels/core-nn';
import { Checkpoint, MetricsLogger, RunDirLock, RunDirLockedError, loadCheckpoint } from '@genmodels/core-nn/node';
import { isImageDatasetName, labeledTensorDataSource, tensorDataSource } from '@genmodels/core-data';
import { prepareBackend } from '../backend.js';
import { CliError } from '../cli-error.js';
import { backendOption, integer, log, nonNegativeNumber, positiveInt, positiveNumber, unitList } from '../cli-options.js';
import { MODEL_TYPES, getModelEntry, listModels } from '../model-registry.js';
import { type ModelEntry, type ModelFlags, TRAIN_FLAGS, type TrainFlag } from '../model-entry.js';
import { diffusionSampleMonitor, isDiffusionModel, writeDiffusionPreview } from '../models/score-diffusion-commands.js';
import { ProgressReporter } from '../progress-reporter.js';
import type { RunRecord } from '../run-record.js';
import { readRunRecord, writeRunRecord } from '../run-record.js';
import { writeSamples, writeTensorSamples } from '../sample-writer.js';
import { collectSetting } from '../settings.js';
import { DATASET_NAMES, type TrainingData, disposeTrainingData, loadTrainingData } from '../training-data.js';

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
  /** `--set key=value` settings of the model config. */
  settings: Record<string, unknown>;
}

function hasRun(runDir: string): boolean {
  if (existsSync(join(runDir, 'config.json'))) return true;
  const checkpoints = join(runDir, 'checkpoints');
  return existsSync(checkpoints) && readdirSync(checkpoints).length > 0;
}

/** The model flags given, by name. */
function givenFlags(flags: ModelFlags): TrainFlag[] {
  return (Object.keys(TRAIN_FLAGS) as TrainFlag[]).filter((flag) => flags[flag] !== undefined);
}

/** Refuses flags that would be silently ignored: ones the model does not take on this data. */
function checkFlags(entry: ModelEntry, kind: TrainingData['kind'], options: TrainOptions): void {
  const given = givenFlags(options.model);
  const allowed = entry.trainFlags(kind);
  const refused = given.filter((flag) => !allowed.includes(flag));
  if (refused.length > 0) {
    const takes = allowed.length > 0 ? `it takes ${allowed.map((flag) => TRAIN_FLAGS[flag]).join(', ')}` : 'it takes none of --latent-dim, --hidden, --lr, --beta';
    throw new CliError(
      `${refused.map((flag) => TRAIN_FLAGS[flag]).join(', ')} ${refused.length === 1 ? 'does' : 'do'} not apply to ${entry.modelType}${kind === 'points' ? ' on 2-D points' : ''}: ${takes} (other settings with --set key=value)`,
    );
  }
}

/** The first path at which two JSON values differ, with both values, or undefined when equal. */
function firstDifference(a: unknown, b: unknown, path = ''): { path: string; a: unknown; b: unknown } | undefined {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) {
      const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      if (found) return found;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : { path, a, b };
}

/**
 * On --resume the model comes from config.json. Model flags and --set are accepted when they
 * describe that same config (the training command repeated with --resume), refused otherwise.
 */
function checkResumeSettings(entry: ModelEntry, data: TrainingData, options: TrainOptions, stored: unknown, seed: number): void {
  const given = [...givenFlags(options.model).map((flag) => TRAIN_FLAGS[flag]), ...(Object.keys(options.settings).length > 0 ? ['--set'] : [])];
  if (given.length === 0) return;
  const wanted = entry.buildConfig(data, options.model, options.settings, seed);
  const difference = firstDifference(wanted, stored);
  if (difference) {
    throw new CliError(
      `${given.join(', ')} would change ${difference.path} from ${JSON.stringify(difference.b) ?? 'unset'} to ${JSON.stringify(difference.a) ?? 'unset'}, ` +
        `but a resumed run keeps the model in ${join(options.out, 'config.json')}; drop the model settings, or train a new run into another --out`,
    );
  }
}

/** --out must be a directory (or not exist yet). */
function checkOut(out: string): void {
  if (existsSync(out) && !statSync(out).isDirectory()) throw new CliError(`--out ${out} is a file, not a directory; choose a directory for the run`);
}

function lockRun(out: string, modelType: string, log: (line: string) => void): RunDirLock {
  try {
    const lock = RunDirLock.acquire(out, { command: `genmodels train ${modelType}` });
    if (lock.tookOverFrom) log(`warning: took over the lock of process ${lock.tookOverFrom.pid}, which no longer runs (killed or crashed)`);
    return lock;
  } catch (error) {
    if (error instanceof RunDirLockedError) throw new CliError(`another process is writing this run: ${error.message}`, 1);
    throw error;
  }
}

/** What to say when training fails for lack of space: where the run stands and how to continue. */
function diskFullError(error: NodeJS.ErrnoException, out: string, modelType: string, lastCheckpoint: string | undefined): CliError {
  const what = error.code === 'EDQUOT' ? 'disk quota exceeded' : 'no space left on the device';
  return new CliError(
    `${what} while writing ${out} (${error.code}); ` +
      `${lastCheckpoint ? `the last complete checkpoint is ${lastCheckpoint}` : 'no checkpoint of this run is complete'} (no partial checkpoint was left behind); ` +
      `after freeing space continue with: genmodels train ${modelType} --out ${out} --resume`,
    1,
  );
}

/** A NaN/Inf stop in the CLI's words: what went non-finite where, what was kept, what to do. */
function nonFiniteError(error: NonFiniteLossError | NonFiniteWeightsError, out: string): CliError {
  const what =
    error instanceof NonFiniteLossError
      ? `non-finite ${error.metric} (${error.value}) at step ${error.step}`
      : `non-finite values in ${error.tensorName} after step ${error.step} (the update overflowed although the losses were finite)`;
  const kept = error.lastCheckpoint
    ? `the last good checkpoint ${error.lastCheckpoint} is kept and nothing after it was written`
    : 'no checkpoint was written';
  return new CliError(`${what}; training stopped and ${kept}. Train again into a new --out (not ${out}) with a lower --lr`, 1);
}

export async function trainCommand(modelType: string, options: TrainOptions, log: (line: string) => void): Promise<void> {
  const entry = getModelEntry(modelType);
  if (!DATASET_NAMES.includes(options.dataset)) {
    throw new CliError(`unknown dataset "${options.dataset}"; choose one of: ${DATASET_NAMES.join(', ')}`);
  }
  const kind = isImageDatasetName(options.dataset) ? 'image' : 'points';
  if (!entry.dataKinds.includes(kind)) {
    throw new CliError(`model ${modelType} does not train on ${kind === 'image' ? 'images' : '2-D points'} (${options.dataset})`);
  }
  checkFlags(entry, kind, options);
  checkOut(options.out);
  const created = !existsSync(options.out);
  const lock = lockRun(options.out, modelType, log);
  let recordWritten = false;
  try {
    await trainLocked(entry, options, log, () => {
      recordWritten = true;
    });
  } catch (error) {
    // A run that failed before writing anything leaves no empty directory behind.
    if (created && !recordWritten) {
      lock.release();
      if (existsSync(options.out) && readdirSync(options.out).length === 0) rmSync(options.out, { recursive: true, force: true });
    }
    throw error;
  } finally {
    lock.release();
  }
}

async function trainLocked(entry: ModelEntry, options: TrainOptions, log: (line: string) => void, onRecordWritten: () => void): Promise<void> {
  const modelType = entry.modelType;
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
  let model;
  let config;
  try {
    const examples = data.train.shape[0];
    if (options.batchSize > examples) {
      throw new CliError(`--batch-size ${options.batchSize} is larger than the ${examples} training examples of ${options.dataset}; use at most ${examples}`);
    }
    config = previous ? previous.model : entry.buildConfig(data, options.model, options.settings, seed);
    model = entry.create(config);
    // compared with the stored config as the model reads it (defaults a newer version adds filled in)
    if (previous) checkResumeSettings(entry, data, options, model.config, seed);
  } catch (error) {
    model?.dispose();
    disposeTrainingData(data);
    throw error;
  }
  const record: RunRecord = previous ?? {
    format: 'genmodels-run',
    formatVersion: 1,
    modelType,
    model: config,
    dataset: options.dataset,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    preprocessing: data.preprocessing,
    imageShape: data.imageShape,
    sampleRange: entry.sampleRange,
    seed,
    batchSize: options.batchSize,
    epochs: options.epochs,
    ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
    createdAt: new Date().toISOString(),
  };

  let trainer: Trainer | undefined;
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts === 1 && trainer) {
      log('\ninterrupted: finishing this step and saving a checkpoint (Ctrl-C again to quit without saving)');
      trainer.stop();
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  try {
    if (!previous) {
      writeRunRecord(options.out, record);
      onRecordWritten();
    }
    let initialState;
    let resumedFrom: string | undefined;
    if (options.resume) {
      const loaded = await loadCheckpoint(options.out, model, { onWarning: (message) => log(`warning: ${message}`) }).catch((error: unknown) => {
        throw new CliError(`cannot resume ${options.out}: ${(error as Error).message}`, 1);
      });
      if (loaded) {
        initialState = loaded.state;
        resumedFrom = loaded.path;
        log(`resuming ${options.out} from step ${loaded.state.step} (${loaded.path})`);
      } else {
        log(`warning: ${options.out} has no checkpoint yet; starting from step 0`);
      }
    }

    const batching = { batchSize: options.batchSize, seed };
    const source = entry.conditional ? labeledTensorDataSource(data.train, data.trainLabels, batching) : tensorDataSource(data.train, batching);
    const totalSteps = Math.min(options.maxSteps ?? Infinity, options.epochs * source.batchesPerEpoch);
    const layout = { imageShape: record.imageShape, range: record.sampleRange };
    const progress = new ProgressReporter(totalSteps);
    const callbacks: TrainerCallback[] = [
      new MetricsLogger(options.out),
      new Checkpoint({ runDir: options.out, everySteps: options.checkpointEvery }),
      progress,
    ];
    if (options.sampleEvery && isDiffusionModel(model)) {
      callbacks.push(
        diffusionSampleMonitor(model, options.sampleEvery, options.numSamples, seed, (samples, step) => writeTensorSamples(samples, layout, join(options.out, 'samples', `step-${step}.png`)), log),
      );
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
    trainer = new Trainer({
      epochs: options.epochs,
      maxSteps: options.maxSteps,
      logEvery: options.logEvery,
      callbacks,
      seed,
      batchSize: options.batchSize,
    });
    // A non-finite loss right after resuming still names the checkpoint to go back to.
    trainer.lastCheckpointPath = resumedFrom;

    let result;
    try {
      result = await trainer.fit(model, source, initialState ? { initialState } : undefined);
    } catch (error) {
      progress.done();
      if (error instanceof NonFiniteLossError || error instanceof NonFiniteWeightsError) throw nonFiniteError(error, options.out);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EDQUOT') throw diskFullError(error as NodeJS.ErrnoException, options.out, modelType, trainer.lastCheckpointPath);
      throw error;
    }
    const samplesPath = join(options.out, 'samples.png');
    if (isDiffusionModel(model)) await writeDiffusionPreview(model, layout, samplesPath, options.numSamples, seed, log);
    else {
      if (result.reason !== 'stopped') log(`drawing ${options.numSamples} samples for ${samplesPath}`);
      await writeSamples(model, layout, samplesPath, options.numSamples, seed);
    }
    log(`${result.reason === 'stopped' ? 'stopped' : 'finished'} at step ${result.state.step}; checkpoint, metrics.jsonl and ${samplesPath} are in ${options.out}`);
    if (result.reason === 'stopped') process.exitCode = 130;
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
    .option('--set <key=value>', 'set a model config key, dotted for nested keys (repeatable), e.g. --set optimizer.beta1=0.5', collectSetting, {})
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
          model: { latentDim: options.latentDim, hiddenUnits: options.hidden, learningRate: options.lr, beta: options.beta },
          settings: options.set,
        },
        log,
      );
    });
}
