/**
 * What kind of likelihood figure a number is, and how it is printed. A bound is never printed as a
 * likelihood: every report carries a label such as 'negative ELBO (upper bound on NLL)'.
 */

/**
 * - 'exact': log p(x) from a flow or an autoregressive model.
 * - 'elbo': the evidence lower bound of a VAE (Kingma and Welling 2014); its negative is an upper
 *   bound on the NLL.
 * - 'iwae': the importance-weighted bound with K samples (Burda, Grosse and Salakhutdinov 2016);
 *   tighter than the ELBO, converging to log p(x) as K grows, still a bound for finite K.
 * - 'diffusion-vlb': the variational bound of a diffusion model (Ho, Jain and Abbeel 2020, eq. 5).
 */
export type LikelihoodKind = 'exact' | 'elbo' | 'iwae' | 'diffusion-vlb';

export const LIKELIHOOD_KINDS: readonly LikelihoodKind[] = Object.freeze(['exact', 'elbo', 'iwae', 'diffusion-vlb'] as const);

export interface LikelihoodReport {
  kind: LikelihoodKind;
  /**
   * True when the figure is an upper bound on the NLL of the discrete data rather than the NLL
   * itself: every kind but 'exact', and 'exact' densities evaluated on dequantized data (the
   * dequantized density bounds the discrete likelihood, Theis et al. 2016).
   */
  isBound: boolean;
  /** K of the IWAE bound (1 for the ELBO); absent for exact and diffusion figures. */
  numImportanceSamples?: number;
  /** Mean negative log-likelihood (or its bound) per example, in nats, in the discrete data space. */
  natsPerExample: number;
  /** Standard error of natsPerExample: sample std / sqrt(numExamples). */
  standardError: number;
  /** natsPerExample / (dims ln 2). */
  bitsPerDim: number;
  /** standardError / (dims ln 2). */
  bitsPerDimStandardError: number;
  numExamples: number;
  dims: number;
  /** Which preprocessing the data went through, e.g. 'binarized', 'dequantized-logit'. */
  preprocessing: string;
  /** True when the figure is the conditional likelihood log p(x | y), each example given its class label. */
  conditional: boolean;
  /** What the number is, e.g. 'NLL (exact)', 'negative ELBO (upper bound on NLL)'. */
  label: string;
  /** The model's modelType when it has one. */
  modelType?: string;
  /** Nats per example added for dequantization: dims * log(numBins / range), 0 for discrete data. */
  dequantizationOffsetNats: number;
  /** True when a change-of-variables log-determinant (e.g. of the logit transform) was added. */
  logDetCorrected: boolean;
  /** Plain-language notes on the conventions applied. */
  notes: string[];
}

/** The label printed with a likelihood figure of `kind`. */
export function likelihoodLabel(
  kind: LikelihoodKind,
  options: { numImportanceSamples?: number; dequantized?: boolean; conditional?: boolean } = {},
): string {
  const given = options.conditional ? ' given the class label' : '';
  const nll = options.conditional ? 'the conditional NLL' : 'NLL';
  switch (kind) {
    case 'exact':
      return options.dequantized
        ? `NLL${given} (exact density of dequantized data: upper bound on the 8-bit NLL)`
        : `NLL${given} (exact)`;
    case 'elbo':
      return `negative ELBO${given} (upper bound on ${nll})`;
    case 'iwae':
      return `negative IWAE bound${given}, K = ${options.numImportanceSamples ?? '?'} (upper bound on ${nll})`;
    case 'diffusion-vlb':
      return `negative variational bound of the diffusion model${given} (upper bound on ${nll})`;
    default: {
      const never: never = kind;
      throw new RangeError(`unknown likelihood kind ${JSON.stringify(never)}; expected one of ${LIKELIHOOD_KINDS.join(', ')}`);
    }
  }
}

/**
 * One line per report, e.g.
 * `negative ELBO (upper bound on NLL): 95.31 ± 0.21 nats/example = 0.1754 ± 0.0004 bits/dim (vae; 10000 examples x 784 dims; preprocessing: binarized)`
 */
export function formatLikelihoodReport(report: LikelihoodReport): string {
  const who = report.modelType !== undefined ? `${report.modelType}; ` : '';
  const head =
    `${report.label}: ${report.natsPerExample.toFixed(2)} ± ${report.standardError.toFixed(2)} nats/example` +
    ` = ${report.bitsPerDim.toFixed(4)} ± ${report.bitsPerDimStandardError.toFixed(4)} bits/dim` +
    ` (${who}${report.numExamples} examples x ${report.dims} dims; preprocessing: ${report.preprocessing})`;
  return report.notes.length === 0 ? head : `${head}\n${report.notes.map((n) => `  - ${n}`).join('\n')}`;
}
