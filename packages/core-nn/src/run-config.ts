import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureDirSync, writeFileAtomicSync } from './fs-atomic.js';

/** Writes `<runDir>/config.json` atomically (creating runDir). */
export function writeRunConfig(runDir: string, config: Record<string, unknown>): void {
  ensureDirSync(runDir);
  writeFileAtomicSync(path.join(runDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
}

/** Reads `<runDir>/config.json`; a clear error when the directory is not a run directory. */
export function readRunConfig(runDir: string): Record<string, unknown> {
  const file = path.join(runDir, 'config.json');
  if (!fs.existsSync(file)) throw new Error(`not a genmodels run directory (no config.json): ${runDir}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${file} does not hold a JSON object`);
  return parsed as Record<string, unknown>;
}
