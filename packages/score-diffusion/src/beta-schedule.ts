/**
 * Noise schedules of variance-preserving diffusion: the betas beta_t of
 * q(x_t | x_{t-1}) = N(sqrt(1 - beta_t) x_{t-1}, beta_t I) and their cumulative products
 * alphaBar_t = prod_{s <= t} (1 - beta_s), so that q(x_t | x_0) = N(sqrt(alphaBar_t) x_0, (1 - alphaBar_t) I).
 */

export type BetaScheduleName = 'linear' | 'cosine';

export const BETA_SCHEDULES: readonly BetaScheduleName[] = ['linear', 'cosine'];

/** Offset s of the cosine schedule (Nichol & Dhariwal 2021), keeping beta_0 from being tiny. */
export const COSINE_OFFSET = 0.008;
/** The cosine schedule clips betas here to avoid a singularity at t = T (Nichol & Dhariwal 2021). */
export const COSINE_MAX_BETA = 0.999;

/** f(t) = cos^2(((t / T) + s) / (1 + s) * pi / 2), the cosine schedule's un-normalised alphaBar. */
export function cosineAlphaBarFunction(t: number, numTimesteps: number): number {
  const angle = ((t / numTimesteps + COSINE_OFFSET) / (1 + COSINE_OFFSET)) * (Math.PI / 2);
  return Math.cos(angle) ** 2;
}

/**
 * The T betas of a schedule, in float64.
 * - 'linear' (Ho et al. 2020): beta_t evenly spaced from betaStart to betaEnd (1e-4 .. 0.02 for T = 1000).
 * - 'cosine' (Nichol & Dhariwal 2021, "Improved DDPM"): alphaBar_t = f(t + 1) / f(0), so
 *   beta_t = 1 - f(t + 1) / f(t), clipped at 0.999; betaStart and betaEnd are unused.
 */
export function makeBetaSchedule(
  schedule: BetaScheduleName,
  numTimesteps: number,
  betaStart = 1e-4,
  betaEnd = 0.02,
): Float64Array {
  if (!Number.isInteger(numTimesteps) || numTimesteps < 1) {
    throw new Error(`makeBetaSchedule: numTimesteps must be a positive integer, got ${numTimesteps}`);
  }
  const betas = new Float64Array(numTimesteps);
  if (schedule === 'linear') {
    if (!(betaStart > 0 && betaEnd >= betaStart && betaEnd < 1)) {
      throw new Error(`makeBetaSchedule: linear betas need 0 < betaStart <= betaEnd < 1, got ${betaStart} and ${betaEnd}`);
    }
    for (let t = 0; t < numTimesteps; t++) {
      betas[t] = numTimesteps === 1 ? betaStart : betaStart + ((betaEnd - betaStart) * t) / (numTimesteps - 1);
    }
    return betas;
  }
  if (schedule === 'cosine') {
    for (let t = 0; t < numTimesteps; t++) {
      const beta = 1 - cosineAlphaBarFunction(t + 1, numTimesteps) / cosineAlphaBarFunction(t, numTimesteps);
      betas[t] = Math.min(beta, COSINE_MAX_BETA);
    }
    return betas;
  }
  throw new Error(`makeBetaSchedule: unknown schedule ${JSON.stringify(schedule)}; use 'linear' or 'cosine'`);
}

/** alphaBar_t = prod_{s <= t} (1 - beta_s), in float64. */
export function cumulativeAlphas(betas: Float64Array): Float64Array {
  const out = new Float64Array(betas.length);
  let product = 1;
  for (let t = 0; t < betas.length; t++) {
    product *= 1 - betas[t];
    out[t] = product;
  }
  return out;
}
