/**
 * Glow (Kingma & Dhariwal 2018, "Glow: Generative Flow with Invertible 1x1 Convolutions"):
 * multi-scale steps of ActNorm (data-dependent init), the LU-decomposed invertible 1x1
 * convolution and affine coupling, splits with a learned prior on the factored half; sampling at a
 * temperature.
 */
import { deriveSeed, hashString } from '@genmodels/core-nn';
import { ActNorm } from './act-norm.js';
import { AffineCoupling } from './affine-coupling.js';
import { CompositeTransform } from './composite-transform.js';
import { ConvCouplingNetwork, DenseCouplingNetwork } from './coupling-network.js';
import { FactorOut } from './factor-out.js';
import { FlowModel, type FlowBuildContext, type FlowParts } from './flow-model.js';
import { resolveGlowConfig, type GlowConfig, type GlowConfigInput } from './glow-config.js';
import { InverseTransform } from './inverse-transform.js';
import { InvertibleConv1x1 } from './invertible-conv-1x1.js';
import { LearnedPriorFactorOut } from './learned-prior-factor-out.js';
import { alternatingMask, channelMask } from './masks.js';
import { flowBase } from './real-nvp.js';
import { Squeeze } from './squeeze.js';
import type { Transform } from './transform.js';

export class Glow extends FlowModel<GlowConfig> {
  readonly modelType = 'glow';

  constructor(config: GlowConfigInput = {}) {
    const resolved = resolveGlowConfig(config);
    super(resolved, (context) => buildGlow(resolved, context));
  }
}

function buildGlow(config: GlowConfig, context: FlowBuildContext): FlowParts {
  const actNorms: ActNorm[] = [];
  const vector = config.inputShape.length === 1;
  /** One step of flow: ActNorm -> invertible 1x1 conv -> affine coupling (Glow, fig. 2a). */
  const step = (name: string, channels: number, index: number): Transform => {
    const params = context.params.scope(name);
    const actNorm = new ActNorm(params.scope('actnorm'), { channels, initialization: context.initialization });
    actNorms.push(actNorm);
    const conv = new InvertibleConv1x1(params.scope('invconv'), {
      channels,
      seed: deriveSeed(config.seed, hashString(`${name}/invconv`)),
    });
    const couplingParams = params.scope('coupling');
    const network = vector
      ? new DenseCouplingNetwork(couplingParams.scope('net'), {
          features: channels,
          hiddenUnits: config.hiddenUnits,
          contextDim: context.contextDim,
          zeroInitOutput: true,
        })
      : new ConvCouplingNetwork(couplingParams.scope('net'), {
          channels,
          hiddenChannels: config.hiddenChannels,
          contextDim: context.contextDim,
          zeroInitOutput: true,
        });
    // The 1x1 convolution mixes channels, so Glow keeps the same half each step; for 2-D vectors
    // alternating the kept feature lets every coordinate be transformed early on.
    const mask = vector ? alternatingMask(channels, (index % 2) as 0 | 1) : channelMask(channels, 0);
    const coupling = new AffineCoupling(couplingParams, { mask, network, channels, scaleFunction: config.couplingScale });
    return new CompositeTransform([actNorm, conv, coupling]);
  };

  if (vector) {
    const total = config.numLevels * config.stepsPerLevel;
    const steps = Array.from({ length: total }, (_, i) => step(`step${i}`, config.inputShape[0], i));
    return { transform: new CompositeTransform(steps), base: flowBase(config.inputShape, context), actNorms };
  }
  const level = (index: number, channels: number): Transform => {
    const c = 4 * channels;
    const layers: Transform[] = [new Squeeze()];
    for (let k = 0; k < config.stepsPerLevel; k++) layers.push(step(`level${index}/step${k}`, c, k));
    if (index < config.numLevels - 1) {
      const inner = level(index + 1, c / 2);
      layers.push(
        config.learnedSplitPrior
          ? new LearnedPriorFactorOut(context.params.scope(`level${index}/prior`), inner, { factored: c / 2, kept: c / 2 })
          : new FactorOut(inner, c / 2),
      );
    }
    layers.push(new InverseTransform(new Squeeze()));
    return new CompositeTransform(layers);
  };
  return { transform: level(0, config.inputShape[2]), base: flowBase(config.inputShape, context), actNorms };
}
