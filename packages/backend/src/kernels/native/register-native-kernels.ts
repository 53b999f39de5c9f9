import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../../native/load-native-addon.js';
import { overrideKernel } from '../override-kernel.js';
import { ADAM_UPDATE_KERNEL, adamUpdateKernel } from './adam-kernel.js';
import { BINARY_OPS, binaryKernel } from './binary-kernels.js';
import { BATCH_NORM_GRAD_KERNEL, BATCH_NORM_KERNEL, batchNormGradKernel, batchNormKernel } from './batch-norm-kernels.js';
import { GROUP_NORM_GRAD_KERNEL, GROUP_NORM_KERNEL, groupNormGradKernel, groupNormKernel } from './group-norm-kernels.js';
import { concatKernel, gatherV2Kernel, meanKernel, resizeNearestNeighborGradKernel, splitVKernel, sumKernel } from './layout-kernels.js';
import { NativeWasmKernels } from './native-kernels.js';
import { BERNOULLI_NLL_GRAD_KERNEL, BERNOULLI_NLL_KERNEL, bernoulliNllGradKernel, bernoulliNllKernel } from './bernoulli-nll-kernels.js';
import { RELU_GRAD_KERNEL, reluGradKernel } from './relu-grad-kernel.js';
import { SUM_OF_SQUARES_KERNEL, sumOfSquaresKernel } from './sum-of-squares-kernel.js';
import { UNARY_OPS, unaryKernel } from './unary-kernels.js';

/** The matmul kernels the native path replaces on wasm (sgemm: OpenBLAS, or oneDNN without it). */
export const NATIVE_MATMUL_KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;
/** The convolution kernels the native path replaces on wasm (oneDNN, or im2col + sgemm). */
export const NATIVE_CONV_KERNELS = ['Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'] as const;
/** The memory-bound kernels the native path replaces on wasm (plain C, native/memory-layout.c). */
export const NATIVE_LAYOUT_KERNELS = ['SplitV', 'Concat', 'GatherV2', 'ResizeNearestNeighborGrad', 'Sum', 'Mean'] as const;
/** The element-wise kernels the native path replaces on wasm (native/unary-math.c: the transcendental ones, and Relu). */
export const NATIVE_UNARY_KERNELS = UNARY_OPS;
/** Same-shape float32 Add, Sub and Multiply, on the native threads (native/binary-math.c). */
export const NATIVE_BINARY_KERNELS = BINARY_OPS;

/** Every TF.js kernel the native path replaces on wasm. */
export const NATIVE_WASM_KERNELS = [...NATIVE_MATMUL_KERNELS, ...NATIVE_CONV_KERNELS, ...NATIVE_LAYOUT_KERNELS, ...NATIVE_UNARY_KERNELS, ...NATIVE_BINARY_KERNELS] as const;

/** Kernel names shared with @genmodels/core-nn (FUSED_CONV2D_KERNEL, FUSED_CONV2D_GRAD_KERNEL). */
export const FUSED_CONV2D_KERNEL = 'GenmodelsConv2D';
export const FUSED_CONV2D_GRAD_KERNEL = 'GenmodelsConv2DGrad';
/** Kernel names shared with @genmodels/core-nn (FUSED_DENSE_KERNEL, FUSED_DENSE_GRAD_KERNEL). */
export const FUSED_DENSE_KERNEL = 'GenmodelsDense';
export const FUSED_DENSE_GRAD_KERNEL = 'GenmodelsDenseGrad';

/** Kernels TF.js does not have, which the native path adds on wasm (@genmodels/core-nn's Conv2D, Dense, GroupNorm, BatchNorm, ReLU gradient, Adam, gradient norm and Bernoulli NLL use them). */
export const NATIVE_WASM_FUSED_KERNELS = [
  FUSED_CONV2D_KERNEL,
  FUSED_CONV2D_GRAD_KERNEL,
  FUSED_DENSE_KERNEL,
  FUSED_DENSE_GRAD_KERNEL,
  GROUP_NORM_KERNEL,
  GROUP_NORM_GRAD_KERNEL,
  BATCH_NORM_KERNEL,
  BATCH_NORM_GRAD_KERNEL,
  RELU_GRAD_KERNEL,
  ADAM_UPDATE_KERNEL,
  SUM_OF_SQUARES_KERNEL,
  BERNOULLI_NLL_KERNEL,
  BERNOULLI_NLL_GRAD_KERNEL,
] as const;

/**
 * Installs the OpenBLAS kernels on the wasm backend over whatever is registered (install the
 * JS-composed kernels first: the native ones hand the cases they do not cover to them).
 * Also adds the fused kernels (NATIVE_WASM_FUSED_KERNELS). Returns the kernel names installed.
 */
export function registerNativeWasmKernels(addon: NativeAddon, backendName = 'wasm'): string[] {
  const kernels = new NativeWasmKernels(addon);
  const factories: Record<(typeof NATIVE_WASM_KERNELS)[number], (previous: KernelConfig) => KernelFunc> = {
    BatchMatMul: (p) => kernels.batchMatMul(p),
    _FusedMatMul: (p) => kernels.fusedMatMul(p),
    Conv2D: (p) => kernels.conv2D(p),
    FusedConv2D: (p) => kernels.fusedConv2D(p),
    Conv2DBackpropInput: (p) => kernels.conv2DBackpropInput(p),
    Conv2DBackpropFilter: (p) => kernels.conv2DBackpropFilter(p),
    SplitV: (p) => splitVKernel(addon, p),
    Concat: (p) => concatKernel(addon, p),
    GatherV2: (p) => gatherV2Kernel(addon, p),
    ResizeNearestNeighborGrad: (p) => resizeNearestNeighborGradKernel(addon, p),
    Sum: (p) => sumKernel(addon, p),
    Mean: (p) => meanKernel(addon, p),
    ...(Object.fromEntries(UNARY_OPS.map((op) => [op, (p: KernelConfig) => unaryKernel(addon, op, p)])) as Record<(typeof UNARY_OPS)[number], (previous: KernelConfig) => KernelFunc>),
    ...(Object.fromEntries(BINARY_OPS.map((op) => [op, (p: KernelConfig) => binaryKernel(addon, op, p)])) as Record<(typeof BINARY_OPS)[number], (previous: KernelConfig) => KernelFunc>),
  };
  for (const name of NATIVE_WASM_KERNELS) {
    const previous = tf.getKernel(name, backendName);
    if (previous === undefined) throw new Error(`backend '${backendName}' has no ${name} kernel to fall back on; is tfjs-backend-wasm loaded?`);
    overrideKernel(name, backendName, factories[name](previous));
  }
  overrideKernel(FUSED_CONV2D_KERNEL, backendName, kernels.genmodelsConv2D());
  overrideKernel(FUSED_CONV2D_GRAD_KERNEL, backendName, kernels.genmodelsConv2DGrad());
  overrideKernel(FUSED_DENSE_KERNEL, backendName, kernels.genmodelsDense());
  overrideKernel(FUSED_DENSE_GRAD_KERNEL, backendName, kernels.genmodelsDenseGrad());
  overrideKernel(GROUP_NORM_KERNEL, backendName, groupNormKernel(addon));
  overrideKernel(GROUP_NORM_GRAD_KERNEL, backendName, groupNormGradKernel(addon));
  overrideKernel(BATCH_NORM_KERNEL, backendName, batchNormKernel(addon));
  overrideKernel(BATCH_NORM_GRAD_KERNEL, backendName, batchNormGradKernel(addon));
  overrideKernel(RELU_GRAD_KERNEL, backendName, reluGradKernel(addon));
  overrideKernel(ADAM_UPDATE_KERNEL, backendName, adamUpdateKernel(addon));
  overrideKernel(SUM_OF_SQUARES_KERNEL, backendName, sumOfSquaresKernel(addon));
  overrideKernel(BERNOULLI_NLL_KERNEL, backendName, bernoulliNllKernel(addon));
  overrideKernel(BERNOULLI_NLL_GRAD_KERNEL, backendName, bernoulliNllGradKernel(addon));
  return [...NATIVE_WASM_KERNELS, ...NATIVE_WASM_FUSED_KERNELS];
}
