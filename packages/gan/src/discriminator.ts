/**
 * The discriminator (critic) D(x, y): an MLP with LeakyReLU (Goodfellow et al. 2014) or the
 * DCGAN discriminator (Radford et al. 2016: stride-2 convolutions with LeakyReLU 0.2, norm after
 * the first, then a dense logit). Conditioning: the one-hot label concatenated to the input
 * (Mirza & Osindero 2014), or the projection term <embed(y), phi(x)> added to the output
 * (Miyato & Koyama 2018). With `auxiliaryClassifier` a second head predicts the class (AC-GAN,
 * Odena et al. 2017). Every op here has a second derivative in TF.js (WGAN-GP).
 */
import * as tf from '@tensorflow/tfjs-core';
import { BatchNorm, Conv2D, Dense, type Initializer, type Labels, LayerNorm, type Parameters, type SpectralNorm, leakyRelu, oneHotLabels } from '@genmodels/core-nn';
import type { Tensor, Tensor2D, Tensor4D, Variable } from '@tensorflow/tfjs-core';
import type { GANConfig } from './gan-config.js';

const DCGAN_INIT: Initializer = { normal: 0.02 };

export type DiscriminatorOutput = {
  /** One output per example [batch]: a logit, or a critic value. */
  output: Tensor;
  /** Class logits [batch, numClasses] of the auxiliary classifier, if any. */
  classLogits?: Tensor;
};

type Norm = BatchNorm | LayerNorm | null;

export class Discriminator {
  readonly params: Parameters;
  private readonly config: GANConfig;
  private readonly layers: (Dense | Conv2D)[] = [];
  private readonly norms: Norm[] = [];
  private readonly head: Dense;
  private readonly embedding?: Variable;
  private readonly classifier?: Dense;
  private readonly featureDim: number;

  constructor(params: Parameters, config: GANConfig) {
    this.params = params;
    this.config = config;
    const sn = config.spectralNorm;
    const concat = config.numClasses > 0 && config.conditioning === 'concat' ? config.numClasses : 0;
    const makeNorm = (name: string, channels: number): Norm => {
      if (config.discriminatorNorm === 'batch') return new BatchNorm(params, name, { channels, trackMovingStatistics: false });
      if (config.discriminatorNorm === 'layer') return new LayerNorm(params, name, { channels });
      return null;
    };
    if (config.architecture === 'mlp') {
      const dataDim = config.inputShape.reduce((a, b) => a * b, 1);
      const widths = [dataDim + concat, ...config.discriminatorUnits];
      config.discriminatorUnits.forEach((units, i) => {
        const norm = i > 0 ? makeNorm(`norm${i}`, units) : null;
        this.layers.push(new Dense(params, `dense${i}`, { inputDim: widths[i], units, useBias: norm === null, spectralNorm: sn }));
        this.norms.push(norm);
      });
      this.featureDim = widths[widths.length - 1];
    } else {
      const [height, width, channels] = config.inputShape;
      const chs = config.discriminatorChannels;
      chs.forEach((outC, i) => {
        const inC = i === 0 ? channels + concat : chs[i - 1];
        const norm = i > 0 ? makeNorm(`conv${i}_norm`, outC) : null;
        this.layers.push(
          new Conv2D(params, `conv${i}`, { inChannels: inC, filters: outC, kernelSize: config.kernelSize, strides: 2, useBias: norm === null, kernelInit: DCGAN_INIT, spectralNorm: sn }),
        );
        this.norms.push(norm);
      });
      const factor = 2 ** chs.length;
      this.featureDim = Math.ceil(height / factor) * Math.ceil(width / factor) * chs[chs.length - 1];
    }
    const headInit = config.architecture === 'dcgan' ? DCGAN_INIT : 'glorotUniform';
    this.head = new Dense(params, 'output', { inputDim: this.featureDim, units: 1, kernelInit: headInit, spectralNorm: sn });
    if (config.numClasses > 0 && config.conditioning === 'projection') {
      this.embedding = params.create('embedding', [config.numClasses, this.featureDim], { normal: 0.02 });
    }
    if (config.auxiliaryClassifier) {
      this.classifier = new Dense(params, 'classifier', { inputDim: this.featureDim, units: config.numClasses, spectralNorm: sn });
    }
  }

  get trainableVariables(): Variable[] {
    return this.params.trainableVariables;
  }

  /** The spectral-norm estimators of every normalized weight, with their kernels. */
  get spectralNorms(): { kernel: Variable; norm: SpectralNorm }[] {
    const all = [...this.layers, this.head, ...(this.classifier ? [this.classifier] : [])];
    return all.filter((l) => l.spectralNorm).map((l) => ({ kernel: l.kernel, norm: l.spectralNorm! }));
  }

  apply(x: Tensor, labels: Labels | null): DiscriminatorOutput {
    const { numClasses, conditioning, architecture, leakyAlpha } = this.config;
    if (numClasses > 0 && !labels) throw new Error('Discriminator: a conditional discriminator needs labels');
    return tf.tidy(() => {
      const batch = x.shape[0];
      const oneHot = numClasses > 0 && labels ? oneHotLabels(labels, batch, numClasses, 'Discriminator') : null;
      let h: Tensor = architecture === 'mlp' ? tf.reshape(x, [batch, -1]) : x;
      if (oneHot && conditioning === 'concat') {
        if (architecture === 'mlp') h = tf.concat([h, oneHot], 1);
        else {
          const [height, width] = this.config.inputShape;
          const maps = tf.tile(tf.reshape(oneHot, [batch, 1, 1, numClasses]), [1, height, width, 1]);
          h = tf.concat([h, maps], 3);
        }
      }
      this.layers.forEach((layer, i) => {
        h = layer instanceof Dense ? layer.apply(h as Tensor2D) : layer.apply(h as Tensor4D);
        const norm = this.norms[i];
        if (norm instanceof BatchNorm) h = norm.apply(h, 'batch', undefined, { activation: 'leakyRelu', leakyAlpha });
        else h = leakyRelu(norm ? norm.apply(h) : h, leakyAlpha);
      });
      const features = tf.reshape(h, [batch, this.featureDim]);
      let output = tf.reshape(this.head.apply(features as Tensor2D), [batch]);
      if (oneHot && this.embedding) {
        const projection = tf.sum(tf.mul(tf.matMul(oneHot, this.embedding), features), 1);
        output = tf.add(output, projection);
      }
      const result: DiscriminatorOutput = { output };
      if (this.classifier) result.classLogits = this.classifier.apply(features as Tensor2D);
      return result;
    });
  }
}
