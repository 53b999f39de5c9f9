import { type Tensor, type Tensor1D, add, slice } from '@tensorflow/tfjs-core';
import {
  type LikelihoodSpec,
  type MemoryBudget,
  type WorkingSet,
  backendMemoryBudget,
  forEachFittingChunk,
  isBoundModel,
  isConditionalModel,
  isLikelihoodModel,
  likelihoodSpecOf,
  nextEventLoopTurn,
} from '@genmodels/core-nn';
import { type Discretization, EIGHT_BIT_UNIT_INTERVAL, dequantizationOffsetNats, natsToBitsPerDim } from './bits-per-dim.js';
import { CapabilityError } from './capability-error.js';
import { LIKELIHOOD_KINDS, type LikelihoodKind, type LikelihoodReport, likelihoodLabel } from './likelihood-report.js';
import { RunningMoments } from './running-moments.js';

/** A batch of examples, with their class labels for a conditional model. */
export type LikelihoodBatch = Tensor | { x: Tensor; labels: Tensor1D };

export interface EvaluateLikelihoodOptions {
  /** Which figure to compute; by default what the model declares (its likelihoodSpec), else read from its methods. */
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
   * for preprocessing 'dequantized-logit' unless the model declares that its value already
   * includes it (likelihoodSpec.dataSpace 'dequantized' or 'discrete'). For a model that declares
   * nothing, null says its logProb includes it, and then `discretization` must say whether it
   * includes the dequantization term too.
   */
  logDetCorrection?: ((x: Tensor) => Tensor1D) | null;
  /**
   * How the continuous data relate to the discrete data, for the dequantization offset
   * dims * log(numBins / range). Defaults to 256 bins over [0, 1] when `preprocessing` starts with
   * 'dequantized', and to none (discrete data) otherwise. Pass it for continuous models on other
   * data; pass null for none. Never applies to a model whose value already includes the term.
   */
  discretization?: Discretization | null;
  /** Seed for stochastic bounds (ELBO, IWAE, diffusion VLB); the i-th model call uses seed + i. */
  seed?: number;
  /** Dispose each batch after use (for generators that create fresh tensors). Default false. */
  disposeBatches?: boolean;
  /**
   * The memory one model call may use: batches are split into sub-batches whose intermediates fit
   * it, measured on the first batch (core-nn's forEachFittingChunk). Default: core-nn's
   * backendMemoryBudget() when the evaluation starts; null runs every batch whole.
   */
  memoryBudget?: MemoryBudget | null;
  /** Called after every model call with the number of examples evaluated so far. */
  onProgress?: (examplesDone: number) => void;
  /** Stops the evaluation between model calls; the signal's reason is thrown. Each call then yields to the event loop first, so a Ctrl-C handler can run. */
  signal?: AbortSignal;
}

interface ModelLike {
  modelType?: unknown;
  logProb?: (x: Tensor, options?: { labels?: Tensor1D; seed?: number }) => Tensor1D;
  elbo?: (x: Tensor, options?: { numImportanceSamples?: number; seed?: number; labels?: Tensor1D }) => Tensor1D;
}

/**
 * The figure evaluateLikelihood reports for `model` by default: the kind it declares, else the
 * one its methods give ('exact' for logProb, 'elbo' for elbo), or null when it has none (GANs,
 * NCSN, a diffusion model on points).
 */
export function defaultLikelihoodKind(model: unknown): Exclude<LikelihoodKind, 'iwae'> | null {
  const spec = likelihoodSpecOf(model);
  if (spec === null) return null;
  if (spec !== undefined) return spec.kind;
  if (isLikelihoodModel(model)) return 'exact';
  if (isBoundModel(model)) return 'elbo';
  return null;
}

/**
 * Evaluates a likelihood figure of `model` over `batches` and says what kind of number it is.
 *
 * Per example: nll = -(log p(x) + logDetCorrection(x)) + dequantization offset, where log p(x) is
 * model.logProb(x) for kind 'exact' and model.elbo(x, { numImportanceSamples }) for the bounds.
 * What the model's value already includes comes from its likelihoodSpec, so no term is counted
 * twice. Batches `{ x, labels }` give a conditional model its labels: the figure is then the
 * conditional likelihood log p(x | y) and is labelled so. Reports the mean, its standard error,
 * and bits/dim = nll / (dims ln 2) of the discrete data.
 */
export async function evaluateLikelihood(
  model: unknown,
  batches: Iterable<LikelihoodBatch> | AsyncIterable<LikelihoodBatch>,
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
  const name = modelType !== undefined ? `model '${modelType}'` : 'this model';
  const spec = likelihoodSpecOf(model);
  const kind = resolveKind(model, name, spec, options);
  const k = kind === 'iwae' ? (options.numImportanceSamples as number) : kind === 'elbo' ? 1 : undefined;
  const { offset, discretization, logDetCorrection, dequantized } = resolveTerms(name, spec ?? undefined, options);
  const conditionalModel = isConditionalModel(model);

  const moments = new RunningMoments();
  let batchIndex = 0;
  let calls = 0;
  let conditional: boolean | undefined;
  let workingSet: WorkingSet | undefined;
  const budget = options.memoryBudget === undefined ? backendMemoryBudget() : options.memoryBudget;
  for await (const batch of batches as AsyncIterable<LikelihoodBatch>) {
    try {
      if (options.signal) {
        await nextEventLoopTurn();
        options.signal.throwIfAborted();
      }
      const { x, labels } = splitBatch(batch, name, conditionalModel);
      const hasLabels = labels !== undefined;
      if (conditional !== undefined && conditional !== hasLabels) {
        throw new RangeError('evaluateLikelihood: give labels with every batch or with none; the figure is either conditional or not');
      }
      conditional = hasLabels;
      checkDims(x, dims);
      const count = x.shape[0];
      const run = (start: number, size: number): Tensor1D => {
        const whole = start === 0 && size === count;
        const xs = whole ? x : slice(x, start, size);
        const ys = labels === undefined ? undefined : whole ? labels : (slice(labels, start, size) as Tensor1D);
        try {
          const seed = options.seed === undefined ? undefined : options.seed + calls;
          calls += 1;
          return logDensity(m, kind, xs, ys, k, seed, logDetCorrection);
        } finally {
          if (!whole) {
            xs.dispose();
            ys?.dispose();
          }
        }
      };
      const consume = async (perExample: Tensor1D, start: number): Promise<void> => {
        const values = await perExample.data();
        perExample.dispose();
        for (let i = 0; i < values.length; i += 1) {
          const logp = values[i];
          if (!Number.isFinite(logp)) {
            throw new RangeError(
              `evaluateLikelihood: non-finite log-density ${logp} for example ${start + i} of batch ${batchIndex}; check the preprocessing ` +
                `('${preprocessing}') matches what the model was trained on (e.g. binarized data for a Bernoulli decoder)`,
            );
          }
          moments.push(-logp + offset);
        }
        options.onProgress?.(moments.count);
      };
      if (budget === null) {
        await consume(run(0, count), 0);
      } else {
        const fitted = await forEachFittingChunk(count, run, consume, {
          what: `${modelType ?? 'model'} ${kind === 'exact' ? 'logProb' : 'elbo'}`,
          maxChunkSize: Math.max(1, count),
          budget,
          ...(workingSet !== undefined ? { workingSet } : {}),
          ...(options.signal !== undefined ? { signal: options.signal } : {}),
        });
        workingSet ??= fitted.workingSet;
      }
    } finally {
      if (options.disposeBatches) disposeBatch(batch);
    }
    batchIndex += 1;
  }
  if (moments.count === 0) throw new RangeError('evaluateLikelihood: the batches were empty; give at least one example');

  const nats = moments.mean;
  const standardError = moments.count > 1 ? Math.sqrt(moments.variance / moments.count) : Number.NaN;
  const isConditional = conditional === true;
  const notes: string[] = [];
  if (kind === 'iwae') notes.push(`importance-weighted bound with K = ${k} samples (Burda et al. 2016); it tightens as K grows`);
  if (isConditional) notes.push('conditional likelihood log p(x | y) given each example\'s class label; not comparable with unconditional figures');
  if (discretization !== null) {
    notes.push(
      `continuous density on dequantized data: added dims * ln(${discretization.numBins} / ${discretization.range}) = ${offset.toFixed(2)} nats ` +
        'so the figure is for the discrete data (Theis et al. 2016)',
    );
  }
  if (spec?.dataSpace === 'dequantized') {
    notes.push('the model dequantizes the 8-bit data itself and its log-likelihood includes the dequantization and transform terms: nothing added');
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
    conditional: isConditional,
    label: likelihoodLabel(kind, { numImportanceSamples: k, dequantized, conditional: isConditional }),
    ...(modelType !== undefined ? { modelType } : {}),
    dequantizationOffsetNats: offset,
    logDetCorrected: logDetCorrection !== null,
    notes,
  };
}

function splitBatch(batch: LikelihoodBatch, name: string, conditionalModel: boolean): { x: Tensor; labels?: Tensor1D } {
  if (isTensor(batch)) return { x: batch };
  if (typeof batch !== 'object' || batch === null || !isTensor((batch as { x?: unknown }).x)) {
    throw new TypeError('evaluateLikelihood: each batch must be a tensor or { x, labels }');
  }
  const { x, labels } = batch;
  if (labels === undefined || labels === null) return { x };
  if (!conditionalModel) {
    throw new RangeError(`evaluateLikelihood: the batches carry labels but ${name} is unconditional (numClasses 0); give the tensors alone`);
  }
  if (!isTensor(labels) || labels.rank !== 1 || labels.shape[0] !== x.shape[0]) {
    throw new RangeError(`evaluateLikelihood: labels must be a 1-D tensor with one class per example (${x.shape[0]}), got ${isTensor(labels) ? `[${labels.shape.join(', ')}]` : typeof labels}`);
  }
  return { x, labels };
}

function disposeBatch(batch: LikelihoodBatch): void {
  if (isTensor(batch)) batch.dispose();
  else {
    batch.x.dispose();
    batch.labels?.dispose();
  }
}

function isTensor(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && typeof (value as Tensor).dataSync === 'function' && Array.isArray((value as Tensor).shape);
}

function checkDims(x: Tensor, dims: number): void {
  const perExampleDims = x.size / (x.shape[0] || 1);
  if (perExampleDims !== dims) {
    throw new RangeError(`evaluateLikelihood: a batch shaped [${x.shape.join(', ')}] has ${perExampleDims} dims per example but options.dims is ${dims}`);
  }
}

function logDensity(
  m: ModelLike,
  kind: LikelihoodKind,
  x: Tensor,
  labels: Tensor1D | undefined,
  k: number | undefined,
  seed: number | undefined,
  logDetCorrection: ((x: Tensor) => Tensor1D) | null,
): Tensor1D {
  const batchSize = x.shape[0];
  const labelled = labels !== undefined ? { labels } : {};
  const logp =
    kind === 'exact'
      ? (m.logProb as NonNullable<ModelLike['logProb']>)(x, labelled)
      : (m.elbo as NonNullable<ModelLike['elbo']>)(x, {
          ...labelled,
          ...(k !== undefined ? { numImportanceSamples: k } : {}),
          ...(seed !== undefined ? { seed } : {}),
        });
  if (logp.rank !== 1 || logp.shape[0] !== batchSize) {
    const shape = `[${logp.shape.join(', ')}]`;
    logp.dispose();
    throw new RangeError(`evaluateLikelihood: the model returned ${shape}; expected one value per example, [${batchSize}]`);
  }
  if (logDetCorrection === null) return logp;
  const correction = logDetCorrection(x);
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

/**
 * The offset and corrections to apply, from what the model declares its value includes. A term
 * the model already counts cannot be added again: asking for it is an error, and with nothing
 * declared, a logit correction said to be inside the model (null) needs an explicit
 * `discretization` (the case that counted the 8-bit offset twice).
 */
function resolveTerms(
  name: string,
  spec: LikelihoodSpec | undefined,
  options: EvaluateLikelihoodOptions,
): { offset: number; discretization: Discretization | null; logDetCorrection: ((x: Tensor) => Tensor1D) | null; dequantized: boolean } {
  const { preprocessing, dims } = options;
  const dataSpace = spec?.dataSpace;
  if (dataSpace === 'discrete' || dataSpace === 'dequantized') {
    const what =
      dataSpace === 'discrete'
        ? `${name} gives a log-probability of discrete data`
        : `${name} dequantizes its 8-bit input itself and its log-likelihood already includes the dequantization and logit terms`;
    if (typeof options.logDetCorrection === 'function') {
      throw new RangeError(`evaluateLikelihood: ${what}; drop options.logDetCorrection (it would be counted twice)`);
    }
    if (options.discretization !== undefined && options.discretization !== null) {
      throw new RangeError(`evaluateLikelihood: ${what}; drop options.discretization (no dequantization offset applies)`);
    }
    return { offset: 0, discretization: null, logDetCorrection: null, dequantized: dataSpace === 'dequantized' };
  }
  if (preprocessing === 'dequantized-logit' && options.logDetCorrection === undefined) {
    throw new RangeError(
      "evaluateLikelihood: preprocessing 'dequantized-logit' means the model sees logit-space data, so its density must be " +
        'corrected by the log-determinant of the logit transform to give bits/dim in pixel space. Pass ' +
        "options.logDetCorrection (e.g. core-data's logitTransform log-det), or null when the model's logProb already includes it.",
    );
  }
  if (preprocessing === 'dequantized-logit' && options.logDetCorrection === null) {
    if (dataSpace === 'continuous') {
      throw new RangeError(
        `evaluateLikelihood: ${name} declares a density of the values it receives (dataSpace 'continuous'), here logit-space values; ` +
          "pass options.logDetCorrection (e.g. logitLogDetFromOutput) so bits/dim are in pixel space",
      );
    }
    if (options.discretization === undefined) {
      throw new RangeError(
        `evaluateLikelihood: logDetCorrection null says ${name}'s logProb includes the logit term; say whether it includes the dequantization ` +
          'term too: discretization: null if it does (nothing is added), EIGHT_BIT_UNIT_INTERVAL if it is a density on [0, 1] (dims ln 256 is added); ' +
          "or declare likelihoodSpec: { kind: 'exact', dataSpace: 'dequantized' } on the model",
      );
    }
  }
  const discretization =
    options.discretization !== undefined ? options.discretization : preprocessing.startsWith('dequantized') ? EIGHT_BIT_UNIT_INTERVAL : null;
  const offset = discretization === null ? 0 : dequantizationOffsetNats(dims, discretization);
  return { offset, discretization, logDetCorrection: options.logDetCorrection ?? null, dequantized: discretization !== null };
}

function resolveKind(model: unknown, name: string, spec: LikelihoodSpec | null | undefined, options: EvaluateLikelihoodOptions): LikelihoodKind {
  const exact = isLikelihoodModel(model);
  const bound = isBoundModel(model);
  const k = options.numImportanceSamples;
  if (k !== undefined && !(Number.isInteger(k) && k >= 1)) {
    throw new RangeError(`evaluateLikelihood: numImportanceSamples must be a positive integer, got ${k}`);
  }
  if (spec === null) {
    throw new CapabilityError(
      `${name} declares no likelihood or bound in this configuration (likelihoodSpec null); compare samples with computeSampleQuality (FID, KID, precision/recall) instead`,
    );
  }
  let kind = options.kind;
  if (kind !== undefined && !LIKELIHOOD_KINDS.includes(kind)) {
    throw new RangeError(`evaluateLikelihood: unknown kind ${JSON.stringify(kind)}; expected one of ${LIKELIHOOD_KINDS.join(', ')}`);
  }
  if (spec !== undefined) {
    const allowed: readonly LikelihoodKind[] = spec.kind === 'elbo' ? ['elbo', 'iwae'] : [spec.kind];
    if (kind !== undefined && !allowed.includes(kind)) {
      throw new CapabilityError(`${name} declares a likelihood of kind '${spec.kind}', so it reports ${allowed.map((a) => `'${a}'`).join(' or ')}, not '${kind}'`);
    }
    kind ??= spec.kind === 'elbo' && k !== undefined && k > 1 ? 'iwae' : spec.kind;
  }
  if (kind === undefined) {
    if (exact) kind = 'exact';
    else if (bound) kind = k !== undefined && k > 1 ? 'iwae' : 'elbo';
    else {
      throw new CapabilityError(
        `${name} has neither logProb (an exact likelihood, as in flows and autoregressive models) nor elbo (a bound, as in VAEs), ` +
          'so it has no likelihood to report (GANs, for example, define none); compare samples with computeSampleQuality (FID, KID, precision/recall) instead',
      );
    }
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
  if ((kind === 'diffusion-vlb' || kind === 'exact') && k !== undefined && k > 1) {
    throw new RangeError("evaluateLikelihood: numImportanceSamples applies to kind 'iwae' only");
  }
  return kind;
}
