import * as tf from '@tensorflow/tfjs-core';
import type { DepthwiseConv2dNativeAttrs, FusedDepthwiseConv2DAttrs, KernelConfig, KernelFunc, Tensor, Tensor4D, TensorInfo } from '@tensorflow/tfjs-core';
import { applyActivation } from '../apply-activation.js';
import { inputTensor } from '../tensor-utils.js';

/**
 * The stock wasm depthwise convolution (XNNPACK) returns wrong values for 2-tap filters with
 * stride 3 or 4 (measured against the cpu backend). Those cases run at stride 1 on the padded
 * input and keep every stride-th output; the rest go to the stock kernel.
 */
function needsStrideOneFallback(filterShape: number[], strideHeight: number, strideWidth: number): boolean {
  return (filterShape[0] === 2 && strideHeight > 2) || (filterShape[1] === 2 && strideWidth > 2);
}

function strideOneDepthwise(x: Tensor4D, filter: Tensor4D, attrs: DepthwiseConv2dNativeAttrs): Tensor {
  const info = tf.backend_util.computeConv2DInfo(x.shape, filter.shape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
  const { top, bottom, left, right } = info.padInfo;
  const padded = tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  const dense = tf.depthwiseConv2d(padded, filter, 1, 'valid', 'NHWC', [info.dilationHeight, info.dilationWidth]);
  const [b, , , c] = dense.shape;
  return tf.stridedSlice(dense, [0, 0, 0, 0], [b, (info.outHeight - 1) * info.strideHeight + 1, (info.outWidth - 1) * info.strideWidth + 1, c], [
    1,
    info.strideHeight,
    info.strideWidth,
    1,
  ]);
}

function strides(attrs: { strides: [number, number] | number }): [number, number] {
  return typeof attrs.strides === 'number' ? [attrs.strides, attrs.strides] : attrs.strides;
}

/** DepthwiseConv2dNative with the stride-one fallback. */
export function depthwiseConv2dNativeKernel(stock: KernelConfig): KernelFunc {
  return (args) => {
    const attrs = args.attrs as unknown as DepthwiseConv2dNativeAttrs;
    const filter = args.inputs.filter!;
    if (!needsStrideOneFallback(filter.shape, ...strides(attrs))) return stock.kernelFunc(args) as TensorInfo;
    return tf.tidy(() => strideOneDepthwise(inputTensor<Tensor4D>(args.inputs.x!), inputTensor<Tensor4D>(filter), attrs));
  };
}

/** FusedDepthwiseConv2D with the stride-one fallback (bias and activation then as ops). */
export function fusedDepthwiseConv2DKernel(stock: KernelConfig): KernelFunc {
  return (args) => {
    const attrs = args.attrs as unknown as FusedDepthwiseConv2DAttrs;
    const { x, filter, bias, preluActivationWeights } = args.inputs;
    if (!needsStrideOneFallback(filter!.shape, ...strides(attrs))) return stock.kernelFunc(args) as TensorInfo;
    return tf.tidy(() => {
      let y = strideOneDepthwise(inputTensor<Tensor4D>(x!), inputTensor<Tensor4D>(filter!), attrs);
      if (bias !== undefined) y = tf.add(y, inputTensor(bias));
      return applyActivation(y, attrs.activation, preluActivationWeights ? inputTensor(preluActivationWeights) : undefined, attrs.leakyreluAlpha);
    });
  };
}
