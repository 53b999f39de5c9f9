/** Shared checks of the Transform contract (tests only). */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { logAbsDeterminant, numericalJacobian } from '@genmodels/core-nn/testing';
import { expect } from 'vitest';
import type { Transform, TransformOptions } from '../transform.js';

/** Overwrites trainable variables with N(0, std^2) values so that no layer is the identity. */
export function randomizeVariables(variables: readonly Variable[], seed: number, std = 0.3): void {
  variables.forEach((v, i) => {
    if (!v.trainable) return;
    tf.tidy(() => v.assign(tf.randomNormal(v.shape, 0, std, 'float32', seed * 1000 + i + 1)));
  });
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/**
 * inverse(forward(x)) = x; forward logAbsDet = -inverse logAbsDet at the image; and for each
 * example the forward logAbsDet equals log|det J| of a central-difference Jacobian.
 */
export function checkTransform(
  transform: Transform,
  x: Tensor,
  options: TransformOptions = {},
  tolerances: { inverse?: number; logDet?: number; eps?: number } = {},
): void {
  const exampleShape = x.shape.slice(1);
  const forward = transform.forward(x, options);
  const back = transform.inverse(forward.outputs, options);
  try {
    expect(forward.outputs.size, "a bijection keeps the number of values").toBe(x.size);
    expect(forward.logAbsDet.shape).toEqual([x.shape[0]]);
    const inverseError = maxAbsDiff(back.outputs.dataSync(), x.dataSync());
    expect(inverseError, 'inverse(forward(x)) differs from x').toBeLessThan(tolerances.inverse ?? 1e-4);
    const fwd = forward.logAbsDet.dataSync();
    const inv = back.logAbsDet.dataSync();
    for (let i = 0; i < fwd.length; i++) expect(fwd[i] + inv[i], `example ${i}: forward + inverse logAbsDet`).toBeCloseTo(0, 3);
    const values = x.dataSync();
    for (let b = 0; b < x.shape[0]; b++) {
      const size = values.length / x.shape[0];
      const example = values.slice(b * size, (b + 1) * size);
      const context = options.context ? tf.slice(options.context, b, 1) : undefined;
      const f = (v: Float64Array): Float32Array =>
        tf.tidy(() => {
          const out = transform.forward(tf.tensor(Float32Array.from(v), [1, ...exampleShape]), { ...options, context });
          return out.outputs.dataSync() as Float32Array;
        });
      const jacobian = numericalJacobian(f, example, tolerances.eps ?? 1e-3);
      context?.dispose();
      const expected = logAbsDeterminant(jacobian);
      expect(Math.abs(fwd[b] - expected), `example ${b}: logAbsDet ${fwd[b]} vs numerical ${expected}`).toBeLessThan(
        tolerances.logDet ?? 2e-2,
      );
    }
  } finally {
    tf.dispose([forward.outputs, forward.logAbsDet, back.outputs, back.logAbsDet]);
  }
}
