/**
 * Encoder and decoder networks shared by every model in this package: an MLP on flattened
 * inputs, or a convolutional network (stride-2 convolutions down, stride-2 transposed
 * convolutions up, as in DCGAN, Radford et al. 2016). Labels of conditional models enter as
 * one-hot vectors concatenated to the flattened input of the encoder's dense layers and to z
 * (Sohn et al. 2015, "Learning Structured Output Representation using Deep Conditional
 * Generative Models").
 */
import * as tf from '@tensorflow/tfjs-core';
import { Conv2D, Conv2DTranspose, Dense, type Parameters } from '@genmodels/core-nn';
import type { NetworkConfig } from './config-fields.js';

export type Architecture = NetworkConfig['architecture'];

function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

/** [height, width, channels] after the encoder's convolutions. */
function convBottleneck(config: NetworkConfig): [number, number, number] {
  const [h, w] = config.inputShape;
  const factor = 2 ** config.convChannels.length;
  return [h / factor, w / factor, config.convChannels[config.convChannels.length - 1]];
}

/** x (and an optional one-hot condition) -> [batch, outputUnits]. */
export class Encoder {
  private readonly convs: Conv2D[] = [];
  private readonly dense: Dense[] = [];
  private readonly flatDim: number;

  constructor(
    params: Parameters,
    private readonly config: NetworkConfig,
    outputUnits: number,
    headName: string,
    private readonly conditionDim = 0,
  ) {
    let width: number;
    if (config.architecture === 'conv') {
      let channels = config.inputShape[2];
      config.convChannels.forEach((out, i) => {
        this.convs.push(new Conv2D(params, `conv${i}`, { inChannels: channels, filters: out, kernelSize: config.kernelSize, strides: 2, activation: 'relu' }));
        channels = out;
      });
      width = product(convBottleneck(config));
    } else {
      width = product(config.inputShape);
    }
    this.flatDim = width;
    width += conditionDim;
    config.encoderUnits.forEach((units, i) => {
      this.dense.push(new Dense(params, `dense${i}`, { inputDim: width, units, activation: 'relu' }));
      width = units;
    });
    this.dense.push(new Dense(params, headName, { inputDim: width, units: outputUnits }));
  }

  apply(x: tf.Tensor, condition: tf.Tensor2D | null): tf.Tensor2D {
    return tf.tidy(() => {
      const batch = x.shape[0];
      let h: tf.Tensor2D;
      if (this.convs.length > 0) {
        let image = tf.reshape(x, [batch, ...this.config.inputShape] as [number, number, number, number]) as tf.Tensor4D;
        for (const conv of this.convs) image = conv.apply(image);
        h = tf.reshape(image, [batch, this.flatDim]);
      } else {
        h = tf.reshape(x, [batch, this.flatDim]);
      }
      if (this.conditionDim > 0) h = tf.concat([h, condition!], 1);
      for (const layer of this.dense) h = layer.apply(h);
      return h;
    });
  }
}

/** z (and an optional one-hot condition) -> `outputsPerDim` tensors, each [batch, dataDim]. */
export class Decoder {
  private readonly dense: Dense[] = [];
  private readonly deconvs: Conv2DTranspose[] = [];
  private readonly dataDim: number;

  constructor(
    params: Parameters,
    private readonly config: NetworkConfig,
    latentDim: number,
    private readonly outputsPerDim: number,
    private readonly conditionDim = 0,
  ) {
    this.dataDim = product(config.inputShape);
    let width = latentDim + conditionDim;
    config.decoderUnits.forEach((units, i) => {
      this.dense.push(new Dense(params, `dense${i}`, { inputDim: width, units, activation: 'relu' }));
      width = units;
    });
    if (config.architecture === 'conv') {
      this.dense.push(new Dense(params, 'project', { inputDim: width, units: product(convBottleneck(config)), activation: 'relu' }));
      const reversed = [...config.convChannels].reverse();
      const outChannels = config.inputShape[2] * outputsPerDim;
      reversed.forEach((inChannels, i) => {
        const last = i === reversed.length - 1;
        this.deconvs.push(
          new Conv2DTranspose(params, last ? 'output' : `deconv${i}`, {
            inChannels,
            filters: last ? outChannels : reversed[i + 1],
            kernelSize: config.kernelSize,
            strides: 2,
            activation: last ? 'linear' : 'relu',
          }),
        );
      });
    } else {
      this.dense.push(new Dense(params, 'output', { inputDim: width, units: this.dataDim * outputsPerDim }));
    }
  }

  apply(z: tf.Tensor2D, condition: tf.Tensor2D | null): tf.Tensor2D[] {
    return tf.tidy(() => {
      const batch = z.shape[0];
      let h = this.conditionDim > 0 ? (tf.concat([z, condition!], 1) as tf.Tensor2D) : z;
      for (const layer of this.dense) h = layer.apply(h);
      if (this.deconvs.length === 0) {
        return this.outputsPerDim === 1 ? [h] : (tf.split(h, this.outputsPerDim, 1) as tf.Tensor2D[]);
      }
      let image = tf.reshape(h, [batch, ...convBottleneck(this.config)]) as tf.Tensor4D;
      for (const deconv of this.deconvs) image = deconv.apply(image);
      const pieces = this.outputsPerDim === 1 ? [image] : tf.split(image, this.outputsPerDim, 3);
      return pieces.map((piece) => tf.reshape(piece, [batch, this.dataDim]) as tf.Tensor2D);
    });
  }
}
