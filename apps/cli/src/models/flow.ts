/** CLI entries of @genmodels/flow: RealNVP, Glow, MAF/IAF and class-conditional RealNVP / Glow. */
import { parseConfig } from '@genmodels/core-nn';
import { FlowConfigError, Glow, GlowConfigSchema, MAF, MAFConfigSchema, RealNVP, RealNVPConfigSchema } from '@genmodels/flow';
import type { GlowConfigInput, MAFConfigInput, RealNVPConfigInput } from '@genmodels/flow';
import { z } from 'zod';
import { type DataPreparation, type ModelEntry, type ModelFlags, type TrainFlag, defineModel } from '../model-entry.js';
import type { DataKind, TrainingData } from '../training-data.js';

/** Flows sample z ~ N(0, T^2 I) and invert: the temperature T (>= 0) is their one option. */
const FLOW_SAMPLE_OPTIONS = z.strictObject({ temperature: z.number().nonnegative().optional() });

const FLOW_FLAGS: readonly TrainFlag[] = ['hiddenUnits', 'learningRate'];

/** 8-bit pixels in [0, 1]: the flow dequantizes and applies the logit itself, counting both in log p(x). */
const flowData = (): DataPreparation => ({ preprocessing: 'unit', flatten: false });

/** Config keys common to the flows, from the data and the generic flags. */
function commonInput(data: TrainingData, flags: ModelFlags, seed: number, conditional: boolean) {
  return {
    inputShape: data.inputShape,
    preprocessing: data.kind === 'image' ? ('dequantize-logit' as const) : ('none' as const),
    ...(conditional ? { numClasses: data.numClasses } : {}),
    ...(flags.learningRate !== undefined ? { optimizer: { learningRate: flags.learningRate } } : {}),
    seed,
  };
}

/** --hidden: the coupling networks' widths (convolutional channels on images, MLP units on points). */
function couplingWidths(data: TrainingData, flags: ModelFlags) {
  const hidden = flags.hiddenUnits;
  if (!hidden) return {};
  return data.kind === 'image' ? { hiddenChannels: hidden, hiddenUnits: hidden } : { hiddenUnits: hidden };
}

const shared = (modelType: string, summary: string, dataKinds: readonly DataKind[], conditional: boolean) => ({
  modelType,
  summary,
  dataKinds,
  dataRequest: flowData,
  conditional,
  sampleRange: 'unit' as const,
  trainFlags: () => FLOW_FLAGS,
  sampleOptions: FLOW_SAMPLE_OPTIONS,
});

function realNVPEntry(modelType: string, summary: string, conditional = false): ModelEntry {
  return defineModel({
    ...shared(modelType, summary, ['image', 'points'], conditional),
    preset: (data, flags, seed): RealNVPConfigInput => ({ ...commonInput(data, flags, seed, conditional), ...couplingWidths(data, flags) }),
    parseConfig: (input) => parseConfig(RealNVPConfigSchema, input, { name: 'RealNVP config', error: FlowConfigError }),
    create: (config) => new RealNVP(config),
  });
}

function glowEntry(modelType: string, summary: string, conditional = false): ModelEntry {
  return defineModel({
    ...shared(modelType, summary, ['image', 'points'], conditional),
    preset: (data, flags, seed): GlowConfigInput => ({ ...commonInput(data, flags, seed, conditional), ...couplingWidths(data, flags) }),
    parseConfig: (input) => parseConfig(GlowConfigSchema, input, { name: 'Glow config', error: FlowConfigError }),
    create: (config) => new Glow(config),
  });
}

function autoregressiveFlowEntry(modelType: 'maf' | 'iaf', summary: string): ModelEntry {
  return defineModel({
    ...shared(modelType, summary, modelType === 'iaf' ? ['points'] : ['image', 'points'], false),
    preset: (data, flags, seed): MAFConfigInput => ({
      ...commonInput(data, flags, seed, false),
      ...(flags.hiddenUnits ? { hiddenUnits: flags.hiddenUnits } : {}),
      ...(modelType === 'iaf' ? { direction: 'iaf' as const } : {}),
    }),
    parseConfig: (input) => parseConfig(MAFConfigSchema, input, { name: 'MAF config', error: FlowConfigError }),
    create: (config) => new MAF(config),
  });
}

export const flowModels: readonly ModelEntry[] = [
  realNVPEntry('realnvp', 'RealNVP normalizing flow (Dinh et al. 2017), exact bits/dim; bench-spec flat network by default (--set architecture=multi-scale)'),
  glowEntry('glow', 'Glow normalizing flow (Kingma & Dhariwal 2018): ActNorm, LU 1x1 conv, affine coupling, multi-scale; sample --temperature'),
  autoregressiveFlowEntry('maf', 'masked autoregressive flow on MADE (Papamakarios et al. 2017), with batch norm; 2-D sets or images'),
  autoregressiveFlowEntry('iaf', 'inverse autoregressive flow (Kingma et al. 2016): MAF run the other way, one-pass sampling; 2-D sets'),
  realNVPEntry('crealnvp', 'class-conditional RealNVP: one-hot label into every coupling and a per-class Gaussian prior', true),
  glowEntry('cglow', 'class-conditional Glow: one-hot label into every coupling and a per-class Gaussian prior', true),
];
