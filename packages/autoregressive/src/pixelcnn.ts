/**
 * PixelCNN (van den Oord, Kalchbrenner & Kavukcuoglu 2016, "Pixel Recurrent Neural Networks",
 * section 3.5): a masked k x k convolution of type A (excludes the current pixel), residual
 * layers h <- h + MaskB(ReLU(h)) whose type-B masks include it, then ReLU -> 1x1 -> ReLU -> 1x1
 * to the parameters of each pixel's conditional. The defaults are the bench-spec `pixelcnn`
 * network (7x7 A to 64 channels, 6 residual 3x3 B layers, 1x1 64, Bernoulli logits).
 *
 * Plain PixelCNN has a blind spot (pixels above-right outside the reach of the stacked masks,
 * van den Oord et al. 2016b); Gated PixelCNN removes it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { relu } from '@genmodels/core-nn';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { resolvePixelCNNConfig, type PixelCNNConfig, type PixelCNNConfigInput } from './pixelcnn-config.js';
import { AutoregressiveModel, type RasterSampler } from './autoregressive-model.js';
import { cropTo, windowFor, type Reach, type Window } from './image-window.js';
import { MaskedConv2D, pixelCNNMask } from './masked-conv2d.js';

export class PixelCNN extends AutoregressiveModel<PixelCNNConfig> {
  readonly modelType = 'pixelcnn';
  readonly height: number;
  readonly width: number;
  /** How far the network looks above and beside a pixel. */
  readonly reach: Reach;
  private readonly first: MaskedConv2D;
  private readonly residual: MaskedConv2D[];
  private readonly head: MaskedConv2D[];

  constructor(config: PixelCNNConfigInput = {}) {
    super(resolvePixelCNNConfig(config));
    const { filters, firstKernelSize, residualKernelSize, numResidualLayers, outputHiddenUnits } = this.config;
    [this.height, this.width] = [this.config.inputShape[0], this.config.inputShape[1]];
    this.first = new MaskedConv2D(this.params, 'maskA', {
      kernelHeight: firstKernelSize,
      kernelWidth: firstKernelSize,
      inChannels: 1,
      outChannels: filters,
      mask: pixelCNNMask(firstKernelSize, 'A'),
    });
    this.residual = Array.from(
      { length: numResidualLayers },
      (_, i) =>
        new MaskedConv2D(this.params, `res${i}/maskB`, {
          kernelHeight: residualKernelSize,
          kernelWidth: residualKernelSize,
          inChannels: filters,
          outChannels: filters,
          mask: pixelCNNMask(residualKernelSize, 'B'),
        }),
    );
    this.head = [
      new MaskedConv2D(this.params, 'out/hidden', { kernelHeight: 1, kernelWidth: 1, inChannels: filters, outChannels: outputHiddenUnits }),
      new MaskedConv2D(this.params, 'out/params', {
        kernelHeight: 1,
        kernelWidth: 1,
        inChannels: outputHiddenUnits,
        outChannels: this.likelihood.paramsPerDim,
      }),
    ];
    const p = (residualKernelSize - 1) / 2;
    const reach = (firstKernelSize - 1) / 2 + numResidualLayers * p;
    this.reach = { up: reach, left: reach, right: reach };
  }

  /** The network on images x [batch, h, w, 1] (data values) -> [batch, h, w, paramsPerDim]. */
  network(x: Tensor4D): Tensor4D {
    return tf.tidy(() => {
      let h = this.first.apply(this.likelihood.networkInput(x) as Tensor4D);
      for (const layer of this.residual) h = tf.add(h, layer.apply(relu(h))) as Tensor4D;
      return this.applyHead(h);
    });
  }

  private applyHead(h: Tensor4D): Tensor4D {
    return this.head[1].apply(relu(this.head[0].apply(relu(h))));
  }

  conditionalParams(x: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      const n = x.shape[0];
      const out = this.network(tf.reshape(x, [n, this.height, this.width, 1]));
      return tf.reshape(out, [n, this.dataDim, this.likelihood.paramsPerDim]);
    });
  }

  /**
   * The parameters of pixel (r, c) alone from any canvas, computing each layer only on the region
   * later layers still need (a pyramid narrowing by the residual kernel's reach per layer). The
   * sampler uses the faster cached path; this one needs no state.
   */
  paramsAtPixel(images: Tensor4D, r: number, c: number): tf.Tensor2D {
    return tf.tidy(() => {
      const p = (this.config.residualKernelSize - 1) / 2;
      const layers = this.residual.length;
      const regionFor = (remaining: number): Window =>
        windowFor(r, c, { up: remaining * p, left: remaining * p, right: remaining * p }, this.width);
      let region = windowFor(r, c, this.reach, this.width);
      const input = tf.slice(images, [0, region.row0, region.col0, 0], [-1, region.height, region.width, -1]);
      let h = this.first.apply(this.likelihood.networkInput(input) as Tensor4D);
      let next = regionFor(layers);
      h = cropTo(h, region, next);
      region = next;
      for (let l = 0; l < layers; l++) {
        const y = tf.add(h, this.residual[l].apply(tf.relu(h))) as Tensor4D;
        next = regionFor(layers - 1 - l);
        h = cropTo(y, region, next);
        region = next;
      }
      const out = this.applyHead(h);
      return tf.reshape(out, [images.shape[0], this.likelihood.paramsPerDim]) as tf.Tensor2D;
    });
  }

  /**
   * The sampler caches, for every residual layer, ReLU(h) at the positions already generated
   * (the last (k-1)/2 + 1 rows). Each pixel then costs one matrix product per layer over the
   * layer's unmasked taps at that single position, instead of a convolution over a region: every
   * activation of the network is computed exactly once per image, as in a single forward pass
   * (the caching idea of Ramachandran et al. 2017, "Fast Generation for Convolutional
   * Autoregressive Models"). Out-of-image taps read zeros, as 'same' zero padding does.
   */
  protected override createSampler(): RasterSampler {
    const { firstKernelSize: kA, residualKernelSize: k, filters } = this.config;
    const [pA, p] = [(kA - 1) / 2, (k - 1) / 2];
    const [height, width] = [this.height, this.width];
    // kernels restricted to their unmasked taps, flattened to matrices (kept until dispose)
    const firstKernel = tf.keep(
      tf.tidy(() => tf.reshape(tf.slice(this.first.maskedKernel(), [0, 0, 0, 0], [pA + 1, kA, 1, filters]), [(pA + 1) * kA, filters])),
    );
    const residualKernels = this.residual.map((layer) =>
      tf.keep(
        tf.tidy(() => {
          const kernel = layer.maskedKernel();
          const above = tf.reshape(tf.slice(kernel, [0, 0, 0, 0], [p, k, filters, filters]), [p * k * filters, filters]);
          const current = tf.reshape(tf.slice(kernel, [p, 0, 0, 0], [1, p + 1, filters, filters]), [(p + 1) * filters, filters]);
          return tf.concat([above, current], 0);
        }),
      ),
    );
    const headKernels = this.head.map((layer) =>
      tf.keep(tf.tidy(() => tf.reshape(layer.maskedKernel(), [layer.options.inChannels, layer.options.outChannels]))),
    );
    const owned: tf.Tensor[] = [firstKernel, ...residualKernels, ...headKernels];
    let zeros: tf.Tensor2D | null = null;
    // cache[l].get(row)[col] = ReLU(h_l) at (row, col), [batch, filters]
    const cache = this.residual.map(() => new Map<number, tf.Tensor2D[]>());
    let next = 0;
    const dropRowsBefore = (row: number) => {
      for (const layerCache of cache) {
        for (const [r, cells] of layerCache) {
          if (r < row) {
            tf.dispose(cells);
            layerCache.delete(r);
          }
        }
      }
    };
    return {
      paramsAt: (canvas, d) => {
        if (d !== next) throw new Error(`PixelCNN sampler: pixels must come in raster order; expected ${next}, got ${d}`);
        next = d + 1;
        const n = canvas.shape[0];
        const [r, c] = [Math.floor(d / width), d % width];
        if (c === 0) dropRowsBefore(r - p);
        zeros ??= tf.keep(tf.zeros([n, filters]) as tf.Tensor2D);
        const zero: tf.Tensor2D = zeros;
        return tf.tidy(() => {
          const images = tf.reshape(this.likelihood.networkInput(canvas), [n, height, width]);
          const padded = tf.pad(images, [
            [0, 0],
            [pA, 0],
            [pA, pA],
          ]);
          const patch = tf.reshape(tf.slice(padded, [0, r, c], [n, pA + 1, kA]), [n, (pA + 1) * kA]);
          let h = tf.add(tf.matMul(patch, firstKernel), this.first.bias) as tf.Tensor2D;
          this.residual.forEach((layer, l) => {
            const a = tf.keep(tf.relu(h)) as tf.Tensor2D;
            const layerCache = cache[l];
            if (!layerCache.has(r)) layerCache.set(r, []);
            layerCache.get(r)![c] = a;
            const taps: tf.Tensor2D[] = [];
            const at = (rr: number, cc: number) => (rr >= 0 && cc >= 0 && cc < width ? layerCache.get(rr)![cc] : zero);
            for (let rr = r - p; rr < r; rr++) for (let cc = c - p; cc <= c + p; cc++) taps.push(at(rr, cc));
            for (let cc = c - p; cc <= c; cc++) taps.push(at(r, cc));
            h = tf.add(h, tf.add(tf.matMul(tf.concat(taps, 1), residualKernels[l]), layer.bias)) as tf.Tensor2D;
          });
          const hidden = tf.relu(tf.add(tf.matMul(tf.relu(h), headKernels[0]), this.head[0].bias));
          return tf.add(tf.matMul(hidden as tf.Tensor2D, headKernels[1]), this.head[1].bias) as tf.Tensor2D;
        });
      },
      dispose: () => {
        dropRowsBefore(Infinity);
        tf.dispose([...owned, ...(zeros ? [zeros] : [])]);
      },
    };
  }

  protected override disposeExtras(): void {
    for (const layer of [this.first, ...this.residual, ...this.head]) layer.dispose();
  }
}
