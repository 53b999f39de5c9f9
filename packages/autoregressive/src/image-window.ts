/**
 * Helpers for sampling convolutional autoregressive models on a window around the pixel being
 * generated: an output at (r, c) of a stack whose layers look at most `up` rows above and
 * `left` / `right` columns beside it depends only on the input window rows [r - up, r], columns
 * [c - left, c + right]. Zero padding at a window edge that is not an image edge corrupts only
 * outputs within the reach of that edge, so the output at (r, c) computed on the window equals
 * the one computed on the whole image.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface Reach {
  up: number;
  left: number;
  right: number;
}

export interface Window {
  row0: number;
  col0: number;
  height: number;
  width: number;
}

/** The window of an image (height x width) that output (r, c) depends on. */
export function windowFor(r: number, c: number, reach: Reach, width: number): Window {
  const row0 = Math.max(0, r - reach.up);
  const col0 = Math.max(0, c - reach.left);
  const col1 = Math.min(width - 1, c + reach.right);
  return { row0, col0, height: r - row0 + 1, width: col1 - col0 + 1 };
}

/** Crops t [n, h, w, ch] (whose top-left pixel is at image (from.row0, from.col0)) to `to`. */
export function cropTo(t: tf.Tensor4D, from: Window, to: Window): tf.Tensor4D {
  if (from.row0 === to.row0 && from.col0 === to.col0 && from.height === to.height && from.width === to.width) return t;
  return tf.slice(t, [0, to.row0 - from.row0, to.col0 - from.col0, 0], [-1, to.height, to.width, -1]);
}
