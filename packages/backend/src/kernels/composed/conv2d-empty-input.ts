import * as tf from '@tensorflow/tfjs-core';
import type { Conv2DAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { sizeOf, type WasmHeapBackend } from '../tensor-utils.js';

/**
 * Conv2D that returns zeros for an empty input whose padding still gives a non-empty output (a
 * masked convolution cropped to no rows: the first row of a Gated PixelCNN's vertical stack, run
 * on a one-row window). The stock wasm kernel left that output uninitialised, so the Gated
 * PixelCNN's windowed sampler disagreed with its full network on the top row. Other inputs go to
 * the stock kernel.
 */
export function conv2DKernel(stock: KernelConfig): KernelFunc {
  return (args) => {
    const { x, filter } = args.inputs as Record<'x' | 'filter', TensorInfo>;
    if (sizeOf(x.shape) > 0 && sizeOf(filter.shape) > 0) return stock.kernelFunc(args);
    const { strides, pad, dataFormat, dilations, dimRoundingMode } = args.attrs as unknown as Conv2DAttrs;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      strides,
      dilations,
      pad,
      dimRoundingMode,
      false,
      tf.backend_util.convertConv2DDataFormat(dataFormat),
    );
    const heap = args.backend as unknown as WasmHeapBackend;
    const out = heap.makeOutput(info.outShape, x.dtype);
    heap.typedArrayFromHeap(out).fill(0);
    return out;
  };
}
