import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, SliceAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmHeapBackend } from '../tensor-utils.js';

/**
 * Slice that reads its input through a view of the wasm heap. The stock wasm kernel first copies
 * the whole input out of the heap (readSync), so even a one-element slice of a [64, 14, 14, 64]
 * activation cost 1.3-1.7 ms; autoregressive sampling slices one pixel per step. The output is
 * copied in runs: the innermost sliced axis together with the full axes after it.
 */
export function sliceKernel(stock: KernelConfig): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype === 'string') return stock.kernelFunc(args);
    const { begin, size } = args.attrs as unknown as SliceAttrs;
    const [start, extent] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
    const heap = args.backend as unknown as WasmHeapBackend;
    const out = heap.makeOutput(extent, x.dtype);
    const total = tf.util.sizeFromShape(extent);
    if (total === 0) return out;
    const src = heap.typedArrayFromHeap(x);
    const dst = heap.typedArrayFromHeap(out);
    const shape = x.shape;
    const rank = shape.length;
    const strides = [...tf.util.computeStrides(shape), 1];
    // The run: the last axis that is cut, with every full axis after it.
    let axis = rank - 1;
    while (axis > 0 && start[axis] === 0 && extent[axis] === shape[axis]) axis--;
    const run = rank === 0 ? 1 : extent[axis]! * strides[axis]!;
    const runs = total / run;
    const index = new Array<number>(Math.max(axis, 0)).fill(0);
    let offset = 0;
    for (let d = 0; d < rank; d++) offset += start[d]! * strides[d]!;
    for (let r = 0; r < runs; r++) {
      let from = offset;
      for (let d = 0; d < axis; d++) from += index[d]! * strides[d]!;
      dst.set(src.subarray(from, from + run), r * run);
      for (let d = axis - 1; d >= 0; d--) {
        if (++index[d]! < extent[d]!) break;
        index[d] = 0;
      }
    }
    return out;
  };
}
