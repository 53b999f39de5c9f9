import { DatasetError } from './dataset-error.js';

/** The pixel preprocessings of bench-spec.md. */
export type Preprocessing = 'unit' | 'binarized' | 'symmetric' | 'dequantized-logit';

export const PREPROCESSINGS: readonly Preprocessing[] = Object.freeze([
  'unit',
  'binarized',
  'symmetric',
  'dequantized-logit',
] as const);

export interface PreprocessingInfo {
  name: Preprocessing;
  /** One sentence for reports. */
  description: string;
}

const DESCRIPTIONS: Record<Preprocessing, string> = {
  unit: 'pixels scaled to [0, 1] (x / 255)',
  binarized: 'static binarization (x > 0.5), fixed per image',
  symmetric: 'pixels scaled to [-1, 1] (2x - 1)',
  'dequantized-logit':
    'uniform dequantization (255x + u) / 256, u ~ U(0, 1), then logit(0.05 + 0.9x) (RealNVP), log-determinant counted in bits/dim',
};

export function describePreprocessing(p: Preprocessing): PreprocessingInfo {
  const description = DESCRIPTIONS[p];
  if (description === undefined) {
    throw new DatasetError(`unknown preprocessing ${JSON.stringify(p)}; expected one of: ${PREPROCESSINGS.join(', ')}`);
  }
  return { name: p, description };
}
