/**
 * The latent manifold of a model with a 2-D latent space (Kingma & Welling 2014, fig. 4): codes on
 * a size x size grid at the Gaussian quantiles of equally spaced probabilities, so that the grid
 * covers the prior N(0, I) evenly in probability mass. Decode them for the manifold image.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * The standard normal quantile function (inverse CDF), P. J. Acklam's rational approximation
 * (relative error below 1.2e-9).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * Grid codes [size * size, 2], row-major with z2 decreasing down the rows and z1 increasing
 * along them (so the image reads like a plot), at quantiles of p in [margin, 1 - margin].
 */
export function latentGrid(size: number, margin = 0.05): tf.Tensor2D {
  if (!Number.isInteger(size) || size < 2) throw new Error(`latentGrid: size must be an integer >= 2, got ${size}`);
  if (!(margin > 0 && margin < 0.5)) throw new Error(`latentGrid: margin must be in (0, 0.5), got ${margin}`);
  const quantiles = Array.from({ length: size }, (_, i) => normalQuantile(margin + ((1 - 2 * margin) * i) / (size - 1)));
  const values: number[] = [];
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) values.push(quantiles[col], quantiles[size - 1 - row]);
  }
  return tf.tensor2d(values, [size * size, 2]);
}
