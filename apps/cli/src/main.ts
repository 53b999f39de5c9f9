#!/usr/bin/env node
/**
 * The `genmodels` command line. A failure prints its whole message (no stack trace unless
 * GENMODELS_DEBUG=1) and exits non-zero. Each command lives in commands/<name>.ts and registers
 * itself here.
 */
import { Command } from 'commander';
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
import { userErrorMessage } from './user-error-message.js';

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
    // commander's own errors in the same form as the others, whole (a suggestion is on its second line)
    .configureOutput({ outputError: (text, write) => write(`genmodels: ${text.replace(/^error: /, '')}`) });
  for (const register of COMMANDS) register(program);
  return program;
}

function fail(error: unknown): never {
  const { message, exitCode, expected } = userErrorMessage(error);
  process.stderr.write(`genmodels: ${message}\n`);
  if (process.env.GENMODELS_DEBUG) console.error(error);
  else if (!expected) process.stderr.write('(an unexpected error: set GENMODELS_DEBUG=1 for the stack trace)\n');
  process.exit(exitCode);
}

async function main(argv: string[]): Promise<void> {
  // `pnpm demo -- ...` style invocations pass a literal "--" first.
  const args = argv[2] === '--' ? [...argv.slice(0, 2), ...argv.slice(3)] : argv;
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  try {
    await buildProgram().parseAsync(args);
  } catch (error) {
    fail(error);
  }
}

await main(process.argv);
