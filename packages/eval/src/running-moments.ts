/**
 * Mean and variance of a stream of numbers in float64 by Welford's update (Welford 1962), which
 * does not lose precision when the mean is large compared with the spread.
 */
export class RunningMoments {
  count = 0;
  mean = 0;
  private m2 = 0;

  push(value: number): void {
    this.count += 1;
    const delta = value - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (value - this.mean);
  }

  /** Unbiased sample variance (n - 1 in the denominator); NaN below two values. */
  get variance(): number {
    return this.count > 1 ? this.m2 / (this.count - 1) : Number.NaN;
  }
}
