/**
 * Gated PixelCNN (van den Oord, Kalchbrenner, Vinyals, Espeholt, Graves & Kavukcuoglu 2016,
 * "Conditional Image Generation with PixelCNN Decoders"). Two stacks remove PixelCNN's blind
 * spot: a vertical stack that sees every column of the rows strictly above the pixel, and a
 * horizontal stack that sees the pixels to its left in the current row plus the vertical
 * stack's features. Each layer applies the gated unit
 *   y = tanh(W_f * x + V_f h) . sigmoid(W_g * x + V_g h)
 * with an optional class embedding h, a 1x1 link vertical -> horizontal and a residual 1x1 on
 * the horizontal stack.
 *
 * Masks (k x k convolutions with fixed zero taps, see masked-conv2d.ts): vertical layer 0 uses
 * rows above the centre only, later vertical layers also the centre row (their input already
 * excludes the current row); horizontal layer 0 uses columns left of the centre, later layers
 * also the centre.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D, Variable } from '@tensorflow/tfjs-core';
import { resolveGatedPixelCNNConfig, type GatedPixelCNNConfig, type GatedPixelCNNConfigInput } from './gated-pixelcnn-config.js';
import { AutoregressiveModel, type RasterSampler } from './autoregressive-model.js';
import { windowFor, type Reach } from './image-window.js';
import { MaskedConv2D, horizontalStackMask, verticalStackMask } from './masked-conv2d.js';

interface GatedLayer {
  vertical: MaskedConv2D;
  horizontal: MaskedConv2D;
  link: MaskedConv2D;
  residual: MaskedConv2D;
  classEmbedding: Variable | null;
}

function gate(x: tf.Tensor): tf.Tensor {
  const [f, g] = tf.split(x, 2, -1);
  return tf.mul(tf.tanh(f), tf.sigmoid(g));
}

export class GatedPixelCNN extends AutoregressiveModel<GatedPixelCNNConfig> {
  readonly modelType = 'gated-pixelcnn';
  readonly height: number;
  readonly width: number;
  readonly reach: Reach;
  private readonly layers: GatedLayer[];
  private readonly head: MaskedConv2D[];

  constructor(config: GatedPixelCNNConfigInput = {}) {
    super(resolveGatedPixelCNNConfig(config));
    const { filters, numLayers, firstKernelSize, kernelSize, outputHiddenUnits, numClasses } = this.config;
    [this.height, this.width] = [this.config.inputShape[0], this.config.inputShape[1]];
    this.layers = Array.from({ length: numLayers }, (_, l) => {
      const k = l === 0 ? firstKernelSize : kernelSize;
      const inChannels = l === 0 ? 1 : filters;
      const scope = this.params.scope(`layer${l}`);
      return {
        vertical: new MaskedConv2D(scope, 'vertical', {
          kernelHeight: k,
          kernelWidth: k,
          inChannels,
          outChannels: 2 * filters,
          mask: verticalStackMask(k, l > 0),
        }),
        horizontal: new MaskedConv2D(scope, 'horizontal', {
          kernelHeight: 1,
          kernelWidth: k,
          inChannels,
          outChannels: 2 * filters,
          mask: horizontalStackMask(k, l > 0),
        }),
        link: new MaskedConv2D(scope, 'link', { kernelHeight: 1, kernelWidth: 1, inChannels: 2 * filters, outChannels: 2 * filters }),
        residual: new MaskedConv2D(scope, 'residual', { kernelHeight: 1, kernelWidth: 1, inChannels: filters, outChannels: filters }),
        classEmbedding: numClasses > 0 ? scope.create('classEmbedding', [numClasses, 2 * filters], { normal: 0.02 }) : null,
      };
    });
    this.head = [
      new MaskedConv2D(this.params, 'out/hidden', { kernelHeight: 1, kernelWidth: 1, inChannels: filters, outChannels: outputHiddenUnits }),
      new MaskedConv2D(this.params, 'out/params', {
        kernelHeight: 1,
        kernelWidth: 1,
        inChannels: outputHiddenUnits,
        outChannels: this.likelihood.paramsPerDim,
      }),
    ];
    const r = (firstKernelSize - 1) / 2 + (numLayers - 1) * ((kernelSize - 1) / 2);
    this.reach = { up: r, left: r, right: r };
  }

  /** ConditionalModel: present only when the model is class-conditional. */
  get numClasses(): number | undefined {
    return this.config.numClasses > 0 ? this.config.numClasses : undefined;
  }

  /** Images x [batch, h, w, 1] (data values) and labels [batch] -> [batch, h, w, paramsPerDim]. */
  network(x: Tensor4D, labels?: tf.Tensor1D): Tensor4D {
    return tf.tidy(() => {
      const input = this.likelihood.networkInput(x) as Tensor4D;
      let v = input;
      let h = input;
      this.layers.forEach((layer, l) => {
        let vPre: tf.Tensor = layer.vertical.apply(v);
        let hPre: tf.Tensor = tf.add(layer.horizontal.apply(h), layer.link.apply(vPre as Tensor4D));
        if (layer.classEmbedding && labels) {
          const embedding = tf.reshape(tf.gather(layer.classEmbedding, tf.cast(labels, 'int32')), [x.shape[0], 1, 1, -1]);
          vPre = tf.add(vPre, embedding);
          hPre = tf.add(hPre, embedding);
        }
        v = gate(vPre) as Tensor4D;
        const hOut = layer.residual.apply(gate(hPre) as Tensor4D);
        h = (l === 0 ? hOut : tf.add(h, hOut)) as Tensor4D;
      });
      return this.head[1].apply(tf.relu(this.head[0].apply(tf.relu(h))));
    });
  }

  conditionalParams(x: tf.Tensor2D, labels?: tf.Tensor1D): tf.Tensor3D {
    return tf.tidy(() => {
      const n = x.shape[0];
      const out = this.network(tf.reshape(x, [n, this.height, this.width, 1]), labels);
      return tf.reshape(out, [n, this.dataDim, this.likelihood.paramsPerDim]);
    });
  }

  /** The parameters of pixel (r, c), computed on the window of the image it depends on. */
  paramsAtPixel(images: Tensor4D, r: number, c: number, labels?: tf.Tensor1D): tf.Tensor2D {
    return tf.tidy(() => {
      const w = windowFor(r, c, this.reach, this.width);
      const window = tf.slice(images, [0, w.row0, w.col0, 0], [-1, w.height, w.width, -1]);
      const out = this.network(window, labels);
      return tf.reshape(tf.slice(out, [0, r - w.row0, c - w.col0, 0], [-1, 1, 1, -1]), [images.shape[0], this.likelihood.paramsPerDim]) as tf.Tensor2D;
    });
  }

  protected override createSampler(labels?: tf.Tensor1D): RasterSampler {
    return {
      paramsAt: (canvas, d) =>
        tf.tidy(() => {
          const images = tf.reshape(canvas, [canvas.shape[0], this.height, this.width, 1]) as Tensor4D;
          return this.paramsAtPixel(images, Math.floor(d / this.width), d % this.width, labels);
        }),
      dispose: () => undefined,
    };
  }

  protected override disposeExtras(): void {
    for (const layer of this.layers) for (const conv of [layer.vertical, layer.horizontal, layer.link, layer.residual]) conv.dispose();
    for (const conv of this.head) conv.dispose();
  }
}
