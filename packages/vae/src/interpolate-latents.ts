/**
 * Paths between two latent codes: linear, or spherical (slerp, Shoemake 1985), which White 2016
 * ("Sampling Generative Networks") recommends for Gaussian priors because a straight line
 * between two typical draws passes through the low-norm region the prior rarely produces.
 */
import * as tf from '@tensorflow/tfjs-core';

export type InterpolationMethod = 'linear' | 'spherical';

/**
 * `numSteps` codes from z0 to z1 inclusive ([latentDim] each, or [1, latentDim]):
 * [numSteps, latentDim]. The first row is exactly z0 and the last exactly z1.
 * slerp(t) = sin((1 - t) w) / sin(w) z0 + sin(t w) / sin(w) z1 with cos(w) = z0.z1 / (|z0| |z1|);
 * it falls back to linear when the codes are (anti)parallel.
 */
export function interpolateLatents(z0: tf.Tensor, z1: tf.Tensor, numSteps: number, method: InterpolationMethod = 'linear'): tf.Tensor2D {
  if (!Number.isInteger(numSteps) || numSteps < 2) throw new Error(`interpolateLatents: numSteps must be an integer >= 2, got ${numSteps}`);
  if (method !== 'linear' && method !== 'spherical') throw new Error(`interpolateLatents: method must be 'linear' or 'spherical', got ${JSON.stringify(method)}`);
  if (z0.size !== z1.size || z0.size !== z0.shape[z0.shape.length - 1]) {
    throw new Error(`interpolateLatents: expected two codes of the same size [latentDim], got [${z0.shape.join(', ')}] and [${z1.shape.join(', ')}]`);
  }
  const a = Array.from(z0.dataSync());
  const b = Array.from(z1.dataSync());
  const ts = Array.from({ length: numSteps }, (_, i) => i / (numSteps - 1));
  let weights: [number, number][];
  const dot = a.reduce((acc, v, i) => acc + v * b[i], 0);
  const norms = Math.sqrt(a.reduce((acc, v) => acc + v * v, 0)) * Math.sqrt(b.reduce((acc, v) => acc + v * v, 0));
  const omega = norms > 0 ? Math.acos(Math.max(-1, Math.min(1, dot / norms))) : 0;
  if (method === 'spherical' && Math.sin(omega) > 1e-6) {
    weights = ts.map((t) => [Math.sin((1 - t) * omega) / Math.sin(omega), Math.sin(t * omega) / Math.sin(omega)]);
  } else {
    weights = ts.map((t) => [1 - t, t]);
  }
  // The endpoints are set exactly, not through floating-point weights.
  weights[0] = [1, 0];
  weights[numSteps - 1] = [0, 1];
  const rows = weights.map(([wa, wb]) => a.map((v, i) => (wa === 1 && wb === 0 ? v : wa === 0 && wb === 1 ? b[i] : wa * v + wb * b[i])));
  return tf.tensor2d(rows, [numSteps, a.length]);
}
