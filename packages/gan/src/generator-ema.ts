import * as tf from '@tensorflow/tfjs-core';
import type { Parameters } from '@genmodels/core-nn';
import type { Variable } from '@tensorflow/tfjs-core';
import type { GANConfig } from './gan-config.js';
import { Generator } from './generator.js';

/**
 * An exponential moving average of the generator's weights, used for sampling (Karras et al.
 * 2018; Yazici et al. 2019, "The Unusual Effectiveness of Averaging in GAN Training"). The decay
 * is warmed up as min(decay, (1 + t) / (10 + t)) with t the number of updates so far (the
 * num_updates rule of TensorFlow's ExponentialMovingAverage), so early averages are not stuck at
 * the initial weights. The averaged generator, its BatchNorm moving statistics and t are all
 * weights of the model (saved, restored, never trained).
 */
export class GeneratorEMA {
  readonly generator: Generator;
  private readonly numUpdates: Variable;
  private readonly pairs: [average: Variable, source: Variable][];

  constructor(params: Parameters, config: GANConfig, source: Generator, private readonly decay: number) {
    this.generator = new Generator(params.scope('generator'), config);
    this.numUpdates = params.create('num_updates', [1], 'zeros', { trainable: false });
    const sources = source.params.variables;
    const averages = this.generator.params.variables;
    if (sources.length !== averages.length) throw new Error('GeneratorEMA: the averaged generator does not match the source');
    this.pairs = averages.map((v, i) => [v, sources[i]]);
    for (const [average, src] of this.pairs) average.assign(src);
  }

  /** average <- d * average + (1 - d) * source, d = min(decay, (1 + t) / (10 + t)); t <- t + 1. */
  update(): void {
    tf.tidy(() => {
      const t = this.numUpdates;
      const d = tf.minimum(tf.scalar(this.decay), tf.div(tf.add(t, 1), tf.add(t, 10)));
      for (const [average, src] of this.pairs) {
        average.assign(tf.add(tf.mul(average, d), tf.mul(src, tf.sub(1, d))));
      }
      t.assign(tf.add(t, 1));
    });
  }
}
