import { type NamedTensorMap, type Tensor2D, type Tensor4D, dispose, tidy } from '@tensorflow/tfjs-core';
import { safetensorsToTensors, sha256Hex } from '@genmodels/core-nn';
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

/** sha256 of bytes, hex (core-nn's synchronous, browser-safe SHA-256). */
export { sha256Hex };

export interface LoadFeatureNetworkFromBytesOptions {
  /** The network the manifest must be for (default: whichever of FEATURE_NETWORK_NAMES it names). */
  name?: FeatureNetworkName;
  /** Names the manifest in errors (a path or URL; default '<name>.manifest.json'). */
  manifestSource?: string;
  /** Names the weights in errors (a path or URL; default the manifest's weightsFile). */
  weightsSource?: string;
}

/**
 * Builds a shipped feature network from its manifest (parsed JSON) and the bytes of its weights
 * file, wherever they came from: `fetch` of `@genmodels/eval/weights/<name>.safetensors` in a
 * browser, fs in Node (`loadFeatureNetwork` of `@genmodels/eval/node` reads them from disk and
 * calls this). The weights' sha256 must match the manifest's, so that a figure is never
 * computed on different weights under the same name.
 */
export function loadFeatureNetworkFromBytes(
  manifest: FeatureNetworkManifest,
  weights: Uint8Array,
  options: LoadFeatureNetworkFromBytesOptions = {},
): FeatureNetwork {
  const name = options.name ?? (manifest as { name?: FeatureNetworkName } | null)?.name;
  const manifestSource = options.manifestSource ?? `${String(name)}.manifest.json`;
  if (name === undefined || !FEATURE_NETWORK_NAMES.includes(name)) {
    throw new RangeError(`loadFeatureNetworkFromBytes: unknown network ${JSON.stringify(name)}; expected one of ${FEATURE_NETWORK_NAMES.join(', ')}`);
  }
  if (typeof manifest !== 'object' || manifest === null || manifest.format !== 'genmodels-feature-network/v1' || manifest.name !== name) {
    throw new Error(`loadFeatureNetwork: ${manifestSource} is not a genmodels-feature-network/v1 manifest for '${name}'`);
  }
  const weightsSource = options.weightsSource ?? manifest.weightsFile;
  const actual = sha256Hex(weights);
  if (actual !== manifest.sha256) {
    throw new Error(
      `loadFeatureNetwork: ${weightsSource} has sha256 ${actual}, but its manifest says ${manifest.sha256}. The weights were changed or ` +
        'damaged, and FID/KID from them would not be comparable with published figures. Reinstall @genmodels/eval (or retrain and ' +
        'write a new manifest under a new name).',
    );
  }
  const { tensors } = safetensorsToTensors(weights, weightsSource);
  try {
    return new FeatureNetwork(tensors, manifest);
  } catch (error) {
    dispose(Object.values(tensors));
    throw error;
  }
}
