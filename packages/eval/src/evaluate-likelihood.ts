import { type Tensor, type Tensor1D, add } from '@tensorflow/tfjs-core';
import { isBoundModel, isLikelihoodModel } from '@genmodels/core-nn';
import { type Discretization, EIGHT_BIT_UNIT_INTERVAL, dequantizationOffsetNats, natsToBitsPerDim } from './bits-per-dim.js';
import { CapabilityError } from './capability-error.js';
import { LIKELIHOOD_KINDS, type LikelihoodKind, type LikelihoodReport, likelihoodLabel } from './likelihood-report.js';
import { RunningMoments } from './running-moments.js';

export interface EvaluateLikelihoodOptions {
  /** Which figure to compute; inferred from the model's capabilities when omitted. */
  kind?: LikelihoodKind;
  /** K for the IWAE bound (kind 'iwae', K >= 2). */
  numImportanceSamples?: number;
  /** The preprocessing the batches went through, e.g. 'binarized', 'dequantized-logit'. */
  preprocessing: string;
  /** Dimensions per example (784 for 28x28x1). */
  dims: number;
  /**
   * log |det d(model input) / d(data)| per example, given the same batch the model sees. It is ADDED
   * to the model's log-density so the figure is about the data before the transform (e.g. the
   * logit transform's log-determinant from core-data, so bits/dim are in pixel space). Required
   * for preprocessing 'dequantized-logit'; pass null there when the model's logProb already
   * includes it.
   */
  logDetCorrection?: ((x: Tensor) => Tensor1D) | null;
  /**
   * How the continuous data relate to the discrete data, for the dequantization offset
   * dims * log(numBins / range). Defaults to 256 bins over [0, 1] when `preprocessing` starts with
   * 'dequantized', and to none (discrete data) otherwise. Pass it for continuous models on other
   * data; pass null for none.
   */
  discretization?: Discretization | null;
  /** Seed for stochastic bounds (ELBO, IWAE, diffusion VLB); batch i uses seed + i. */
  seed?: number;
  /** Dispose each batch after use (for generators that create fresh tensors). Default false. */
  disposeBatches?: boolean;
}

interface ModelLike {
  modelType?: unknown;
  logProb?: (x: Tensor) => Tensor1D;
  elbo?: (x: Tensor, options?: { numImportanceSamples?: number; seed?: number }) => Tensor1D;
}

const DIFFUSION_TYPES = /ddpm|ddim|ncsn|diffusion|score/i;

/**
 * Evaluates a likelihood figure of `model` over `batches` and says what kind of number it is.
 *
 * Per example: nll = -(log p(x) + logDetCorrection(x)) + dequantization offset, where log p(x) is
 * model.logProb(x) for kind 'exact' and model.elbo(x, { numImportanceSamples }) for the bounds.
 * Reports the mean, its standard error, and bits/dim = nll / (dims ln 2) of the discrete data.
 */
export async function evaluateLikelihood(
  model: unknown,
  batches: Iterable<Tensor> | AsyncIterable<Tensor>,
  options: EvaluateLikelihoodOptions,
): Promise<LikelihoodReport> {
  const { dims, preprocessing } = options;
  if (!(Number.isInteger(dims) && dims > 0)) {
    throw new RangeError(`evaluateLikelihood: dims must be a positive integer (784 for 28x28x1 images), got ${dims}`);
  }
  if (typeof preprocessing !== 'string' || preprocessing === '') {
    throw new RangeError(
      "evaluateLikelihood: say which preprocessing the data went through (options.preprocessing, e.g. 'binarized' or 'dequantized-logit'); bits/dim are meaningless without it",
    );
  }
  if (typeof model !== 'object' || model === null) {
    throw new TypeError(`evaluateLikelihood: expected a model object, got ${model === null ? 'null' : typeof model}`);
  }
  const m = model as ModelLike;
  const modelType = typeof m.modelType === 'string' ? m.modelType : undefined;
  const kind = resolveKind(model, modelType, options);
  const k = kind === 'iwae' ? (options.numImportanceSamples as number) : kind === 'elbo' ? 1 : undefined;

  if (preprocessing === 'dequantized-logit' && options.logDetCorrection === undefined) {
    throw new RangeError(
      "evaluateLikelihood: preprocessing 'dequantized-logit' means the model sees logit-space data, so its density must be " +
        'corrected by the log-determinant of the logit transform to give bits/dim in pixel space. Pass ' +
        "options.logDetCorrection (e.g. core-data's logitTransform log-det), or null when the model's logProb already includes it.",
    );
  }
  const discretization =
    options.discretization !== undefined ? options.discretization : preprocessing.startsWith('dequantized') ? EIGHT_BIT_UNIT_INTERVAL : null;
  const offset = discretization === null ? 0 : dequantizationOffsetNats(dims, discretization);
  const logDetCorrection = options.logDetCorrection ?? null;

  const moments = new RunningMoments();
  let batchIndex = 0;
  for await (const batch of batches as AsyncIterable<Tensor>) {
    let perExample: Tensor1D;
    try {
      perExample = logDensity(m, kind, batch, k, options.seed === undefined ? undefined : options.seed + batchIndex, logDetCorrection, dims);
    } finally {
      if (options.disposeBatches) batch.dispose();
    }
    const values = await perExample.data();
    perExample.dispose();
    for (let i = 0; i < values.length; i += 1) {
      const logp = values[i];
      if (!Number.isFinite(logp)) {
        throw new RangeError(
          `evaluateLikelihood: non-finite log-density ${logp} for example ${i} of batch ${batchIndex}; check the preprocessing ` +
            `('${preprocessing}') matches what the model was trained on (e.g. binarized data for a Bernoulli decoder)`,
        );
      }
      moments.push(-logp + offset);
    }
    batchIndex += 1;
  }
  if (moments.count === 0) throw new RangeError('evaluateLikelihood: the batches were empty; give at least one example');

  const nats = moments.mean;
  const standardError = moments.count > 1 ? Math.sqrt(moments.variance / moments.count) : Number.NaN;
  const dequantized = discretization !== null;
  const notes: string[] = [];
  if (kind === 'iwae') notes.push(`importance-weighted bound with K = ${k} samples (Burda et al. 2016); it tightens as K grows`);
  if (dequantized) {
    notes.push(
      `continuous density on dequantized data: added dims * ln(${discretization.numBins} / ${discretization.range}) = ${offset.toFixed(2)} nats ` +
        'so the figure is for the discrete data (Theis et al. 2016)',
    );
  }
  if (logDetCorrection !== null) notes.push('log-determinant of the preprocessing transform added: bits/dim are in pixel space');
  return {
    kind,
    isBound: kind !== 'exact' || dequantized,
    ...(k !== undefined ? { numImportanceSamples: k } : {}),
    natsPerExample: nats,
    standardError,
    bitsPerDim: natsToBitsPerDim(nats, dims),
    bitsPerDimStandardError: natsToBitsPerDim(standardError, dims),
    numExamples: moments.count,
    dims,
    preprocessing,
    label: likelihoodLabel(kind, { numImportanceSamples: k, dequantized }),
    ...(modelType !== undefined ? { modelType } : {}),
    dequantizationOffsetNats: offset,
    logDetCorrected: logDetCorrection !== null,
    notes,
  };
}

function logDensity(
  m: ModelLike,
  kind: LikelihoodKind,
  batch: Tensor,
  k: number | undefined,
  seed: number | undefined,
  logDetCorrection: ((x: Tensor) => Tensor1D) | null,
  dims: number,
): Tensor1D {
  const batchSize = batch.shape[0];
  const perExampleDims = batch.size / (batchSize || 1);
  if (perExampleDims !== dims) {
    throw new RangeError(
      `evaluateLikelihood: a batch shaped [${batch.shape.join(', ')}] has ${perExampleDims} dims per example but options.dims is ${dims}`,
    );
  }
  const logp =
    kind === 'exact'
      ? (m.logProb as (x: Tensor) => Tensor1D)(batch)
      : (m.elbo as NonNullable<ModelLike['elbo']>)(batch, {
          ...(k !== undefined ? { numImportanceSamples: k } : {}),
          ...(seed !== undefined ? { seed } : {}),
        });
  if (logp.rank !== 1 || logp.shape[0] !== batchSize) {
    const shape = `[${logp.shape.join(', ')}]`;
    logp.dispose();
    throw new RangeError(`evaluateLikelihood: the model returned ${shape}; expected one value per example, [${batchSize}]`);
  }
  if (logDetCorrection === null) return logp;
  const correction = logDetCorrection(batch);
  if (correction.rank !== 1 || correction.shape[0] !== batchSize) {
    const shape = `[${correction.shape.join(', ')}]`;
    logp.dispose();
    correction.dispose();
    throw new RangeError(`evaluateLikelihood: logDetCorrection returned ${shape}; expected one value per example, [${batchSize}]`);
  }
  const total = add(logp, correction) as Tensor1D;
  logp.dispose();
  correction.dispose();
  return total;
}

function resolveKind(model: unknown, modelType: string | undefined, options: EvaluateLikelihoodOptions): LikelihoodKind {
  const name = modelType !== undefined ? `model '${modelType}'` : 'this model';
  const exact = isLikelihoodModel(model);
  const bound = isBoundModel(model);
  const k = options.numImportanceSamples;
  if (k !== undefined && !(Number.isInteger(k) && k >= 1)) {
    throw new RangeError(`evaluateLikelihood: numImportanceSamples must be a positive integer, got ${k}`);
  }
  let kind = options.kind;
  if (kind === undefined) {
    if (exact) kind = 'exact';
    else if (bound) kind = modelType !== undefined && DIFFUSION_TYPES.test(modelType) ? 'diffusion-vlb' : k !== undefined && k > 1 ? 'iwae' : 'elbo';
    else {
      throw new CapabilityError(
        `${name} has neither logProb (an exact likelihood, as in flows and autoregressive models) nor elbo (a bound, as in VAEs), ` +
          'so it has no likelihood to report (GANs, for example, define none); compare samples with computeSampleQuality (FID, KID, precision/recall) instead',
      );
    }
  }
  if (!LIKELIHOOD_KINDS.includes(kind)) {
    throw new RangeError(`evaluateLikelihood: unknown kind ${JSON.stringify(kind)}; expected one of ${LIKELIHOOD_KINDS.join(', ')}`);
  }
  if (kind === 'exact' && !exact) {
    throw new CapabilityError(
      bound
        ? `${name} has no exact logProb; use the ELBO or IWAE estimate (kind: 'elbo', or kind: 'iwae' with numImportanceSamples: K), which are reported as upper bounds on the NLL`
        : `${name} has no logProb, so no exact likelihood can be computed`,
    );
  }
  if (kind !== 'exact' && !bound) {
    throw new CapabilityError(
      exact
        ? `${name} has no elbo method: it has an exact logProb, so report kind: 'exact' (a bound would only be looser)`
        : `${name} has no elbo method, so no ${kind} bound can be computed`,
    );
  }
  if (kind === 'iwae' && (k === undefined || k < 2)) {
    throw new RangeError(
      `evaluateLikelihood: kind 'iwae' needs numImportanceSamples K >= 2 (the bench's headline uses K = 5000); with K = 1 it is the ELBO`,
    );
  }
  if (kind === 'elbo' && k !== undefined && k > 1) {
    throw new RangeError(`evaluateLikelihood: numImportanceSamples = ${k} gives the IWAE bound; ask for kind: 'iwae' (or drop numImportanceSamples for the ELBO)`);
  }
  if (kind === 'diffusion-vlb' && k !== undefined && k > 1) {
    throw new RangeError("evaluateLikelihood: numImportanceSamples applies to kind 'iwae' only");
  }
  return kind;
}
