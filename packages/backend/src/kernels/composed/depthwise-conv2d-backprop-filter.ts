import * as tf from '@tensorflow/tfjs-core';
import type { DepthwiseConv2dNativeBackpropFilterAttrs, KernelFunc, Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { inputTensor } from '../tensor-utils.js';

/**
 * dW of a depthwise convolution (filter [KH, KW, C, M]) as one depthwise convolution over B*C
 * channels with dy as an OH x OW filter:
 *   dW[kh, kw, c, m] = sum_{b, oh, ow} xpad[b, oh*s + kh*d, ow*s + kw*d, c] * dy[b, oh, ow, c*M + m]
 * is depthwiseConv2d(x^T: [1, Hp, Wp, B*C], dy^T: [OH, OW, B*C, M], stride 1, dilation s), read
 * every d-th tap, summed over the batch.
 */
export function depthwiseConv2dBackpropFilterComposed(x: Tensor4D, dy: Tensor4D, attrs: DepthwiseConv2dNativeBackpropFilterAttrs): Tensor {
  const [kh, kw, c, mult] = attrs.filterShape;
  const info = tf.backend_util.computeConv2DInfo(x.shape, attrs.filterShape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
  const { top, bottom, left, right } = info.padInfo;
  const [b, h, w] = x.shape;
  const [, oh, ow] = dy.shape;
  const hp = h + top + bottom;
  const wp = w + left + right;
  const xp = tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  const xr = tf.reshape(tf.transpose(xp, [1, 2, 0, 3]), [1, hp, wp, b * c]) as Tensor4D;
  const f = tf.reshape(tf.transpose(tf.reshape(dy, [b, oh, ow, c, mult]), [1, 2, 0, 3, 4]), [oh, ow, b * c, mult]) as Tensor4D;
  const r = tf.depthwiseConv2d(xr, f, 1, 'valid', 'NHWC', [info.strideHeight, info.strideWidth]);
  const dh = info.dilationHeight;
  const dw = info.dilationWidth;
  const taps = tf.stridedSlice(r, [0, 0, 0, 0], [1, (kh - 1) * dh + 1, (kw - 1) * dw + 1, b * c * mult], [1, dh, dw, 1]);
  return tf.sum(tf.reshape(taps, [kh, kw, b, c, mult]), 2);
}

/** Kernel wrapper of {@link depthwiseConv2dBackpropFilterComposed}. */
export const depthwiseConv2dBackpropFilterKernel: KernelFunc = ({ inputs, attrs }) =>
  tf.tidy(() =>
    depthwiseConv2dBackpropFilterComposed(
      inputTensor<Tensor4D>(inputs.x!),
      inputTensor<Tensor4D>(inputs.dy!),
      attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs,
    ),
  );
