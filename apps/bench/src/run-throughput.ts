/** Throughput mode in the current process: training samples/s, sampling images/s and memory. */
import type { BackendReport } from '@genmodels/backend';
import * as tf from '@tensorflow/tfjs-core';
import { timeMedian } from './measure.js';
import { peakRssMiB, wasmHeapMiB } from './peak-rss.js';
import type { BenchTask } from './tasks/bench-task.js';

export interface ThroughputResult {
  task: string;
  mode: 'throughput';
  backend: string;
  threads: number;
  backendDetails: string[];
  dataset: string;
  /** Trainable parameters of the task's network. */
  parameters: number;
  trainBatch: number;
  trainMsPerStep: number;
  /** Mean over the timed steps; much above the median means periodic slow steps. */
  trainMeanMsPerStep: number;
  trainMaxMsPerStep: number;
  trainSamplesPerSecond: number;
  /** Peak RSS of this process after the timed training steps (data, model, optimizer, steps). */
  trainPeakRssMiB: number;
  /** The wasm heap after training (wasm backends only): what the 4 GiB limit applies to. */
  wasmHeapMiB: number | null;
  /** Bytes held by live tensors after training, in MiB. */
  tensorMiB: number;
  sampler: string;
  sampleBatch: number;
  /** Timed sampling calls (after one warm-up); 0 when sampling was skipped. */
  sampleRuns: number;
  sampleMsPerCall: number;
  sampleImagesPerSecond: number;
  /** Peak RSS of this process at the end, sampling included. */
  peakRssMiB: number;
}

export interface ThroughputOptions {
  dataset: 'fashion-mnist' | 'mnist';
  seed: number;
  warmup: number;
  runs: number;
  sampleRuns: number;
  /** Timed sampling calls stop once they have taken this long (at least one is timed). */
  sampleSeconds?: number;
}

/** bench-spec: 5 warm-up steps, then the median of 20 timed steps; sampling after one warm-up call. */
export async function runThroughput(task: BenchTask, backend: BackendReport, options: ThroughputOptions): Promise<ThroughputResult> {
  const handle = await task.setupThroughput({ dataset: options.dataset, seed: options.seed });
  try {
    const train = await timeMedian(() => handle.trainStep(), { warmup: options.warmup, runs: options.runs });
    const trainPeakRssMiB = peakRssMiB();
    const heap = wasmHeapMiB();
    const tensorMiB = tf.memory().numBytes / 2 ** 20;
    const sample =
      options.sampleRuns > 0
        ? await timeMedian(() => handle.sampleCall(), { warmup: 1, runs: options.sampleRuns, maxSeconds: options.sampleSeconds })
        : { medianMs: Number.NaN, meanMs: Number.NaN, runs: 0 };
    return {
      task: task.name,
      mode: 'throughput',
      backend: backend.name,
      threads: backend.threads,
      backendDetails: backend.details,
      dataset: options.dataset,
      parameters: handle.parameters,
      trainBatch: handle.trainBatch,
      trainMsPerStep: train.medianMs,
      trainMeanMsPerStep: train.meanMs,
      trainMaxMsPerStep: train.maxMs,
      trainSamplesPerSecond: (handle.trainBatch * 1000) / train.medianMs,
      trainPeakRssMiB,
      wasmHeapMiB: heap,
      tensorMiB,
      sampler: task.sampler,
      sampleBatch: handle.sampleBatch,
      sampleRuns: sample.runs,
      sampleMsPerCall: sample.medianMs,
      sampleImagesPerSecond: (handle.sampleBatch * 1000) / sample.medianMs,
      peakRssMiB: peakRssMiB(),
    };
  } finally {
    handle.dispose();
  }
}
