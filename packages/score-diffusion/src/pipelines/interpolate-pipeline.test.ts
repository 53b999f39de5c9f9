import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DDIMScheduler } from '../ddim-scheduler.js';
import { DDPM_PROCESS } from '../noise-process.js';
import { exactMixtureModel } from '../test-utils/gaussian-mixture.js';
import { ddimInversionPipeline } from './ddim-inversion-pipeline.js';
import { interpolatePipeline, slerpPairs } from './interpolate-pipeline.js';
import { samplePipeline } from './sample-pipeline.js';

const GAUSSIAN = { means: [[0.5, -0.5]], weights: [1], std: 0.3 };

function data(n: number): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.mul(tf.randomNormal([n, 2], 0, 1, 'float32', 3), 0.3), tf.tensor1d([0.5, -0.5])) as tf.Tensor2D);
}

describe('slerpPairs', () => {
  it('keeps the endpoints, moves along the great circle at constant angle, and is linear for parallel pairs', () => {
    const a = tf.tensor2d([[1, 0], [2, 2]]);
    const b = tf.tensor2d([[0, 1], [1, 1]]);
    const points = slerpPairs(a, b, 5);
    const path = points.arraySync() as number[][];
    // pair 0: unit vectors 90 degrees apart -> (cos, sin) of 0, 22.5, 45, 67.5, 90 degrees
    for (let i = 0; i < 5; i++) {
      const angle = (i / 4) * (Math.PI / 2);
      expect(path[i][0]).toBeCloseTo(Math.cos(angle), 5);
      expect(path[i][1]).toBeCloseTo(Math.sin(angle), 5);
    }
    // pair 1: parallel -> the straight line from (2, 2) to (1, 1)
    for (let i = 0; i < 5; i++) {
      expect(path[5 + i][0]).toBeCloseTo(2 - i / 4, 4);
      expect(path[5 + i][1]).toBeCloseTo(2 - i / 4, 4);
    }
    tf.dispose([a, b, points]);
  });
});

describe('interpolatePipeline', () => {
  it('returns the endpoints at both ends of every path, and reports inversion then sampling steps', async () => {
    const model = exactMixtureModel(DDPM_PROCESS, GAUSSIAN);
    const scheduler = new DDIMScheduler({ process: DDPM_PROCESS, eta: 0 });
    scheduler.setTimesteps(50);
    const x = data(4);
    const [a, b] = tf.split(x, 2, 0);
    const stages: string[] = [];
    const indices: number[] = [];
    const path = await interpolatePipeline(model, scheduler, a, b, 5, {
      onStep: ({ stage, index, total }) => {
        stages.push(stage);
        indices.push(index);
        expect(total).toBe(100);
      },
    });
    expect(path.shape).toEqual([10, 2]);
    expect(indices).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(stages.slice(0, 50).every((s) => s === 'invert') && stages.slice(50).every((s) => s === 'sample')).toBe(true);
    // the ends of each path are the round trips of its endpoints (slerp keeps the latents exactly)
    const z = await ddimInversionPipeline(model, scheduler, x);
    const trip = await samplePipeline(model, scheduler, 4, { initialSample: z });
    const rows = path.arraySync() as number[][];
    const trips = trip.arraySync() as number[][];
    const originals = x.arraySync() as number[][];
    for (let pair = 0; pair < 2; pair++) {
      for (let d = 0; d < 2; d++) {
        expect(Math.abs(rows[pair * 5][d] - trips[pair][d])).toBeLessThan(1e-5);
        expect(Math.abs(rows[pair * 5 + 4][d] - trips[pair + 2][d])).toBeLessThan(1e-5);
        expect(Math.abs(rows[pair * 5][d] - originals[pair][d])).toBeLessThan(0.15);
      }
    }
    await expect(interpolatePipeline(model, new DDIMScheduler({ process: DDPM_PROCESS, eta: 1 }), a, b, 3)).rejects.toThrow(/eta 0/);
    tf.dispose([x, a, b, path, z, trip]);
  });
});
