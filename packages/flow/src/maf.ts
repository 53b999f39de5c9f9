/**
 * MAF, the masked autoregressive flow (Papamakarios, Pavlakou & Murray 2017), on the
 * autoregressive package's MADE; with direction 'iaf' the same stack run the other way
 * (inverse autoregressive flow, Kingma et al. 2016).
 */
import { deriveSeed } from '@genmodels/core-nn';
import { BatchNormTransform } from './batch-norm-transform.js';
import { CompositeTransform } from './composite-transform.js';
import { Flatten } from './flatten.js';
import { FlowModel, type FlowBuildContext, type FlowParts } from './flow-model.js';
import { InverseTransform } from './inverse-transform.js';
import { resolveMAFConfig, type MAFConfig, type MAFConfigInput } from './maf-config.js';
import { MaskedAutoregressiveTransform } from './masked-autoregressive-transform.js';
import { Permutation } from './permutation.js';
import { flowBase } from './real-nvp.js';
import type { Transform } from './transform.js';

export class MAF extends FlowModel<MAFConfig> {
  readonly modelType = 'maf';

  constructor(config: MAFConfigInput = {}) {
    const resolved = resolveMAFConfig(config);
    super(resolved, (context) => buildMAF(resolved, context));
  }
}

function buildMAF(config: MAFConfig, context: FlowBuildContext): FlowParts {
  const features = config.inputShape.reduce((a, b) => a * b, 1);
  const layers: Transform[] = config.inputShape.length > 1 ? [new Flatten(config.inputShape)] : [];
  const made: MaskedAutoregressiveTransform[] = [];
  for (let i = 0; i < config.numLayers; i++) {
    const params = context.params.scope(`layer${i}`);
    const autoregressive = new MaskedAutoregressiveTransform(params.scope('maf'), {
      features,
      hiddenUnits: config.hiddenUnits,
      contextDim: context.contextDim,
      seed: deriveSeed(config.seed, i),
    });
    made.push(autoregressive);
    layers.push(config.direction === 'iaf' ? new InverseTransform(autoregressive) : autoregressive);
    if (config.batchNorm) layers.push(new BatchNormTransform(params.scope('batchnorm'), { channels: features, momentum: config.batchNormMomentum }));
    if (i < config.numLayers - 1) layers.push(Permutation.reverse(features));
  }
  if (config.inputShape.length > 1) layers.push(new InverseTransform(new Flatten(config.inputShape)));
  return { transform: new CompositeTransform(layers), base: flowBase(config.inputShape, context), disposables: made };
}
