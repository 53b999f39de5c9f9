/**
 * Input corruption for denoising autoencoders (Vincent et al. 2008, "Extracting and Composing
 * Robust Features with Denoising Autoencoders") and the denoising VAE (Im et al. 2017, "Denoising
 * Criterion for Variational Auto-Encoding Framework"): the encoder sees corrupt(x), the loss
 * measures the reconstruction of the clean x.
 */
import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed } from '@genmodels/core-nn';

/**
 * - 'gaussian': x + level * N(0, 1) (additive isotropic noise).
 * - 'masking': each value set to 0 with probability `level`.
 * - 'salt-and-pepper': each value set to 0 or 1 (equally likely) with probability `level`.
 */
export type CorruptionKind = 'gaussian' | 'masking' | 'salt-and-pepper';

export const CORRUPTION_KINDS: readonly CorruptionKind[] = ['gaussian', 'masking', 'salt-and-pepper'];

export interface Corruption {
  readonly kind: CorruptionKind;
  /** Noise standard deviation ('gaussian') or corruption probability in [0, 1] (the others). */
  readonly level: number;
}

/** Checks a corruption and says what is wrong; returns it unchanged. */
export function checkCorruption(corruption: Corruption, where: string): Corruption {
  if (typeof corruption !== 'object' || corruption === null || !CORRUPTION_KINDS.includes(corruption.kind)) {
    throw new Error(`${where}: expected { kind: ${CORRUPTION_KINDS.map((k) => `'${k}'`).join(' | ')}, level }, got ${JSON.stringify(corruption)}`);
  }
  const { level } = corruption;
  const max = corruption.kind === 'gaussian' ? Infinity : 1;
  if (!(typeof level === 'number' && level >= 0 && level <= max && Number.isFinite(level))) {
    throw new Error(`${where}: level of '${corruption.kind}' corruption must be ${corruption.kind === 'gaussian' ? 'a finite number >= 0 (noise std)' : 'a probability in [0, 1]'}, got ${JSON.stringify(level)}`);
  }
  return corruption;
}

/** A corrupted copy of x (same shape), seeded. */
export function corrupt(x: tf.Tensor, corruption: Corruption, seed: number): tf.Tensor {
  checkCorruption(corruption, 'corrupt');
  return tf.tidy(() => {
    if (corruption.kind === 'gaussian') return tf.add(x, tf.mul(tf.randomNormal(x.shape, 0, 1, 'float32', seed), corruption.level));
    const hit = tf.less(tf.randomUniform(x.shape, 0, 1, 'float32', seed), corruption.level);
    if (corruption.kind === 'masking') return tf.where(hit, tf.zerosLike(x), x);
    const salt = tf.cast(tf.less(tf.randomUniform(x.shape, 0, 1, 'float32', deriveSeed(seed, 1)), 0.5), 'float32');
    return tf.where(hit, salt, x);
  });
}
