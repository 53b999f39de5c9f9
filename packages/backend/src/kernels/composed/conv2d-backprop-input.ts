import * as tf from '@tensorflow/tfjs-core';
import type { Conv2DBackpropInputAttrs, KernelFunc, Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { inputTensor, padOrCrop4D } from '../tensor-utils.js';

/**
 * Strided dX without zero insertion (the sub-pixel decomposition of a transposed convolution,
 * Shi et al., "Is the deconvolution layer the same as a convolutional layer?", 2016): output
 * rows with (ih + padTop) mod s = r only meet filter taps r, r + s, r + 2s, ..., so each of the
 * s*s phases is a stride-1 full correlation of dy with its flipped sub-filter. All phases run as
 * one convolution whose output channels are (phase, channel), then are interleaved and cropped:
 * no multiplications by inserted zeros (the s^2 times larger zero-inserted convolution).
 */
function subPixelBackpropInput(dy: Tensor4D, filter: Tensor4D, info: tf.backend_util.Conv2DInfo): Tensor {
  const [kh, kw, ci, co] = filter.shape;
  const [b, oh, ow] = dy.shape;
  const sh = info.strideHeight;
  const sw = info.strideWidth;
  const jh = Math.ceil(kh / sh); // taps per phase (shorter phases padded with zero taps)
  const jw = Math.ceil(kw / sw);
  const qh = oh + jh - 1;
  const qw = ow + jw - 1;
  // filter [jh*sh, jw*sw, ci, co] = [jh, sh, jw, sw, ci, co] -> [jh, jw, co, (sh, sw, ci)], with
  // rank-4 and rank-3 transposes only (wasm's rank-6 transpose is a slow scalar loop).
  const padded = tf.pad(filter, [[0, jh * sh - kh], [0, jw * sw - kw], [0, 0], [0, 0]]);
  const rowPhaseLast = tf.transpose(tf.reshape(padded, [jh, sh, jw * sw * ci, co]), [0, 2, 3, 1]); // [jh, jw, sw, ci, co, sh]
  const phaseChannels = tf.transpose(tf.reshape(rowPhaseLast, [jh * jw, sw * ci, co * sh]), [0, 2, 1]); // [jh, jw, co, sh, sw, ci]
  const combined = tf.reverse(tf.reshape(phaseChannels, [jh, jw, co, sh * sw * ci]), [0, 1]) as Tensor4D;
  const phases = tf.conv2d(dy, combined, 1, [[0, 0], [jh - 1, jh - 1], [jw - 1, jw - 1], [0, 0]]); // [b, qh, qw, (rh, rw, c)]
  // phases[b, q, p, (rh, rw, c)] = dxFull[b, q * sh + rh, p * sw + rw, c]: one rank-4 transpose
  // swapping p and rh interleaves them (wasm's depthToSpace is a scalar loop, 10x slower).
  const byRow = tf.reshape(phases, [b * qh, qw, sh, sw * ci]);
  const interleaved = tf.reshape(tf.transpose(byRow, [0, 2, 1, 3]), [b, qh * sh, qw * sw, ci]);
  // With 'valid' padding the last input rows/columns may meet no output at all: their dX is 0.
  const { top, left } = info.padInfo;
  const covered = padOrCrop4D(interleaved, 0, Math.max(0, top + info.inHeight - qh * sh), 0, Math.max(0, left + info.inWidth - qw * sw));
  return tf.slice(covered, [0, top, left, 0], [b, info.inHeight, info.inWidth, ci]);
}

/**
 * dX of an NHWC convolution (the transposed convolution) from forward convolutions on XNNPACK
 * (the stock wasm kernel is a scalar loop). Stride 1: dy correlated with the spatially flipped
 * filter, in and out channels swapped (Dumoulin & Visin, "A guide to convolution arithmetic for
 * deep learning", 2016, section 4); strided: the sub-pixel decomposition above.
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
  if (info.strideHeight > 1 || info.strideWidth > 1) return subPixelBackpropInput(dy, filter, info);
  const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as Tensor4D;
  const padTop = kh - 1 - top;
  const padLeft = kw - 1 - left;
  const padBottom = h + kh - 1 - padTop - dy.shape[1];
  const padRight = w + kw - 1 - padLeft - dy.shape[2];
  if (padTop >= 0 && padBottom >= 0 && padLeft >= 0 && padRight >= 0) {
    return tf.conv2d(dy, flipped, 1, [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]]);
  }
  return tf.conv2d(padOrCrop4D(dy, padTop, padBottom, padLeft, padRight) as Tensor4D, flipped, 1, 'valid');
}

/** Kernel wrapper of {@link conv2DBackpropInputComposed}. */
export const conv2DBackpropInputKernel: KernelFunc = ({ inputs, attrs }) =>
  tf.tidy(() =>
    conv2DBackpropInputComposed(inputTensor<Tensor4D>(inputs.dy!), inputTensor<Tensor4D>(inputs.filter!), attrs as unknown as Conv2DBackpropInputAttrs),
  );
