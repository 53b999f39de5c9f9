import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Tensor } from '@tensorflow/tfjs-core';
import { describe, expect, it as vitestIt } from 'vitest';
import { isLabeledBatch } from '../labels.js';
import {
  isBoundModel,
  isConditionalModel,
  isGenerativeModel,
  isInpaintingModel,
  isLatentModel,
  isLikelihoodModel,
  type GenerativeModel,
  type ModelConfig,
  type StepContext,
  type StepMetrics,
} from '../model-spec.js';
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
  /**
   * Rebuilds a model from a config read back from JSON, as `genmodels` does from a run's
   * config.json (e.g. `(config) => new VAE(config)`). Enables the check that the rebuilt model
   * has the same config and weight names and, with the weights loaded, the same samples.
   */
  createFromConfig?: (config: ModelConfig) => GenerativeModel<TBatch>;
  /** The data of a batch, for the capability checks (default: the batch when it is a tensor, its x when it is { x, labels }). */
  inputOf?: (batch: TBatch) => Tensor;
}

/** Lets a check skip itself (a capability the model does not have); vitest's context.skip when run by describeGenerativeModelConformance. */
export interface CheckContext {
  skip(reason: string): void;
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
 * seeded samples), optimizer state round trip (training resumes bit for bit), setWeights
 * refuses weights that do not fit, use after dispose fails, the model rebuilds from its JSON
 * config (with createFromConfig), config JSON round trip, dispose frees every tensor, and
 * tf.memory().numTensors stays flat across trainStep, evaluateStep and sample. Capability
 * checks run where the model has the capability (and skip otherwise): logProb / elbo one finite
 * value per example, decode / encode shapes, inpaint keeps known pixels, a conditional model's
 * labels change its likelihood or samples and bad labels are refused.
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
  const inputOf =
    options.inputOf ??
    ((batch: TBatch): Tensor => {
      if (batch instanceof tf.Tensor) return batch;
      if (isLabeledBatch(batch)) return batch.x;
      throw new Error('conformance: batches are neither tensors nor { x, labels }; pass inputOf to the suite');
    });
  /** The batch's labels as likelihood / decode options (conditional models), else {}. */
  const labelOptions = (model: GenerativeModel<TBatch>, batch: TBatch): { labels?: readonly number[] | tf.Tensor1D } =>
    isConditionalModel(model) && isLabeledBatch(batch) ? { labels: batch.labels } : {};

  const checks: ConformanceCheck[] = [];
  const it = (name: string, run: (ctx?: CheckContext) => Promise<void>): void => {
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

    it('setWeights refuses weights that do not fit (a name missing) and changes nothing', () =>
      withModel(13, (model) => {
        const before = snapshot(model);
        const weights = model.getWeights();
        const [dropped] = Object.keys(weights);
        weights[dropped].dispose();
        delete weights[dropped];
        try {
          expect(() => model.setWeights(weights), `setWeights without "${dropped}"`).toThrow();
        } finally {
          disposeMap(weights);
        }
        expect(snapshot(model)).toEqual(before);
      }));

    it('after dispose, sampling throws and dispose can be called again', () =>
      withBatch(17, () => {
        const model = options.createModel(14);
        model.dispose();
        expect(() => model.sample(numSamples, { seed: 1 })).toThrow();
        expect(() => model.dispose()).not.toThrow();
      }));

    if (options.createFromConfig) {
      const fromConfig = options.createFromConfig;
      it('rebuilds from its config read back from JSON: the same config and weights, the same seeded samples', () =>
        withModel(15, (model) =>
          withBatch(18, async (batch) => {
            train(model, batch, 0, 1);
            const stored = JSON.parse(JSON.stringify(model.config)) as ModelConfig;
            const rebuilt = fromConfig(stored);
            try {
              expect(rebuilt.config).toEqual(model.config);
              expect(rebuilt.modelType).toBe(model.modelType);
              const weights = model.getWeights();
              try {
                rebuilt.setWeights(weights);
              } finally {
                disposeMap(weights);
              }
              const a = model.sample(numSamples, { seed: 8 });
              const b = rebuilt.sample(numSamples, { seed: 8 });
              expect(bitsOf(b)).toEqual(bitsOf(a));
              tf.dispose([a, b]);
            } finally {
              rebuilt.dispose();
            }
          }),
        ));
    }

    it('logProb / elbo (LikelihoodModel, BoundModel) give one finite value per example, the same for the same seed', (ctx) =>
      withModel(16, (model) =>
        withBatch(19, (batch) => {
          if (!isLikelihoodModel(model) && !isBoundModel(model)) return ctx?.skip('neither a LikelihoodModel nor a BoundModel');
          const x = inputOf(batch);
          const opts = { ...labelOptions(model, batch), seed: 3 };
          const values = (): tf.Tensor1D => {
            if (isLikelihoodModel(model)) return model.logProb(x, opts);
            if (isBoundModel(model)) return model.elbo(x, opts);
            throw new Error('unreachable: checked above');
          };
          const [a, b] = [values(), values()];
          try {
            expect(a.shape).toEqual([x.shape[0]]);
            expect(Array.from(a.dataSync()).every(Number.isFinite), 'finite values').toBe(true);
            expect(bitsOf(b)).toEqual(bitsOf(a));
          } finally {
            tf.dispose([a, b]);
          }
        }),
      ));

    it('decode / encode (LatentModel) map latents of latentShape to examples of inputShape and back', (ctx) =>
      withModel(17, (model) =>
        withBatch(20, (batch) => {
          if (!isLatentModel(model)) return ctx?.skip('not a LatentModel');
          const x = inputOf(batch);
          const n = x.shape[0];
          const labels = labelOptions(model, batch);
          const z = tf.randomNormal([n, ...model.latentShape], 0, 1, 'float32', 4);
          const decode = model.decode as (z: Tensor, options?: object) => Tensor;
          const encode = model.encode as ((x: Tensor, options?: object) => Tensor) | undefined;
          const decoded = decode.call(model, z, labels);
          const encoded = encode?.call(model, x, labels);
          try {
            expect(decoded.shape).toEqual([n, ...model.config.inputShape]);
            expect(Array.from(decoded.dataSync()).every(Number.isFinite), 'finite decoded values').toBe(true);
            if (encoded) expect(encoded.shape).toEqual([n, ...model.latentShape]);
          } finally {
            tf.dispose([z, decoded, ...(encoded ? [encoded] : [])]);
          }
        }),
      ));

    it('inpaint (InpaintingModel) keeps every known pixel (mask 1) and fills the others', (ctx) =>
      withModel(18, (model) =>
        withBatch(21, (batch) => {
          if (!isInpaintingModel(model)) return ctx?.skip('not an InpaintingModel');
          const x = inputOf(batch);
          const size = x.size / x.shape[0];
          // the first half of every example's values is known
          const mask = tf.tidy(() => tf.reshape(tf.tile(tf.concat([tf.ones([Math.ceil(size / 2)]), tf.zeros([Math.floor(size / 2)])]), [x.shape[0]]), x.shape));
          const filled = model.inpaint(x, mask, { seed: 6, ...labelOptions(model, batch) });
          try {
            expect(filled.shape).toEqual(x.shape);
            const [m, a, b] = [mask.dataSync(), filled.dataSync(), x.dataSync()];
            const moved = Array.from(m).reduce((worst, known, i) => (known ? Math.max(worst, Math.abs(a[i] - b[i])) : worst), 0);
            expect(moved, 'largest change of a known pixel').toBeLessThanOrEqual(1e-5);
            expect(Array.from(a).every(Number.isFinite), 'finite values').toBe(true);
          } finally {
            tf.dispose([mask, filled]);
          }
        }),
      ));

    it('a conditional model (numClasses > 0) depends on its labels and refuses labels that do not fit', (ctx) =>
      withModel(19, (model) =>
        withBatch(22, (batch) => {
          if (!isConditionalModel(model)) return ctx?.skip('not conditional (numClasses 0)');
          const k = model.numClasses;
          // A LikelihoodModel shows it by log p(x | y) (discrete samples of an untrained model may
          // not differ by class); others by their samples with one seed.
          const x = isLikelihoodModel(model) ? inputOf(batch) : null;
          const n = x ? x.shape[0] : numSamples;
          const byClass = (label: number): Tensor => {
            const labels = new Array<number>(n).fill(label);
            return x && isLikelihoodModel(model) ? model.logProb(x, { labels, seed: 2 }) : model.sample(n, { seed: 2, labels });
          };
          const [first, last] = [byClass(0), byClass(k - 1)];
          try {
            expect(bitsOf(last), `${x ? 'logProb' : 'samples'} of class 0 and class numClasses - 1 with one seed`).not.toEqual(bitsOf(first));
          } finally {
            tf.dispose([first, last]);
          }
          expect(() => model.sample(numSamples, { seed: 2, labels: new Array<number>(numSamples + 1).fill(0) }), 'one label too many').toThrow();
          expect(() => model.sample(numSamples, { seed: 2, labels: new Array<number>(numSamples).fill(k) }), 'label numClasses').toThrow();
        }),
      ));

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
  /** Runs the check; with a context, a check that does not apply to the model skips itself. */
  run: (ctx?: CheckContext) => Promise<void>;
}

/**
 * The conformance suite every GenerativeModel runs (design notes, "Testing"); registers one
 * vitest test per check from generativeModelConformanceChecks inside a describe block.
 */
export function describeGenerativeModelConformance<TBatch>(name: string, options: ConformanceOptions<TBatch>): void {
  describe(`${name}: GenerativeModel v1 conformance`, () => {
    for (const check of generativeModelConformanceChecks(options)) {
      vitestIt(check.name, (context) => check.run({ skip: (reason) => context.skip(reason) }));
    }
  });
}
