import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { NoiseProcess, type NoiseProcessConfig } from './noise-process.js';

function relativeDistance(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.div(tf.norm(tf.sub(a, b)), tf.norm(b)).dataSync()[0]);
}

const PROCESSES: [string, NoiseProcessConfig][] = [
  ['linear', { type: 'variance-preserving', numTrainTimesteps: 1000, betaSchedule: 'linear', betaStart: 1e-4, betaEnd: 0.02 }],
  ['cosine', { type: 'variance-preserving', numTrainTimesteps: 1000, betaSchedule: 'cosine', betaStart: 1e-4, betaEnd: 0.02 }],
];

describe('NoiseProcess.addNoise', () => {
  for (const [name, config] of PROCESSES) {
    it(`${name}: near the identity at the first timestep and near pure noise at the last`, () => {
      const process = new NoiseProcess(config);
      const x0 = tf.randomUniform([16, 8, 8, 1], -1, 1, 'float32', 3);
      const noise = tf.randomNormal([16, 8, 8, 1], 0, 1, 'float32', 4);
      const first = process.addNoise(x0, noise, 0);
      const last = process.addNoise(x0, noise, process.numLevels - 1);
      expect(relativeDistance(first, x0)).toBeLessThan(0.04);
      expect(relativeDistance(last, noise)).toBeLessThan(0.01);
      // and per-example levels give the same values as a scalar level
      const t = tf.tensor1d(new Array(16).fill(0).map((_, i) => (i % 2 ? 0 : 999)), 'int32');
      const mixed = process.addNoise(x0, noise, t);
      const [m0, m1] = [tf.slice(mixed, [0], [1]), tf.slice(mixed, [1], [1])];
      const [l0, f1] = [tf.slice(last, [0], [1]), tf.slice(first, [1], [1])];
      expect(Array.from(m0.dataSync())).toEqual(Array.from(l0.dataSync()));
      expect(Array.from(m1.dataSync())).toEqual(Array.from(f1.dataSync()));
      tf.dispose([x0, noise, first, last, t, mixed, m0, m1, l0, f1]);
    });
  }

  it('variance-exploding: sigmas are geometric from sigmaMin to sigmaMax, conditioning on log sigma', () => {
    const process = new NoiseProcess({ type: 'variance-exploding', numLevels: 10, sigmaMin: 0.01, sigmaMax: 1 });
    expect(process.level(0).noiseStd).toBeCloseTo(0.01, 12);
    expect(process.level(9).noiseStd).toBeCloseTo(1, 12);
    for (let t = 1; t < 10; t++) expect(process.level(t).noiseStd / process.level(t - 1).noiseStd).toBeCloseTo(Math.pow(100, 1 / 9), 10);
    expect(process.conditioning(0)).toBeCloseTo(Math.log(0.01), 10);
    expect(() => process.level(10)).toThrow(/\[0, 9\]/);
  });
});

describe('continuous levels (Tweedie denoising at any sigma)', () => {
  const VP = new NoiseProcess({ type: 'variance-preserving', numTrainTimesteps: 1000, betaSchedule: 'linear', betaStart: 1e-4, betaEnd: 0.02 });
  const VE = new NoiseProcess({ type: 'variance-exploding', numLevels: 10, sigmaMin: 0.01, sigmaMax: 1 });

  it('levelAt is the training level at integers and, between them, the geometric continuation of the ladder', () => {
    for (const process of [VP, VE]) {
      for (const t of [0, 3, process.numLevels - 1]) expect(process.levelAt(t)).toEqual(process.level(t));
    }
    // sigma_t = sigmaMin (sigmaMax / sigmaMin)^(t / (L - 1)), a = 1
    for (const t of [0.5, 2.25, 8.9]) {
      expect(VE.levelAt(t).signalScale).toBe(1);
      expect(VE.levelAt(t).noiseStd).toBeCloseTo(0.01 * Math.pow(100, t / 9), 12);
      expect(VE.conditioning(t)).toBeCloseTo(Math.log(0.01 * Math.pow(100, t / 9)), 12);
    }
    // variance-preserving: a^2 + s^2 = 1, s / a between its neighbours', conditioning t itself
    const level = VP.levelAt(411.3);
    expect(level.signalScale ** 2 + level.noiseStd ** 2).toBeCloseTo(1, 12);
    const ratio = (l: { signalScale: number; noiseStd: number }) => l.noiseStd / l.signalScale;
    expect(ratio(level)).toBeGreaterThan(ratio(VP.level(411)));
    expect(ratio(level)).toBeLessThan(ratio(VP.level(412)));
    expect(VP.conditioning(411.3)).toBe(411.3);
    expect(() => VP.levelAt(999.5)).toThrow(/\[0, 999\]/);
  });

  it('continuousLevel(sigma) is the level with s / a = sigma, and levelAt of its timestep agrees', () => {
    for (const [process, sigmas] of [
      [VP, [0.02, 0.2, 1, 30]],
      [VE, [0.01, 0.05, 0.5, 1]],
    ] as const) {
      for (const sigma of sigmas) {
        const { timestep, level } = process.continuousLevel(sigma);
        expect(level.noiseStd / level.signalScale).toBeCloseTo(sigma, 10);
        const again = process.levelAt(timestep);
        expect(again.noiseStd / again.signalScale).toBeCloseTo(sigma, 8);
      }
    }
    expect(VE.conditioning(VE.continuousLevel(0.05).timestep)).toBeCloseTo(Math.log(0.05), 12);
    expect(() => VP.continuousLevel(1e-4)).toThrow(/outside the trained noise range/);
    expect(() => VE.continuousLevel(2)).toThrow(/outside the trained noise range/);
  });
});
