/**
 * KL warm-up ("KL annealing", Bowman et al. 2016; Sønderby et al. 2016): the weight of the KL
 * term grows linearly from `start` at step 0 to the model's beta at step `steps`, then stays.
 * Early training then fits reconstructions before the prior pulls the posterior in, which
 * avoids collapsed (inactive) latent units.
 */
export interface KLWarmup {
  /** Steps over which the weight rises from `start` to beta. */
  readonly steps: number;
  /** Weight of the KL term at step 0 (usually 0). */
  readonly start: number;
}

/** The KL weight at `step`: beta without warm-up, else start + (beta - start) * min(1, step / steps). */
export function klWeight(beta: number, warmup: KLWarmup | null, step: number): number {
  if (!warmup) return beta;
  const progress = Math.min(1, Math.max(0, step) / warmup.steps);
  return warmup.start + (beta - warmup.start) * progress;
}
