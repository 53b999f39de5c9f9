#!/usr/bin/env node
/**
 * The `genmodels` command line. Every user-facing error is one line and a non-zero exit.
 * Each command lives in commands/<name>.ts and registers itself here.
 */
import { Command } from 'commander';
import { CliError } from './cli-error.js';
import { registerAnomalyCommand } from './commands/anomaly.js';
import { registerCompleteCommand } from './commands/complete.js';
import { registerDensityCommand } from './commands/density.js';
import { registerDenoiseCommand } from './commands/denoise.js';
import { registerInpaintCommand } from './commands/inpaint.js';
import { registerEvalCommand } from './commands/eval.js';
import { registerLatentCommand } from './commands/latent.js';
import { registerInfoCommand } from './commands/info.js';
import { registerInterpolateCommand } from './commands/interpolate.js';
import { registerNllMapCommand } from './commands/nll-map.js';
import { registerQualityCommand } from './commands/quality.js';
import { registerSampleCommand } from './commands/sample.js';
import { registerTrainCommand } from './commands/train.js';
import { registerStudioCommand } from './commands/studio.js';

const COMMANDS: readonly ((program: Command) => void)[] = [
  registerInfoCommand,
  registerTrainCommand,
  registerSampleCommand,
  registerEvalCommand,
  registerDensityCommand,
  registerInterpolateCommand,
  registerQualityCommand,
  registerDenoiseCommand,
  registerInpaintCommand,
  registerLatentCommand,
  registerCompleteCommand,
  registerAnomalyCommand,
  registerNllMapCommand,
  registerStudioCommand,
];

export function buildProgram(): Command {
  const program = new Command('genmodels')
    .description('Train, sample and evaluate generative models on TensorFlow.js')
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: (text, write) => write(text.split('\n')[0] + '\n') });
  for (const register of COMMANDS) register(program);
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
