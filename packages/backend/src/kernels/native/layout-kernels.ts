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

/**
 * Sum (or Mean) of a float32 tensor over one contiguous run of axes [a, b): over leading axes (bias
 * gradients, batch-norm moments) as column sums, and over middle ones (a [n, 1, 1, c] broadcast's
 * gradient, such as the UNet's time embedding: 4.8 ms a call on the stock kernel, which transposes
 * first) as column sums of each of the leading slices.
 */
function contiguousAxesReduction(addon: NativeAddon, previous: KernelConfig, mean: boolean): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs.x!;
    const { axis, keepDims } = attrs as unknown as SumAttrs;
    const rank = x.shape.length;
    const axes = [...new Set(tf.util.parseAxisParam(axis, x.shape))].sort((a, b) => a - b);
    const first = axes[0] ?? 0;
    const end = first + axes.length;
    const contiguous = axes.length >= 1 && axes.every((a, i) => a === first + i) && (first === 0 ? end < rank : true);
    if (x.dtype !== 'float32' || !contiguous || sizeOf(x.shape) === 0) return previous.kernelFunc(args);
    const outer = sizeOf(x.shape.slice(0, first));
    const rows = sizeOf(x.shape.slice(first, end));
    const cols = sizeOf(x.shape.slice(end));
    // One native call per leading slice: worth it for a few wide slices, not for many narrow rows.
    if (outer > 1 && (cols < 16 || outer > 1024)) return previous.kernelFunc(args);
    const outShape = keepDims ? x.shape.map((d, i) => (i >= first && i < end ? 1 : d)) : [...x.shape.slice(0, first), ...x.shape.slice(end)];
    const heap = backend as unknown as WasmHeapBackend;
    const out = heap.makeOutput(outShape, 'float32');
    const input = heap.typedArrayFromHeap(x);
    const view = heap.typedArrayFromHeap(out);
    for (let o = 0; o < outer; o++) {
      addon.sumLeadingAxes(input.subarray(o * rows * cols, (o + 1) * rows * cols), rows, cols, view.subarray(o * cols, (o + 1) * cols));
    }
    if (mean) for (let j = 0; j < view.length; j++) view[j] = view[j]! / rows;
    return out;
  };
}

export function sumKernel(addon: NativeAddon, previous: KernelConfig): KernelFunc {
  return contiguousAxesReduction(addon, previous, false);
}

/** Mean over leading axes (tf.moments in batch norm): the stock wasm Mean took ~10 ms per DCGAN batch-norm call. */
export function meanKernel(addon: NativeAddon, previous: KernelConfig): KernelFunc {
  return contiguousAxesReduction(addon, previous, true);
}
