/** CLI entries of @genmodels/flow: RealNVP, Glow, MAF/IAF and class-conditional RealNVP / Glow. */
import { Glow, MAF, RealNVP, resolveGlowConfig, resolveMAFConfig, resolveRealNVPConfig } from '@genmodels/flow';
import type { ModelEntry, ModelFlags } from '../model-entry.js';
import type { TrainingData } from '../training-data.js';

type Family = 'realnvp' | 'glow' | 'maf' | 'iaf';

/** Config keys common to the flows, from the data and the generic flags. */
function commonInput(data: TrainingData, flags: ModelFlags, seed: number, conditional: boolean): Record<string, unknown> {
  const image = data.kind === 'image';
  const hidden = flags.hiddenUnits;
  return {
    inputShape: data.inputShape,
    preprocessing: image ? 'dequantize-logit' : 'none',
    ...(conditional ? { numClasses: data.numClasses } : {}),
    ...(hidden ? (image ? { hiddenChannels: hidden, hiddenUnits: hidden } : { hiddenUnits: hidden }) : {}),
    ...(flags.learningRate !== undefined ? { optimizer: { learningRate: flags.learningRate } } : {}),
    seed,
  };
}

function flowEntry(name: string, family: Family, summary: string, conditional = false): ModelEntry {
  return {
    modelType: name,
    summary,
    dataKinds: family === 'iaf' ? ['points'] : ['image', 'points'],
    // 8-bit pixels in [0, 1]: the flow dequantizes and applies the logit itself, counting both in log p(x).
    dataRequest: () => ({ preprocessing: 'unit', flatten: false }),
    conditional,
    buildConfig(data, flags, seed) {
      const input = { ...commonInput(data, flags, seed, conditional), ...flags.overrides } as never;
      if (family === 'realnvp') return resolveRealNVPConfig(input);
      if (family === 'glow') return resolveGlowConfig(input);
      return resolveMAFConfig({ ...(input as object), ...(family === 'iaf' ? { direction: 'iaf' } : {}) } as never);
    },
    create(config) {
      if (family === 'realnvp') return new RealNVP(config as never);
      if (family === 'glow') return new Glow(config as never);
      return new MAF(config as never);
    },
  };
}

export const flowModels: readonly ModelEntry[] = [
  flowEntry('realnvp', 'realnvp', 'RealNVP normalizing flow (Dinh et al. 2017), exact bits/dim; bench-spec flat network by default (--set architecture=multi-scale)'),
  flowEntry('glow', 'glow', 'Glow normalizing flow (Kingma & Dhariwal 2018): ActNorm, LU 1x1 conv, affine coupling, multi-scale; sample --temperature'),
  flowEntry('maf', 'maf', 'masked autoregressive flow on MADE (Papamakarios et al. 2017), with batch norm; 2-D sets or images'),
  flowEntry('iaf', 'iaf', 'inverse autoregressive flow (Kingma et al. 2016): MAF run the other way, one-pass sampling; 2-D sets'),
  flowEntry('crealnvp', 'realnvp', 'class-conditional RealNVP: one-hot label into every coupling and a per-class Gaussian prior', true),
  flowEntry('cglow', 'glow', 'class-conditional Glow: one-hot label into every coupling and a per-class Gaussian prior', true),
];
