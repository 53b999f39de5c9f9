/**
 * Writes a sampling trajectory as an animated GIF (gifenc): each frame is a grid of the batch at
 * one step, grey images through a fixed 256-level palette, colour images through gifenc's quantizer.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import gifenc from 'gifenc';

export interface GifFrame {
  /** [n, h, w, c] values, row-major, c = 1 or 3. */
  values: Float32Array;
}

/** A step of a sampling pipeline, as far as the recorder reads it. */
export interface TrajectoryStep {
  readonly index: number;
  readonly total: number;
  readonly sample: { data(): Promise<ArrayLike<number>> };
}

/**
 * Collects the frames of a sampling trajectory from a pipeline's step callback: every k-th step
 * (at most `maxFrames`, evenly spaced) and the last, read from the backend only for those steps.
 */
export class TrajectoryRecorder {
  readonly frames: GifFrame[] = [];

  constructor(private readonly maxFrames = 40) {}

  async record(step: TrajectoryStep): Promise<void> {
    const every = Math.max(1, Math.floor(step.total / this.maxFrames));
    if (step.index % every === 0 || step.index === step.total - 1) this.frames.push({ values: Float32Array.from(await step.sample.data()) });
  }
}

export interface TrajectoryGifOptions {
  shape: readonly [number, number, number, number];
  range: 'unit' | 'symmetric';
  /** Milliseconds per frame (the last frame is held 2 s). */
  delay?: number;
  scale?: number;
}

const GREY_PALETTE = Array.from({ length: 256 }, (_, v) => [v, v, v]);

export function writeTrajectoryGif(frames: readonly GifFrame[], path: string, options: TrajectoryGifOptions): void {
  if (frames.length === 0) throw new Error('writeTrajectoryGif: no frames to write');
  const [n, h, w, c] = options.shape;
  const scale = options.scale ?? 2;
  const columns = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / columns);
  const pad = 2;
  const width = columns * (w * scale + pad) + pad;
  const height = rows * (h * scale + pad) + pad;
  const toByte = options.range === 'symmetric' ? (v: number) => ((v + 1) / 2) * 255 : (v: number) => v * 255;
  const encoder = gifenc.GIFEncoder();
  frames.forEach((frame, f) => {
    const rgba = new Uint8Array(width * height * 4).fill(255);
    for (let i = 0; i < n; i++) {
      const x0 = pad + (i % columns) * (w * scale + pad);
      const y0 = pad + Math.floor(i / columns) * (h * scale + pad);
      for (let y = 0; y < h * scale; y++) {
        for (let x = 0; x < w * scale; x++) {
          const base = ((i * h + Math.floor(y / scale)) * w + Math.floor(x / scale)) * c;
          const out = ((y0 + y) * width + x0 + x) * 4;
          for (let k = 0; k < 3; k++) {
            const v = frame.values[base + (c === 1 ? 0 : k)];
            rgba[out + k] = Math.max(0, Math.min(255, Math.round(toByte(Number.isFinite(v) ? v : 0))));
          }
        }
      }
    }
    const delay = f === frames.length - 1 ? 2000 : (options.delay ?? 80);
    if (c === 1) {
      const index = new Uint8Array(width * height);
      for (let p = 0; p < index.length; p++) index[p] = rgba[p * 4];
      encoder.writeFrame(index, width, height, { palette: GREY_PALETTE, delay });
    } else {
      const palette = gifenc.quantize(rgba, 256);
      encoder.writeFrame(gifenc.applyPalette(rgba, palette), width, height, { palette, delay });
    }
  });
  encoder.finish();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, encoder.bytes());
}
