/**
 * The execution paths of @genmodels/backend in a web page, fastest first. `initBackend` of the
 * browser entry tries them in this order and keeps the first that loads.
 */
export type BrowserBackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Every browser backend name in resolution order (fastest first). */
export const BROWSER_BACKEND_NAMES: readonly BrowserBackendName[] = Object.freeze(['webgpu', 'webgl', 'wasm', 'cpu'] as const);

/** True when `value` is one of {@link BROWSER_BACKEND_NAMES}. */
export function isBrowserBackendName(value: unknown): value is BrowserBackendName {
  return typeof value === 'string' && (BROWSER_BACKEND_NAMES as readonly string[]).includes(value);
}

/** The backend the browser `initBackend` chose and prepared (the same shape as in Node). */
export interface BrowserBackendChoice {
  name: BrowserBackendName;
  /** What `tf.getBackend()` returns now. */
  tfBackend: string;
  /** Threads the chosen path computes with (1 = the page's thread only; GPU paths say 1). */
  threads: number;
  /** One line per fact worth showing, e.g. 'WebGL 2: ANGLE (NVIDIA ...)'. */
  details: string[];
}

/** The choice plus, for every faster path that was tried first, why it was skipped. */
export interface BrowserBackendReport extends BrowserBackendChoice {
  skipped: { name: BrowserBackendName; reason: string }[];
}
