/** `genmodels info`: versions, the TF.js backend in use and why the faster ones were skipped. */
import { createRequire } from 'node:module';
import os from 'node:os';
import { formatBackendReport } from '@genmodels/backend';
import * as tf from '@tensorflow/tfjs-core';
import type { Command } from 'commander';
import { prepareBackend } from '../backend.js';
import { backendOption } from '../cli-options.js';

const require = createRequire(import.meta.url);
const PACKAGES = ['@genmodels/core-data', '@genmodels/core-nn', '@genmodels/backend', '@genmodels/vae'];

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

export async function infoCommand(options: { backend?: string }): Promise<string> {
  const report = await prepareBackend(options.backend);
  const cli = require('../../package.json') as { version: string };
  const lines = [
    `genmodels ${cli.version}`,
    ...PACKAGES.map((name) => `  ${name} ${packageVersion(name)}`),
    `node ${process.version}, @tensorflow/tfjs-core ${tf.version_core}`,
    `machine: ${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} logical cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    '',
    formatBackendReport(report),
  ];
  return lines.join('\n');
}

export function registerInfoCommand(program: Command): void {
  program
    .command('info')
    .description('versions, the TF.js backend in use and why others were skipped')
    .addOption(backendOption())
    .action(async (options: { backend?: string }) => {
      process.stdout.write(`${await infoCommand(options)}\n`);
    });
}
