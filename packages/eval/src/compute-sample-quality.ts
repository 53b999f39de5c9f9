import { type ClassHistogram, classHistogram } from './class-histogram.js';
import { type ClassifierScoreResult, classifierScore } from './classifier-score.js';
import { type ExtractedFeatures, type ImageSource, extractFeatures } from './extract-features.js';
import { type FeatureNetwork, type FeatureNetworkIdentity, describeFeatureNetwork } from './feature-network.js';
import { frechetDistance } from './frechet-distance.js';
import { type KernelInceptionDistanceOptions, type KernelInceptionDistanceResult, kernelInceptionDistance } from './kernel-inception-distance.js';
import { type MemorizationCheckOptions, type MemorizationCheckResult, memorizationCheck } from './memorization-check.js';
import { type PrecisionRecallResult, precisionRecall } from './precision-recall.js';
import type { InputRange } from './prepare-images.js';

/** The metrics computeSampleQuality can report. */
export type SampleMetric = 'fid' | 'kid' | 'pr' | 'is' | 'histogram' | 'memorization';

export const SAMPLE_METRICS: readonly SampleMetric[] = Object.freeze(['fid', 'kid', 'pr', 'is', 'histogram', 'memorization'] as const);

/** Images, or features already extracted with the same network (e.g. cached test-set features). */
export type SampleSource = ImageSource | ExtractedFeatures;

export interface ComputeSampleQualityOptions {
  /**
   * A loaded network (loadFeatureNetwork of @genmodels/eval/node, or loadFeatureNetworkFromBytes);
   * the caller keeps it and disposes it.
   */
  network: FeatureNetwork;
  metrics: readonly SampleMetric[];
  /** Pixel range of the sample images (default 'unit'); reference images are always [0, 1]. */
  inputRange?: InputRange;
  /** Training images (or their features), required by 'memorization'. */
  training?: SampleSource;
  /** Batch size of feature extraction (default 250). */
  batchSize?: number;
  kid?: KernelInceptionDistanceOptions;
  /** Options of the nearest-training-neighbour check (k, threshold). */
  memorization?: Pick<MemorizationCheckOptions, 'k' | 'threshold'>;
  /** k of the precision/recall manifolds (default 3). */
  prK?: number;
  /** Class names for the histogram. */
  classNames?: readonly string[];
  /** Called as images go through the feature network: which set, and how many of it are done. */
  onProgress?: (stage: 'samples' | 'reference' | 'training', imagesDone: number) => void;
  /** Stops between forward passes; the signal's reason is thrown. */
  signal?: AbortSignal;
}

export interface SampleQualityReport {
  /** Which network produced the features: every figure is comparable only under the same checksum. */
  network: FeatureNetworkIdentity;
  numSamples: number;
  numReference: number;
  fid?: number;
  kid?: KernelInceptionDistanceResult;
  precisionRecall?: PrecisionRecallResult;
  classifierScore?: ClassifierScoreResult;
  classHistogram?: ClassHistogram;
  /** Summary of the nearest-training-neighbour check (per-sample arrays left out). */
  memorization?: Omit<MemorizationCheckResult, 'nearestDistances' | 'ratios'>;
}

function isExtracted(source: SampleSource): source is ExtractedFeatures {
  return typeof source === 'object' && source !== null && 'features' in source && 'logits' in source && 'network' in source;
}

/**
 * Sample-quality metrics of generated images against reference (test) images, on the features of
 * a shipped, checksummed classifier. Features are extracted in batches (only features and logits
 * are kept). 'fid': Fréchet distance; 'kid': kernel inception distance; 'pr': precision/recall;
 * 'is': classifier score (Inception Score analogue); 'histogram': predicted classes;
 * 'memorization': nearest-training-neighbour check (needs `training`).
 */
export async function computeSampleQuality(
  samples: SampleSource,
  reference: SampleSource,
  options: ComputeSampleQualityOptions,
): Promise<SampleQualityReport> {
  for (const m of options.metrics) {
    if (!SAMPLE_METRICS.includes(m)) throw new RangeError(`computeSampleQuality: unknown metric ${JSON.stringify(m)}; expected some of ${SAMPLE_METRICS.join(', ')}`);
  }
  if (options.metrics.length === 0) throw new RangeError(`computeSampleQuality: ask for at least one metric (${SAMPLE_METRICS.join(', ')})`);
  const wants = (m: SampleMetric) => options.metrics.includes(m);
  if (wants('memorization') && options.training === undefined) {
    throw new RangeError("computeSampleQuality: 'memorization' compares samples with the training images; pass options.training");
  }
  const network = options.network;
  if (typeof network !== 'object' || network === null || typeof (network as FeatureNetwork).apply !== 'function') {
    throw new TypeError(
      'computeSampleQuality: options.network must be a loaded FeatureNetwork (loadFeatureNetwork(name) of @genmodels/eval/node, ' +
        `or loadFeatureNetworkFromBytes), got ${JSON.stringify(network)}`,
    );
  }
  const manifest = network.manifest;
  const featuresOf = async (source: SampleSource, what: 'samples' | 'reference' | 'training', inputRange: InputRange): Promise<ExtractedFeatures> => {
    if (isExtracted(source)) {
      if (source.network.sha256 !== manifest.sha256) {
        throw new Error(
          `computeSampleQuality: the ${what === 'samples' ? 'sample' : what} features came from network '${source.network.name}' (sha256 ${source.network.sha256}), ` +
            `not from '${manifest.name}' (sha256 ${manifest.sha256}); features from different networks cannot be compared`,
        );
      }
      return source;
    }
    const onProgress = options.onProgress;
    return extractFeatures(network, source, {
      inputRange,
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      ...(onProgress !== undefined ? { onProgress: (done: number) => onProgress(what, done) } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
  };
  const gen = await featuresOf(samples, 'samples', options.inputRange ?? 'unit');
  const needsReference = wants('fid') || wants('kid') || wants('pr');
  const ref = needsReference || !isExtracted(reference) ? await featuresOf(reference, 'reference', 'unit') : reference;
  const report: SampleQualityReport = {
    network: {
      name: manifest.name,
      architecture: manifest.architecture,
      featureLayer: manifest.featureLayer,
      sha256: manifest.sha256,
      testAccuracy: manifest.testAccuracy,
      testExamples: manifest.testExamples,
    },
    numSamples: gen.features.count,
    numReference: ref.features.count,
  };
  if (wants('fid')) report.fid = frechetDistance(gen.features, ref.features);
  if (wants('kid')) report.kid = kernelInceptionDistance(gen.features, ref.features, options.kid);
  if (wants('pr')) report.precisionRecall = await precisionRecall(ref.features, gen.features, { k: options.prK ?? 3 });
  if (wants('is')) report.classifierScore = classifierScore(gen.logits, { numSplits: Math.min(10, gen.logits.count) });
  if (wants('histogram')) {
    report.classHistogram = classHistogram(gen.logits, options.classNames !== undefined ? { classNames: options.classNames } : {});
  }
  if (wants('memorization')) {
    const train = await featuresOf(options.training as SampleSource, 'training', 'unit');
    const { nearestDistances: _n, ratios: _r, ...summary } = await memorizationCheck(gen.features, train.features, { ...options.memorization, reference: ref.features });
    report.memorization = summary;
  }
  return report;
}

/** A readable multi-line summary; the first line always names the network and its checksum. */
export function formatSampleQualityReport(report: SampleQualityReport): string {
  const n = report.network;
  const lines = [
    `features: ${describeFeatureNetwork(n)}`,
    `samples: ${report.numSamples}, reference images: ${report.numReference}`,
  ];
  if (report.fid !== undefined) lines.push(`FID: ${report.fid.toFixed(3)}`);
  if (report.kid !== undefined) {
    lines.push(`KID: ${report.kid.mean.toFixed(5)} ± ${report.kid.std.toFixed(5)} (${report.kid.numSubsets} subsets of ${report.kid.subsetSize})`);
  }
  if (report.precisionRecall !== undefined) {
    const pr = report.precisionRecall;
    lines.push(`precision: ${pr.precision.toFixed(4)}, recall: ${pr.recall.toFixed(4)} (k = ${pr.k})`);
  }
  if (report.classifierScore !== undefined) {
    const s = report.classifierScore;
    lines.push(`classifier score (Inception Score analogue): ${s.mean.toFixed(3)} ± ${s.std.toFixed(3)} of at most ${s.numClasses} (${s.numSplits} splits)`);
  }
  if (report.classHistogram !== undefined) {
    const h = report.classHistogram;
    const names = h.classNames ?? h.counts.map((_, i) => String(i));
    lines.push(
      `class histogram: ${h.counts.map((c, i) => `${names[i]} ${c}`).join(', ')} (${h.numClassesPresent} classes present, KL from uniform ${h.klFromUniform.toFixed(4)} nats)`,
    );
  }
  if (report.memorization !== undefined) {
    const m = report.memorization;
    const ref = m.reference !== undefined ? `; held-out real images flagged: ${(m.reference.flaggedFraction * 100).toFixed(2)}%` : '';
    lines.push(
      `memorization: ${m.flaggedIndices.length} of ${m.numSamples} samples (${(m.flaggedFraction * 100).toFixed(2)}%) closer than ${m.threshold.toFixed(3)} x ` +
        `their local neighbour distance to one training image${ref}`,
    );
  }
  return lines.join('\n');
}
