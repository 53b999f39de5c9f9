// The Node-only surface of @genmodels/core-nn (`@genmodels/core-nn/node`): everything that reads or
// writes the file system. The main entry stays free of Node builtins so that it bundles for a browser.

// atomic file writes
export { ensureDir, ensureDirSync, syncDir, writeFileAtomic, writeFileAtomicSync, writeFileSynced } from './fs-atomic.js';

// run directories: config.json, metrics.jsonl, checkpoints/
export { readRunConfig, writeRunConfig } from './run-config.js';
export { MetricsLogger } from './metrics-logger.js';
export type { RunDirLockOwner } from './run-dir-lock.js';
export { RunDirLock, RunDirLockedError } from './run-dir-lock.js';
export type { CheckpointStateFile } from './checkpoint-store.js';
export { CHECKPOINT_FILES, listCheckpoints, loadCheckpoint, removeIncompleteCheckpoints, saveCheckpoint } from './checkpoint-store.js';
export type { CheckpointOptions } from './checkpoint-callback.js';
export { Checkpoint } from './checkpoint-callback.js';
