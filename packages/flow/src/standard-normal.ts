import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import type { Distribution, DistributionSampleOptions } from './distribution.js';
import { checkEventShape, checkSampleCount, sumOverEvent } from './event-shape.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** N(0, I) over eventShape: log p(z) = -0.5 * sum(z^2 + log 2 pi). */
export class StandardNormal implements Distribution {
  readonly eventShape: readonly number[];

  constructor(eventShape: readonly number[]) {
    checkEventShape('StandardNormal', eventShape);
    this.eventShape = [...eventShape];
  }

  logProb(z: Tensor): Tensor1D {
    return tf.tidy(() => sumOverEvent(tf.mul(tf.add(tf.square(z), LOG_2PI), -0.5)));
  }

  sample(n: number, options: DistributionSampleOptions): Tensor {
    checkSampleCount('StandardNormal', n);
    const temperature = options.temperature ?? 1;
    return tf.randomNormal([n, ...this.eventShape], 0, temperature, 'float32', options.seed);
  }
}
