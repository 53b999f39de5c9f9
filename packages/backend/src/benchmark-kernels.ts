import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { loadNativeAddon } from './native/load-native-addon.js';

/** One measured kernel: GFLOP/s = flops / ms / 1e6, counting a multiply-add as 2 flops. */
export interface KernelBenchmark {
  kernel: string;
  shape: string;
  gflops: number;
  ms: number;
}

export interface BenchmarkKernelsOptions {
  /** Which groups to run; default all of 'matmul', 'conv', 'sgemm'. */
  groups?: readonly ('matmul' | 'conv' | 'sgemm')[];
  /** Time budget of one repetition in ms (default 150); the best of `repeats` repetitions is kept. */
  repetitionMs?: number;
  /** Repetitions per case (default 3). Other processes only ever slow a repetition down. */
  repeats?: number;
}

interface Case {
  kernel: string;
  shape: string;
  flops: number;
  inputs: () => Tensor[];
  run: (inputs: Tensor[]) => Tensor;
}

function normal(shape: number[], seed: number): Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', seed);
}

/** Matmuls of the vae-mlp task (batch 128, 784 -> 512): forward and both gradient products. */
function matMulCases(): Case[] {
  const cases: Case[] = [];
  const add = (m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, role: string) =>
    cases.push({
      kernel: `matMul${transposeA ? ' tA' : ''}${transposeB ? ' tB' : ''}`,
      shape: `${m}x${k} * ${k}x${n} (${role})`,
      flops: 2 * m * k * n,
      inputs: () => [normal(transposeA ? [k, m] : [m, k], 1), normal(transposeB ? [n, k] : [k, n], 2)],
      run: ([a, b]) => tf.matMul(a!, b!, transposeA, transposeB),
    });
  add(128, 784, 512, false, false, 'Dense 784->512 forward, batch 128');
  add(128, 512, 784, false, true, 'its input gradient dy W^T');
  add(784, 128, 512, true, false, 'its weight gradient x^T dy');
  add(512, 512, 512, false, false, 'square');
  add(1024, 1024, 1024, false, false, 'square');
  return cases;
}

/** Convolutions of the bench-spec conv nets, forward and both backprops. */
function convCases(): Case[] {
  const geometries: [string, number[], number, number, number, 'same' | 'valid'][] = [
    // label, x shape, kernel, out channels, stride, padding
    ['pixelcnn/realnvp 3x3 64->64 @28, batch 64', [64, 28, 28, 64], 3, 64, 1, 'same'],
    ['ddpm 3x3 64->64 @14, batch 128', [128, 14, 14, 64], 3, 64, 1, 'same'],
    ['dcgan D 4x4 s2 64->128 @14, batch 64', [64, 14, 14, 64], 4, 128, 2, 'same'],
    ['dcgan D 4x4 s2 1->64 @28, batch 64', [64, 28, 28, 1], 4, 64, 2, 'same'],
  ];
  const cases: Case[] = [];
  for (const [label, xShape, k, co, stride, pad] of geometries) {
    const wShape = [k, k, xShape[3]!, co] as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], wShape, stride, 1, pad);
    const flops = 2 * info.batchSize * info.outHeight * info.outWidth * k * k * info.inChannels * co;
    const attrs = { strides: stride, pad, dataFormat: 'NHWC' as const };
    cases.push(
      { kernel: 'Conv2D', shape: label, flops, inputs: () => [normal(xShape, 3), normal(wShape, 4)], run: ([x, w]) => tf.conv2d(x as Tensor4D, w as Tensor4D, stride, pad) },
      {
        kernel: 'Conv2DBackpropInput',
        shape: label,
        flops,
        inputs: () => [normal(info.outShape, 5), normal(wShape, 4)],
        run: ([dy, w]) => tf.engine().runKernel('Conv2DBackpropInput', { dy: dy!, filter: w! }, { ...attrs, inputShape: xShape }) as Tensor,
      },
      {
        kernel: 'Conv2DBackpropFilter',
        shape: label,
        flops,
        inputs: () => [normal(xShape, 3), normal(info.outShape, 5)],
        run: ([x, dy]) => tf.engine().runKernel('Conv2DBackpropFilter', { x: x!, dy: dy! }, { ...attrs, filterShape: wShape }) as Tensor,
      },
    );
  }
  return cases;
}

/** Best-of-`repeats` ms per call of `fn`, each repetition running it for at least `repetitionMs`. */
async function timeCall(fn: () => Tensor, repetitionMs: number, repeats: number): Promise<number> {
  const sync = async (t: Tensor) => {
    // Async backends (webgpu) finish work only when read; one element is enough.
    await tf.tidy(() => tf.slice(tf.reshape(t, [-1]), 0, 1)).data();
  };
  const warm = fn();
  await sync(warm);
  warm.dispose();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    let calls = 0;
    let elapsed = 0;
    let done = false;
    while (!done) {
      const out = fn();
      calls++;
      // Read back once, after the last call of the repetition: a read after every call timed the
      // read (and an event-loop turn), not the kernel, and made small kernels look slower.
      done = calls >= 2 && performance.now() - start >= repetitionMs;
      if (done) await sync(out);
      out.dispose();
      elapsed = performance.now() - start;
    }
    best = Math.min(best, elapsed / calls);
  }
  return best;
}

/** The native sgemm peak (OpenBLAS, or oneDNN without it), called directly on Float32Arrays (no TF.js in the way). */
async function sgemmPeak(repetitionMs: number, repeats: number): Promise<KernelBenchmark[]> {
  let addon;
  try {
    addon = loadNativeAddon();
  } catch {
    return [];
  }
  const results: KernelBenchmark[] = [];
  for (const n of [512, 1024, 2048]) {
    const a = new Float32Array(n * n).fill(0.5);
    const b = new Float32Array(n * n).fill(0.25);
    const c = new Float32Array(n * n);
    const ms = await timeCall(
      () => {
        addon.sgemm(false, false, 1, n, n, n, a, 0, b, 0, c, null, 0, 0);
        return tf.scalar(0);
      },
      repetitionMs,
      repeats,
    );
    results.push({ kernel: `sgemm (${addon.libraries().sgemm === 'openblas' ? 'OpenBLAS' : 'oneDNN'}, ${addon.getThreads()} threads)`, shape: `${n}x${n}x${n}`, gflops: (2 * n ** 3) / ms / 1e6, ms });
  }
  return results;
}

/**
 * Measures matmul (plain and transposed, at the vae-mlp shapes) and convolution forward and
 * backprops (at the bench-spec conv-net shapes) on the active backend, plus the native sgemm
 * peak when the native addon is built. Call `initBackend` first. Not for unit tests: it takes
 * seconds to minutes depending on the backend.
 */
export async function benchmarkKernels(options: BenchmarkKernelsOptions = {}): Promise<KernelBenchmark[]> {
  const groups = options.groups ?? ['matmul', 'conv', 'sgemm'];
  const repetitionMs = options.repetitionMs ?? 150;
  const repeats = options.repeats ?? 3;
  if (!Number.isFinite(repetitionMs) || repetitionMs <= 0 || !Number.isInteger(repeats) || repeats < 1) {
    throw new Error(`benchmarkKernels: repetitionMs must be > 0 and repeats a positive integer, got ${repetitionMs} and ${repeats}`);
  }
  const cases = [...(groups.includes('matmul') ? matMulCases() : []), ...(groups.includes('conv') ? convCases() : [])];
  const results: KernelBenchmark[] = [];
  for (const c of cases) {
    const inputs = c.inputs();
    try {
      const ms = await timeCall(() => c.run(inputs), repetitionMs, repeats);
      results.push({ kernel: c.kernel, shape: c.shape, gflops: c.flops / ms / 1e6, ms });
    } finally {
      tf.dispose(inputs);
    }
  }
  if (groups.includes('sgemm')) results.push(...(await sgemmPeak(repetitionMs, repeats)));
  return results;
}
