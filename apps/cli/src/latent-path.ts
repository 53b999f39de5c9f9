/**
 * Paths between latent codes for `genmodels interpolate`.
 * - linear: z(t) = (1 - t) a + t b.
 * - spherical (slerp, Shoemake 1985; recommended for Gaussian latents by White 2016, "Sampling
 *   Generative Networks"): z(t) = sin((1 - t) w) / sin w * a + sin(t w) / sin w * b, with w the
 *   angle between a and b. Linear paths pass near the origin, where a Gaussian prior has little
 *   mass in high dimension; slerp keeps the norm typical. Falls back to linear when a and b are
 *   (anti)parallel or zero.
 */
export type LatentPath = 'linear' | 'spherical';
export const LATENT_PATHS: readonly LatentPath[] = ['linear', 'spherical'];

/** `steps` evenly spaced points t = 0 .. 1 (inclusive) on the path from a to b. */
export function interpolateLatents(a: ArrayLike<number>, b: ArrayLike<number>, steps: number, path: LatentPath): Float32Array[] {
  if (a.length !== b.length) throw new Error(`interpolateLatents: endpoints have ${a.length} and ${b.length} values`);
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`interpolateLatents: steps must be an integer >= 2, got ${steps}`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  const cosine = normA > 0 && normB > 0 ? Math.min(1, Math.max(-1, dot / Math.sqrt(normA * normB))) : 1;
  const omega = Math.acos(cosine);
  const sinOmega = Math.sin(omega);
  const spherical = path === 'spherical' && sinOmega > 1e-6;
  const out: Float32Array[] = [];
  for (let s = 0; s < steps; s++) {
    const t = s / (steps - 1);
    const [wa, wb] = spherical ? [Math.sin((1 - t) * omega) / sinOmega, Math.sin(t * omega) / sinOmega] : [1 - t, t];
    const z = new Float32Array(a.length);
    for (let i = 0; i < a.length; i++) z[i] = wa * a[i] + wb * b[i];
    out.push(z);
  }
  return out;
}
