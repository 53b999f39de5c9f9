/**
 * A 2-D convolution whose kernel is multiplied by a fixed 0/1 spatial mask, with 'same' zero
 * padding, so that output (r, c) sees only the allowed offsets (van den Oord, Kalchbrenner &
 * Kavukcuoglu 2016, "Pixel Recurrent Neural Networks", section 3.4). One-channel data only:
 * the mask is spatial and shared by every input/output channel pair.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D, Variable } from '@tensorflow/tfjs-core';
import type { Parameters } from '@genmodels/core-nn';

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

export class MaskedConv2D {
  readonly kernel: Variable;
  readonly bias: Variable;
  readonly options: MaskedConv2DOptions;
  private readonly mask: tf.Tensor4D | null;

  constructor(params: Parameters, name: string, options: MaskedConv2DOptions) {
    const { kernelHeight: kh, kernelWidth: kw, inChannels, outChannels, mask } = options;
    if (kh % 2 !== 1 || kw % 2 !== 1) throw new Error(`MaskedConv2D "${name}": kernel sizes must be odd, got ${kh}x${kw}`);
    if (mask && mask.length !== kh * kw) throw new Error(`MaskedConv2D "${name}": mask must have ${kh * kw} entries, got ${mask.length}`);
    this.options = options;
    this.kernel = params.create(`${name}/kernel`, [kh, kw, inChannels, outChannels], 'heUniform');
    this.bias = params.create(`${name}/bias`, [outChannels], 'zeros');
    this.mask = mask ? tf.tensor4d(mask, [kh, kw, 1, 1]) : null;
  }

  /** x [batch, height, width, inChannels] -> [batch, height, width, outChannels]. */
  apply(x: Tensor4D): Tensor4D {
    return tf.tidy(() => {
      const kernel = this.mask ? tf.mul(this.kernel, this.mask) : this.kernel;
      return tf.add(tf.conv2d(x, kernel as Tensor4D, 1, 'same'), this.bias) as Tensor4D;
    });
  }

  dispose(): void {
    this.mask?.dispose();
  }
}
