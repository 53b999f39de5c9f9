import * as tf from '@tensorflow/tfjs-core';
import type {
  _FusedMatMulAttrs,
  BatchMatMulAttrs,
  Conv2DAttrs,
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropInputAttrs,
  FusedConv2DAttrs,
  KernelConfig,
  KernelFunc,
  Tensor,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../../native/load-native-addon.js';
import { applyActivation } from '../apply-activation.js';
import { inputTensor, ownOutput, sizeOf, type WasmHeapBackend } from '../tensor-utils.js';

/** Activation codes of native/genmodels-blas.c's epilogue; prelu is applied with ops instead. */
const ACTIVATION_CODES: Record<string, number> = { linear: 0, relu: 1, relu6: 2, leakyrelu: 3, sigmoid: 4, elu: 5 };

function activationCode(activation: string | undefined): number | undefined {
  return ACTIVATION_CODES[activation ?? 'linear'];
}

interface FusedConvAttrs {
  strides: number;
  pad: 'same' | 'valid';
  activation: 'linear' | 'relu';
  /** False: the gradient skips dx and outputs [dfilter, dbias]. */
  inputNeedsGradient?: boolean;
}

function fusedConvAttrs(attrs: unknown, operands: TensorInfo[]): FusedConvAttrs {
  const a = attrs as FusedConvAttrs;
  if (a.activation !== 'linear' && a.activation !== 'relu') throw new Error(`GenmodelsConv2D: activation must be 'linear' or 'relu', got "${String(a.activation)}"`);
  if (operands.some((t) => t.dtype !== 'float32')) throw new Error('GenmodelsConv2D: every operand must be float32');
  return a;
}

function fusedDenseAttrs(attrs: unknown, x: TensorInfo, kernel: TensorInfo): { activation: 'linear' | 'relu'; inputNeedsGradient?: boolean } {
  const a = attrs as { activation: 'linear' | 'relu'; inputNeedsGradient?: boolean };
  if (a.activation !== 'linear' && a.activation !== 'relu') throw new Error(`GenmodelsDense: activation must be 'linear' or 'relu', got "${String(a.activation)}"`);
  if (x.shape.length !== 2 || kernel.shape.length !== 2 || x.shape[1] !== kernel.shape[0] || sizeOf(x.shape) === 0 || sizeOf(kernel.shape) === 0 || x.dtype !== 'float32') {
    throw new Error(`GenmodelsDense: expected float32 x [n, k] and kernel [k, m], non-empty, got [${x.shape.join(', ')}] and [${kernel.shape.join(', ')}]`);
  }
  return a;
}

function callPrevious(previous: KernelConfig, inputs: Record<string, TensorInfo | undefined>, backend: object, attrs: object): TensorInfo {
  const defined = Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== undefined)) as Record<string, TensorInfo>;
  return previous.kernelFunc({ inputs: defined, backend, attrs: attrs as never }) as TensorInfo;
}

/**
 * The native matmul/conv kernels for the wasm backend: OpenBLAS reads the operands and writes
 * the result in place in the wasm heap. The output is allocated before any view is taken,
 * because an allocation may grow the heap and replace its buffer. Cases outside float32 NHWC
 * (or a general batch broadcast) go to the kernel registered before, the JS-composed one.
 */
export class NativeWasmKernels {
  private readonly geometry = new Int32Array(15);

  constructor(private readonly addon: NativeAddon) {}

  private matMul(
    backend: WasmHeapBackend,
    a: TensorInfo,
    b: TensorInfo,
    transposeA: boolean,
    transposeB: boolean,
    bias: TensorInfo | undefined,
    activation: number,
    alpha: number,
  ): TensorInfo | undefined {
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
    const ra = a.shape.length;
    const rb = b.shape.length;
    const m = a.shape[transposeA ? ra - 1 : ra - 2]!;
    const k = a.shape[transposeA ? ra - 2 : ra - 1]!;
    const n = b.shape[transposeB ? rb - 2 : rb - 1]!;
    const batchA = a.shape.slice(0, -2);
    const batchB = b.shape.slice(0, -2);
    const outBatch = tf.broadcast_util.assertAndGetBroadcastShape(batchA, batchB);
    const countA = sizeOf(batchA);
    const countB = sizeOf(batchB);
    const countOut = sizeOf(outBatch);
    if (m === 0 || n === 0 || k === 0 || countOut === 0) return undefined;
    let batch: number;
    let rows = m;
    let aStride = m * k;
    let bStride = k * n;
    if (countB === 1 && !transposeA) {
      batch = 1; // fold A's batch into the rows: one large GEMM
      rows = countA * m;
      bStride = 0;
    } else if (countB === 1) {
      batch = countA;
      bStride = 0;
    } else if (countA === 1) {
      batch = countB;
      aStride = 0;
    } else if (countA === countOut && countB === countOut) {
      batch = countOut;
    } else {
      return undefined; // a general broadcast such as [2,1] x [1,3]
    }
    const out = backend.makeOutput([...outBatch, m, n], 'float32');
    const biasView = bias === undefined ? null : backend.typedArrayFromHeap(bias);
    this.addon.sgemm(
      transposeA,
      transposeB,
      batch,
      rows,
      n,
      k,
      backend.typedArrayFromHeap(a),
      aStride,
      backend.typedArrayFromHeap(b),
      bStride,
      backend.typedArrayFromHeap(out),
      biasView,
      activation,
      alpha,
    );
    return out;
  }

  /** Fills this.geometry from `info` (the order of native/conv-geometry.h). */
  private setGeometry(info: tf.backend_util.Conv2DInfo): Int32Array {
    const g = this.geometry;
    g[0] = info.batchSize;
    g[1] = info.inHeight;
    g[2] = info.inWidth;
    g[3] = info.inChannels;
    g[4] = info.filterHeight;
    g[5] = info.filterWidth;
    g[6] = info.outChannels;
    g[7] = info.outHeight;
    g[8] = info.outWidth;
    g[9] = info.strideHeight;
    g[10] = info.strideWidth;
    g[11] = info.padInfo.top;
    g[12] = info.padInfo.left;
    g[13] = info.dilationHeight;
    g[14] = info.dilationWidth;
    return g;
  }

  private conv(
    mode: 0 | 1 | 2,
    backend: WasmHeapBackend,
    info: tf.backend_util.Conv2DInfo,
    outShape: number[],
    in0: TensorInfo,
    in1: TensorInfo,
    bias: TensorInfo | undefined,
    activation: number,
    alpha: number,
  ): TensorInfo {
    const g = this.setGeometry(info);
    const out = backend.makeOutput(outShape, 'float32');
    if (sizeOf(outShape) === 0) return out;
    const biasView = bias === undefined ? null : backend.typedArrayFromHeap(bias);
    this.addon.conv(mode, g, backend.typedArrayFromHeap(in0), backend.typedArrayFromHeap(in1), backend.typedArrayFromHeap(out), biasView, activation, alpha);
    return out;
  }

  /** @genmodels/core-nn's GenmodelsDense: act(x kernel + bias), bias and activation in the sgemm epilogue. */
  genmodelsDense(): KernelFunc {
    return ({ inputs, backend, attrs }) => {
      const { x, kernel, bias } = inputs as Record<string, TensorInfo>;
      const a = fusedDenseAttrs(attrs, x!, kernel!);
      const out = this.matMul(backend as WasmHeapBackend, x!, kernel!, false, false, bias, ACTIVATION_CODES[a.activation]!, 0);
      if (out === undefined) throw new Error(`GenmodelsDense: x [${x!.shape.join(', ')}] and kernel [${kernel!.shape.join(', ')}] must be non-empty`);
      return out;
    };
  }

  /** @genmodels/core-nn's GenmodelsDenseGrad: [dx, dkernel, dbias] (no dx when attrs.inputNeedsGradient is false) from dy and the forward's x, kernel and y, in one native call. */
  genmodelsDenseGrad(): KernelFunc {
    return ({ inputs, backend, attrs }) => {
      const heap = backend as WasmHeapBackend;
      const { dy, x, kernel, y } = inputs as Record<string, TensorInfo>;
      const a = fusedDenseAttrs(attrs, x!, kernel!);
      const [n, k] = x!.shape as [number, number];
      const m = kernel!.shape[1]!;
      const dx = a.inputNeedsGradient === false ? null : heap.makeOutput(x!.shape, 'float32');
      const dk = heap.makeOutput(kernel!.shape, 'float32');
      const db = heap.makeOutput([m], 'float32');
      const view = (t: TensorInfo): Float32Array => heap.typedArrayFromHeap(t);
      this.addon.denseGrad(n, k, m, view(dy!), view(x!), view(kernel!), view(y!), a.activation === 'relu' ? 1 : 0, dx && view(dx), view(dk), view(db));
      return dx ? [dx, dk, db] : [dk, db];
    };
  }

  /** @genmodels/core-nn's GenmodelsConv2D: act(conv(x, filter) + bias), bias and activation in the convolution's epilogue. */
  genmodelsConv2D(): KernelFunc {
    return ({ inputs, backend, attrs }) => {
      const { x, filter, bias } = inputs as Record<string, TensorInfo>;
      const a = fusedConvAttrs(attrs, [x!, filter!, bias!]);
      const info = tf.backend_util.computeConv2DInfo(x!.shape as never, filter!.shape as never, a.strides, 1, a.pad);
      return this.conv(0, backend as WasmHeapBackend, info, info.outShape, x!, filter!, bias, ACTIVATION_CODES[a.activation]!, 0);
    };
  }

  /** @genmodels/core-nn's GenmodelsConv2DGrad: [dx, dfilter, dbias] (no dx when attrs.inputNeedsGradient is false) from dy and the forward's x, filter and y, in one native call. */
  genmodelsConv2DGrad(): KernelFunc {
    return ({ inputs, backend, attrs }) => {
      const heap = backend as WasmHeapBackend;
      const { dy, x, filter, y } = inputs as Record<string, TensorInfo>;
      const a = fusedConvAttrs(attrs, [dy!, x!, filter!, y!]);
      const info = tf.backend_util.computeConv2DInfo(x!.shape as never, filter!.shape as never, a.strides, 1, a.pad);
      const dx = a.inputNeedsGradient === false ? null : heap.makeOutput(x!.shape, 'float32');
      const dw = heap.makeOutput(filter!.shape, 'float32');
      const db = heap.makeOutput([info.outChannels], 'float32');
      const outputs = dx ? [dx, dw, db] : [dw, db];
      const view = (t: TensorInfo): Float32Array => heap.typedArrayFromHeap(t);
      if (sizeOf(x!.shape) === 0 || sizeOf(dy!.shape) === 0) {
        for (const t of outputs) view(t).fill(0);
      } else {
        this.addon.convGrad(this.setGeometry(info), view(dy!), view(x!), view(filter!), view(y!), a.activation === 'relu' ? 1 : 0, dx && view(dx), view(dw), view(db));
      }
      return outputs;
    };
  }

  batchMatMul(previous: KernelConfig): KernelFunc {
    return ({ inputs, backend, attrs }) => {
      const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
      return (
        this.matMul(backend as WasmHeapBackend, inputs.a!, inputs.b!, transposeA, transposeB, undefined, 0, 0) ??
        callPrevious(previous, inputs, backend, attrs ?? {})
      );
    };
  }

  fusedMatMul(previous: KernelConfig): KernelFunc {
    return ({ inputs, backend, attrs }) => {
      const { transposeA, transposeB, activation, leakyreluAlpha } = attrs as unknown as _FusedMatMulAttrs;
      const { a, b, bias, preluActivationWeights } = inputs;
      const n = b!.shape[transposeB ? b!.shape.length - 2 : b!.shape.length - 1]!;
      const code = activationCode(activation);
      const rowBias = bias === undefined || (bias.shape.length === 1 && bias.shape[0] === n && bias.dtype === 'float32');
      if (code !== undefined && rowBias) {
        const out = this.matMul(backend as WasmHeapBackend, a!, b!, transposeA, transposeB, bias, code, leakyreluAlpha ?? 0.2);
        if (out !== undefined) return out;
      }
      return tf.tidy(() => {
        const product = ownOutput(
          this.matMul(backend as WasmHeapBackend, a!, b!, transposeA, transposeB, undefined, 0, 0) ??
            callPrevious(previous, { a, b }, backend, { transposeA, transposeB, activation: 'linear' }),
        );
        const y: Tensor = bias === undefined ? product : tf.add(product, inputTensor(bias));
        return applyActivation(y, activation, preluActivationWeights ? inputTensor(preluActivationWeights) : undefined, leakyreluAlpha);
      });
    };
  }

  conv2D(previous: KernelConfig): KernelFunc {
    return ({ inputs, backend, attrs }) => {
      const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrs as unknown as Conv2DAttrs;
      const { x, filter } = inputs;
      if (dataFormat === 'NCHW' || x!.dtype !== 'float32' || filter!.dtype !== 'float32') return callPrevious(previous, inputs, backend, attrs ?? {});
      const info = tf.backend_util.computeConv2DInfo(x!.shape as never, filter!.shape as never, strides, dilations, pad, dimRoundingMode);
      return this.conv(0, backend as WasmHeapBackend, info, info.outShape, x!, filter!, undefined, 0, 0);
    };
  }

  fusedConv2D(previous: KernelConfig): KernelFunc {
    return ({ inputs, backend, attrs }) => {
      const { strides, pad, dataFormat, dilations, dimRoundingMode, activation, leakyreluAlpha } = attrs as unknown as FusedConv2DAttrs;
      const { x, filter, bias, preluActivationWeights } = inputs;
      if (dataFormat === 'NCHW' || x!.dtype !== 'float32' || filter!.dtype !== 'float32') return callPrevious(previous, inputs, backend, attrs ?? {});
      const info = tf.backend_util.computeConv2DInfo(x!.shape as never, filter!.shape as never, strides, dilations, pad, dimRoundingMode);
      const code = activationCode(activation);
      const channelBias = bias === undefined || (bias.shape.length === 1 && bias.shape[0] === info.outChannels && bias.dtype === 'float32');
      if (code !== undefined && channelBias) {
        return this.conv(0, backend as WasmHeapBackend, info, info.outShape, x!, filter!, bias, code, leakyreluAlpha ?? 0.2);
      }
      return tf.tidy(() => {
        const y0 = ownOutput(this.conv(0, backend as WasmHeapBackend, info, info.outShape, x!, filter!, undefined, 0, 0));
        const y: Tensor = bias === undefined ? y0 : tf.add(y0, inputTensor(bias));
        return applyActivation(y, activation, preluActivationWeights ? inputTensor(preluActivationWeights) : undefined, leakyreluAlpha);
      });
    };
  }

  conv2DBackpropInput(previous: KernelConfig): KernelFunc {
    return ({ inputs, backend, attrs }) => {
      const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Conv2DBackpropInputAttrs;
      const { dy, filter } = inputs;
      if (dataFormat === 'NCHW' || dy!.dtype !== 'float32' || filter!.dtype !== 'float32') return callPrevious(previous, inputs, backend, attrs ?? {});
      const info = tf.backend_util.computeConv2DInfo(inputShape, filter!.shape as never, strides, 1, pad, dimRoundingMode);
      return this.conv(1, backend as WasmHeapBackend, info, [...inputShape], dy!, filter!, undefined, 0, 0);
    };
  }

  conv2DBackpropFilter(previous: KernelConfig): KernelFunc {
    return ({ inputs, backend, attrs }) => {
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
      const { x, dy } = inputs;
      if (dataFormat === 'NCHW' || x!.dtype !== 'float32' || dy!.dtype !== 'float32') return callPrevious(previous, inputs, backend, attrs ?? {});
      const info = tf.backend_util.computeConv2DInfo(x!.shape as never, filterShape, strides, 1, pad, dimRoundingMode);
      return this.conv(2, backend as WasmHeapBackend, info, [...filterShape], x!, dy!, undefined, 0, 0);
    };
  }
}
