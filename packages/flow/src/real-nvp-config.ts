/**
 * Configuration of RealNVP as one zod schema. The defaults are the flat bench-spec `realnvp`
 * network: 8 affine couplings on the 28x28x1 image with checkerboard masks of alternating parity,
 * each s,t net Conv3x3 64 -> ReLU -> Conv3x3 64 -> ReLU -> Conv3x3 2, s = tanh(raw_s) * learned scale.
 */
import { flag, oneOf, parseConfig, positiveInteger, widths, withTypeDefaults } from '@genmodels/core-nn';
import { z } from 'zod';
import { FlowConfigError, flowCommonFields, isVectorInput } from './flow-config.js';

const realNVPObject = z
  .strictObject({
    modelType: z.literal('realnvp', { error: "'realnvp'" }).default('realnvp'),
    ...flowCommonFields({ inputShape: [28, 28, 1], preprocessing: 'dequantize-logit' }),
    /**
     * Images: 'flat' (numCouplings checkerboard couplings at full resolution, the bench network) or
     * 'multi-scale' (Dinh et al. 2017, sec 3.6: per scale couplingsPerScale checkerboard couplings,
     * squeeze, couplingsPerScale channel couplings, factor out half; the last scale has
     * couplingsPerScale + 1 checkerboard couplings). Vectors always use alternating feature masks.
     */
    architecture: oneOf(['flat', 'multi-scale']).default('flat'),
    /** Couplings of the flat architecture (images) and of vector flows. */
    numCouplings: positiveInteger('8').default(8),
    numScales: positiveInteger().default(2),
    couplingsPerScale: positiveInteger().default(3),
    /** Hidden conv widths of each image coupling's s,t network. */
    hiddenChannels: widths({ what: 'layer widths' }).default([64, 64]),
    /** Hidden widths of each vector coupling's MLP. */
    hiddenUnits: widths({ what: 'layer widths' }).default([64, 64]),
    /** How a coupling bounds its log-scale: tanh(raw) * learned scale (RealNVP) or log sigmoid(raw + 2) (Glow). */
    couplingScale: oneOf(['tanh', 'sigmoid']).default('tanh'),
    /** Zero-initialize each coupling's output layer so the flow starts as the identity. */
    zeroInitCouplings: flag().default(false),
  })
  .superRefine((config, context) => {
    const shape = config.inputShape;
    if (shape.length === 1 && shape[0] < 2) {
      context.addIssue({ code: 'custom', path: ['inputShape'], message: `vector inputs need at least 2 features for a coupling, got inputShape ${JSON.stringify(shape)}` });
    }
    if (shape.length === 3 && config.architecture === 'multi-scale') {
      const factor = 2 ** (config.numScales - 1);
      if (shape[0] % factor !== 0 || shape[1] % factor !== 0) {
        context.addIssue({
          code: 'custom',
          path: ['numScales'],
          message: `numScales ${config.numScales} squeezes ${config.numScales - 1} times, so height and width must be divisible by ${factor}; got inputShape ${JSON.stringify(shape)}`,
        });
      }
    }
  });

/** A complete RealNVP config (what `model.config` holds and config.json stores). */
export type RealNVPConfig = Readonly<z.output<typeof realNVPObject>>;
/** The options `new RealNVP(options)` takes: every key optional, unknown keys rejected. */
export type RealNVPConfigInput = z.input<typeof realNVPObject>;

/** The RealNVP config schema (vector inputs default to preprocessing 'none'). */
export const RealNVPConfigSchema = withTypeDefaults(realNVPObject, (options) => (isVectorInput(options) ? { preprocessing: 'none' } : {}));

/** Fills defaults and validates, naming the key that is wrong. Vector inputs default to preprocessing 'none'. */
export function resolveRealNVPConfig(input: RealNVPConfigInput = {}): RealNVPConfig {
  return parseConfig(RealNVPConfigSchema, input, { name: 'RealNVP config', error: FlowConfigError });
}

export const REAL_NVP_DEFAULTS: RealNVPConfig = resolveRealNVPConfig();
