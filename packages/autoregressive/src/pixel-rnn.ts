/**
 * PixelRNN with Row LSTM layers (van den Oord, Kalchbrenner & Kavukcuoglu 2016, "Pixel
 * Recurrent Neural Networks", section 3.1). A 7x7 type-A masked convolution gives features
 * that see only earlier pixels; each Row LSTM layer then processes the image row by row:
 *   [o, f, i, g] = sigma(K_ss * h_{r-1} + K_is * x_r),  c_r = f . c_{r-1} + i . g,  h_r = o . tanh(c_r)
 * where K_is is a 1x3 convolution masked to columns c-1 and c (type B) on the current row's
 * features and K_ss a 1x3 convolution on the previous row's hidden state; a 1x1 residual adds
 * h_r back to the layer input. The output head is ReLU -> 1x1 -> ReLU -> 1x1. Its receptive
 * field is the triangle above the pixel (the paper's figure 4), so unlike Gated PixelCNN it
 * has a blind spot, but no leak.
 *
 * Sampling caches each layer's (h, c) of the last finished row, so generating a pixel costs one
 * row step per layer instead of a pass over the whole image.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { resolvePixelRNNConfig, type PixelRNNConfig, type PixelRNNConfigInput } from './pixel-rnn-config.js';
import { AutoregressiveModel, type RasterSampler } from './autoregressive-model.js';
import { MaskedConv2D, horizontalStackMask, pixelCNNMask } from './masked-conv2d.js';

interface RowLSTMLayer {
  inputToState: MaskedConv2D;
  stateToState: MaskedConv2D;
  residual: MaskedConv2D;
}

/** One layer's state for one row: h and c, each [batch, 1, width, filters]. */
interface RowState {
  h: Tensor4D;
  c: Tensor4D;
}

export class PixelRNN extends AutoregressiveModel<PixelRNNConfig> {
  readonly modelType = 'pixelrnn';
  readonly height: number;
  readonly width: number;
  private readonly first: MaskedConv2D;
  private readonly layers: RowLSTMLayer[];
  private readonly head: MaskedConv2D[];

  constructor(config: PixelRNNConfigInput = {}) {
    super(resolvePixelRNNConfig(config));
    const { filters, numLayers, firstKernelSize, outputHiddenUnits } = this.config;
    [this.height, this.width] = [this.config.inputShape[0], this.config.inputShape[1]];
    this.first = new MaskedConv2D(this.params, 'maskA', {
      kernelHeight: firstKernelSize,
      kernelWidth: firstKernelSize,
      inChannels: 1,
      outChannels: filters,
      mask: pixelCNNMask(firstKernelSize, 'A'),
    });
    this.layers = Array.from({ length: numLayers }, (_, l) => {
      const scope = this.params.scope(`rowLSTM${l}`);
      return {
        inputToState: new MaskedConv2D(scope, 'inputToState', {
          kernelHeight: 1,
          kernelWidth: 3,
          inChannels: filters,
          outChannels: 4 * filters,
          mask: horizontalStackMask(3, true),
        }),
        stateToState: new MaskedConv2D(scope, 'stateToState', { kernelHeight: 1, kernelWidth: 3, inChannels: filters, outChannels: 4 * filters }),
        residual: new MaskedConv2D(scope, 'residual', { kernelHeight: 1, kernelWidth: 1, inChannels: filters, outChannels: filters }),
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
  }

  private zeroState(n: number): RowState {
    return { h: tf.zeros([n, 1, this.width, this.config.filters]), c: tf.zeros([n, 1, this.width, this.config.filters]) };
  }

  /** One Row LSTM step on one row: input features x [n, 1, W, F] and the previous row's state. */
  private rowStep(layer: RowLSTMLayer, x: Tensor4D, previous: RowState): RowState & { out: Tensor4D } {
    const gates = tf.add(layer.inputToState.apply(x), layer.stateToState.apply(previous.h));
    const [o, f, i, g] = tf.split(gates, 4, -1);
    const c = tf.add(tf.mul(tf.sigmoid(f), previous.c), tf.mul(tf.sigmoid(i), tf.tanh(g))) as Tensor4D;
    const h = tf.mul(tf.sigmoid(o), tf.tanh(c)) as Tensor4D;
    return { h, c, out: tf.add(x, layer.residual.apply(h)) as Tensor4D };
  }

  private headOn(x: Tensor4D): Tensor4D {
    return this.head[1].apply(tf.relu(this.head[0].apply(tf.relu(x))));
  }

  /** Images x [batch, h, w, 1] (data values) -> [batch, h, w, paramsPerDim]. */
  network(x: Tensor4D): Tensor4D {
    return tf.tidy(() => {
      const n = x.shape[0];
      let features = this.first.apply(this.likelihood.networkInput(x) as Tensor4D);
      for (const layer of this.layers) {
        let state = this.zeroState(n);
        const rows: tf.Tensor[] = [];
        for (let r = 0; r < this.height; r++) {
          const xr = tf.slice(features, [0, r, 0, 0], [-1, 1, -1, -1]);
          const step = this.rowStep(layer, xr, state);
          state = step;
          rows.push(step.out);
        }
        features = tf.concat(rows, 1) as Tensor4D;
      }
      return this.headOn(features);
    });
  }

  conditionalParams(x: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      const n = x.shape[0];
      const out = this.network(tf.reshape(x, [n, this.height, this.width, 1]));
      return tf.reshape(out, [n, this.dataDim, this.likelihood.paramsPerDim]);
    });
  }

  /** Features of row r from the input convolution, computed on the rows it sees: [n, 1, W, F]. */
  private inputRow(images: Tensor4D, r: number): Tensor4D {
    const up = (this.config.firstKernelSize - 1) / 2;
    const row0 = Math.max(0, r - up);
    const window = tf.slice(images, [0, row0, 0, 0], [-1, r - row0 + 1, -1, -1]);
    const features = this.first.apply(this.likelihood.networkInput(window) as Tensor4D);
    return tf.slice(features, [0, r - row0, 0, 0], [-1, 1, -1, -1]);
  }

  /** Runs every layer on row r given the previous row's states: the new states and the head's output row. */
  private rowForward(images: Tensor4D, r: number, previous: RowState[]): { states: RowState[]; out: Tensor4D } {
    let x = this.inputRow(images, r);
    const states = this.layers.map((layer, l) => {
      const step = this.rowStep(layer, x, previous[l]);
      x = step.out;
      return { h: step.h, c: step.c };
    });
    return { states, out: this.headOn(x) };
  }

  protected override createSampler(): RasterSampler {
    let cached: RowState[] | null = null;
    let cachedRow = -1;
    const release = () => {
      if (cached) for (const s of cached) tf.dispose([s.h, s.c]);
    };
    return {
      paramsAt: (canvas, d) => {
        const n = canvas.shape[0];
        const r = Math.floor(d / this.width);
        const c = d % this.width;
        const images = tf.reshape(canvas, [n, this.height, this.width, 1]) as Tensor4D;
        // sampler state outlives the caller's tf.tidy: keep it
        cached ??= this.layers.map(() => {
          const s = this.zeroState(n);
          return { h: tf.keep(s.h), c: tf.keep(s.c) };
        });
        // finish the rows above r (their pixels are final now) and cache their states
        while (cachedRow < r - 1) {
          const row = cachedRow + 1;
          const previous: RowState[] = cached;
          const states = tf.tidy(() => {
            const { states: next } = this.rowForward(images, row, previous);
            return next.flatMap((s) => [s.h, s.c]);
          });
          release();
          cached = this.layers.map((_, l) => ({ h: tf.keep(states[2 * l] as Tensor4D), c: tf.keep(states[2 * l + 1] as Tensor4D) }));
          cachedRow = row;
        }
        const current: RowState[] = cached;
        const out = tf.tidy(() => {
          const { out: rowOut } = this.rowForward(images, r, current);
          return tf.reshape(tf.slice(rowOut, [0, 0, c, 0], [-1, 1, 1, -1]), [n, this.likelihood.paramsPerDim]) as tf.Tensor2D;
        });
        images.dispose();
        return out;
      },
      dispose: release,
    };
  }

  protected override disposeExtras(): void {
    for (const layer of this.layers) for (const conv of [layer.inputToState, layer.stateToState, layer.residual]) conv.dispose();
    for (const conv of [this.first, ...this.head]) conv.dispose();
  }
}
