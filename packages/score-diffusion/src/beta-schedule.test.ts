import { describe, expect, it } from 'vitest';
import { COSINE_MAX_BETA, cosineAlphaBarFunction, cumulativeAlphas, makeBetaSchedule } from './beta-schedule.js';
import { NoiseProcess } from './noise-process.js';

describe('beta schedules', () => {
  it('linear: alphaBar_t is the product of 1 - beta_s with beta linear from 1e-4 to 0.02 (Ho et al. 2020)', () => {
    const T = 1000;
    const process = new NoiseProcess({ type: 'variance-preserving', numTrainTimesteps: T, betaSchedule: 'linear', betaStart: 1e-4, betaEnd: 0.02 });
    let product = 1;
    for (let t = 0; t < T; t++) {
      product *= 1 - (1e-4 + ((0.02 - 1e-4) * t) / (T - 1));
      expect(process.alphaBar(t)).toBeCloseTo(product, 12);
    }
    // and close to the continuous-time closed form exp(-(b0 t + (b1 - b0) t^2 / (2 (T - 1)))) with t counted from 1
    for (const t of [0, 99, 499, 999]) {
      const steps = t + 1;
      const integral = 1e-4 * steps + ((0.02 - 1e-4) * steps * (steps - 1)) / (2 * (T - 1));
      expect(Math.log(process.alphaBar(t)) / -integral).toBeGreaterThan(0.99);
      expect(Math.log(process.alphaBar(t)) / -integral).toBeLessThan(1.011);
    }
    expect(process.alphaBar(999)).toBeLessThan(1e-4);
  });

  it('cosine: alphaBar_t = f(t + 1) / f(0) wherever beta is not clipped (Nichol & Dhariwal 2021)', () => {
    const T = 1000;
    const betas = makeBetaSchedule('cosine', T);
    const alphaBars = cumulativeAlphas(betas);
    const f0 = cosineAlphaBarFunction(0, T);
    let checked = 0;
    for (let t = 0; t < T; t++) {
      if (betas[t] >= COSINE_MAX_BETA) break;
      const closed = cosineAlphaBarFunction(t + 1, T) / f0;
      expect(Math.abs(alphaBars[t] - closed)).toBeLessThan(1e-9);
      checked++;
    }
    expect(checked).toBeGreaterThan(990);
    expect(betas[T - 1]).toBe(COSINE_MAX_BETA);
  });

  it('rejects bad settings with an error naming them', () => {
    expect(() => makeBetaSchedule('linear', 10, 0.1, 0.01)).toThrow(/betaStart <= betaEnd/);
    expect(() => makeBetaSchedule('quadratic' as never, 10)).toThrow(/'linear' or 'cosine'/);
    expect(() => new NoiseProcess({ type: 'variance-exploding', numLevels: 10, sigmaMin: 0, sigmaMax: 1 })).toThrow(/sigmaMin/);
  });
});
