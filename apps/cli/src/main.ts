#!/usr/bin/env node
/** The `genmodels` command line. Every user-facing error is one line and a non-zero exit. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { CliError } from './cli-error.js';
import { evalCommand, formatEvalResult } from './commands/eval.js';
import { infoCommand } from './commands/info.js';
import { sampleCommand } from './commands/sample.js';
import { trainCommand } from './commands/train.js';
import { MODEL_TYPES, listModels } from './model-registry.js';
import { DATASET_NAMES } from './training-data.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected an integer');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a positive number');
  return n;
}

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!(n >= 0) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number >= 0');
  return n;
}

function unitList(value: string): number[] {
  const units = value.split(',').map((part) => Number(part.trim()));
  if (units.length === 0 || !units.every((u) => Number.isInteger(u) && u > 0)) {
    throw new InvalidArgumentError('expected comma-separated positive integers, e.g. 512,256');
  }
  return units;
}

function collectSetting(value: string, previous: Record<string, unknown>): Record<string, unknown> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('expected key=value, e.g. --set latentDim=16');
  const key = value.slice(0, eq);
  const raw = value.slice(eq + 1);
  let parsed: unknown = raw;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // keep the string
  }
  return { ...previous, [key]: parsed };
}

const backendOption = () => new Option('--backend <name>', 'force a TF.js backend (same as GENMODELS_BACKEND)');

export function buildProgram(): Command {
  const program = new Command('genmodels')
    .description('Train, sample and evaluate generative models on TensorFlow.js')
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: (text, write) => write(text.split('\n')[0] + '\n') });

  program
    .command('info')
    .description('versions, the TF.js backend in use and why others were skipped')
    .addOption(backendOption())
    .action(async (options: { backend?: string }) => {
      process.stdout.write(`${await infoCommand(options)}\n`);
    });

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

  program
    .command('eval')
    .description('test-set likelihood figure of a run (negative ELBO / IWAE for VAEs), in nats and bits/dim')
    .argument('<run>', 'run directory')
    .addOption(new Option('--split <split>', 'data split').choices(['test', 'train']).default('test'))
    .option('--iwae <k>', 'importance samples for the IWAE estimate (VAEs)', positiveInt)
    .option('--max-examples <n>', 'evaluate only the first n examples', positiveInt)
    .option('--batch-size <n>', 'evaluation batch size', positiveInt, 500)
    .option('--seed <n>', 'seed of the evaluation noise', positiveInt, 1)
    .option('--json', 'print the result as JSON', false)
    .addOption(backendOption())
    .action(async (run: string, options) => {
      const result = await evalCommand(
        run,
        {
          split: options.split,
          iwaeSamples: options.iwae,
          maxExamples: options.maxExamples,
          batchSize: options.batchSize,
          seed: options.seed,
          backend: options.backend,
          json: options.json,
        },
        log,
      );
      process.stdout.write(`${options.json ? JSON.stringify(result) : formatEvalResult(result)}\n`);
    });

  return program;
}

async function main(argv: string[]): Promise<void> {
  // `pnpm demo -- ...` style invocations pass a literal "--" first.
  const args = argv[2] === '--' ? [...argv.slice(0, 2), ...argv.slice(3)] : argv;
  try {
    await buildProgram().parseAsync(args);
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`genmodels: ${error.message}\n`);
      process.exit(error.exitCode);
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`genmodels: ${message.split('\n')[0]}\n`);
    if (process.env.GENMODELS_DEBUG) console.error(error);
    else process.stderr.write('(set GENMODELS_DEBUG=1 for the stack trace)\n');
    process.exit(1);
  }
}

await main(process.argv);
