import type { NamedTensorMap, Optimizer, Variable } from '@tensorflow/tfjs-core';
import { disposeOptimizer } from './create-optimizer.js';
import { getOptimizerState, setOptimizerState } from './optimizer-state.js';
import type { Parameters } from './parameters.js';

/** One optimizer of a model: its slots are saved under `<prefix>/...` for `variables` (in that order). */
export interface OptimizerSlot {
  readonly prefix: string;
  readonly optimizer: Optimizer;
  /** The variables the optimizer updates, in the fixed order its positional slots follow. */
  variables(): Variable[];
}

/**
 * The state of a model besides its math: one Parameters collection (every weight, by a stable
 * name), its optimizers (each saved under its own prefix) and anything else it must free. It
 * answers the state half of the GenerativeModel spec: getWeights / setWeights /
 * getOptimizerState / setOptimizerState / dispose, and refuses use after dispose.
 */
export class ModelState {
  private readonly slots: OptimizerSlot[] = [];
  private readonly disposables: { dispose(): void }[] = [];
  private isDisposed = false;

  constructor(readonly params: Parameters) {}

  /**
   * Registers an optimizer that updates `variables` (a list, or a function giving the list: the
   * same list, in the same order, on every call) with its state under `<prefix>/...`.
   */
  addOptimizer(prefix: string, optimizer: Optimizer, variables: Variable[] | (() => Variable[])): OptimizerSlot {
    if (this.slots.some((s) => s.prefix === prefix || s.prefix.startsWith(`${prefix}/`) || prefix.startsWith(`${s.prefix}/`))) {
      throw new Error(`ModelState: optimizer prefix "${prefix}" overlaps another; give each optimizer its own`);
    }
    const list = typeof variables === 'function' ? variables : () => variables;
    const slot: OptimizerSlot = { prefix, optimizer, variables: () => list().filter((v) => v.trainable) };
    this.slots.push(slot);
    return slot;
  }

  /** Something else the model frees on dispose (masks, cached tensors). */
  addDisposable(disposable: { dispose(): void }): void {
    this.disposables.push(disposable);
  }

  get disposed(): boolean {
    return this.isDisposed;
  }

  /** Throws `<what>: the model was disposed; ...` after dispose(). */
  assertAlive(what: string): void {
    if (this.isDisposed) throw new Error(`${what}: the model was disposed; create a new one or load a checkpoint`);
  }

  /** Copies of every weight by name; the caller owns them. */
  getWeights(): NamedTensorMap {
    this.assertAlive('getWeights');
    return this.params.getWeights();
  }

  /** Assigns every weight (values copied); missing, unexpected and mis-shaped names are one error, and nothing is assigned then. */
  setWeights(weights: NamedTensorMap): void {
    this.assertAlive('setWeights');
    this.params.setWeights(weights);
  }

  /** Every slot of every optimizer, under its prefix (copies the caller owns). */
  getOptimizerState(): NamedTensorMap {
    this.assertAlive('getOptimizerState');
    return Object.assign({}, ...this.slots.map((s) => getOptimizerState(s.optimizer, s.prefix))) as NamedTensorMap;
  }

  /** Restores every optimizer bit for bit; a key under no optimizer's prefix is an error. */
  setOptimizerState(state: NamedTensorMap): void {
    this.assertAlive('setOptimizerState');
    const foreign = Object.keys(state).filter((k) => !this.slots.some((s) => k.startsWith(`${s.prefix}/`)));
    if (foreign.length) {
      const prefixes = this.slots.map((s) => `'${s.prefix}/'`).join(', ');
      throw new Error(`setOptimizerState: unexpected keys ${foreign.join(', ')}; this model's optimizer state has keys under ${prefixes}`);
    }
    for (const s of this.slots) setOptimizerState(s.optimizer, s.prefix, state, s.variables());
  }

  /** Frees every optimizer slot, every weight and every registered disposable; later calls do nothing. */
  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    for (const s of this.slots) disposeOptimizer(s.optimizer);
    this.params.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
