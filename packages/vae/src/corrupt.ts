/**
 * Input corruption for denoising autoencoders (Vincent et al. 2008, "Extracting and Composing
 * Robust Features with Denoising Autoencoders") and the denoising VAE (Im et al. 2017, "Denoising
 * Criterion for Variational Auto-Encoding Framework"): the encoder sees corrupt(x), the loss
 * measures the reconstruction of the clean x.
 */
import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed, nonNegativeNumber, oneOf, parseConfig } from '@genmodels/core-nn';
import { z } from 'zod';

export const CORRUPTION_KINDS = ['gaussian', 'masking', 'salt-and-pepper'] as const;

/**
 * A corruption (zod schema):
 * - { kind: 'gaussian', level }: x + level * N(0, 1) (additive isotropic noise, level >= 0 its std).
 * - { kind: 'masking', level }: each value set to 0 with probability `level`.
 * - { kind: 'salt-and-pepper', level }: each value set to 0 or 1 (equally likely) with probability `level`.
 */
export const CorruptionSchema = z
  .strictObject(
    { kind: oneOf(CORRUPTION_KINDS), level: nonNegativeNumber() },
    { error: `{ kind: ${CORRUPTION_KINDS.map((k) => `'${k}'`).join(' | ')}, level }` },
  )
  .superRefine((corruption, context) => {
    if (corruption.kind !== 'gaussian' && corruption.level > 1) {
      context.addIssue({
        code: 'custom',
        path: ['level'],
        message: `level of '${corruption.kind}' corruption must be a probability in [0, 1], got ${corruption.level}`,
      });
    }
  });

export type Corruption = z.output<typeof CorruptionSchema>;
export type CorruptionKind = Corruption['kind'];

/** Checks a corruption and says what is wrong (one line, prefixed with `where`); returns it. */
export function checkCorruption(corruption: Corruption, where: string): Corruption {
  return parseConfig(CorruptionSchema, corruption, { name: where });
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
