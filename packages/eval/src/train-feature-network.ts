import {
  type NamedTensorMap,
  type Scalar,
  type Tensor1D,
  type Tensor4D,
  gather,
  logSoftmax,
  mean,
  mul,
  neg,
  oneHot,
  sum,
  tensor1d,
  tidy,
} from '@tensorflow/tfjs-core';
import { createOptimizer, minimize, Parameters } from '@genmodels/core-nn';
import { createRandom, hashSeed, permutation } from '@genmodels/core-data';
import { FEATURE_NETWORK_WEIGHTS, NUM_CLASSES, featureNetworkForward } from './feature-network-architecture.js';

export interface TrainFeatureNetworkOptions {
  /** Training images [n, 28, 28, 1] in [0, 1]. */
  images: Tensor4D;
  /** n labels in [0, 10). */
  labels: ArrayLike<number>;
  epochs: number;
  /** Default 128. */
  batchSize?: number;
  /** Adam learning rate (default 1e-3). */
  learningRate?: number;
  /** Seeds the initial weights, the data order and dropout. */
  seed: number;
  /** Stop after this many steps (for quick runs and tests). */
  maxSteps?: number;
  /** Called after each epoch with the mean training loss. */
  onEpochEnd?: (epoch: number, logs: { loss: number; steps: number }) => void | Promise<void>;
}

/**
 * Trains the feature network classifier (softmax cross-entropy, Adam, dropout 0.25 / 0.5) from
 * a seed: the initial weights (He-uniform kernels from core-nn's Parameters), the epoch order and
 * every dropout mask are pure functions of `seed`. Returns copies of the trained weights, which
 * the caller owns.
 */
export async function trainFeatureNetwork(options: TrainFeatureNetworkOptions): Promise<{ weights: NamedTensorMap; steps: number }> {
  const { images, labels, epochs, seed } = options;
  const batchSize = options.batchSize ?? 128;
  const n = images.shape[0];
  if (labels.length !== n) throw new RangeError(`trainFeatureNetwork: ${labels.length} labels for ${n} images`);
  if (!(Number.isInteger(epochs) && epochs >= 1)) throw new RangeError(`trainFeatureNetwork: epochs must be a positive integer, got ${epochs}`);
  const params = new Parameters({ seed });
  for (const [name, shape] of Object.entries(FEATURE_NETWORK_WEIGHTS)) {
    params.create(name, [...shape], name.endsWith('/bias') ? 'zeros' : 'heUniform');
  }
  const weights: NamedTensorMap = {};
  for (const name of Object.keys(FEATURE_NETWORK_WEIGHTS)) weights[name] = params.get(name);
  const varList = params.trainableVariables;
  const optimizer = createOptimizer({ name: 'adam', learningRate: options.learningRate ?? 1e-3 });
  const labelTensor = tensor1d(Int32Array.from(labels), 'int32');
  let step = 0;
  try {
    for (let epoch = 0; epoch < epochs; epoch += 1) {
      const order = permutation(n, createRandom(hashSeed(seed, epoch)));
      let lossSum = 0;
      let lossCount = 0;
      const stepsThisEpoch = Math.floor(n / batchSize);
      for (let b = 0; b < stepsThisEpoch; b += 1) {
        if (options.maxSteps !== undefined && step >= options.maxSteps) break;
        const indices = tensor1d(order.subarray(b * batchSize, (b + 1) * batchSize), 'int32');
        const dropoutSeed = hashSeed(seed, epoch, b);
        const metrics = minimize(
          optimizer,
          () =>
            tidy(() => {
              const x = gather(images, indices) as Tensor4D;
              const y = oneHot(gather(labelTensor, indices) as Tensor1D, NUM_CLASSES);
              const { logits } = featureNetworkForward(weights, x, { dropoutSeed });
              return neg(mean(sum(mul(y, logSoftmax(logits)), 1))) as Scalar;
            }),
          { varList },
        );
        indices.dispose();
        step += 1;
        if (b % 50 === 0 || b === stepsThisEpoch - 1) {
          lossSum += (await metrics.loss.data())[0];
          lossCount += 1;
        }
        for (const t of Object.values(metrics)) t.dispose();
      }
      await options.onEpochEnd?.(epoch, { loss: lossSum / Math.max(lossCount, 1), steps: step });
      if (options.maxSteps !== undefined && step >= options.maxSteps) break;
    }
    return { weights: params.getWeights(), steps: step };
  } finally {
    labelTensor.dispose();
    optimizer.dispose();
    for (const v of params.variables) v.dispose();
  }
}
