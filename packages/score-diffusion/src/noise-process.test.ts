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
