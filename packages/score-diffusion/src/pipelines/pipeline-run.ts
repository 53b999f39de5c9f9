/**
 * How a pipeline runs: each pipeline is written once as a generator that yields after every step
 * (a network evaluation and a scheduler update) and returns its result; `runPipeline` drives it
 * asynchronously, handing each step to one callback (a progress bar, a trajectory GIF) and giving
 * the event loop a turn between steps so that a browser stays responsive and Ctrl-C is heard, and
 * stops at the next step boundary once its AbortSignal fires. `runPipelineSync` drives the same
 * generator in one go for the synchronous model methods (GenerativeModel.sample and friends).
 * Stopping a generator early (abort, or a callback that throws) runs its `finally` blocks, which
 * dispose every tensor it holds. No Node.js imports: the pipelines run in browsers too.
 */
import { nextEventLoopTurn } from '@genmodels/core-nn';
import type { Tensor } from '@tensorflow/tfjs-core';

/** What a pipeline is doing at a step. */
export type PipelineStage = 'sample' | 'inpaint' | 'invert' | 'denoise';

export interface PipelineStep {
  readonly stage: PipelineStage;
  /** Steps done before this one, over the whole pipeline (0-based). */
  readonly index: number;
  /** Steps the whole pipeline takes. */
  readonly total: number;
  /** The level the step's network evaluation was conditioned on (fractional for Tweedie denoising). */
  readonly timestep: number;
  /**
   * The sample after this step, and the step's estimate of the clean sample x_0. Both are tensors on
   * the backend: nothing is read back to the host unless the callback asks (`await step.sample.data()`).
   * They belong to the pipeline and stay valid until the callback returns (or its promise settles);
   * clone them to keep them.
   */
  readonly sample: Tensor;
  readonly predOriginalSample: Tensor;
}

export type PipelineCallback = (step: PipelineStep) => void | Promise<void>;

export interface PipelineRunOptions {
  /** Called once per step, in order; a returned promise is awaited before the next step. */
  readonly onStep?: PipelineCallback;
  /** Stops the pipeline at the next step boundary; the call then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** A pipeline's steps: yields after every step, returns the result (which the caller then owns). */
export type PipelineSteps<T> = Generator<PipelineStep, T, void>;

/** Seed of the pipelines when the caller gives none, so sampling is reproducible. */
export const DEFAULT_PIPELINE_SEED = 20200;


/** Runs a pipeline to its result, one step per turn of the event loop. */
export async function runPipeline<T>(steps: PipelineSteps<T>, options: PipelineRunOptions = {}): Promise<T> {
  const { onStep, signal } = options;
  let finished = false;
  try {
    signal?.throwIfAborted();
    for (;;) {
      const next = steps.next();
      if (next.done) {
        finished = true;
        return next.value;
      }
      await onStep?.(next.value);
      await nextEventLoopTurn();
      signal?.throwIfAborted();
    }
  } finally {
    if (!finished) steps.return(undefined as T);
  }
}

/** Runs a pipeline to its result without yielding; the callback must be synchronous. */
export function runPipelineSync<T>(steps: PipelineSteps<T>, options: { readonly onStep?: (step: PipelineStep) => void; readonly signal?: AbortSignal } = {}): T {
  const { onStep, signal } = options;
  let finished = false;
  try {
    signal?.throwIfAborted();
    for (;;) {
      const next = steps.next();
      if (next.done) {
        finished = true;
        return next.value;
      }
      const returned: unknown = onStep?.(next.value);
      if (returned instanceof Promise) {
        throw new Error('onStep returned a promise in a synchronous call; use the asynchronous pipelines (samplePipeline, inpaintPipeline, ...) for asynchronous callbacks');
      }
      signal?.throwIfAborted();
    }
  } finally {
    if (!finished) steps.return(undefined as T);
  }
}

/** Re-yields the steps of `inner` as steps offset .. offset + n of a pipeline of `total` steps. */
export function* offsetSteps<T>(inner: PipelineSteps<T>, offset: number, total: number): PipelineSteps<T> {
  let next = inner.next();
  try {
    while (!next.done) {
      yield { ...next.value, index: offset + next.value.index, total };
      next = inner.next();
    }
    return next.value;
  } finally {
    if (!next.done) inner.return(undefined as T);
  }
}
