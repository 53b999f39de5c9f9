/**
 * The geometry of a kernel-bench row, read back from the labels packages/backend's
 * benchmarkKernels gives it, so the PyTorch side can run the same kernel at the same shape:
 * matMul[ tA][ tB] with shape "MxK * KxN (...)"; Conv2D, Conv2DBackpropInput and
 * Conv2DBackpropFilter with shape "... KxK[ sS] CIN->COUT @HW, batch B" ('same' padding); and
 * "sgemm (...)" with shape "NxNxN". A label in another form gives null (no PyTorch counterpart).
 */
import type { KernelBenchmark } from '@genmodels/backend';

/** One case as pytorch/torchbench/kernels.py reads it (TF 'same' padding for convolutions). */
export type KernelCase =
  | { op: 'matmul'; m: number; k: number; n: number; transposeA: boolean; transposeB: boolean }
  | {
      op: 'conv2d' | 'conv2dBackpropInput' | 'conv2dBackpropFilter';
      batch: number;
      height: number;
      width: number;
      inChannels: number;
      outChannels: number;
      kernel: number;
      stride: number;
    }
  | { op: 'sgemm'; n: number };

const CONV_OPS: Record<string, 'conv2d' | 'conv2dBackpropInput' | 'conv2dBackpropFilter'> = {
  Conv2D: 'conv2d',
  Conv2DBackpropInput: 'conv2dBackpropInput',
  Conv2DBackpropFilter: 'conv2dBackpropFilter',
};

export function kernelCaseOf(row: Pick<KernelBenchmark, 'kernel' | 'shape'>): KernelCase | null {
  const matmul = /^matMul( tA)?( tB)?$/.exec(row.kernel);
  if (matmul) {
    const shape = /^(\d+)x(\d+) \* (\d+)x(\d+)\b/.exec(row.shape);
    if (!shape || shape[2] !== shape[3]) return null;
    return { op: 'matmul', m: Number(shape[1]), k: Number(shape[2]), n: Number(shape[4]), transposeA: !!matmul[1], transposeB: !!matmul[2] };
  }
  const op = CONV_OPS[row.kernel];
  if (op) {
    const shape = /\b(\d+)x(\d+)(?: s(\d+))? (\d+)->(\d+) @(\d+), batch (\d+)\b/.exec(row.shape);
    if (!shape || shape[1] !== shape[2]) return null;
    const size = Number(shape[6]);
    return {
      op,
      batch: Number(shape[7]),
      height: size,
      width: size,
      inChannels: Number(shape[4]),
      outChannels: Number(shape[5]),
      kernel: Number(shape[1]),
      stride: shape[3] ? Number(shape[3]) : 1,
    };
  }
  if (row.kernel.startsWith('sgemm')) {
    const shape = /^(\d+)x(\d+)x(\d+)$/.exec(row.shape);
    if (!shape || shape[1] !== shape[2] || shape[2] !== shape[3]) return null;
    return { op: 'sgemm', n: Number(shape[1]) };
  }
  return null;
}
