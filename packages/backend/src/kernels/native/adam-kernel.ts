/**
 * The fused Adam update of @genmodels/core-nn's contract (its fused-adam.ts), run by
 * native/adam-update.c in one pass over the variable, its two moments and its gradient on the
 * wasm heap, bit-identical to tfjs-core's AdamOptimizer (which takes about 14 kernels per
 * variable, each a pass over memory and an engine round trip). The update is written in place
 * when the variable and its moments alone hold their buffers (the outputs then share the inputs'
 * data, as Identity's output does), and into copies otherwise, so no other tensor ever sees a
 * buffer change. The fourth output, the gradient's sum of squares, comes from the same pass.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../../native/load-native-addon.js';
import { type WasmHeapBackend } from '../tensor-utils.js';

/** Kernel name shared with @genmodels/core-nn (FUSED_ADAM_KERNEL). */
export const ADAM_UPDATE_KERNEL = 'GenmodelsAdamUpdate';

interface AdamAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
}

/** What the kernel needs of the wasm backend to share or copy a buffer. */
interface SharingBackend extends WasmHeapBackend {
  refCount(dataId: object): number;
  incRef(dataId: object): void;
}

/** `t` itself (its reference count raised) when it alone holds its buffer, else a fresh copy of it. */
function writableBuffer(heap: SharingBackend, t: TensorInfo): TensorInfo {
  if (heap.refCount(t.dataId) === 1) {
    heap.incRef(t.dataId);
    return { dataId: t.dataId, shape: t.shape, dtype: t.dtype };
  }
  const copy = heap.makeOutput(t.shape, 'float32');
  heap.typedArrayFromHeap(copy).set(heap.typedArrayFromHeap(t));
  return copy;
}

export function adamUpdateKernel(addon: NativeAddon): KernelFunc {
  const constants = new Float32Array(8);
  return ({ inputs, backend, attrs }) => {
    const heap = backend as unknown as SharingBackend;
    const { x, m, v, gradient, oneMinusAccBeta1, oneMinusAccBeta2 } = inputs as Record<string, TensorInfo>;
    for (const t of [x!, m!, v!, gradient!]) {
      if (t.dtype !== 'float32' || t.shape.join() !== x!.shape.join()) {
        throw new Error(`${ADAM_UPDATE_KERNEL}: x, m, v and gradient must be float32 of one shape, got ${t.dtype} [${t.shape.join(', ')}] for x [${x!.shape.join(', ')}]`);
      }
    }
    const a = attrs as unknown as AdamAttrs;
    // Every allocation before any view is taken: an allocation may grow the heap and replace its buffer.
    const [x1, m1, v1] = [x!, m!, v!].map((t) => writableBuffer(heap, t)) as [TensorInfo, TensorInfo, TensorInfo];
    const sum = heap.makeOutput([], 'float32');
    const view = (t: TensorInfo): Float32Array => heap.typedArrayFromHeap(t);
    // The scalars tfjs-core's Adam makes: float32 of beta, of (1 - beta) and of -lr taken in double.
    constants.set([a.beta1, a.beta2, 1 - a.beta1, 1 - a.beta2, a.epsilon, -a.learningRate, view(oneMinusAccBeta1!)[0]!, view(oneMinusAccBeta2!)[0]!]);
    view(sum)[0] = addon.adamUpdate(view(x1), view(m1), view(v1), view(gradient!), constants);
    return [x1, m1, v1, sum];
  };
}
