/** Throughput mode in the current process: training samples/s and sampling images/s. */
import type { BackendReport } from '@genmodels/backend';
import { timeMedian } from './measure.js';
import type { BenchTask } from './tasks/bench-task.js';

export interface ThroughputResult {
  task: string;
  mode: 'throughput';
  backend: string;
  threads: number;
  backendDetails: string[];
  dataset: string;
  trainBatch: number;
  trainMsPerStep: number;
  /** Mean over the timed steps; much above the median means periodic slow steps. */
  trainMeanMsPerStep: number;
  trainMaxMsPerStep: number;
  trainSamplesPerSecond: number;
  sampleBatch: number;
  /** Timed sampling calls (after one warm-up); 0 when sampling was skipped. */
  sampleRuns: number;
  sampleMsPerCall: number;
  sampleImagesPerSecond: number;
}

/** bench-spec: 5 warm-up steps, then the median of 20 timed steps; sampling after one warm-up call. */
export async function runThroughput(
  task: BenchTask,
  backend: BackendReport,
  options: { dataset: 'fashion-mnist' | 'mnist'; seed: number; warmup: number; runs: number; sampleRuns: number },
): Promise<ThroughputResult> {
  const handle = await task.setupThroughput({ dataset: options.dataset, seed: options.seed });
  try {
    const train = await timeMedian(() => handle.trainStep(), { warmup: options.warmup, runs: options.runs });
    const sample =
      options.sampleRuns > 0
        ? await timeMedian(() => handle.sampleCall(), { warmup: 1, runs: options.sampleRuns })
        : { medianMs: Number.NaN, meanMs: Number.NaN };
    return {
      task: task.name,
      mode: 'throughput',
      backend: backend.name,
      threads: backend.threads,
      backendDetails: backend.details,
      dataset: options.dataset,
      trainBatch: handle.trainBatch,
      trainMsPerStep: train.medianMs,
      trainMeanMsPerStep: train.meanMs,
      trainMaxMsPerStep: train.maxMs,
      trainSamplesPerSecond: (handle.trainBatch * 1000) / train.medianMs,
      sampleBatch: handle.sampleBatch,
      sampleRuns: options.sampleRuns,
      sampleMsPerCall: sample.medianMs,
      sampleImagesPerSecond: (handle.sampleBatch * 1000) / sample.medianMs,
    };
  } finally {
    handle.dispose();
  }
}
