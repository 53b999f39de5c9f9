/**
 * The fused dense-layer contract, the fully connected twin of fused-conv2d.ts: a backend may
 * register `GenmodelsDense` and `GenmodelsDenseGrad` (the native wasm path of @genmodels/backend
 * does) to run y = act(x W + b) and its gradients as one kernel each way. tfjs-core's fused
 * matMul falls back to separate kernels for the activation while a gradient is recorded, so a
 * training step pays passes for the bias, the ReLU and their gradients. Dense uses these kernels
 * when the active backend registers both, and composes TF.js ops otherwise. The gradient is
 * registered here.
 *
 * GenmodelsDense: inputs { x [n, k], kernel [k, m], bias [m] } (float32), attrs FusedDenseAttrs,
 * output y = act(x kernel + bias) [n, m].
 * GenmodelsDenseGrad: inputs { dy, x, kernel, y }, same attrs, outputs [dx, dkernel, dbias]:
 * with g = dy * act'(y) (relu: dy where y > 0, else 0), dx = g kernel^T, dkernel = x^T g and
 * dbias sums g over the batch; [dkernel, dbias] alone when attrs.inputNeedsGradient is false.
 * fusedDense sets that attr false when x does not depend on a trainable variable (the minibatch
 * of a first layer), so that backward pass skips dx; dx asked for anyway is composed from ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { reachesTrainableVariable } from './reaches-trainable-variable.js';

export const FUSED_DENSE_KERNEL = 'GenmodelsDense';
export const FUSED_DENSE_GRAD_KERNEL = 'GenmodelsDenseGrad';

export interface FusedDenseAttrs {
  activation: 'linear' | 'relu';
  /** False: the gradient kernel skips dx (absent means true). Set by fusedDense. */
  inputNeedsGradient?: boolean;
}

/** Whether the active backend runs a dense layer with its bias and activation as one fused kernel each way. */
export function hasFusedDense(): boolean {
  return tf.getKernel(FUSED_DENSE_KERNEL, tf.getBackend()) !== undefined && tf.getKernel(FUSED_DENSE_GRAD_KERNEL, tf.getBackend()) !== undefined;
}

function registerFusedDenseGradient(): void {
  if (tf.getGradient(FUSED_DENSE_KERNEL) !== undefined) return;
  tf.registerGradient({
    kernelName: FUSED_DENSE_KERNEL,
    inputsToSave: ['x', 'kernel'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, kernel, y] = saved as Tensor[];
      const g = Array.isArray(dy) ? dy[0]! : dy;
      const denseAttrs = attrs as unknown as FusedDenseAttrs;
      if (tf.engine().isTapeOn()) return differentiableDenseGradient(g, x!, kernel!, y!, denseAttrs);
      const inputs = { dy: g, x: x!, kernel: kernel!, y: y! };
      if (denseAttrs.inputNeedsGradient === false) {
        const [dkernel, dbias] = tf.engine().runKernel(FUSED_DENSE_GRAD_KERNEL, inputs, attrs) as Tensor[];
        return { x: () => differentiableDenseGradient(g, x!, kernel!, y!, denseAttrs).x(), kernel: () => dkernel!, bias: () => dbias! };
      }
      const [dx, dkernel, dbias] = tf.engine().runKernel(FUSED_DENSE_GRAD_KERNEL, inputs, attrs) as Tensor[];
      return { x: () => dx!, kernel: () => dkernel!, bias: () => dbias! };
    },
  });
}

/**
 * The gradient composed from TF.js ops, for when an outer tape records the backward pass (a
 * gradient of a gradient, as WGAN-GP's penalty takes: Gulrajani et al. 2017): the fused gradient
 * kernel has no gradient of its own, while these ops do.
 */
function differentiableDenseGradient(dy: Tensor, x: Tensor, kernel: Tensor, y: Tensor, attrs: FusedDenseAttrs): Record<string, () => Tensor> {
  const g = attrs.activation === 'relu' ? tf.mul(dy, tf.step(y)) : dy;
  return {
    x: () => tf.matMul(g, kernel, false, true),
    kernel: () => tf.matMul(x, g, true, false),
    bias: () => tf.sum(g, 0),
  };
}

/** Runs the fused kernel (check hasFusedDense() first): act(x kernel + bias). */
export function fusedDense(x: Tensor2D, kernel: Tensor2D, bias: Tensor1D, attrs: FusedDenseAttrs): Tensor2D {
  registerFusedDenseGradient();
  const withInput: FusedDenseAttrs = { ...attrs, inputNeedsGradient: reachesTrainableVariable(x) };
  return tf.engine().runKernel(FUSED_DENSE_KERNEL, { x, kernel, bias }, withInput as unknown as NamedAttrMap) as Tensor2D;
}
