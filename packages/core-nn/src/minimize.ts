import * as tf from '@tensorflow/tfjs-core';
import type { Optimizer, Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import type { StepMetrics } from './model-spec.js';
import './register-gradients.js';
import { globalNorm } from './sum-of-squares.js';

export interface MinimizeOptions {
  /**
   * The variables to update, in a fixed order (the optimizer keys its slots by position, so
   * pass the same list every step and to setOptimizerState). Non-trainable ones are skipped.
   * Default: every trainable variable registered with the engine.
   */
  varList?: Variable[];
  /** Rescale gradients so that their global L2 norm is at most this (Pascanu et al. 2013). */
  clipNorm?: number;
}

/** An optimizer that can report the global norm of the gradients it applies (FusedAdamOptimizer). */
interface NormReportingOptimizer extends Optimizer {
  applyGradientsReportingNorm(variableGradients: { name: string; tensor: Tensor }[]): Scalar;
}

function reportsNorm(optimizer: Optimizer): optimizer is NormReportingOptimizer {
  return typeof (optimizer as Partial<NormReportingOptimizer>).applyGradientsReportingNorm === 'function';
}

function trainableList(varList: Variable[] | undefined): Variable[] {
  if (varList) return varList.filter((v) => v.trainable);
  return Object.values(tf.engine().registeredVariables).filter((v) => v.trainable);
}

/**
 * One optimisation step: gradients of `lossFn` by reverse-mode autodiff, optional clipping by
 * global norm (g <- g * clipNorm / max(||g||, clipNorm), Pascanu et al. 2013), then
 * `optimizer.applyGradients`. Returns { loss, ...metrics, 'grad/norm' } (the norm before
 * clipping; without clipping, an optimizer that can report it, FusedAdamOptimizer, gives it from
 * its own pass over the gradients) as scalar tensors that survive any enclosing tf.tidy; the caller owns and disposes
 * them. Tensors created inside `lossFn` other than the returned ones are freed.
 */
export function minimize(
  optimizer: Optimizer,
  lossFn: () => Scalar | { loss: Scalar; metrics?: StepMetrics },
  options: MinimizeOptions = {},
): StepMetrics {
  const varList = trainableList(options.varList);
  if (varList.length === 0) throw new Error('minimize: no trainable variables to update (varList is empty or all non-trainable)');
  if (options.clipNorm !== undefined && !(options.clipNorm > 0)) {
    throw new Error(`minimize: clipNorm must be positive, got ${options.clipNorm}`);
  }
  let metrics: StepMetrics = {};
  const { value, grads } = tf.variableGrads(() => {
    const result = lossFn();
    if (result instanceof tf.Tensor) return result as Scalar;
    metrics = { ...(result.metrics ?? {}) };
    for (const t of Object.values(metrics)) tf.keep(t);
    return result.loss;
  }, varList);
  if ('loss' in metrics || 'grad/norm' in metrics) {
    tf.dispose([value, ...Object.values(grads), ...Object.values(metrics)]);
    throw new Error("minimize: metrics must not use the keys 'loss' or 'grad/norm' (minimize reports those)");
  }
  if (value.rank !== 0) throw new Error(`minimize: lossFn must return a scalar, got shape [${value.shape.join(', ')}]`);
  tf.keep(value);
  // Pass gradients as a list in varList order (with null for unconnected variables), so that the
  // optimizer's positional slots line up with varList on every step.
  const inOrder = (g: Record<string, Tensor>) => varList.map((v) => ({ name: v.name, tensor: (g[v.name] ?? null) as Tensor }));
  if (options.clipNorm === undefined && reportsNorm(optimizer)) {
    // The fused Adam step reads every gradient anyway: it gives the norm from that same pass.
    const norm = tf.keep(optimizer.applyGradientsReportingNorm(inOrder(grads)));
    tf.dispose(Object.values(grads));
    return { loss: value, ...metrics, 'grad/norm': norm };
  }
  const norm = tf.keep(globalNorm(Object.values(grads)));
  let applied = grads;
  if (options.clipNorm !== undefined) {
    const clipNorm = options.clipNorm;
    applied = tf.tidy(() => {
      const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
      const out: Record<string, Tensor> = {};
      for (const [name, g] of Object.entries(grads)) if (g != null) out[name] = tf.keep(tf.mul(g, scale));
      return out;
    });
  }
  optimizer.applyGradients(inOrder(applied));
  tf.dispose(Object.values(grads));
  if (applied !== grads) tf.dispose(Object.values(applied));
  return { loss: value, ...metrics, 'grad/norm': norm };
}
