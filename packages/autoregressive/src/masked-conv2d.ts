/**
 * A 2-D convolution whose kernel is multiplied by a fixed 0/1 spatial mask, with 'same' zero
 * padding, so that output (r, c) sees only the allowed offsets (van den Oord, Kalchbrenner &
 * Kavukcuoglu 2016, "Pixel Recurrent Neural Networks", section 3.4). One-channel data only:
 * the mask is spatial and shared by every input/output channel pair.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor4D, Variable } from '@tensorflow/tfjs-core';
import { type ExplicitConvPadding, fusedConv2d, hasFusedConv2D, type Parameters } from '@genmodels/core-nn';

/**
 * PixelCNN masks for a k x k kernel, row-major [k * k]: rows above the centre and, in the centre
 * row, columns left of the centre; type 'B' also allows the centre itself.
 */
export function pixelCNNMask(kernelSize: number, type: 'A' | 'B'): Float32Array {
  const mask = new Float32Array(kernelSize * kernelSize);
  const centre = (kernelSize - 1) / 2;
  for (let i = 0; i < kernelSize; i++) {
    for (let j = 0; j < kernelSize; j++) {
      mask[i * kernelSize + j] = i < centre || (i === centre && (j < centre || (type === 'B' && j === centre))) ? 1 : 0;
    }
  }
  return mask;
}

/**
 * Gated PixelCNN vertical stack mask, k x k: every column of the rows above the centre; with
 * `includeCentreRow` also the centre row (van den Oord et al. 2016, "Conditional Image
 * Generation with PixelCNN Decoders", figure 1). Layer 0 excludes the centre row so that the
 * vertical stack only ever sees rows strictly above.
 */
export function verticalStackMask(kernelSize: number, includeCentreRow: boolean): Float32Array {
  const mask = new Float32Array(kernelSize * kernelSize);
  const centre = (kernelSize - 1) / 2;
  for (let i = 0; i < kernelSize; i++) for (let j = 0; j < kernelSize; j++) mask[i * kernelSize + j] = i < centre || (includeCentreRow && i === centre) ? 1 : 0;
  return mask;
}

/** Gated PixelCNN horizontal stack mask, 1 x k: columns left of the centre, and the centre with `includeCentre`. */
export function horizontalStackMask(kernelSize: number, includeCentre: boolean): Float32Array {
  const centre = (kernelSize - 1) / 2;
  return Float32Array.from({ length: kernelSize }, (_, j) => (j < centre || (includeCentre && j === centre) ? 1 : 0));
}

export interface MaskedConv2DOptions {
  kernelHeight: number;
  kernelWidth: number;
  inChannels: number;
  outChannels: number;
  /** Row-major [kernelHeight * kernelWidth] 0/1 spatial mask; omitted = no mask. */
  mask?: Float32Array;
}

/**
 * The convolution is computed only over the bounding box of the mask's non-zero taps, with the
 * 'same' padding shifted to match: a 3x3 type-B mask uses a 2x3 kernel (the row above and the
 * current row), a 1xk horizontal mask a 1x((k+1)/2) kernel. The weights keep the full k x k shape.
 */
export class MaskedConv2D {
  readonly kernel: Variable;
  readonly bias: Variable;
  readonly options: MaskedConv2DOptions;
  private readonly mask: tf.Tensor4D | null;
  /** Bounding box of the non-zero taps: [row0, rows, col0, cols]. */
  private readonly box: [number, number, number, number];
  /** Padding [[0, 0], [top, bottom], [left, right], [0, 0]] that makes the cropped conv 'same' (negative = crop). */
  private readonly padding: [[number, number], [number, number], [number, number], [number, number]];

  constructor(params: Parameters, name: string, options: MaskedConv2DOptions) {
    const { kernelHeight: kh, kernelWidth: kw, inChannels, outChannels, mask } = options;
    if (kh % 2 !== 1 || kw % 2 !== 1) throw new Error(`MaskedConv2D "${name}": kernel sizes must be odd, got ${kh}x${kw}`);
    if (mask && mask.length !== kh * kw) throw new Error(`MaskedConv2D "${name}": mask must have ${kh * kw} entries, got ${mask.length}`);
    this.options = options;
    this.kernel = params.create(`${name}/kernel`, [kh, kw, inChannels, outChannels], 'heUniform');
    this.bias = params.create(`${name}/bias`, [outChannels], 'zeros');
    let [r0, r1, c0, c1] = [0, kh - 1, 0, kw - 1];
    if (mask) {
      const rows = [...Array(kh).keys()].filter((i) => [...Array(kw).keys()].some((j) => mask[i * kw + j] !== 0));
      const cols = [...Array(kw).keys()].filter((j) => [...Array(kh).keys()].some((i) => mask[i * kw + j] !== 0));
      if (rows.length === 0) throw new Error(`MaskedConv2D "${name}": the mask has no non-zero tap`);
      [r0, r1, c0, c1] = [rows[0], rows[rows.length - 1], cols[0], cols[cols.length - 1]];
    }
    this.box = [r0, r1 - r0 + 1, c0, c1 - c0 + 1];
    const [ch, cw] = [(kh - 1) / 2, (kw - 1) / 2];
    this.padding = [
      [0, 0],
      [ch - r0, r1 - ch],
      [cw - c0, c1 - cw],
      [0, 0],
    ];
    this.mask = mask ? tf.tensor4d(mask, [kh, kw, 1, 1]) : null;
  }

  /** x [batch, height, width, inChannels] -> [batch, height, width, outChannels]. */
  apply(x: Tensor4D): Tensor4D {
    return tf.tidy(() => {
      if (!this.mask) return this.convolve(x, this.kernel as Tensor4D, 'same');
      const [r0, rows, c0, cols] = this.box;
      const kernel = tf.slice(tf.mul(this.kernel, this.mask), [r0, c0, 0, 0], [rows, cols, -1, -1]) as Tensor4D;
      const [top, bottom] = this.padding[1];
      const [left, right] = this.padding[2];
      // A negative pad (a mask with no tap in the centre row or column, e.g. vertical layer 0)
      // crops the input on that side instead.
      const [h, w] = [x.shape[1], x.shape[2]];
      const cropTop = Math.max(0, -top);
      const cropLeft = Math.max(0, -left);
      const cropped =
        top < 0 || bottom < 0 || left < 0 || right < 0
          ? tf.slice(x, [0, cropTop, cropLeft, 0], [-1, h - cropTop - Math.max(0, -bottom), w - cropLeft - Math.max(0, -right), -1])
          : x;
      // explicit conv padding avoids materialising a padded copy of the input
      const padding: ExplicitConvPadding = [
        [0, 0],
        [Math.max(0, top), Math.max(0, bottom)],
        [Math.max(0, left), Math.max(0, right)],
        [0, 0],
      ];
      return this.convolve(cropped as Tensor4D, kernel, padding);
    });
  }

  /** conv(x, kernel) + bias: one fused kernel each way where the backend has it (bias add and its gradient included). */
  private convolve(x: Tensor4D, kernel: Tensor4D, pad: 'same' | ExplicitConvPadding): Tensor4D {
    if (x.dtype === 'float32' && hasFusedConv2D()) return fusedConv2d(x, kernel, this.bias as Tensor1D, { strides: 1, pad, activation: 'linear' });
    return tf.add(tf.conv2d(x, kernel, 1, pad), this.bias) as Tensor4D;
  }

  /** The kernel times its mask, [kernelHeight, kernelWidth, inChannels, outChannels] (caller owns it). */
  maskedKernel(): Tensor4D {
    return tf.tidy(() => (this.mask ? tf.mul(this.kernel, this.mask) : tf.clone(this.kernel)) as Tensor4D);
  }

  dispose(): void {
    this.mask?.dispose();
  }
}
