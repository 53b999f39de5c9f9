/**
 * Native replacements for memory-bound wasm kernels of the UNet and coupling-flow training steps
 * (see native/memory-layout.c): SplitV and Concat on the last axis (each the other's gradient),
 * GatherV2 (a training batch's rows),
 * ResizeNearestNeighborGrad for power-of-two upsampling factors, and Sum and Mean over leading
 * axes (bias gradients, batch-norm moments). Other cases go to the kernel registered before.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ConcatAttrs, GatherV2Attrs, KernelConfig, KernelFunc, ResizeNearestNeighborGradAttrs, SplitVAttrs, SumAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../../native/load-native-addon.js';
import { sizeOf, type WasmHeapBackend } from '../tensor-utils.js';

export function splitVKernel(addon: NativeAddon, previous: KernelConfig): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs.x!;
    const { numOrSizeSplits, axis } = attrs as unknown as SplitVAttrs;
    const rank = x.shape.length;
    const lastAxis = tf.util.parseAxisParam(axis, x.shape)[0] === rank - 1;
    if (x.dtype !== 'float32' || rank < 2 || !lastAxis || sizeOf(x.shape) === 0) return previous.kernelFunc(args);
    const sizes = tf.backend_util.prepareSplitSize(x, numOrSizeSplits, rank - 1);
    if (sizes.length > 64) return previous.kernelFunc(args);
    const heap = backend as unknown as WasmHeapBackend;
    const outputs = sizes.map((s) => heap.makeOutput([...x.shape.slice(0, -1), s], 'float32'));
    const width = x.shape[rank - 1]!;
    addon.splitLastAxis(
      heap.typedArrayFromHeap(x),
      sizeOf(x.shape) / width,
      width,
      Int32Array.from(sizes),
      outputs.map((o) => heap.typedArrayFromHeap(o)),
    );
    return outputs;
  };
}

/** Concat of float32 tensors of one rank along their last axis (skip connections; the gradient of a last-axis split). */
export function concatKernel(addon: NativeAddon, previous: KernelConfig): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const xs = Object.keys(inputs)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => inputs[k]!);
    const first = xs[0];
    if (first === undefined || xs.length > 64) return previous.kernelFunc(args);
    const rank = first.shape.length;
    const { axis } = attrs as unknown as ConcatAttrs;
    const lastAxis = rank >= 2 && tf.util.parseAxisParam(axis, first.shape)[0] === rank - 1;
    const lead = first.shape.slice(0, -1).join();
    const sameLead = xs.every((x) => x.dtype === 'float32' && x.shape.length === rank && x.shape.slice(0, -1).join() === lead);
    if (!lastAxis || !sameLead || sizeOf(first.shape) === 0) return previous.kernelFunc(args);
    const sizes = xs.map((x) => x.shape[rank - 1]!);
    const heap = backend as unknown as WasmHeapBackend;
    const y = heap.makeOutput([...first.shape.slice(0, -1), sizes.reduce((a, b) => a + b, 0)], 'float32');
    addon.concatLastAxis(
      xs.map((x) => heap.typedArrayFromHeap(x)),
      Int32Array.from(sizes),
      sizeOf(first.shape) / sizes[0]!,
      heap.typedArrayFromHeap(y),
    );
    return y;
  };
}

/** GatherV2 of float32 data with int32 indices along one axis (batchDims 0): a training batch's rows, an embedding lookup. */
export function gatherV2Kernel(addon: NativeAddon, previous: KernelConfig): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { x, indices } = inputs as Record<'x' | 'indices', TensorInfo>;
    const { axis, batchDims } = attrs as unknown as GatherV2Attrs;
    if (x.dtype !== 'float32' || indices.dtype !== 'int32' || (batchDims ?? 0) !== 0 || sizeOf(x.shape) === 0) return previous.kernelFunc(args);
    const a = tf.util.parseAxisParam(axis, x.shape)[0]!;
    const heap = backend as unknown as WasmHeapBackend;
    const y = heap.makeOutput([...x.shape.slice(0, a), ...indices.shape, ...x.shape.slice(a + 1)], 'float32');
    const outer = sizeOf(x.shape.slice(0, a));
    const inner = sizeOf(x.shape.slice(a + 1));
    // typedArrayFromHeap gives an Int32Array for int32 data.
    const indexView = heap.typedArrayFromHeap(indices) as unknown as Int32Array;
    addon.gather(heap.typedArrayFromHeap(x), Int32Array.of(outer, x.shape[a]!, inner), indexView, heap.typedArrayFromHeap(y));
    return y;
  };
}

/** Whether `large / small` is a power of two (the factor TF.js's nearest mapping computes exactly). */
function powerOfTwoFactor(large: number, small: number): number | undefined {
  const f = large / small;
  return Number.isInteger(f) && f >= 1 && (f & (f - 1)) === 0 ? f : undefined;
}

export function resizeNearestNeighborGradKernel(addon: NativeAddon, previous: KernelConfig): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { images, dy } = inputs as Record<'images' | 'dy', TensorInfo>;
    const { alignCorners, halfPixelCenters } = attrs as unknown as ResizeNearestNeighborGradAttrs;
    const [n, h, w, c] = images.shape as [number, number, number, number];
    const fh = powerOfTwoFactor(dy.shape[1]!, h);
    const fw = powerOfTwoFactor(dy.shape[2]!, w);
    if (alignCorners || halfPixelCenters || dy.dtype !== 'float32' || fh === undefined || fw === undefined || sizeOf(images.shape) === 0) {
      return previous.kernelFunc(args);
    }
    const heap = backend as unknown as WasmHeapBackend;
    const dx = heap.makeOutput(images.shape, 'float32');
    addon.resizeNearestGrad(heap.typedArrayFromHeap(dy), Int32Array.of(n, h, w, c, fh, fw), heap.typedArrayFromHeap(dx));
    return dx;
  };
}

/** Sum (or Mean) over axes [0, k) of a float32 tensor (bias gradients; batch-norm moments), as column sums. */
function leadingAxesReduction(addon: NativeAddon, previous: KernelConfig, mean: boolean): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs.x!;
    const { axis, keepDims } = attrs as unknown as SumAttrs;
    const rank = x.shape.length;
    const axes = [...new Set(tf.util.parseAxisParam(axis, x.shape))].sort((a, b) => a - b);
    const k = axes.length;
    const leading = k >= 1 && k < rank && axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading || sizeOf(x.shape) === 0) return previous.kernelFunc(args);
    const kept = x.shape.slice(k);
    const heap = backend as unknown as WasmHeapBackend;
    const out = heap.makeOutput(keepDims ? [...new Array<number>(k).fill(1), ...kept] : kept, 'float32');
    const cols = sizeOf(kept);
    const rows = sizeOf(x.shape) / cols;
    const view = heap.typedArrayFromHeap(out);
    addon.sumLeadingAxes(heap.typedArrayFromHeap(x), rows, cols, view);
    if (mean) for (let j = 0; j < cols; j++) view[j] = view[j]! / rows;
    return out;
  };
}

export function sumKernel(addon: NativeAddon, previous: KernelConfig): KernelFunc {
  return leadingAxesReduction(addon, previous, false);
}

/** Mean over leading axes (tf.moments in batch norm): the stock wasm Mean took ~10 ms per DCGAN batch-norm call. */
export function meanKernel(addon: NativeAddon, previous: KernelConfig): KernelFunc {
  return leadingAxesReduction(addon, previous, true);
}
