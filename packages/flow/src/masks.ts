/**
 * Binary masks of RealNVP's coupling layers (Dinh et al. 2017, sec 3.4), as host arrays with
 * their broadcast shapes. 1 marks the entries a coupling keeps (and conditions on); 0 the ones it
 * transforms.
 */
export interface Mask {
  values: Float32Array;
  /** Broadcastable to the batch: [1, h, w, 1], [1, 1, 1, c] or [1, d]. */
  shape: number[];
}

export type MaskType = 'checkerboard' | 'channel' | 'alternate';

/** Checkerboard over space: 1 where (row + column) % 2 == parity. */
export function checkerboardMask(height: number, width: number, parity: 0 | 1): Mask {
  const values = new Float32Array(height * width);
  for (let i = 0; i < height; i++) for (let j = 0; j < width; j++) values[i * width + j] = (i + j) % 2 === parity ? 1 : 0;
  return { values, shape: [1, height, width, 1] };
}

/** Channel-wise: the first half of the channels (parity 0) or the second half (parity 1) is kept. */
export function channelMask(channels: number, parity: 0 | 1): Mask {
  if (channels < 2) throw new Error(`channelMask: need at least 2 channels to split, got ${channels}; squeeze first`);
  const values = new Float32Array(channels);
  const half = Math.floor(channels / 2);
  for (let c = 0; c < channels; c++) values[c] = (c < half) === (parity === 0) ? 1 : 0;
  return { values, shape: [1, 1, 1, channels] };
}

/** For vectors: 1 at the features with index % 2 == parity. */
export function alternatingMask(features: number, parity: 0 | 1): Mask {
  if (features < 2) throw new Error(`alternatingMask: need at least 2 features, got ${features}`);
  const values = new Float32Array(features);
  for (let i = 0; i < features; i++) values[i] = i % 2 === parity ? 1 : 0;
  return { values, shape: [1, features] };
}
