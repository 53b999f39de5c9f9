import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import { ensureDir, syncDir, writeFileAtomic, writeFileSynced } from './fs-atomic.js';
import type { GenerativeModel } from './model-spec.js';
import { NonFiniteWeightsError } from './non-finite-weights-error.js';
import { decodeSafetensors, safetensorsToTensors, tensorsToSafetensors } from './safetensors.js';
import type { TrainerState } from './trainer.js';

/**
 * Checkpoints in a run directory (see the design notes, "Checkpoints"):
 *
 *   <runDir>/checkpoints/step-N/{weights.safetensors, optimizer.safetensors, state.json, manifest.json}
 *   <runDir>/checkpoints/latest      the text 'step-N' of the newest complete checkpoint
 *
 * A checkpoint is written to step-N.partial/, every file fsynced, the directory renamed to step-N
 * and fsynced, and only then `latest` replaced (tmp + rename). A crash at any point leaves either
 * the previous checkpoints untouched or a `.partial` directory that loading ignores; a failed save
 * (a full disk) removes its `.partial` directory, and removeIncompleteCheckpoints clears what a
 * crash left (the writer calls it when it starts, see the Checkpoint callback).
 */

export const CHECKPOINT_FILES = ['weights.safetensors', 'optimizer.safetensors', 'state.json'] as const;

const STEP_DIR = /^step-(\d+)$/;

export interface CheckpointStateFile {
  format: 'genmodels-checkpoint';
  formatVersion: 1;
  step: number;
  epoch: number;
  batchIndex: number;
  seed: number;
  modelType: string;
  versions: Record<string, string>;
  time: string;
  extraState: Record<string, unknown>;
}

interface Manifest {
  files: Record<string, { bytes: number; sha256: string }>;
}

function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = { '@tensorflow/tfjs-core': tf.version_core };
  try {
    const require = createRequire(import.meta.url);
    versions['@genmodels/core-nn'] = (require('@genmodels/core-nn/package.json') as { version: string }).version;
  } catch {
    // not resolvable (e.g. bundled); the tfjs version is still recorded
  }
  return versions;
}

function checkpointsDir(runDir: string): string {
  return path.join(runDir, 'checkpoints');
}

/** Complete checkpoints (directories named step-N), oldest first. `.partial` directories are ignored. */
export function listCheckpoints(runDir: string): { step: number; path: string }[] {
  const dir = checkpointsDir(runDir);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && STEP_DIR.test(d.name))
    .map((d) => ({ step: Number(STEP_DIR.exec(d.name)![1]), path: path.join(dir, d.name) }))
    .sort((a, b) => a.step - b.step);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Name of the first float tensor holding a NaN or Inf in safetensors bytes, or undefined. */
function firstNonFinite(bytes: Uint8Array, prefix: string): string | undefined {
  for (const [name, t] of Object.entries(decodeSafetensors(bytes, prefix).tensors)) {
    if (t.dtype !== 'F32' && t.dtype !== 'F64' && t.dtype !== 'F16' && t.dtype !== 'BF16') continue;
    const values = t.data as ArrayLike<number>;
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return name;
  }
  return undefined;
}

function latestName(runDir: string): string | undefined {
  const file = path.join(checkpointsDir(runDir), 'latest');
  if (!fs.existsSync(file)) return undefined;
  const named = fs.readFileSync(file, 'utf8').trim();
  return STEP_DIR.test(named) && fs.existsSync(path.join(checkpointsDir(runDir), named)) ? path.join(checkpointsDir(runDir), named) : undefined;
}

async function disposeAfter<T>(tensors: NamedTensorMap, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/**
 * Saves the model's weights, optimizer state and the trainer state to
 * `<runDir>/checkpoints/step-<state.step>` atomically, points `latest` at it and prunes all
 * but the newest `keep` (default 3) checkpoints. Returns the checkpoint's path.
 *
 * Throws NonFiniteWeightsError, writing nothing, when a weight or optimizer slot holds NaN/Inf
 * (the check runs on the bytes already read back for the file, so it costs no extra device read).
 * When a write fails (e.g. ENOSPC) the `.partial` directory is removed before the error is
 * rethrown, so a full disk gets its space back and the older checkpoints stay as they were.
 */
export async function saveCheckpoint(
  runDir: string,
  args: { model: GenerativeModel<unknown>; state: TrainerState; extraState?: Record<string, unknown>; keep?: number },
): Promise<string> {
  const { model, state } = args;
  const keep = args.keep ?? 3;
  if (!(Number.isInteger(keep) && keep >= 1)) throw new Error(`saveCheckpoint: keep must be a positive integer, got ${keep}`);
  const dir = checkpointsDir(runDir);
  const name = `step-${state.step}`;
  const finalDir = path.join(dir, name);
  const partialDir = `${finalDir}.partial`;

  const weights = model.getWeights();
  const weightBytes = await disposeAfter(weights, () => tensorsToSafetensors(weights, { format: 'genmodels', modelType: model.modelType }));
  const optimizerState = model.getOptimizerState();
  const optimizerBytes = await disposeAfter(optimizerState, () => tensorsToSafetensors(optimizerState, { format: 'genmodels' }));
  const bad = firstNonFinite(weightBytes, 'weights') ?? firstNonFinite(optimizerBytes, 'optimizer');
  if (bad !== undefined) throw new NonFiniteWeightsError(state.step, bad, latestName(runDir));
  const stateFile: CheckpointStateFile = {
    format: 'genmodels-checkpoint',
    formatVersion: 1,
    step: state.step,
    epoch: state.epoch,
    batchIndex: state.batchIndex,
    seed: state.seed,
    modelType: model.modelType,
    versions: packageVersions(),
    time: new Date().toISOString(),
    extraState: args.extraState ?? {},
  };
  const stateBytes = new TextEncoder().encode(`${JSON.stringify(stateFile, null, 2)}\n`);
  const files: Record<string, Uint8Array> = {
    'weights.safetensors': weightBytes,
    'optimizer.safetensors': optimizerBytes,
    'state.json': stateBytes,
  };
  const manifest: Manifest = { files: {} };
  await ensureDir(dir);
  await fsp.rm(partialDir, { recursive: true, force: true });
  try {
    await fsp.mkdir(partialDir);
    for (const [file, bytes] of Object.entries(files)) {
      await writeFileSynced(path.join(partialDir, file), bytes);
      manifest.files[file] = { bytes: bytes.length, sha256: sha256(bytes) };
    }
    await writeFileSynced(path.join(partialDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await syncDir(partialDir);
  } catch (error) {
    await fsp.rm(partialDir, { recursive: true, force: true });
    throw error;
  }

  // The same step saved again (e.g. stop() right after a periodic save on resume): move the old
  // copy aside first, since a directory cannot be renamed over a non-empty one.
  let aside: string | undefined;
  if (fs.existsSync(finalDir)) {
    aside = `${finalDir}.old-${process.pid}-${Date.now()}`;
    await fsp.rename(finalDir, aside);
  }
  await fsp.rename(partialDir, finalDir);
  await syncDir(dir);
  await writeFileAtomic(path.join(dir, 'latest'), `${name}\n`);
  if (aside) await fsp.rm(aside, { recursive: true, force: true });

  // Prune: keep the newest `keep` complete checkpoints; drop leftover partial directories.
  const complete = listCheckpoints(runDir);
  for (const old of complete.slice(0, Math.max(0, complete.length - keep))) {
    if (old.path !== finalDir) await fsp.rm(old.path, { recursive: true, force: true });
  }
  for (const entry of await fsp.readdir(dir)) {
    if (entry.endsWith('.partial')) await fsp.rm(path.join(dir, entry), { recursive: true, force: true });
  }
  return finalDir;
}

/**
 * Clears what an interrupted save left in `<runDir>/checkpoints`: `.partial` directories,
 * temporary `latest` files, and copies moved aside while a step was saved again (moved back
 * when the step's own directory is missing, removed otherwise). Only the run's writer may call
 * this (another process could be saving); returns the names removed or restored.
 */
export async function removeIncompleteCheckpoints(runDir: string): Promise<string[]> {
  const dir = checkpointsDir(runDir);
  if (!fs.existsSync(dir)) return [];
  const changed: string[] = [];
  for (const entry of await fsp.readdir(dir)) {
    const aside = /^(step-\d+)\.old-\d+-\d+$/.exec(entry);
    if (aside && !fs.existsSync(path.join(dir, aside[1]))) {
      await fsp.rename(path.join(dir, entry), path.join(dir, aside[1]));
      changed.push(entry);
    } else if (aside || entry.endsWith('.partial') || entry.startsWith('latest.tmp-')) {
      await fsp.rm(path.join(dir, entry), { recursive: true, force: true });
      changed.push(entry);
    }
  }
  if (changed.length > 0) await syncDir(dir);
  return changed;
}

/** Reads and verifies one checkpoint's files against its manifest; throws a description of the damage. */
async function readVerified(checkpointDir: string): Promise<Record<string, Uint8Array>> {
  const manifestPath = path.join(checkpointDir, 'manifest.json');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await fsp.readFile(manifestPath, 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(`manifest.json is missing or unreadable (${(error as Error).message})`);
  }
  if (typeof manifest?.files !== 'object' || manifest.files === null) throw new Error('manifest.json has no "files" table');
  const out: Record<string, Uint8Array> = {};
  for (const file of CHECKPOINT_FILES) {
    const entry = manifest.files[file];
    if (!entry) throw new Error(`manifest.json does not list ${file}`);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await fsp.readFile(path.join(checkpointDir, file)));
    } catch (error) {
      throw new Error(`${file} is missing or unreadable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    if (bytes.length !== entry.bytes) throw new Error(`${file} has ${bytes.length} bytes, the manifest says ${entry.bytes}`);
    const digest = sha256(bytes);
    if (digest !== entry.sha256) throw new Error(`${file} has sha256 ${digest}, the manifest says ${entry.sha256} (the file is corrupted)`);
    out[file] = bytes;
  }
  return out;
}

/** Checkpoint directories to try, newest first: the one `latest` names, then by step number. */
function candidates(runDir: string): string[] {
  const all = listCheckpoints(runDir)
    .reverse()
    .map((c) => c.path);
  const latestFile = path.join(checkpointsDir(runDir), 'latest');
  if (fs.existsSync(latestFile)) {
    const named = fs.readFileSync(latestFile, 'utf8').trim();
    const latestPath = path.join(checkpointsDir(runDir), named);
    if (STEP_DIR.test(named) && all.includes(latestPath)) return [latestPath, ...all.filter((p) => p !== latestPath)];
  }
  return all;
}

/**
 * Loads the newest intact checkpoint of `runDir` into `model` (weights and optimizer state) and
 * returns the trainer state to resume from. Each candidate's files are checked against its
 * manifest (sizes and sha256); a damaged checkpoint is skipped with a warning naming it and the
 * damage, falling back to the previous one. Returns null when the run has no checkpoint and
 * throws when every checkpoint is damaged. Nothing is ever deleted.
 */
export async function loadCheckpoint(
  runDir: string,
  model: GenerativeModel<unknown>,
  options: { onWarning?: (message: string) => void } = {},
): Promise<{ state: TrainerState; path: string; extraState: Record<string, unknown> } | null> {
  const warn = options.onWarning ?? ((message: string) => console.warn(message));
  const list = candidates(runDir);
  if (list.length === 0) return null;
  const damaged: string[] = [];
  for (const dir of list) {
    let files: Record<string, Uint8Array>;
    let stateFile: CheckpointStateFile;
    let weights: NamedTensorMap | undefined;
    let optimizerState: NamedTensorMap | undefined;
    try {
      files = await readVerified(dir);
      stateFile = JSON.parse(new TextDecoder().decode(files['state.json'])) as CheckpointStateFile;
      for (const key of ['step', 'epoch', 'batchIndex', 'seed'] as const) {
        if (!Number.isInteger(stateFile[key])) throw new Error(`state.json has no integer "${key}"`);
      }
      weights = safetensorsToTensors(files['weights.safetensors'], path.join(dir, 'weights.safetensors')).tensors;
      optimizerState = safetensorsToTensors(files['optimizer.safetensors'], path.join(dir, 'optimizer.safetensors')).tensors;
    } catch (error) {
      if (weights) tf.dispose(Object.values(weights));
      const message = `checkpoint ${dir} is damaged: ${(error as Error).message}`;
      damaged.push(message);
      warn(`${message}; falling back to an older checkpoint`);
      continue;
    }
    try {
      if (stateFile.modelType && stateFile.modelType !== model.modelType) {
        throw new Error(`it was saved from a "${stateFile.modelType}" model, not "${model.modelType}"`);
      }
      model.setWeights(weights);
      model.setOptimizerState(optimizerState);
    } catch (error) {
      throw new Error(`checkpoint ${dir} does not fit this model: ${(error as Error).message}`);
    } finally {
      tf.dispose(Object.values(weights));
      tf.dispose(Object.values(optimizerState));
    }
    return {
      state: { step: stateFile.step, epoch: stateFile.epoch, batchIndex: stateFile.batchIndex, seed: stateFile.seed },
      path: dir,
      extraState: stateFile.extraState ?? {},
    };
  }
  throw new Error(`every checkpoint in ${checkpointsDir(runDir)} is damaged; nothing was loaded or deleted:\n${damaged.join('\n')}`);
}
