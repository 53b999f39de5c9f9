/**
 * RealNVP (Dinh, Sohl-Dickstein & Bengio 2017, "Density estimation using Real NVP"): affine
 * couplings with checkerboard and channel masks, squeezing and a multi-scale architecture with
 * factored-out latents, tanh-scaled log-scales. Defaults: the flat bench-spec network.
 */
import type { Parameters } from '@genmodels/core-nn';
import { AffineCoupling } from './affine-coupling.js';
import { CompositeTransform } from './composite-transform.js';
import { ConvCouplingNetwork, DenseCouplingNetwork } from './coupling-network.js';
import { DiagonalGaussian } from './diagonal-gaussian.js';
import type { Distribution } from './distribution.js';
import { FactorOut } from './factor-out.js';
import { FlowModel, type FlowBuildContext, type FlowParts } from './flow-model.js';
import { InverseTransform } from './inverse-transform.js';
import { alternatingMask, channelMask, checkerboardMask, type Mask } from './masks.js';
import { resolveRealNVPConfig, type RealNVPConfig, type RealNVPConfigInput } from './real-nvp-config.js';
import { Squeeze } from './squeeze.js';
import { StandardNormal } from './standard-normal.js';
import type { Transform } from './transform.js';

export class RealNVP extends FlowModel<RealNVPConfig> {
  readonly modelType = 'realnvp';

  constructor(config: RealNVPConfigInput = {}) {
    const resolved = resolveRealNVPConfig(config);
    super(resolved, (context) => buildRealNVP(resolved, context));
  }
}

/** The base density: N(0, I), or a class-conditional diagonal Gaussian for conditional flows. */
export function flowBase(inputShape: readonly number[], context: FlowBuildContext): Distribution {
  return context.contextDim > 0
    ? new DiagonalGaussian(context.baseParams, inputShape, { contextDim: context.contextDim })
    : new StandardNormal(inputShape);
}

function buildRealNVP(config: RealNVPConfig, context: FlowBuildContext): FlowParts {
  const base = flowBase(config.inputShape, context);
  if (config.inputShape.length === 1) {
    const features = config.inputShape[0];
    const layers = Array.from({ length: config.numCouplings }, (_, i) => {
      const scope = context.params.scope(`coupling${i}`);
      const network = new DenseCouplingNetwork(scope.scope('net'), {
        features,
        hiddenUnits: config.hiddenUnits,
        contextDim: context.contextDim,
        zeroInitOutput: config.zeroInitCouplings,
      });
      return new AffineCoupling(scope, {
        mask: alternatingMask(features, (i % 2) as 0 | 1),
        network,
        channels: features,
        scaleFunction: config.couplingScale,
      });
    });
    return { transform: new CompositeTransform(layers), base };
  }
  const [height, width, channels] = config.inputShape;
  const coupling = (params: Parameters, name: string, mask: Mask, c: number): AffineCoupling => {
    const scope = params.scope(name);
    const network = new ConvCouplingNetwork(scope.scope('net'), {
      channels: c,
      hiddenChannels: config.hiddenChannels,
      contextDim: context.contextDim,
      zeroInitOutput: config.zeroInitCouplings,
    });
    return new AffineCoupling(scope, { mask, network, channels: c, scaleFunction: config.couplingScale });
  };
  if (config.architecture === 'flat') {
    const layers = Array.from({ length: config.numCouplings }, (_, i) =>
      coupling(context.params, `coupling${i}`, checkerboardMask(height, width, (i % 2) as 0 | 1), channels),
    );
    return { transform: new CompositeTransform(layers), base };
  }
  const scale = (index: number, h: number, w: number, c: number): Transform => {
    const params = context.params.scope(`scale${index}`);
    const last = index === config.numScales - 1;
    const k = config.couplingsPerScale;
    const layers: Transform[] = Array.from({ length: last ? k + 1 : k }, (_, i) =>
      coupling(params, `checkerboard${i}`, checkerboardMask(h, w, (i % 2) as 0 | 1), c),
    );
    if (last) return new CompositeTransform(layers);
    layers.push(new Squeeze());
    for (let i = 0; i < k; i++) layers.push(coupling(params, `channel${i}`, channelMask(4 * c, (i % 2) as 0 | 1), 4 * c));
    layers.push(new FactorOut(scale(index + 1, h / 2, w / 2, 2 * c), 2 * c));
    layers.push(new InverseTransform(new Squeeze()));
    return new CompositeTransform(layers);
  };
  return { transform: scale(0, height, width, channels), base };
}
