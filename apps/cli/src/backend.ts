/**
 * The one place where the apps choose a TF.js backend. @genmodels/backend resolves the fastest
 * one that loads here (tfjs-node, WebGPU, wasm with native kernels, wasm, cpu) and says why it
 * skipped the others; GENMODELS_BACKEND forces one.
 */
import type { BackendName, BackendReport } from '@genmodels/backend';
import { BACKEND_NAMES, initBackend } from '@genmodels/backend';
import { CliError } from './cli-error.js';

export async function prepareBackend(prefer?: string): Promise<BackendReport> {
  if (prefer !== undefined && !(BACKEND_NAMES as readonly string[]).includes(prefer)) {
    throw new CliError(`unknown backend "${prefer}"; choose one of: ${BACKEND_NAMES.join(', ')}`);
  }
  try {
    return await initBackend(prefer ? { prefer: prefer as BackendName } : {});
  } catch (error) {
    throw new CliError(`could not start a TF.js backend: ${(error as Error).message}`);
  }
}
