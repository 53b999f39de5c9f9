import * as tf from '@tensorflow/tfjs-core';
import type { Conv2DBackpropInputAttrs, KernelFunc, Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { inputTensor, padOrCrop4D, zeroInsert } from '../tensor-utils.js';

/**
 * dX of an NHWC convolution (the transposed convolution) as one forward convolution: the
 * zero-inserted dy correlated with the spatially flipped filter, in and out channels swapped
 * (Dumoulin & Visin, "A guide to convolution arithmetic for deep learning", 2016, section 4).
 * The stock wasm kernel is a scalar loop; this runs on XNNPACK.
 */
export function conv2DBackpropInputComposed(dy: Tensor4D, filter: Tensor4D, attrs: Conv2DBackpropInputAttrs): Tensor {
  if (attrs.dataFormat === 'NCHW') throw new Error('Conv2DBackpropInput: NCHW is not supported on wasm; use NHWC');
  const [kh, kw] = filter.shape;
  const [, h, w] = attrs.inputShape;
  const info = tf.backend_util.computeConv2DInfo(attrs.inputShape, filter.shape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const { top, left } = info.padInfo;
  if (kh === 1 && kw === 1 && info.strideHeight === 1 && info.strideWidth === 1 && top === 0 && left === 0 && info.outHeight === h && info.outWidth === w) {
    // A 1x1 convolution's input gradient is a plain matmul with the filter transposed.
    const [b, , , co] = dy.shape;
    const ci = filter.shape[2];
    return tf.reshape(tf.matMul(tf.reshape(dy, [b * h * w, co]), tf.reshape(filter, [ci, co]), false, true), attrs.inputShape);
  }
  const spread = zeroInsert(dy, info.strideHeight, info.strideWidth);
  const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as Tensor4D;
  const padTop = kh - 1 - top;
  const padLeft = kw - 1 - left;
  const padBottom = h + kh - 1 - padTop - spread.shape[1]!;
  const padRight = w + kw - 1 - padLeft - spread.shape[2]!;
  if (padTop >= 0 && padBottom >= 0 && padLeft >= 0 && padRight >= 0) {
    return tf.conv2d(spread as Tensor4D, flipped, 1, [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]]);
  }
  return tf.conv2d(padOrCrop4D(spread, padTop, padBottom, padLeft, padRight) as Tensor4D, flipped, 1, 'valid');
}

/** Kernel wrapper of {@link conv2DBackpropInputComposed}. */
export const conv2DBackpropInputKernel: KernelFunc = ({ inputs, attrs }) =>
  tf.tidy(() =>
    conv2DBackpropInputComposed(inputTensor<Tensor4D>(inputs.dy!), inputTensor<Tensor4D>(inputs.filter!), attrs as unknown as Conv2DBackpropInputAttrs),
  );
