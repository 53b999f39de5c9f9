/**
 * The models the CLI can train. Each family contributes a list of entries from models/<family>.ts;
 * adding a family means adding its import and spreading its list below.
 */
import { CliError } from './cli-error.js';
import type { ModelEntry } from './model-entry.js';
import { autoregressiveModels } from './models/autoregressive.js';
import { flowModels } from './models/flow.js';
import { ganModels } from './models/gan.js';
import { vaeModels } from './models/vae.js';
import { scoreDiffusionModels } from './models/score-diffusion.js';

const ENTRIES: readonly ModelEntry[] = [
  ...vaeModels,
  ...scoreDiffusionModels,
  ...flowModels,
  ...ganModels,
  ...autoregressiveModels,
];

export const MODEL_TYPES: readonly string[] = ENTRIES.map((entry) => entry.modelType);

export function getModelEntry(modelType: string): ModelEntry {
  const entry = ENTRIES.find((candidate) => candidate.modelType === modelType);
  if (!entry) throw new CliError(`unknown model "${modelType}"; choose one of: ${MODEL_TYPES.join(', ')}`);
  return entry;
}

export function listModels(): readonly ModelEntry[] {
  return ENTRIES;
}
