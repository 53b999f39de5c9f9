import { registerComposedWasmKernels } from '../kernels/composed/register-composed-kernels.js';
import { registerNativeWasmKernels } from '../kernels/native/register-native-kernels.js';
import { prepareWasmBackend } from '../loaders/prepare-wasm-backend.js';
import { loadNativeAddon, type NativeAddon } from '../native/load-native-addon.js';

/** The native addon for tests, or why it cannot load (the suites using it skip and say so). */
export function tryLoadNativeAddon(): { addon?: NativeAddon; whyNot: string } {
  try {
    return { addon: loadNativeAddon(), whyNot: '' };
  } catch (error) {
    return { whyNot: (error as Error).message };
  }
}

type AddonFunction = { [K in keyof NativeAddon]: NativeAddon[K] extends (...args: never[]) => void ? K : never }[keyof NativeAddon];

/**
 * The addon with calls to `names` counted, so that a suite can show its cases reached the native
 * code. `calls[name]` grows by one per call.
 */
export function countingAddon<K extends AddonFunction>(addon: NativeAddon, names: readonly K[]): { addon: NativeAddon; calls: Record<K, number> } {
  const calls = Object.fromEntries(names.map((n) => [n, 0])) as Record<K, number>;
  const wrapped: NativeAddon = { ...addon };
  for (const name of names) {
    const original = addon[name] as (...args: unknown[]) => unknown;
    (wrapped as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      calls[name]++;
      return original(...args);
    };
  }
  return { addon: wrapped, calls };
}

/** Makes wasm (with `threads`) the active backend with the composed and then the native kernels of `addon` installed. */
export async function useNativeWasmPath(addon: NativeAddon, threads: number): Promise<void> {
  await prepareWasmBackend(threads);
  registerComposedWasmKernels();
  registerNativeWasmKernels(addon);
}
