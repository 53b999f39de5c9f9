import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type NamedTensorMap, type Tensor2D, type Tensor4D, dispose, tidy } from '@tensorflow/tfjs-core';
import { safetensorsToTensors } from '@genmodels/core-nn';
import {
  FEATURE_NETWORK_NAMES,
  type FeatureNetworkName,
  checkFeatureNetworkWeights,
  featureNetworkForward,
} from './feature-network-architecture.js';

/** The manifest shipped next to each feature network's weights (weights/<name>.manifest.json). */
export interface FeatureNetworkManifest {
  format: 'genmodels-feature-network/v1';
  name: FeatureNetworkName;
  /** The dataset it was trained on (the same as name). */
  dataset: string;
  architecture: string;
  /** Which activations are the features. */
  featureLayer: string;
  featureDim: number;
  numClasses: number;
  inputShape: number[];
  /** What the network expects: pixels x / 255 in [0, 1]. */
  inputRange: string;
  weightsFile: string;
  /** sha256 of the weights file, hex. */
  sha256: string;
  /** Accuracy on the full test split. */
  testAccuracy: number;
  testExamples: number;
  /** Accuracy on the first `firstN` test images (what the package's own test re-checks quickly). */
  subsetCheck: { firstN: number; accuracy: number };
  seed: number;
  training: {
    epochs: number;
    batchSize: number;
    steps: number;
    optimizer: string;
    learningRate: number;
    dropout: number[];
    trainExamples: number;
    seconds: number;
    backend: string;
    command: string;
  };
  createdWith: Record<string, string>;
}

/** The weights directory shipped inside this package. */
export function defaultWeightsDir(): string {
  return fileURLToPath(new URL('../weights/', import.meta.url));
}

/** A frozen classifier whose penultimate activations are the features of every sample metric. */
export class FeatureNetwork {
  private weights: NamedTensorMap | null;

  constructor(
    weights: NamedTensorMap,
    readonly manifest: FeatureNetworkManifest,
  ) {
    checkFeatureNetworkWeights(weights, `feature network '${manifest.name}'`);
    this.weights = weights;
  }

  /** Features [n, 128] and logits [n, 10] of images [n, 28, 28, 1] in [0, 1]; the caller owns both. */
  apply(images: Tensor4D): { features: Tensor2D; logits: Tensor2D } {
    if (this.weights === null) throw new Error(`feature network '${this.manifest.name}' was disposed`);
    const weights = this.weights;
    const [features, logits] = tidy(() => {
      const out = featureNetworkForward(weights, images);
      return [out.features, out.logits];
    });
    return { features, logits };
  }

  /** One line for reports: name, architecture summary, checksum and test accuracy. */
  describe(): string {
    return describeFeatureNetwork(this.manifest);
  }

  dispose(): void {
    if (this.weights !== null) dispose(Object.values(this.weights));
    this.weights = null;
  }
}

/** What identifies a feature network in every report: figures are comparable only when these match. */
export type FeatureNetworkIdentity = Pick<FeatureNetworkManifest, 'name' | 'architecture' | 'featureLayer' | 'sha256' | 'testAccuracy' | 'testExamples'>;

/** e.g. "fashion-mnist classifier (Dense128-ReLU penultimate activations; ...), sha256 3f2a..., test accuracy 91.52% on 10000 test images". */
export function describeFeatureNetwork(manifest: FeatureNetworkIdentity): string {
  return (
    `${manifest.name} classifier (${manifest.featureLayer}; ${manifest.architecture}), ` +
    `sha256 ${manifest.sha256}, test accuracy ${(manifest.testAccuracy * 100).toFixed(2)}% on ${manifest.testExamples} test images`
  );
}

/** sha256 of bytes, hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Loads a shipped feature network, verifying the weights file's sha256 against its manifest so
 * that a figure is never computed on different weights under the same name.
 */
export function loadFeatureNetwork(name: FeatureNetworkName, options: { weightsDir?: string } = {}): FeatureNetwork {
  if (!FEATURE_NETWORK_NAMES.includes(name)) {
    throw new RangeError(`loadFeatureNetwork: unknown network ${JSON.stringify(name)}; expected one of ${FEATURE_NETWORK_NAMES.join(', ')}`);
  }
  const dir = options.weightsDir ?? defaultWeightsDir();
  const manifestPath = join(dir, `${name}.manifest.json`);
  let manifest: FeatureNetworkManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as FeatureNetworkManifest;
  } catch (error) {
    throw new Error(
      `loadFeatureNetwork: cannot read the manifest ${manifestPath} (${(error as Error).message}). The ${name} feature network ships ` +
        'with @genmodels/eval; reinstall the package, or train it with `pnpm --filter @genmodels/eval train-classifier`.',
    );
  }
  if (manifest.format !== 'genmodels-feature-network/v1' || manifest.name !== name) {
    throw new Error(`loadFeatureNetwork: ${manifestPath} is not a genmodels-feature-network/v1 manifest for '${name}'`);
  }
  const weightsPath = join(dir, manifest.weightsFile);
  const bytes = new Uint8Array(readFileSync(weightsPath));
  const actual = sha256Hex(bytes);
  if (actual !== manifest.sha256) {
    throw new Error(
      `loadFeatureNetwork: ${weightsPath} has sha256 ${actual}, but its manifest says ${manifest.sha256}. The weights were changed or ` +
        'damaged, and FID/KID from them would not be comparable with published figures. Reinstall @genmodels/eval (or retrain and ' +
        'write a new manifest under a new name).',
    );
  }
  const { tensors } = safetensorsToTensors(bytes, weightsPath);
  try {
    return new FeatureNetwork(tensors, manifest);
  } catch (error) {
    dispose(Object.values(tensors));
    throw error;
  }
}
