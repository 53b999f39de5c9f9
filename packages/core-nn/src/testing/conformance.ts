import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Tensor } from '@tensorflow/tfjs-core';
import { describe, expect, it as vitestIt } from 'vitest';
import { isGenerativeModel, type GenerativeModel, type StepContext, type StepMetrics } from '../model-spec.js';
import { stepSeed } from '../rng.js';

export interface ConformanceOptions<TBatch> {
  /** A fresh model; different seeds must give different initial weights. */
  createModel: (seed: number) => GenerativeModel<TBatch>;
  /** A tiny batch (a few examples); the same seed must give the same batch. */
  makeBatch: (seed: number) => TBatch;
  /** Frees a batch (default: tf.dispose on the batch, which handles tensors, arrays and objects of tensors). */
  disposeBatch?: (batch: TBatch) => void;
  /** Training steps on one fixed batch after which the loss must have fallen (default 30). */
  stepsToLearn?: number;
  /** How much the evaluation loss must fall over those steps (default 0: any decrease). */
  lossFallsBy?: number;
  /** Samples drawn in the sample tests (default 3). */
  numSamples?: number;
  /** Steps before the state is saved, and after it is restored, in the resume test (default 3 and 3). */
  resumeSteps?: [number, number];
}

const SEED = 1234;

function context(step: number): StepContext {
  return { step, epoch: 0, seed: stepSeed(SEED, step) };
}

function bitsOf(t: Tensor): number[] {
  const values = t.dataSync();
  if (values instanceof Float32Array) return Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));
  return Array.from(values as ArrayLike<number>);
}

function mapBits(map: NamedTensorMap): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [k, t] of Object.entries(map)) out[k] = bitsOf(t);
  return out;
}

function disposeMap(map: NamedTensorMap | StepMetrics): void {
  tf.dispose(Object.values(map));
}

function scalarValues(metrics: StepMetrics): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, t] of Object.entries(metrics)) {
    expect(t.size, `metric "${k}" must be a scalar, got shape [${t.shape.join(', ')}]`).toBe(1);
    out[k] = t.dataSync()[0];
  }
  return out;
}

function snapshot<TBatch>(model: GenerativeModel<TBatch>): { weights: Record<string, number[]>; optimizer: Record<string, number[]> } {
  const weights = model.getWeights();
  const optimizer = model.getOptimizerState();
  const out = { weights: mapBits(weights), optimizer: mapBits(optimizer) };
  disposeMap(weights);
  disposeMap(optimizer);
  return out;
}

/**
 * The checks every GenerativeModel must pass (design notes, "Testing"): spec shape,
 * sample shapes and dtypes, finite metrics with 'loss', loss falls on a fixed tiny batch,
 * evaluateStep leaves weights and optimizer state unchanged, weights round trip (identical
 * seeded samples), optimizer state round trip (training resumes bit for bit), config JSON round
 * trip, dispose frees every tensor, and tf.memory().numTensors stays flat across trainStep,
 * evaluateStep and sample.
 */
export function generativeModelConformanceChecks<TBatch>(options: ConformanceOptions<TBatch>): ConformanceCheck[] {
  const numSamples = options.numSamples ?? 3;
  const stepsToLearn = options.stepsToLearn ?? 30;
  const lossFallsBy = options.lossFallsBy ?? 0;
  const [beforeSave, afterRestore] = options.resumeSteps ?? [3, 3];
  const disposeBatch = options.disposeBatch ?? ((batch: TBatch) => tf.dispose(batch as unknown as tf.TensorContainer));

  const withModel = async (seed: number, fn: (model: GenerativeModel<TBatch>) => void | Promise<void>): Promise<void> => {
    const model = options.createModel(seed);
    try {
      await fn(model);
    } finally {
      model.dispose();
    }
  };
  const withBatch = async (seed: number, fn: (batch: TBatch) => void | Promise<void>): Promise<void> => {
    const batch = options.makeBatch(seed);
    try {
      await fn(batch);
    } finally {
      disposeBatch(batch);
    }
  };
  const train = (model: GenerativeModel<TBatch>, batch: TBatch, from: number, steps: number): void => {
    for (let s = from; s < from + steps; s++) disposeMap(model.trainStep(batch, context(s)));
  };

  const checks: ConformanceCheck[] = [];
  const it = (name: string, run: () => Promise<void>): void => {
    checks.push({ name, run });
  };

    it('satisfies the v1 spec shape, with a modelType matching its config', () =>
      withModel(1, (model) => {
        expect(isGenerativeModel(model)).toBe(true);
        expect(model.specificationVersion).toBe('v1');
        expect(typeof model.modelType).toBe('string');
        expect(model.config.modelType).toBe(model.modelType);
        expect(Array.isArray(model.config.inputShape)).toBe(true);
      }));

    it('samples [n, ...inputShape] float32 finite values; the same seed gives the same samples', () =>
      withModel(2, (model) => {
        const a = model.sample(numSamples, { seed: 77 });
        const b = model.sample(numSamples, { seed: 77 });
        try {
          expect(a.shape).toEqual([numSamples, ...model.config.inputShape]);
          expect(a.dtype).toBe('float32');
          expect(Array.from(a.dataSync()).every(Number.isFinite)).toBe(true);
          expect(bitsOf(b)).toEqual(bitsOf(a));
        } finally {
          tf.dispose([a, b]);
        }
      }));

    it("trainStep and evaluateStep report finite scalar metrics, including 'loss'", () =>
      withModel(3, (model) =>
        withBatch(10, (batch) => {
          for (const metrics of [model.trainStep(batch, context(0)), model.evaluateStep(batch, context(0))]) {
            try {
              expect(Object.keys(metrics)).toContain('loss');
              const values = scalarValues(metrics);
              for (const [k, v] of Object.entries(values)) expect(Number.isFinite(v), `metric "${k}" = ${v}`).toBe(true);
            } finally {
              disposeMap(metrics);
            }
          }
        }),
      ));

    it(`loss falls on a fixed tiny batch within ${stepsToLearn} steps`, () =>
      withModel(4, (model) =>
        withBatch(11, (batch) => {
          const evaluate = (): number => {
            const metrics = model.evaluateStep(batch, context(0));
            const loss = metrics.loss.dataSync()[0];
            disposeMap(metrics);
            return loss;
          };
          const before = evaluate();
          train(model, batch, 0, stepsToLearn);
          const after = evaluate();
          expect(after, `evaluation loss went from ${before} to ${after}`).toBeLessThan(before - lossFallsBy);
        }),
      ));

    it('evaluateStep leaves weights and optimizer state unchanged', () =>
      withModel(5, (model) =>
        withBatch(12, (batch) => {
          train(model, batch, 0, 1);
          const before = snapshot(model);
          disposeMap(model.evaluateStep(batch, context(1)));
          expect(snapshot(model)).toEqual(before);
        }),
      ));

    it('getWeights/setWeights round trip gives identical weights and identical seeded samples', () =>
      withModel(6, (source) =>
        withModel(7, (target) =>
          withBatch(13, (batch) => {
            train(source, batch, 0, 2);
            const weights = source.getWeights();
            const before = mapBits(weights);
            target.setWeights(weights);
            // the model copied the values: disposing ours must not affect it
            disposeMap(weights);
            const after = target.getWeights();
            expect(mapBits(after)).toEqual(before);
            disposeMap(after);
            const a = source.sample(numSamples, { seed: 5 });
            const b = target.sample(numSamples, { seed: 5 });
            expect(bitsOf(b)).toEqual(bitsOf(a));
            tf.dispose([a, b]);
          }),
        ),
      ));

    it('getOptimizerState/setOptimizerState round trip resumes training bit for bit', () =>
      withBatch(14, async (batch) => {
        let expected: ReturnType<typeof snapshot> | undefined;
        await withModel(8, (reference) => {
          train(reference, batch, 0, beforeSave + afterRestore);
          expected = snapshot(reference);
        });
        let weights: NamedTensorMap = {};
        let optimizer: NamedTensorMap = {};
        await withModel(8, (first) => {
          train(first, batch, 0, beforeSave);
          weights = first.getWeights();
          optimizer = first.getOptimizerState();
        });
        await withModel(9, (resumed) => {
          try {
            resumed.setWeights(weights);
            resumed.setOptimizerState(optimizer);
          } finally {
            disposeMap(weights);
            disposeMap(optimizer);
          }
          train(resumed, batch, beforeSave, afterRestore);
          const actual = snapshot(resumed);
          expect(Object.keys(actual.optimizer).sort()).toEqual(Object.keys(expected!.optimizer).sort());
          expect(actual.weights).toEqual(expected!.weights);
          expect(actual.optimizer).toEqual(expected!.optimizer);
        });
      }));

    it('config survives a JSON round trip', () =>
      withModel(10, (model) => {
        expect(JSON.parse(JSON.stringify(model.config))).toEqual(model.config);
      }));

    it('dispose frees every tensor (numTensors back to the count before creation)', () =>
      withBatch(15, (batch) => {
        const before = tf.memory().numTensors;
        const model = options.createModel(11);
        disposeMap(model.trainStep(batch, context(0)));
        const samples = model.sample(numSamples, { seed: 3 });
        samples.dispose();
        model.dispose();
        expect(tf.memory().numTensors - before, 'tensors left after dispose()').toBe(0);
      }));

    it('tf.memory().numTensors stays flat across trainStep, evaluateStep and sample', () =>
      withModel(12, (model) =>
        withBatch(16, (batch) => {
          // warm-up: the first step creates optimizer slots
          disposeMap(model.trainStep(batch, context(0)));
          const check = (what: string, fn: () => void) => {
            const before = tf.memory().numTensors;
            fn();
            expect(tf.memory().numTensors - before, `${what} changed numTensors`).toBe(0);
          };
          check('trainStep', () => disposeMap(model.trainStep(batch, context(1))));
          check('evaluateStep', () => disposeMap(model.evaluateStep(batch, context(2))));
          check('sample', () => model.sample(numSamples, { seed: 9 }).dispose());
        }),
      ));
  return checks;
}

/** One named check of the conformance suite. */
export interface ConformanceCheck {
  name: string;
  run: () => Promise<void>;
}

/**
 * The conformance suite every GenerativeModel runs (design notes, "Testing"); registers one
 * vitest test per check from generativeModelConformanceChecks inside a describe block.
 */
export function describeGenerativeModelConformance<TBatch>(name: string, options: ConformanceOptions<TBatch>): void {
  describe(`${name}: GenerativeModel v1 conformance`, () => {
    for (const check of generativeModelConformanceChecks(options)) vitestIt(check.name, check.run);
  });
}
