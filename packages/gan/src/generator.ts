/**
 * The generator G(z, y): an MLP (blocks of Dense + BatchNorm + ReLU, Goodfellow et al. 2014) or
 * the DCGAN generator (Radford et al. 2016: a dense projection to a small feature map, then
 * stride-2 transposed convolutions with BatchNorm + ReLU, and a tanh image). A conditional
 * generator takes the one-hot label concatenated to z (Mirza & Osindero 2014).
 */
import * as tf from '@tensorflow/tfjs-core';
import { BatchNorm, type BatchStatistics, Conv2DTranspose, Dense, type Initializer, type Labels, type Parameters, oneHotLabels } from '@genmodels/core-nn';
import type { Tensor, Tensor2D, Tensor4D, Variable } from '@tensorflow/tfjs-core';
import type { GANConfig } from './gan-config.js';

/** DCGAN's initialization N(0, 0.02) (Radford et al. 2016, section 4). */
const DCGAN_INIT: Initializer = { normal: 0.02 };

export interface GeneratorPass {
  /** 'batch': normalize with (and report) batch statistics; 'moving': use the moving statistics. */
  statistics: 'batch' | 'moving';
  collect?: BatchStatistics[];
}

export class Generator {
  readonly params: Parameters;
  private readonly config: GANConfig;
  private readonly dense: Dense[] = [];
  private readonly norms: (BatchNorm | null)[] = [];
  private readonly deconvs: Conv2DTranspose[] = [];
  private readonly deconvNorms: (BatchNorm | null)[] = [];
  private readonly output: Dense | Conv2DTranspose;
  private readonly dataDim: number;

  constructor(params: Parameters, config: GANConfig) {
    this.params = params;
    this.config = config;
    this.dataDim = config.inputShape.reduce((a, b) => a * b, 1);
    const inputDim = config.latentDim + config.numClasses;
    const bn = config.generatorBatchNorm;
    const norm = (name: string, channels: number) => (bn ? new BatchNorm(params, name, { channels, momentum: config.batchNormMomentum }) : null);
    if (config.architecture === 'mlp') {
      const widths = [inputDim, ...config.generatorUnits];
      config.generatorUnits.forEach((units, i) => {
        this.dense.push(new Dense(params, `dense${i}`, { inputDim: widths[i], units, useBias: !bn, kernelInit: 'heNormal' }));
        this.norms.push(norm(`bn${i}`, units));
      });
      this.output = new Dense(params, 'output', { inputDim: widths[widths.length - 1], units: this.dataDim });
    } else {
      const [height, width, channels] = config.inputShape;
      const stages = config.generatorChannels.length;
      const [h0, w0] = [height / 2 ** stages, width / 2 ** stages];
      const c0 = config.generatorChannels[0];
      this.dense.push(new Dense(params, 'project', { inputDim, units: h0 * w0 * c0, useBias: !bn, kernelInit: DCGAN_INIT }));
      this.norms.push(norm('project_bn', c0));
      const k = config.kernelSize;
      for (let i = 1; i < stages; i++) {
        const [inC, outC] = [config.generatorChannels[i - 1], config.generatorChannels[i]];
        this.deconvs.push(new Conv2DTranspose(params, `deconv${i}`, { inChannels: inC, filters: outC, kernelSize: k, strides: 2, useBias: !bn, kernelInit: DCGAN_INIT }));
        this.deconvNorms.push(norm(`deconv${i}_bn`, outC));
      }
      this.output = new Conv2DTranspose(params, 'output', {
        inChannels: config.generatorChannels[stages - 1],
        filters: channels,
        kernelSize: k,
        strides: 2,
        kernelInit: DCGAN_INIT,
      });
    }
  }

  /** Every BatchNorm layer (for folding batch statistics into the moving ones). */
  get batchNorms(): BatchNorm[] {
    return [...this.norms, ...this.deconvNorms].filter((n): n is BatchNorm => n !== null);
  }

  get trainableVariables(): Variable[] {
    return this.params.trainableVariables;
  }

  /** G(z, y): [batch, ...inputShape]. `labels` [batch] is required when numClasses > 0. */
  apply(z: Tensor, labels: Labels | null, pass: GeneratorPass): Tensor {
    return tf.tidy(() => {
      let h: Tensor = z;
      if (this.config.numClasses > 0) {
        if (!labels) throw new Error('Generator: a conditional generator needs labels');
        h = tf.concat([z, oneHotLabels(labels, z.shape[0], this.config.numClasses, 'Generator')], 1);
      }
      const block = (x: Tensor, norm: BatchNorm | null): Tensor => (norm ? norm.apply(x, pass.statistics, pass.collect, { activation: 'relu' }) : tf.relu(x));
      if (this.config.architecture === 'mlp') {
        this.dense.forEach((layer, i) => {
          h = block(layer.apply(h as Tensor2D), this.norms[i]);
        });
      } else {
        const [height, width] = this.config.inputShape;
        const stages = this.config.generatorChannels.length;
        h = this.dense[0].apply(h as Tensor2D);
        h = tf.reshape(h, [z.shape[0], height / 2 ** stages, width / 2 ** stages, this.config.generatorChannels[0]]);
        h = block(h, this.norms[0]);
        this.deconvs.forEach((layer, i) => {
          h = block(layer.apply(h as Tensor4D), this.deconvNorms[i]);
        });
      }
      h = this.output instanceof Dense ? this.output.apply(h as Tensor2D) : this.output.apply(h as Tensor4D);
      if (this.config.outputActivation === 'tanh') h = tf.tanh(h);
      else if (this.config.outputActivation === 'sigmoid') h = tf.sigmoid(h);
      return tf.reshape(h, [z.shape[0], ...this.config.inputShape]);
    });
  }
}
