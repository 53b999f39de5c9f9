import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';

/**
 * Sinusoidal position / timestep embedding (Vaswani et al. 2017; used for diffusion timesteps
 * by Ho et al. 2020): for i < dim/2, frequency f_i = maxPeriod^(-i / (dim/2)) and
 *   emb[:, i] = sin(t f_i),  emb[:, dim/2 + i] = cos(t f_i)
 * (sines first, as in the DDPM reference code and diffusers' default). `dim` must be even.
 */
export function sinusoidalEmbedding(t: Tensor1D, dim: number, maxPeriod = 10000): Tensor2D {
  if (!(Number.isInteger(dim) && dim > 0 && dim % 2 === 0)) throw new Error(`sinusoidalEmbedding: dim must be a positive even integer, got ${dim}`);
  if (t.rank !== 1) throw new Error(`sinusoidalEmbedding: t must be 1-D [batch], got shape [${t.shape.join(', ')}]`);
  const half = dim / 2;
  const frequencies = Float32Array.from({ length: half }, (_, i) => Math.exp((-Math.log(maxPeriod) * i) / half));
  return tf.tidy(() => {
    const args = tf.mul(tf.reshape(tf.cast(t, 'float32'), [-1, 1]), tf.tensor2d(frequencies, [1, half]));
    return tf.concat([tf.sin(args), tf.cos(args)], 1) as Tensor2D;
  });
}
