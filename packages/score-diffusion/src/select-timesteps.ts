import type { TimestepSpacing } from './scheduler.js';

export const TIMESTEP_SPACINGS: readonly TimestepSpacing[] = ['leading', 'trailing', 'linspace'];

/**
 * `numSteps` strictly decreasing levels out of 0 .. numLevels - 1 (Song et al. 2021, DDIM, sec. 4.2;
 * spacings as in Lin et al. 2024, "Common Diffusion Noise Schedules and Sample Steps Are Flawed", table 2):
 * - 'leading':  k * floor(T / n), k = n-1 .. 0 (the DDIM paper's; never visits the noisiest level when n < T)
 * - 'trailing': round(T - k * T / n) - 1, k = 0 .. n-1 (always starts at the noisiest level T - 1)
 * - 'linspace': round of n evenly spaced points from T - 1 down to 0
 */
export function selectTimesteps(numLevels: number, numSteps: number, spacing: TimestepSpacing): number[] {
  if (!Number.isInteger(numSteps) || numSteps < 1 || numSteps > numLevels) {
    throw new Error(`setTimesteps: the number of steps must be an integer in [1, ${numLevels}] (the training levels), got ${numSteps}`);
  }
  const out: number[] = [];
  if (spacing === 'leading') {
    const stride = Math.floor(numLevels / numSteps);
    for (let k = numSteps - 1; k >= 0; k--) out.push(k * stride);
  } else if (spacing === 'trailing') {
    const stride = numLevels / numSteps;
    for (let k = 0; k < numSteps; k++) out.push(Math.round(numLevels - k * stride) - 1);
  } else if (spacing === 'linspace') {
    for (let k = 0; k < numSteps; k++) {
      out.push(numSteps === 1 ? numLevels - 1 : Math.round(((numLevels - 1) * (numSteps - 1 - k)) / (numSteps - 1)));
    }
  } else {
    throw new Error(`setTimesteps: timestepSpacing must be 'leading', 'trailing' or 'linspace', got ${JSON.stringify(spacing)}`);
  }
  return out;
}
