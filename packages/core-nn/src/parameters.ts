import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Tensor, Variable } from '@tensorflow/tfjs-core';
import './register-gradients.js';
import { deriveSeed, hashString } from './rng.js';

/**
 * How a parameter is initialised.
 * - glorotUniform: U(-l, l), l = sqrt(6 / (fanIn + fanOut)) (Glorot & Bengio 2010).
 * - heNormal: truncated normal with std sqrt(2 / fanIn) / 0.8796 (He et al. 2015; the Keras
 *   correction for truncation at two standard deviations).
 * - heUniform: U(-l, l), l = sqrt(6 / fanIn).
 * - { normal: std }: N(0, std^2); { constant: c }: every entry c.
 * Fans follow Keras: a [in, out] kernel has fanIn = in, fanOut = out; a conv kernel
 * [kh, kw, in, out] has fanIn = kh*kw*in, fanOut = kh*kw*out.
 */
export type Initializer =
  | 'glorotUniform'
  | 'heNormal'
  | 'heUniform'
  | 'zeros'
  | 'ones'
  | { normal: number }
  | { constant: number };

/** Logical names ("encoder/dense1/kernel") of variables created by Parameters. */
const logicalNames = new WeakMap<Variable, string>();
let engineNameCounter = 0;

/**
 * The stable logical name of a variable: the name it was created with through Parameters, or
 * its TF.js engine name otherwise. Engine names must be unique per process, so Parameters
 * registers variables under a decorated engine name and keeps the logical one here.
 */
export function logicalNameOf(variable: Variable): string {
  return logicalNames.get(variable) ?? variable.name;
}

function fans(shape: number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  if (shape.length === 2) return { fanIn: shape[0], fanOut: shape[1] };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: receptive * shape[shape.length - 2], fanOut: receptive * shape[shape.length - 1] };
}

function describeInit(init: Initializer): string {
  return typeof init === 'string' ? init : JSON.stringify(init);
}

/** The initial value of a parameter (a pure function of shape, init and seed). */
export function initialValue(shape: number[], init: Initializer, seed: number): Tensor {
  const { fanIn, fanOut } = fans(shape);
  if (init === 'zeros') return tf.zeros(shape);
  if (init === 'ones') return tf.ones(shape);
  if (init === 'glorotUniform') {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return tf.randomUniform(shape, -limit, limit, 'float32', seed);
  }
  if (init === 'heUniform') {
    const limit = Math.sqrt(6 / fanIn);
    return tf.randomUniform(shape, -limit, limit, 'float32', seed);
  }
  if (init === 'heNormal') {
    return tf.truncatedNormal(shape, 0, Math.sqrt(2 / fanIn) / 0.87962566103423978, 'float32', seed);
  }
  if (typeof init === 'object' && init !== null && 'normal' in init && typeof init.normal === 'number') {
    return tf.randomNormal(shape, 0, init.normal, 'float32', seed);
  }
  if (typeof init === 'object' && init !== null && 'constant' in init && typeof init.constant === 'number') {
    return tf.fill(shape, init.constant);
  }
  throw new Error(
    `unknown initializer ${describeInit(init)}; use 'glorotUniform', 'heNormal', 'heUniform', 'zeros', 'ones', { normal: std } or { constant: c }`,
  );
}

interface Storage {
  readonly seed: number;
  readonly variables: Map<string, Variable>;
}

/**
 * A named collection of TF.js variables with seeded, order-independent initialisation: the
 * initial value of "encoder/dense1/kernel" depends only on the collection's seed and that name,
 * so adding a layer never changes the initial weights of the others.
 */
export class Parameters {
  private readonly storage: Storage;
  private readonly prefix: string;

  constructor(options: { seed: number; prefix?: string }) {
    if (!Number.isInteger(options.seed)) throw new Error(`Parameters: seed must be an integer, got ${options.seed}`);
    this.storage = { seed: options.seed, variables: new Map() };
    this.prefix = options.prefix ?? '';
  }

  private static view(storage: Storage, prefix: string): Parameters {
    const view = Object.create(Parameters.prototype) as Parameters;
    (view as unknown as { storage: Storage }).storage = storage;
    (view as unknown as { prefix: string }).prefix = prefix;
    return view;
  }

  private fullName(name: string): string {
    if (name.length === 0) throw new Error('Parameters: a parameter name must not be empty');
    return this.prefix ? `${this.prefix}/${name}` : name;
  }

  /** Creates a variable named `<prefix>/<name>`; a duplicate name is an error. */
  create(name: string, shape: number[], init: Initializer, options: { trainable?: boolean } = {}): Variable {
    const full = this.fullName(name);
    if (this.storage.variables.has(full)) {
      throw new Error(`Parameters: a parameter named "${full}" already exists; give each layer a unique name`);
    }
    if (!shape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new Error(`Parameters: shape of "${full}" must be positive integers, got [${shape.join(', ')}]`);
    }
    const seed = deriveSeed(this.storage.seed, hashString(full));
    const registered = tf.engine().registeredVariables;
    let engineName: string;
    do {
      engineName = `gm${++engineNameCounter}/${full}`;
    } while (registered[engineName] !== undefined);
    const trainable = options.trainable ?? true;
    const variable = tf.tidy(() => tf.variable(initialValue(shape, init, seed), trainable, engineName));
    logicalNames.set(variable, full);
    this.storage.variables.set(full, variable);
    return variable;
  }

  /** A view that prefixes names ('encoder' then 'dense1/kernel' -> 'encoder/dense1/kernel'), sharing storage. */
  scope(prefix: string): Parameters {
    if (prefix.length === 0) throw new Error('Parameters.scope: prefix must not be empty');
    return Parameters.view(this.storage, this.fullName(prefix));
  }

  private entries(): [string, Variable][] {
    const all = [...this.storage.variables.entries()];
    if (!this.prefix) return all;
    return all.filter(([name]) => name.startsWith(`${this.prefix}/`));
  }

  /** The variable named `name` relative to this view. */
  get(name: string): Variable {
    const variable = this.storage.variables.get(this.fullName(name));
    if (!variable) throw new Error(`Parameters: no parameter named "${this.fullName(name)}"`);
    return variable;
  }

  /** Full names of every parameter in this view, in creation order. */
  get names(): string[] {
    return this.entries().map(([name]) => name);
  }

  /** Trainable variables in creation order (the order minimize and the optimizer state use). */
  get trainableVariables(): Variable[] {
    return this.entries()
      .filter(([, v]) => v.trainable)
      .map(([, v]) => v);
  }

  /** Every variable (trainable or not) in creation order. */
  get variables(): Variable[] {
    return this.entries().map(([, v]) => v);
  }

  /** Copies of every weight by full name; the caller owns (and disposes) them. */
  getWeights(): NamedTensorMap {
    const out: NamedTensorMap = {};
    for (const [name, v] of this.entries()) out[name] = tf.clone(v);
    return out;
  }

  /**
   * Assigns every weight of this view from `weights` (values are copied; the caller keeps
   * ownership). Missing names, unexpected names and shape or dtype mismatches are reported
   * together in one error, and nothing is assigned when any is found.
   */
  setWeights(weights: NamedTensorMap): void {
    const entries = this.entries();
    const problems: string[] = [];
    const expected = new Set(entries.map(([name]) => name));
    const missing = entries.filter(([name]) => !(name in weights)).map(([name]) => name);
    const unexpected = Object.keys(weights).filter((name) => !expected.has(name));
    if (missing.length) problems.push(`missing: ${missing.join(', ')}`);
    if (unexpected.length) problems.push(`unexpected: ${unexpected.join(', ')}`);
    for (const [name, v] of entries) {
      const w = weights[name];
      if (!w) continue;
      if (w.shape.length !== v.shape.length || w.shape.some((d, i) => d !== v.shape[i])) {
        problems.push(`shape mismatch for ${name}: expected [${v.shape.join(', ')}], got [${w.shape.join(', ')}]`);
      } else if (w.dtype !== v.dtype) {
        problems.push(`dtype mismatch for ${name}: expected ${v.dtype}, got ${w.dtype}`);
      }
    }
    if (problems.length) {
      throw new Error(`setWeights: the weights do not fit this model (${problems.join('; ')})`);
    }
    // assign() shares the (immutable) data buffer and takes its own reference to it.
    for (const [name, v] of entries) v.assign(weights[name]);
  }

  /** Disposes every variable of this view. */
  dispose(): void {
    for (const [name, v] of this.entries()) {
      v.dispose();
      this.storage.variables.delete(name);
    }
  }
}
