// The Node-only surface of @genmodels/eval (`@genmodels/eval/node`): loading the shipped feature
// networks from disk. The main entry stays free of Node builtins so that it bundles for a browser;
// there, load them from bytes with loadFeatureNetworkFromBytes (@genmodels/eval/weights/*).
export { defaultWeightsDir, loadFeatureNetwork } from './load-feature-network.js';
