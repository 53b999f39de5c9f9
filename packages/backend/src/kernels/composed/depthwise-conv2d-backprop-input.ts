import * as tf from '@tensorflow/tfjs-core';
import type { DepthwiseConv2dNativeBackpropInputAttrs, KernelFunc, Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { inputTensor, padOrCrop4D, zeroInsert } from '../tensor-utils.js';

/**
 * dX of a depthwise convolution: the zero-inserted dy (C*M channels) correlated depthwise with
 * the spatially flipped, dilated filter, then summed over the channel multiplier M.
 */
export function depthwiseConv2dBackpropInputComposed(dy: Tensor4D, filter: Tensor4D, attrs: DepthwiseConv2dNativeBackpropInputAttrs): Tensor {
  const [kh, kw, c, mult] = filter.shape;
  const info = tf.backend_util.computeConv2DInfo(attrs.inputShape, filter.shape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
  const [b, h, w] = attrs.inputShape;
  const { top, left } = info.padInfo;
  const dh = info.dilationHeight;
  const dw = info.dilationWidth;
  const ekh = (kh - 1) * dh + 1;
  const ekw = (kw - 1) * dw + 1;
  const spread = zeroInsert(dy, info.strideHeight, info.strideWidth);
  const flipped = tf.reshape(tf.reverse(filter, [0, 1]), [kh, kw, c * mult, 1]) as Tensor4D;
  const padTop = ekh - 1 - top;
  const padLeft = ekw - 1 - left;
  const padBottom = h + ekh - 1 - padTop - spread.shape[1]!;
  const padRight = w + ekw - 1 - padLeft - spread.shape[2]!;
  const padded = padOrCrop4D(spread, padTop, padBottom, padLeft, padRight) as Tensor4D;
  const r = tf.depthwiseConv2d(padded, flipped, 1, 'valid', 'NHWC', [dh, dw]);
  return mult === 1 ? r : tf.sum(tf.reshape(r, [b, h, w, c, mult]), 4);
}

/** Kernel wrapper of {@link depthwiseConv2dBackpropInputComposed}. */
export const depthwiseConv2dBackpropInputKernel: KernelFunc = ({ inputs, attrs }) =>
  tf.tidy(() =>
    depthwiseConv2dBackpropInputComposed(
      inputTensor<Tensor4D>(inputs.dy!),
      inputTensor<Tensor4D>(inputs.filter!),
      attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs,
    ),
  );
