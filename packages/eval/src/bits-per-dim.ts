/**
 * Unit conversions for likelihoods of image data.
 *
 * Convention (Theis, van den Oord and Bethge 2016, "A note on the evaluation of generative
 * models"; Dinh et al. 2017; Salimans et al. 2017): bits per dimension are always reported for the
 * DISCRETE 8-bit data. A discrete model (binarized data, autoregressive softmax over 256 values)
 * already gives -log P(x) of the discrete data. A continuous density p on data rescaled to an
 * interval of width `range` per dimension and dequantized with uniform noise over each of the
 * `numBins` bins gives
 *
 *   -log P(x_8bit) <= E_u[-log p((x + u) * range / numBins)] + dims * log(numBins / range)
 *
 * because each bin has width range/numBins: the density has to be multiplied by the bin volume to
 * become a probability. For data on [0, 1] with 256 bins this adds dims * ln 256 nats, i.e. exactly
 * 8 bits per dimension.
 */

/** Nats per example to bits per dimension: nats / (dims * ln 2). */
export function natsToBitsPerDim(nats: number, dims: number): number {
  checkDims(dims, 'natsToBitsPerDim');
  return nats / (dims * Math.LN2);
}

/** Bits per dimension to nats per example: bits * dims * ln 2. */
export function bitsPerDimToNats(bitsPerDim: number, dims: number): number {
  checkDims(dims, 'bitsPerDimToNats');
  return bitsPerDim * dims * Math.LN2;
}

/** How continuous data relates to the discrete data it was made from. */
export interface Discretization {
  /** Number of discrete levels per dimension (256 for 8-bit images). */
  numBins: number;
  /** Width of the interval the continuous data spans per dimension: 1 for [0, 1], 2 for [-1, 1]. */
  range: number;
}

/** The 8-bit discretization of data scaled to [0, 1]. */
export const EIGHT_BIT_UNIT_INTERVAL: Discretization = Object.freeze({ numBins: 256, range: 1 });

/**
 * Nats to add to a continuous negative log-density so it becomes a negative log-probability of the
 * discrete data: dims * log(numBins / range) (each bin has volume (range / numBins)^dims).
 */
export function dequantizationOffsetNats(dims: number, discretization: Discretization = EIGHT_BIT_UNIT_INTERVAL): number {
  checkDims(dims, 'dequantizationOffsetNats');
  const { numBins, range } = discretization;
  if (!(Number.isFinite(numBins) && numBins > 0 && Number.isFinite(range) && range > 0)) {
    throw new RangeError(
      `dequantizationOffsetNats: numBins and range must be positive finite numbers, got numBins=${numBins}, range=${range}`,
    );
  }
  return dims * Math.log(numBins / range);
}

/**
 * Bits per dimension of the discrete data from the negative log-density (nats per example) of a
 * continuous model on dequantized data: (nll + dims * log(numBins / range)) / (dims * ln 2).
 * For [0, 1] data and 256 bins this is nll / (dims ln 2) + 8.
 */
export function dequantizedBitsPerDim(
  continuousNllNats: number,
  dims: number,
  discretization: Discretization = EIGHT_BIT_UNIT_INTERVAL,
): number {
  return natsToBitsPerDim(continuousNllNats + dequantizationOffsetNats(dims, discretization), dims);
}

function checkDims(dims: number, where: string): void {
  if (!(Number.isInteger(dims) && dims > 0)) {
    throw new RangeError(`${where}: dims must be a positive integer (e.g. 784 for 28x28x1), got ${dims}`);
  }
}
