/**
 * native/tap-stacked-conv.c: stride-1 convolutions to at most 4 channels as one matmul over the
 * filter taps. Each mode through the addon against a direct loop in double, over kernel sizes,
 * paddings (same, valid, asymmetric), channel counts and a batch large enough to run in chunks.
 */
import { describe, expect, it } from 'vitest';
import { tryLoadNativeAddon } from '../../test-utils/native-test-addon.js';
import { randomArray, seededRandom } from '../../test-utils/seeded-random.js';

const { addon, whyNot } = tryLoadNativeAddon();

interface Geometry {
  batch: number;
  h: number;
  w: number;
  ci: number;
  k: number;
  co: number;
  pt: number;
  pl: number;
  oh: number;
  ow: number;
}

function geometryArray(g: Geometry): Int32Array {
  return Int32Array.of(g.batch, g.h, g.w, g.ci, g.k, g.k, g.co, g.oh, g.ow, 1, 1, g.pt, g.pl, 1, 1);
}

/** y, dx and dw of sum(y * r) by direct loops in double (HWIO filter, NHWC tensors). */
function reference(g: Geometry, x: Float32Array, f: Float32Array, dy: Float32Array): { y: Float64Array; dx: Float64Array; dw: Float64Array } {
  const y = new Float64Array(g.batch * g.oh * g.ow * g.co);
  const dx = new Float64Array(x.length);
  const dw = new Float64Array(f.length);
  for (let b = 0; b < g.batch; b++)
    for (let oy = 0; oy < g.oh; oy++)
      for (let ox = 0; ox < g.ow; ox++)
        for (let i = 0; i < g.k; i++)
          for (let j = 0; j < g.k; j++) {
            const iy = oy - g.pt + i;
            const ix = ox - g.pl + j;
            if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
            for (let c = 0; c < g.ci; c++)
              for (let o = 0; o < g.co; o++) {
                const xi = ((b * g.h + iy) * g.w + ix) * g.ci + c;
                const fi = ((i * g.k + j) * g.ci + c) * g.co + o;
                const yi = ((b * g.oh + oy) * g.ow + ox) * g.co + o;
                y[yi]! += x[xi]! * f[fi]!;
                dx[xi]! += dy[yi]! * f[fi]!;
                dw[fi]! += x[xi]! * dy[yi]!;
              }
          }
  return { y, dx, dw };
}

function maxError(actual: Float32Array, expected: Float64Array): number {
  let scale = 1e-6;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  let error = 0;
  actual.forEach((v, i) => (error = Math.max(error, Math.abs(v - expected[i]!))));
  return error / scale;
}

const same = (batch: number, h: number, w: number, ci: number, k: number, co: number): Geometry => ({ batch, h, w, ci, k, co, pt: (k - 1) >> 1, pl: (k - 1) >> 1, oh: h, ow: w });
const valid = (batch: number, h: number, w: number, ci: number, k: number, co: number): Geometry => ({ batch, h, w, ci, k, co, pt: 0, pl: 0, oh: h - k + 1, ow: w - k + 1 });

const CASES: [string, Geometry][] = [
  ['3x3 same 64 -> 2 (a coupling net output)', same(3, 9, 8, 64, 3, 2)],
  ['3x3 same 32 -> 1 (a UNet output)', same(2, 7, 7, 32, 3, 1)],
  ['1x1 5 -> 4', same(2, 4, 6, 5, 1, 4)],
  ['2x2 same (padding after only) 3 -> 3', same(2, 5, 6, 3, 2, 3)],
  ['5x5 valid 4 -> 2', valid(2, 9, 11, 4, 5, 2)],
  ['4x4 asymmetric padding 2 -> 1', { batch: 1, h: 6, w: 7, ci: 2, k: 4, co: 1, pt: 2, pl: 1, oh: 6, ow: 7 }],
  ['kernel wider than the image', same(1, 2, 3, 3, 5, 2)],
  ['5x5 same 2 -> 4, batch 60 (two chunks)', same(60, 28, 28, 2, 5, 4)],
];

/** Input gradients to at most 4 channels (more output channels): a tap-stacked forward convolution of dy with the flipped filter. */
const INPUT_GRADIENT_CASES: [string, Geometry][] = [
  ['3x3 same 1 -> 64 (a coupling net input)', same(3, 9, 8, 1, 3, 64)],
  ['3x3 valid 2 -> 16', valid(2, 9, 11, 2, 3, 16)],
  ['4x4 asymmetric padding 4 -> 8', { batch: 2, h: 6, w: 7, ci: 4, k: 4, co: 8, pt: 2, pl: 1, oh: 6, ow: 7 }],
  ['5x5 same 1 -> 32, batch 60 (two chunks)', same(60, 28, 28, 1, 5, 32)],
];

describe.skipIf(addon === undefined)(`tap-stacked input gradient${addon === undefined ? ` (skipped: ${whyNot})` : ''}`, () => {
  it.each(INPUT_GRADIENT_CASES)('equals a direct loop, and runs without oneDNN: %s', (_, g) => {
    const random = seededRandom(g.h * 10 + g.co);
    const x = randomArray(g.batch * g.h * g.w * g.ci, random);
    const f = randomArray(g.k * g.k * g.ci * g.co, random);
    const dy = randomArray(g.batch * g.oh * g.ow * g.co, random);
    const expected = reference(g, x, f, dy);
    const dx = new Float32Array(x.length);
    expect(addon!.conv(1, geometryArray(g), dy, f, dx, null, 0, 0)).toBe(0); // not oneDNN
    expect(maxError(dx, expected.dx)).toBeLessThan(1e-5);
  });
});

describe.skipIf(addon === undefined)(`tap-stacked convolution${addon === undefined ? ` (skipped: ${whyNot})` : ''}`, () => {
  it.each(CASES)('forward (+ bias, relu), input and filter gradients equal direct loops: %s', (_, g) => {
    const random = seededRandom(g.h * 100 + g.k * 10 + g.co);
    const x = randomArray(g.batch * g.h * g.w * g.ci, random);
    const f = randomArray(g.k * g.k * g.ci * g.co, random);
    const dy = randomArray(g.batch * g.oh * g.ow * g.co, random);
    const bias = randomArray(g.co, random);
    const expected = reference(g, x, f, dy);
    const geometry = geometryArray(g);
    const y = new Float32Array(expected.y.length);
    expect(addon!.conv(0, geometry, x, f, y, bias, 1, 0)).toBe(0); // not oneDNN
    const withBiasRelu = expected.y.map((v, i) => Math.max(v + bias[i % g.co]!, 0));
    expect(maxError(y, withBiasRelu)).toBeLessThan(1e-5);
    const dx = new Float32Array(x.length);
    expect(addon!.conv(1, geometry, dy, f, dx, null, 0, 0)).toBe(0);
    expect(maxError(dx, expected.dx)).toBeLessThan(1e-5);
    const dw = new Float32Array(f.length);
    expect(addon!.conv(2, geometry, x, dy, dw, null, 0, 0)).toBe(0);
    expect(maxError(dw, expected.dw)).toBeLessThan(1e-5);
  });
});
