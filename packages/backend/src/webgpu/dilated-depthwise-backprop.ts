import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';

/**
 * DepthwiseConv2dNativeBackpropInput / ...BackpropFilter for tfjs-backend-webgpu: its kernels ignore
 * the dilation (errors of order 1 against the cpu backend at dilation 2 and 3), so a dilated case
 * runs `composed` (this package's depthwise backprops written as depthwise convolutions, whose
 * forward dilation webgpu computes correctly); undilated ones stay on the stock kernel.
 */
export function dilatedDepthwiseBackprop(stock: KernelConfig, composed: KernelFunc): KernelFunc {
  return (args) => {
    const dilations = (args.attrs as { dilations?: number | [number, number] } | undefined)?.dilations ?? 1;
    const dilated = typeof dilations === 'number' ? dilations !== 1 : dilations.some((d) => d !== 1);
    return dilated ? composed(args) : stock.kernelFunc(args);
  };
}
