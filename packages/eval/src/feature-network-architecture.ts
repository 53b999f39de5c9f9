import {
  type NamedTensorMap,
  type Tensor,
  type Tensor2D,
  type Tensor4D,
  add,
  conv2d,
  dropout,
  matMul,
  maxPool,
  relu,
  reshape,
} from '@tensorflow/tfjs-core';

/** The datasets a feature network is shipped for. */
export type FeatureNetworkName = 'mnist' | 'fashion-mnist';

export const FEATURE_NETWORK_NAMES: readonly FeatureNetworkName[] = Object.freeze(['mnist', 'fashion-mnist'] as const);

/** One line naming every layer; stored in each manifest and printed with every metric. */
export const FEATURE_NETWORK_ARCHITECTURE =
  'input 28x28x1 in [0,1] -> Conv3x3(32, same)-ReLU -> MaxPool2 -> Conv3x3(64, same)-ReLU -> MaxPool2 -> ' +
  'Flatten(3136) -> Dense128-ReLU [features] -> Dense10 [logits]';

export const FEATURE_DIM = 128;
export const NUM_CLASSES = 10;
export const INPUT_SHAPE = Object.freeze([28, 28, 1] as const);

/** Every weight of the network with its shape, in a fixed order. */
export const FEATURE_NETWORK_WEIGHTS: Readonly<Record<string, readonly number[]>> = Object.freeze({
  'conv1/kernel': [3, 3, 1, 32],
  'conv1/bias': [32],
  'conv2/kernel': [3, 3, 32, 64],
  'conv2/bias': [64],
  'dense1/kernel': [7 * 7 * 64, FEATURE_DIM],
  'dense1/bias': [FEATURE_DIM],
  'logits/kernel': [FEATURE_DIM, NUM_CLASSES],
  'logits/bias': [NUM_CLASSES],
});

/** Checks that `weights` holds exactly the network's weights with the right shapes. */
export function checkFeatureNetworkWeights(weights: NamedTensorMap, source: string): void {
  const problems: string[] = [];
  for (const [name, shape] of Object.entries(FEATURE_NETWORK_WEIGHTS)) {
    const w = weights[name];
    if (w === undefined) problems.push(`missing ${name}`);
    else if (w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i])) {
      problems.push(`${name} is [${w.shape.join(', ')}], expected [${shape.join(', ')}]`);
    }
  }
  for (const name of Object.keys(weights)) if (!(name in FEATURE_NETWORK_WEIGHTS)) problems.push(`unexpected ${name}`);
  if (problems.length > 0) throw new Error(`${source}: the weights do not fit the feature network (${problems.join('; ')})`);
}

/**
 * The classifier's forward pass on images [n, 28, 28, 1] with pixels in [0, 1]. Returns the
 * penultimate Dense128-ReLU activations (the features FID/KID/precision-recall use) and the
 * logits. `dropoutSeed` turns on training-time dropout (0.25 after the conv stack, 0.5 after the
 * feature layer, as in the Keras MNIST CNN example); leave it out for evaluation.
 */
export function featureNetworkForward(
  weights: NamedTensorMap,
  images: Tensor4D,
  options: { dropoutSeed?: number } = {},
): { features: Tensor2D; logits: Tensor2D } {
  const n = images.shape[0];
  let h: Tensor = relu(add(conv2d(images, weights['conv1/kernel'] as Tensor4D, 1, 'same'), weights['conv1/bias']));
  h = maxPool(h as Tensor4D, 2, 2, 'valid');
  h = relu(add(conv2d(h as Tensor4D, weights['conv2/kernel'] as Tensor4D, 1, 'same'), weights['conv2/bias']));
  h = maxPool(h as Tensor4D, 2, 2, 'valid');
  h = reshape(h, [n, 7 * 7 * 64]);
  if (options.dropoutSeed !== undefined) h = dropout(h, 0.25, undefined, options.dropoutSeed);
  const features = relu(add(matMul(h as Tensor2D, weights['dense1/kernel'] as Tensor2D), weights['dense1/bias'])) as Tensor2D;
  const dropped = options.dropoutSeed !== undefined ? dropout(features, 0.5, undefined, options.dropoutSeed + 1) : features;
  const logits = add(matMul(dropped as Tensor2D, weights['logits/kernel'] as Tensor2D), weights['logits/bias']) as Tensor2D;
  return { features, logits };
}
