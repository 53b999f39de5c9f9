import { describe, expect, it } from 'vitest';
import { kernelCaseOf } from './kernel-case.js';

// Labels as packages/backend's benchmarkKernels writes them.
describe('kernelCaseOf', () => {
  it('reads matmul sizes and transposes', () => {
    expect(kernelCaseOf({ kernel: 'matMul', shape: '128x784 * 784x512 (Dense 784->512 forward, batch 128)' })).toEqual({ op: 'matmul', m: 128, k: 784, n: 512, transposeA: false, transposeB: false });
    expect(kernelCaseOf({ kernel: 'matMul tB', shape: '128x512 * 512x784 (its input gradient dy W^T)' })).toEqual({ op: 'matmul', m: 128, k: 512, n: 784, transposeA: false, transposeB: true });
    expect(kernelCaseOf({ kernel: 'matMul tA', shape: '784x128 * 128x512 (its weight gradient x^T dy)' })).toEqual({ op: 'matmul', m: 784, k: 128, n: 512, transposeA: true, transposeB: false });
  });

  it('reads the convolution geometry, stride 1 unless stated', () => {
    expect(kernelCaseOf({ kernel: 'Conv2D', shape: 'pixelcnn/realnvp 3x3 64->64 @28, batch 64' })).toEqual({
      op: 'conv2d', batch: 64, height: 28, width: 28, inChannels: 64, outChannels: 64, kernel: 3, stride: 1,
    });
    expect(kernelCaseOf({ kernel: 'Conv2DBackpropFilter', shape: 'dcgan D 4x4 s2 1->64 @28, batch 64' })).toEqual({
      op: 'conv2dBackpropFilter', batch: 64, height: 28, width: 28, inChannels: 1, outChannels: 64, kernel: 4, stride: 2,
    });
    expect(kernelCaseOf({ kernel: 'Conv2DBackpropInput', shape: 'ddpm 3x3 64->64 @14, batch 128' })).toMatchObject({ op: 'conv2dBackpropInput', batch: 128, height: 14 });
  });

  it('reads the square sgemm size', () => {
    expect(kernelCaseOf({ kernel: 'sgemm (OpenBLAS, 2 threads)', shape: '1024x1024x1024' })).toEqual({ op: 'sgemm', n: 1024 });
  });

  it('gives null for a label it cannot read, rather than a wrong shape', () => {
    expect(kernelCaseOf({ kernel: 'DepthwiseConv2dNative', shape: '3x3 64->64 @28, batch 64' })).toBeNull();
    expect(kernelCaseOf({ kernel: 'Conv2D', shape: '3x5 64->64 @28, batch 64' })).toBeNull();
    expect(kernelCaseOf({ kernel: 'matMul', shape: '128x784 * 785x512' })).toBeNull();
    expect(kernelCaseOf({ kernel: 'sgemm', shape: '512x512x256' })).toBeNull();
  });
});
