import { createRequire } from 'node:module';
import type { BackendChoice } from '../backend-name.js';

/** What every loader receives: the thread budget the caller asked for (>= 1). */
export interface LoaderOptions {
  threads: number;
  /** The caller named this path (GENMODELS_BACKEND or `prefer`), so it may take what it would skip in the automatic order (webgpu: a software adapter). */
  explicit: boolean;
}

/**
 * Loads one backend path and makes it the active TF.js backend, or throws an Error whose message
 * says why this path cannot be used here (that message becomes the `skipped` reason).
 */
export type BackendLoader = (options: LoaderOptions) => Promise<BackendChoice>;

/** Short, single-line text of an unknown thrown value. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.trim();
}

const require = createRequire(import.meta.url);

/**
 * True when `specifier` resolves from this package (an optional peer or optional dependency the
 * user installed). A package whose exports map has no `require` condition still counts as installed.
 */
export function isInstalled(specifier: string): boolean {
  try {
    require.resolve(specifier);
    return true;
  } catch (error) {
    return (error as { code?: string }).code !== 'MODULE_NOT_FOUND';
  }
}

/** Imports an optional package, or throws '<name> is not installed' / '<name> failed to load: ...'. */
export async function importOptional<T>(specifier: string, notInstalledHint = ''): Promise<T> {
  if (!isInstalled(specifier)) throw new Error(`${specifier} is not installed${notInstalledHint}`);
  try {
    // A variable specifier: these packages are optional and untyped in this workspace.
    return (await import(/* @vite-ignore */ specifier)) as T;
  } catch (error) {
    throw new Error(`${specifier} is installed but failed to load: ${describeError(error)}`);
  }
}
