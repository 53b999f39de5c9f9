/**
 * The fused Adam update contract: a backend may register `GenmodelsAdamUpdate` (the native wasm
 * path of @genmodels/backend does) to run one Adam step (Kingma & Ba 2015) of one variable in a
 * single pass over memory, where TF.js's AdamOptimizer takes about 14 kernels per variable.
 * FusedAdamOptimizer is tfjs-core's AdamOptimizer (same class name, configuration, slot
 * variables named `<variable>/m` and `<variable>/v`, accBeta1/accBeta2 scalars and iteration
 * count), so checkpoints written by either load into either; it runs the kernel where the active
 * backend has it and the stock update otherwise.
 *
 * GenmodelsAdamUpdate: inputs { x (the variable), m, v, gradient } (float32, one shape) and the
 * float32 scalars { oneMinusAccBeta1, oneMinusAccBeta2 } (1 - beta^t, as the stock optimizer
 * computes them), attrs FusedAdamAttrs, outputs [x', m', v', sum of gradient^2] (the last a
 * float32 scalar: what sumOfSquares(gradient) gives, so that minimize() need not read the
 * gradients again for the norm it reports). x', m', v' may share the data of x, m, v: a backend
 * may write the step in place when nothing else holds those buffers. Bit for bit what the stock
 * optimizer computes, every operation rounded to float32 in this order, with the constants
 * rounded to float32 as tfjs-core makes them scalars:
 *   m' = m * beta1 + g * (1 - beta1)
 *   v' = v * beta2 + (g * g) * (1 - beta2)
 *   x' = ((m' / oneMinusAccBeta1) / (sqrt(v' / oneMinusAccBeta2) + epsilon)) * (-learningRate) + x
 * where (1 - beta1), (1 - beta2) and -learningRate are computed in double before rounding.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import { globalNorm } from './sum-of-squares.js';

/** The argument of Optimizer.applyGradients (tfjs-core does not export its type names). */
type VariableGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

export const FUSED_ADAM_KERNEL = 'GenmodelsAdamUpdate';

export interface FusedAdamAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
}

/** Whether the active backend runs the Adam update as one fused kernel. */
export function hasFusedAdam(): boolean {
  return tf.getKernel(FUSED_ADAM_KERNEL, tf.getBackend()) !== undefined;
}

/** The tfjs-core 4.22 AdamOptimizer fields the fused step reads and updates (private there). */
interface AdamState {
  accBeta1: Variable;
  accBeta2: Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: Variable } | undefined)[];
}

/** tfjs-core's Adam with the per-variable update run by the fused kernel where the backend registers it. */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: VariableGradients): void {
    if (!hasFusedAdam()) {
      super.applyGradients(variableGradients);
      return;
    }
    tf.dispose(this.fusedStep(variableGradients));
  }

  /**
   * applyGradients, returning the global L2 norm of the gradients it applied (a scalar the caller
   * disposes). On the fused kernel the norm comes out of the update's own pass over the gradients;
   * otherwise it is taken with sumOfSquares before the stock update.
   */
  applyGradientsReportingNorm(variableGradients: VariableGradients): Scalar {
    if (hasFusedAdam()) {
      const sums = this.fusedStep(variableGradients);
      const norm = tf.tidy(() => tf.sqrt(sums.length > 0 ? tf.addN(sums) : tf.scalar(0))) as Scalar;
      tf.dispose(sums);
      return norm;
    }
    const gradients = Array.isArray(variableGradients) ? variableGradients.map((v) => v.tensor) : Object.values(variableGradients);
    const norm = globalNorm(gradients);
    super.applyGradients(variableGradients);
    return norm;
  }

  /** One fused step of every variable with a gradient; the gradients' sums of squares, in order (the caller disposes them). */
  private fusedStep(variableGradients: VariableGradients): Tensor[] {
    const state = this as unknown as AdamState;
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    const attrs: FusedAdamAttrs = { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, learningRate: this.learningRate };
    const sums = tf.tidy(() => {
      const kept: Tensor[] = [];
      const oneMinusAccBeta1 = tf.sub(1, state.accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, state.accBeta2);
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        // Slots created exactly as the stock optimizer creates them (names, order, trainable false).
        state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const gradient: Tensor | null | undefined = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
        if (gradient == null) return;
        const m = state.accumulatedFirstMoment[i].variable;
        const v = state.accumulatedSecondMoment[i].variable;
        const [x1, m1, v1, sum] = tf
          .engine()
          .runKernel(FUSED_ADAM_KERNEL, { x: value, m, v, gradient, oneMinusAccBeta1, oneMinusAccBeta2 }, attrs as unknown as NamedAttrMap) as Tensor[];
        m.assign(m1!);
        v.assign(v1!);
        value.assign(x1!);
        kept.push(tf.keep(sum!));
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
      return kept;
    });
    this.incrementIterations();
    return sums;
  }
}
