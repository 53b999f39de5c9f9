import { readFileSync, statSync } from 'node:fs';
import { DatasetError } from './dataset-error.js';
import { parseIdx, type IdxData } from './parse-idx.js';

/** Reads and parses an IDX file, raw or gzipped. Errors name the file. */
export function readIdxFile(path: string): IdxData {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw new DatasetError(`${path}: cannot read IDX file (${code}): ${(error as Error).message}`, { cause: error });
  }
  return parseIdx(bytes, path);
}

interface CacheEntry {
  size: number;
  mtimeMs: number;
  idx: IdxData;
}

const cache = new Map<string, CacheEntry>();

/**
 * readIdxFile with an in-memory cache keyed by path (and checked against the file's size and
 * mtime, so a rewritten file is read again). Callers share the returned arrays: never mutate them.
 */
export function readIdxFileCached(path: string): IdxData {
  let size = -1;
  let mtimeMs = -1;
  try {
    const stat = statSync(path);
    size = stat.size;
    mtimeMs = stat.mtimeMs;
  } catch {
    // readIdxFile below reports the error with the file name.
  }
  const hit = cache.get(path);
  if (hit !== undefined && hit.size === size && hit.mtimeMs === mtimeMs) return hit.idx;
  const idx = readIdxFile(path);
  cache.set(path, { size, mtimeMs, idx });
  return idx;
}

/** Drops every cached IDX file (frees the memory held by loaded datasets). */
export function clearDatasetCache(): void {
  cache.clear();
}
