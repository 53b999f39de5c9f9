/**
 * The execution paths @genmodels/backend knows, fastest first. `initBackend` tries them in this
 * order and keeps the first that loads.
 */
export type BackendName = 'tfjs-node-gpu' | 'tfjs-node' | 'webgpu' | 'wasm-native' | 'wasm' | 'cpu';

/** Every backend name in resolution order (fastest first). */
export const BACKEND_NAMES: readonly BackendName[] = Object.freeze([
  'tfjs-node-gpu',
  'tfjs-node',
  'webgpu',
  'wasm-native',
  'wasm',
  'cpu',
] as const);

/** True when `value` is one of {@link BACKEND_NAMES}. */
export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value);
}

/** The backend that `initBackend` chose and prepared. */
export interface BackendChoice {
  name: BackendName;
  /** What `tf.getBackend()` returns now, e.g. 'wasm' for both wasm paths. */
  tfBackend: string;
  /** Worker threads the chosen path computes with (1 = the calling thread only). */
  threads: number;
  /** One line per fact worth printing, e.g. 'OpenBLAS 0.3.21 native kernels: BatchMatMul, Conv2D, ...'. */
  details: string[];
}

/** The choice plus, for every faster path that was tried first, why it was skipped. */
export interface BackendReport extends BackendChoice {
  skipped: { name: BackendName; reason: string }[];
}
