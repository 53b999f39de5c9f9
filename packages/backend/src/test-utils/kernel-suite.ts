// The @tensorflow/tfjs union registers tfjs-core's gradients, which tfjs-core alone does not in Node.
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectMatchesCpu, type InputSpec, valueAndGrads } from './compare-backends.js';
import { randomArray, randomInt, seededRandom } from './seeded-random.js';

type Pad = 'same' | 'valid';

interface ConvCase {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  pad: Pad;
}

function spec(shape: number[], random: () => number): InputSpec {
  return { values: randomArray(shape.reduce((a, b) => a * b, 1), random), shape };
}

/**
 * Random convolution geometries that still cover every stride in 1-3, both paddings and every
 * kernel size in 1-7 (case i has stride 1 + i % 3, padding i % 2, kernel 1 + i % 7), with sizes
 * drawn from a fixed seed. 21 cases hit each kernel size 3 times and each stride 7 times.
 */
export function convCases(count: number, seed: number): ConvCase[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const kernel = 1 + (i % 7);
    return {
      batch: randomInt(random, 1, 3),
      height: kernel + randomInt(random, 0, 6),
      width: kernel + randomInt(random, 0, 6),
      inChannels: randomInt(random, 1, 5),
      outChannels: randomInt(random, 1, 5),
      kernel,
      stride: 1 + (i % 3),
      pad: i % 2 === 0 ? 'same' : 'valid',
    };
  });
}

function describeCase(c: ConvCase): string {
  return `x[${c.batch},${c.height},${c.width},${c.inChannels}] k${c.kernel} s${c.stride} ${c.pad} -> ${c.outChannels}`;
}

/** Projects an output on fixed random weights so that its gradient dy is dense and non-uniform. */
function projected(y: Tensor, seed: number): tf.Scalar {
  const r = tf.tensor(randomArray(y.size, seededRandom(seed)), y.shape);
  return tf.sum(tf.mul(y, r));
}

/**
 * The kernel-correctness suite: values and gradients of every kernel this package replaces,
 * on `target`, against the stock cpu backend (see RELATIVE_TOLERANCE in compare-backends.ts).
 */
export function defineKernelSuite(target: string, options: { convCases?: number } = {}): void {
  const cases = convCases(options.convCases ?? 21, 20240611);

  describe(`conv2d on ${target}`, () => {
    it.each(cases.map((c) => [describeCase(c), c] as const))('values and gradients (dx, dw): %s', async (_, c) => {
      const random = seededRandom(c.height * 1000 + c.kernel * 10 + c.stride);
      const inputs = [spec([c.batch, c.height, c.width, c.inChannels], random), spec([c.kernel, c.kernel, c.inChannels, c.outChannels], random)];
      await expectMatchesCpu(
        target,
        describeCase(c),
        valueAndGrads((x, w) => projected(tf.conv2d(x as Tensor4D, w as Tensor4D, c.stride, c.pad), 7), inputs),
      );
    });

    it.each([
      [2, 'same'],
      [3, 'valid'],
      [2, 'valid'],
    ] as const)('forward with dilation %i (%s)', async (dilation, pad) => {
      const random = seededRandom(11 * dilation);
      const x = spec([2, 11, 10, 3], random);
      const w = spec([3, 3, 3, 4], random);
      await expectMatchesCpu(target, `dilation ${dilation}`, () => [
        tf.conv2d(tf.tensor4d(x.values, x.shape as never), tf.tensor4d(w.values, w.shape as never), 1, pad, 'NHWC', dilation),
      ]);
    });

    it.each(['relu', 'leakyrelu', 'sigmoid', 'elu'] as const)('fused conv2d + bias + %s: values and gradients', async (activation) => {
      const random = seededRandom(3);
      const inputs = [spec([2, 9, 8, 3], random), spec([3, 3, 3, 5], random), spec([5], random)];
      await expectMatchesCpu(
        target,
        `fused conv ${activation}`,
        valueAndGrads(
          (x, w, b) =>
            projected(tf.fused.conv2d({ x: x as Tensor4D, filter: w as Tensor4D, bias: b, strides: 2, pad: 'same', activation, leakyreluAlpha: 0.1 }), 5),
          inputs,
        ),
      );
    });

    it('a batch the native kernels split into several im2col chunks (2 + 2 + 1 images): values and gradients', async () => {
      const random = seededRandom(12);
      const inputs = [spec([5, 24, 24, 24], random), spec([3, 3, 24, 8], random)];
      await expectMatchesCpu(target, 'chunked conv', valueAndGrads((x, w) => projected(tf.conv2d(x as Tensor4D, w as Tensor4D, 1, 'same'), 17), inputs));
    });

    it('conv2dTranspose (Conv2DBackpropInput forward): values and gradients', async () => {
      const random = seededRandom(5);
      const inputs = [spec([2, 7, 7, 6], random), spec([4, 4, 3, 6], random)];
      await expectMatchesCpu(
        target,
        'conv2dTranspose',
        valueAndGrads((x, w) => projected(tf.conv2dTranspose(x as Tensor4D, w as Tensor4D, [2, 14, 14, 3], 2, 'same'), 9), inputs),
      );
    });
  });

  describe(`depthwise conv2d on ${target}`, () => {
    const depthwise = convCases(options.convCases ?? 21, 777).map((c, i) => ({ ...c, multiplier: 1 + (i % 2) }));
    it.each(depthwise.map((c) => [`${describeCase(c)} x${c.multiplier}`, c] as const))('values and gradients (dx, dw): %s', async (_, c) => {
      const random = seededRandom(c.width * 100 + c.kernel);
      const inputs = [spec([c.batch, c.height, c.width, c.inChannels], random), spec([c.kernel, c.kernel, c.inChannels, c.multiplier], random)];
      await expectMatchesCpu(
        target,
        describeCase(c),
        valueAndGrads((x, w) => projected(tf.depthwiseConv2d(x as Tensor4D, w as Tensor4D, c.stride, c.pad), 3), inputs),
      );
    });

    it.each([
      [2, 'same', 1],
      [2, 'valid', 2],
      [3, 'same', 2],
    ] as const)('backprop kernels with dilation %i (%s, multiplier %i)', async (dilation, pad, multiplier) => {
      // tfjs-core's depthwise gradient refuses dilation, so the kernels are run directly.
      const random = seededRandom(dilation * 31 + multiplier);
      const x = spec([2, 10, 9, 3], random);
      const w = spec([3, 3, 3, multiplier], random);
      const info = tf.backend_util.computeConv2DInfo(x.shape as never, w.shape as never, 1, dilation, pad, undefined, true);
      const dy = spec(info.outShape, random);
      const attrs = { strides: 1, dilations: dilation, pad };
      // The cpu backprop kernels ignore dilation, so the reference differentiates the equivalent
      // undilated convolution with a zero-inserted filter and keeps every dilation-th tap.
      const reference = () => {
        const k = (3 - 1) * dilation + 1;
        const wd = tf.reshape(
          tf.pad(tf.reshape(tf.tensor(w.values, w.shape), [3, 1, 3, 1, 3 * multiplier]), [[0, 0], [0, dilation - 1], [0, 0], [0, dilation - 1], [0, 0]]),
          [3 * dilation, 3 * dilation, 3, multiplier],
        );
        const wDilated = tf.slice(wd, [0, 0, 0, 0], [k, k, 3, multiplier]);
        const dyT = tf.tensor(dy.values, dy.shape);
        const [dx, dwDilated] = tf.grads((xx: Tensor, ww: Tensor) => tf.sum(tf.mul(tf.depthwiseConv2d(xx as Tensor4D, ww as Tensor4D, 1, pad), dyT)))([
          tf.tensor(x.values, x.shape),
          wDilated,
        ]);
        return [tf.stridedSlice(dwDilated!, [0, 0, 0, 0], [k, k, 3, multiplier], [dilation, dilation, 1, 1]), dx!];
      };
      await expectMatchesCpu(
        target,
        `depthwise dilation ${dilation}`,
        () => [
          tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x: tf.tensor(x.values, x.shape), dy: tf.tensor(dy.values, dy.shape) }, {
            ...attrs,
            filterShape: w.shape,
          }) as Tensor,
          tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: tf.tensor(dy.values, dy.shape), filter: tf.tensor(w.values, w.shape) }, {
            ...attrs,
            inputShape: x.shape,
          }) as Tensor,
        ],
        reference,
      );
    });
  });

  describe(`matMul on ${target}`, () => {
    const shapes: [string, number[], number[], boolean, boolean][] = [];
    const random = seededRandom(99);
    const batchings: [number[], number[]][] = [
      [[], []],
      [[3], []],
      [[], [3]],
      [[2], [2]],
      [[2, 3], [2, 3]],
      [[2, 1], [1, 3]],
      [[1], [4]],
    ];
    for (const [batchA, batchB] of batchings) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          // Big enough that the per-item GEMM path runs (not the scalar fallback for tiny items).
          const big = batchA.length > 0 && batchB.length > 0 && random() < 0.5;
          const m = big ? 40 : randomInt(random, 1, 9);
          const k = big ? 33 : randomInt(random, 1, 9);
          const n = big ? 30 : randomInt(random, 1, 9);
          const a = [...batchA, ...(transposeA ? [k, m] : [m, k])];
          const b = [...batchB, ...(transposeB ? [n, k] : [k, n])];
          shapes.push([`${JSON.stringify(a)} x ${JSON.stringify(b)} tA=${transposeA} tB=${transposeB}`, a, b, transposeA, transposeB]);
        }
      }
    }
    it.each(shapes)('values (and gradients when the batch axes agree): %s', async (label, a, b, transposeA, transposeB) => {
      const random2 = seededRandom(a.length * 17 + b.length);
      const inputs = [spec(a, random2), spec(b, random2)];
      const f = (x: Tensor, y: Tensor) => projected(tf.matMul(x, y, transposeA, transposeB), 13);
      const batchA = a.slice(0, -2);
      const batchB = b.slice(0, -2);
      if (JSON.stringify(batchA) === JSON.stringify(batchB)) {
        await expectMatchesCpu(target, label, valueAndGrads(f, inputs));
        return;
      }
      // Broadcast batch axes: tfjs-core's gradient does not reduce over them (it fails on cpu
      // too), and the cpu kernel indexes a [2,1] x [1,3] broadcast wrongly, so values are
      // compared with the cpu product of explicitly broadcast operands.
      const outBatch = tf.broadcast_util.assertAndGetBroadcastShape(batchA, batchB);
      const expand = (s: InputSpec, batch: number[]) => {
        const t = tf.tensor(s.values, s.shape);
        return tf.broadcastTo(tf.reshape(t, [...Array(outBatch.length - batch.length).fill(1), ...s.shape]), [...outBatch, ...s.shape.slice(-2)]);
      };
      await expectMatchesCpu(
        target,
        label,
        () => [f(tf.tensor(inputs[0]!.values, a), tf.tensor(inputs[1]!.values, b))],
        () => [f(expand(inputs[0]!, batchA), expand(inputs[1]!, batchB))],
      );
    });

    it.each([
      ['relu', false, false, [5]],
      ['leakyrelu', true, false, [5]],
      ['sigmoid', false, true, [5]],
      ['elu', true, true, [5]],
      ['prelu', false, true, [5]],
      ['linear', false, false, [4, 5]],
    ] as const)('fused matMul + bias + %s (tA=%s, tB=%s, bias %j): values and gradients', async (activation, transposeA, transposeB, biasShape) => {
      const random2 = seededRandom(activation.length);
      const a = transposeA ? [6, 4] : [4, 6];
      const b = transposeB ? [5, 6] : [6, 5];
      const inputs = [spec(a, random2), spec(b, random2), spec([...biasShape], random2)];
      if (activation === 'prelu') inputs.push(spec([5], random2));
      await expectMatchesCpu(
        target,
        `fused ${activation}`,
        valueAndGrads(
          (x, y, bias, alpha?: Tensor) =>
            projected(
              tf.fused.matMul({
                a: x as Tensor2D,
                b: y as Tensor2D,
                transposeA,
                transposeB,
                bias,
                activation,
                ...(activation === 'prelu' ? { preluActivationWeights: alpha } : {}),
                leakyreluAlpha: 0.15,
              }),
              21,
            ),
          inputs,
        ),
      );
    });

    it('a 3-D batched fused matMul: values and gradients', async () => {
      const random2 = seededRandom(4);
      await expectMatchesCpu(
        target,
        'batched fused',
        valueAndGrads(
          (x, y, bias) => projected(tf.fused.matMul({ a: x as tf.Tensor3D, b: y as tf.Tensor3D, bias, activation: 'relu' }), 2),
          [spec([3, 7, 6], random2), spec([3, 6, 5], random2), spec([5], random2)],
        ),
      );
    });

    it('a batch of rows against one matrix (folded into one GEMM): values', async () => {
      const random2 = seededRandom(6);
      const a = spec([3, 7, 6], random2);
      const b = spec([1, 6, 5], random2);
      const bias = spec([5], random2);
      await expectMatchesCpu(target, 'folded fused', () => [
        tf.fused.matMul({ a: tf.tensor3d(a.values, [3, 7, 6]), b: tf.tensor3d(b.values, [1, 6, 5]), bias: tf.tensor1d(bias.values), activation: 'relu' }),
        tf.matMul(tf.tensor3d(a.values, [3, 7, 6]), tf.tensor3d(b.values, [1, 6, 5])),
      ]);
    });
  });

  describe(`unsortedSegmentSum on ${target}`, () => {
    it('values, and the gradient of gather (an embedding lookup)', async () => {
      const random = seededRandom(8);
      const table = spec([7, 4], random);
      const ids = [3, 0, 6, 3, 3, 1, 0, 5];
      const x = spec([8, 2, 3], random);
      await expectMatchesCpu(target, 'unsortedSegmentSum', () => [
        tf.unsortedSegmentSum(tf.tensor(x.values, x.shape), tf.tensor1d(ids, 'int32'), 7),
        tf.unsortedSegmentSum(tf.tensor(x.values, x.shape), tf.tensor1d([1, -1, 2, 2, 0, 1, 9, 0], 'int32'), 4),
        ...valueAndGrads((t) => projected(tf.gather(t, tf.tensor1d(ids, 'int32')), 4), [table])(),
      ]);
    });

    it('int32 values', async () => {
      await expectMatchesCpu(target, 'unsortedSegmentSum int32', () => [
        tf.cast(tf.unsortedSegmentSum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), tf.tensor1d([1, 0, 1], 'int32'), 2), 'float32'),
      ]);
    });
  });

  defineTrainingStepSuite(target);
}

/** Two Adam steps of {@link tinyConvNetLoss} on `target` against the cpu backend. */
export function defineTrainingStepSuite(target: string): void {
  describe(`a training step of a small conv net on ${target}`, () => {
    it('loss and every parameter after two Adam steps match the cpu backend', async () => {
      const random = seededRandom(2024);
      const params = tinyConvNetParams(random);
      const x = spec([4, 12, 12, 2], random);
      const labels = [1, 4, 0, 4];
      await expectMatchesCpu(target, 'conv net Adam steps', () => {
        const variables = params.map((p) => tf.tidy(() => tf.variable(tf.tensor(p.values, p.shape))));
        const optimizer = tf.train.adam(1e-2);
        const input = tf.tensor4d(x.values, x.shape as never);
        const losses: Tensor[] = [];
        for (let step = 0; step < 2; step++) {
          losses.push(optimizer.minimize(() => tinyConvNetLoss(variables, input, labels), true)!);
        }
        const out = [...losses, ...variables.map((v) => v.clone())];
        optimizer.dispose();
        variables.forEach((v) => v.dispose());
        return out;
      });
    });
  });
}

/** What the memory check reads from tfjs-backend-wasm's backend object. */
interface WasmBackendMemory {
  numDataIds(): number;
  wasm: { HEAPU8: Uint8Array };
}

/**
 * 100 Adam steps of the tiny conv net on `target`: after 5 warm-up steps, the engine's tensor
 * count, the backend's data ids and the wasm heap size must not move.
 */
export function defineMemorySuite(target: string): void {
  describe(`memory across 100 training steps on ${target}`, () => {
    it('no leaked tensors, no leaked backend data, no wasm heap growth', async () => {
      await tf.setBackend(target);
      const random = seededRandom(77);
      const variables = tinyConvNetParams(random).map((p) => tf.tidy(() => tf.variable(tf.tensor(p.values, p.shape))));
      const x = spec([4, 12, 12, 2], random);
      const input = tf.tensor4d(x.values, x.shape as never);
      const optimizer = tf.train.adam(1e-3);
      const backend = tf.backend() as unknown as WasmBackendMemory;
      const step = () => {
        const loss = optimizer.minimize(() => tinyConvNetLoss(variables, input, [1, 4, 0, 4]), true)!;
        loss.dataSync();
        loss.dispose();
      };
      try {
        for (let i = 0; i < 5; i++) step();
        const before = { tensors: tf.memory().numTensors, dataIds: backend.numDataIds(), heap: backend.wasm.HEAPU8.buffer.byteLength };
        for (let i = 0; i < 95; i++) step();
        const after = { tensors: tf.memory().numTensors, dataIds: backend.numDataIds(), heap: backend.wasm.HEAPU8.buffer.byteLength };
        expect(after).toEqual(before);
      } finally {
        optimizer.dispose();
        variables.forEach((v) => v.dispose());
        input.dispose();
        await tf.setBackend('cpu');
      }
    });
  });
}

/** Parameters of {@link tinyConvNetLoss}. */
export function tinyConvNetParams(random: () => number): InputSpec[] {
  const scaled = (shape: number[], scale: number): InputSpec => {
    const s = spec(shape, random);
    return { values: s.values.map((v) => v * scale), shape };
  };
  return [
    scaled([3, 3, 2, 6], 0.4), // conv 3x3 s2 -> 6
    scaled([6], 0.1),
    scaled([3, 3, 6, 2], 0.4), // depthwise 3x3, multiplier 2 -> 12
    scaled([4, 4, 5, 12], 0.2), // conv2dTranspose 4x4 s2 -> 5 @ 12x12
    scaled([3, 3, 5, 4], 0.3), // conv 3x3 s3 valid -> 4 @ 4x4
    scaled([64, 10], 0.2), // dense
    scaled([10], 0.1),
    scaled([5, 10], 0.2), // class embedding added to the logits
  ];
}

/**
 * A tiny conv net touching every replaced kernel: fused conv, depthwise conv, transposed conv,
 * strided valid conv, Dense (fused matMul), an embedding lookup (gather), softmax cross-entropy.
 */
export function tinyConvNetLoss(p: Tensor[], x: Tensor4D, labels: number[]): tf.Scalar {
  const [w1, b1, wd, wt, w2, wDense, bDense, embedding] = p as [Tensor4D, Tensor1D, Tensor4D, Tensor4D, Tensor4D, Tensor2D, Tensor1D, Tensor2D];
  const h1 = tf.fused.conv2d({ x, filter: w1, bias: b1, strides: 2, pad: 'same', activation: 'relu' });
  const h2 = tf.relu(tf.depthwiseConv2d(h1, wd, 1, 'same'));
  const h3 = tf.tanh(tf.conv2dTranspose(h2, wt, [x.shape[0], 12, 12, 5], 2, 'same'));
  const h4 = tf.conv2d(h3, w2, 3, 'valid');
  const flat = tf.reshape(h4, [x.shape[0], -1]) as Tensor2D;
  const ids = tf.tensor1d(labels, 'int32');
  const logits = tf.add(tf.fused.matMul({ a: flat, b: wDense, bias: bDense, activation: 'linear' }), tf.gather(embedding, ids));
  return tf.losses.softmaxCrossEntropy(tf.oneHot(ids, 10), logits) as tf.Scalar;
}

/** Asserts the conv-case generator covers what the suite claims (strides, paddings, kernel sizes). */
export function expectConvCoverage(count: number): void {
  const cases = convCases(count, 20240611);
  expect(new Set(cases.map((c) => c.stride))).toEqual(new Set([1, 2, 3]));
  expect(new Set(cases.map((c) => c.pad))).toEqual(new Set(['same', 'valid']));
  expect(new Set(cases.map((c) => c.kernel))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7]));
}
