import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Optimizer, Tensor, Variable } from '@tensorflow/tfjs-core';
import { logicalNameOf } from './parameters.js';

interface OptimizerVariable {
  originalName: string;
  variable: Variable;
}

/** Per-variable slot arrays and scalar variables of each TF.js 4.22 optimizer (private fields). */
interface SlotLayout {
  /** [private field name, tfjs originalName suffix, our key suffix] */
  arrays: [field: string, tfjsSuffix: string, key: string][];
  /** Private scalar variables, saved under their field name. */
  scalars: string[];
}

const LAYOUTS: Record<string, SlotLayout> = {
  Adam: {
    arrays: [
      ['accumulatedFirstMoment', 'm', 'm'],
      ['accumulatedSecondMoment', 'v', 'v'],
    ],
    scalars: ['accBeta1', 'accBeta2'],
  },
  Adamax: {
    arrays: [
      ['accumulatedFirstMoment', 'm', 'm'],
      ['accumulatedWeightedInfNorm', 'v', 'u'],
    ],
    scalars: ['iteration', 'accBeta1'],
  },
  SGD: { arrays: [], scalars: [] },
  Momentum: { arrays: [['accumulations', 'momentum', 'momentum']], scalars: [] },
  RMSProp: {
    arrays: [
      ['accumulatedMeanSquares', 'rms', 'rms'],
      ['accumulatedMoments', 'momentum', 'momentum'],
      ['accumulatedMeanGrads', 'mg', 'mg'],
    ],
    scalars: [],
  },
  Adagrad: { arrays: [['accumulatedGrads', 'accumulator', 'accumulator']], scalars: [] },
  Adadelta: {
    arrays: [
      ['accumulatedGrads', 'accum_grad', 'accum_grad'],
      ['accumulatedUpdates', 'accum_var', 'accum_var'],
    ],
    scalars: [],
  },
};

type Internals = Record<string, unknown> & { iterations_?: number };

function layoutOf(optimizer: Optimizer): SlotLayout {
  const className = optimizer.getClassName();
  const layout = LAYOUTS[className];
  if (!layout) {
    throw new Error(`optimizer state: unsupported optimizer class "${className}"; supported: ${Object.keys(LAYOUTS).join(', ')}`);
  }
  return layout;
}

function slotArray(internals: Internals, field: string): (OptimizerVariable | undefined)[] {
  const value = internals[field];
  if (!Array.isArray(value)) {
    throw new Error(`optimizer state: field "${field}" not found; this code targets @tensorflow/tfjs-core 4.22 (found ${tf.version_core})`);
  }
  return value as (OptimizerVariable | undefined)[];
}

/**
 * Every slot of `optimizer` as copies the caller owns, keyed under `prefix`:
 * `<prefix>/iterations` (int32), private scalars such as Adam's accumulated beta powers
 * `<prefix>/accBeta1`, `<prefix>/accBeta2` (read directly: tfjs's own setWeights recomputes them
 * with pow(), which is not bit-identical), and per-variable slots `<prefix>/<variable>/<slot>`
 * (Adam: m, v) keyed by the variable's logical name (see Parameters).
 */
export function getOptimizerState(optimizer: Optimizer, prefix: string): NamedTensorMap {
  const layout = layoutOf(optimizer);
  const internals = optimizer as unknown as Internals;
  const out: NamedTensorMap = {};
  out[`${prefix}/iterations`] = tf.scalar(optimizer.iterations, 'int32');
  for (const field of layout.scalars) {
    const v = internals[field] as Variable | undefined;
    if (!v) throw new Error(`optimizer state: scalar "${field}" not found on ${optimizer.getClassName()} (tfjs-core ${tf.version_core})`);
    out[`${prefix}/${field}`] = tf.clone(v);
  }
  for (const [field, tfjsSuffix, key] of layout.arrays) {
    for (const slot of slotArray(internals, field)) {
      if (!slot) continue;
      const engineName = slot.originalName.slice(0, -(tfjsSuffix.length + 1));
      const variable = tf.engine().registeredVariables[engineName];
      const name = variable ? logicalNameOf(variable) : engineName;
      const slotKey = `${prefix}/${name}/${key}`;
      if (slotKey in out) throw new Error(`optimizer state: two slots map to "${slotKey}"; variable names must be unique`);
      out[slotKey] = tf.clone(slot.variable);
    }
  }
  return out;
}

/**
 * Restores every slot saved by getOptimizerState into `optimizer`, bit for bit. `variables` must
 * be the list (same order) the model passes to minimize as varList: TF.js optimizers key their
 * slots by position in that list. Values are copied; `state` stays owned by the caller.
 */
export function setOptimizerState(optimizer: Optimizer, prefix: string, state: NamedTensorMap, variables: Variable[]): void {
  const layout = layoutOf(optimizer);
  const internals = optimizer as unknown as Internals;
  const trainable = variables.filter((v) => v.trainable);
  const problems: string[] = [];
  const used = new Set<string>();
  const take = (key: string): Tensor | undefined => {
    used.add(key);
    return state[key];
  };

  const iterations = take(`${prefix}/iterations`);
  if (!iterations) problems.push(`missing ${prefix}/iterations`);
  for (const field of layout.scalars) {
    if (!take(`${prefix}/${field}`)) problems.push(`missing ${prefix}/${field}`);
  }
  // Slots exist for all variables or none (before the first step there are none).
  const slotTensors: Record<string, Tensor>[] = layout.arrays.map(() => ({}));
  for (const [a, [, , key]] of layout.arrays.entries()) {
    const present = trainable.filter((v) => state[`${prefix}/${logicalNameOf(v)}/${key}`] !== undefined);
    if (present.length === 0) continue;
    for (const v of trainable) {
      const k = `${prefix}/${logicalNameOf(v)}/${key}`;
      const t = take(k);
      if (!t) problems.push(`missing ${k}`);
      else if (t.shape.length !== v.shape.length || t.shape.some((d, i) => d !== v.shape[i])) {
        problems.push(`shape mismatch for ${k}: expected [${v.shape.join(', ')}], got [${t.shape.join(', ')}]`);
      } else slotTensors[a][v.name] = t;
    }
  }
  const unexpected = Object.keys(state).filter((k) => k.startsWith(`${prefix}/`) && !used.has(k));
  if (unexpected.length) problems.push(`unexpected: ${unexpected.join(', ')}`);
  if (problems.length) {
    throw new Error(`setOptimizerState (${optimizer.getClassName()}, prefix "${prefix}"): the state does not fit (${problems.join('; ')})`);
  }

  internals.iterations_ = Number(iterations!.dataSync()[0]);
  for (const field of layout.scalars) {
    (internals[field] as Variable).assign(state[`${prefix}/${field}`]);
  }
  for (const [a, [field, tfjsSuffix]] of layout.arrays.entries()) {
    const old = slotArray(internals, field);
    tf.dispose(old.filter((s): s is OptimizerVariable => s != null).map((s) => s.variable));
    const tensors = slotTensors[a];
    if (Object.keys(tensors).length === 0) {
      internals[field] = [];
      continue;
    }
    internals[field] = trainable.map((v) => ({
      originalName: `${v.name}/${tfjsSuffix}`,
      variable: tf.variable(tensors[v.name], false),
    }));
  }
}
