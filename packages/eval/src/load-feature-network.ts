import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEATURE_NETWORK_NAMES, type FeatureNetworkName } from './feature-network-architecture.js';
import { type FeatureNetwork, type FeatureNetworkManifest, loadFeatureNetworkFromBytes } from './feature-network.js';

/** The weights directory shipped inside this package. */
export function defaultWeightsDir(): string {
  return fileURLToPath(new URL('../weights/', import.meta.url));
}

/**
 * Loads a shipped feature network from disk (the package's weights/ directory, or
 * `options.weightsDir`), verifying the weights file's sha256 against its manifest.
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
  if (manifest?.format !== 'genmodels-feature-network/v1' || manifest.name !== name) {
    throw new Error(`loadFeatureNetwork: ${manifestPath} is not a genmodels-feature-network/v1 manifest for '${name}'`);
  }
  const weightsPath = join(dir, manifest.weightsFile);
  const bytes = new Uint8Array(readFileSync(weightsPath));
  return loadFeatureNetworkFromBytes(manifest, bytes, { name, manifestSource: manifestPath, weightsSource: weightsPath });
}
