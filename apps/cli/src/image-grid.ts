/** Writes a batch of images as one PNG grid (pngjs), and 2-D point sets as scatter plots. */
import { dirname } from 'node:path';
import { ensureDirSync, writeFileAtomicSync } from '@genmodels/core-nn/node';
import type * as tf from '@tensorflow/tfjs-core';
import { PNG } from 'pngjs';

export interface GridOptions {
  /** Images per row; default ceil(sqrt(n)). */
  columns?: number;
  /** Pixel replication factor, so 28x28 digits are visible. Default 2. */
  scale?: number;
  /** Value range of the images: [0, 1] (default) or [-1, 1]. */
  range?: 'unit' | 'symmetric';
}

/** Renders images shaped [n, h, w, c] (c = 1 or 3) into a grid PNG at `path`. */
export async function writeImageGrid(images: tf.Tensor, path: string, options: GridOptions = {}): Promise<void> {
  if (images.rank !== 4 || (images.shape[3] !== 1 && images.shape[3] !== 3)) {
    throw new Error(`writeImageGrid: expected images shaped [n, height, width, 1 or 3], got [${images.shape.join(', ')}]`);
  }
  const [n, h, w, c] = images.shape as [number, number, number, number];
  const columns = options.columns ?? Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / columns);
  const scale = options.scale ?? 2;
  const pad = 2;
  const values = await images.data();
  const toByte = options.range === 'symmetric' ? (v: number) => ((v + 1) / 2) * 255 : (v: number) => v * 255;
  const width = columns * (w * scale + pad) + pad;
  const height = rows * (h * scale + pad) + pad;
  const png = new PNG({ width, height });
  png.data.fill(255);
  for (let i = 0; i < n; i++) {
    const originX = pad + (i % columns) * (w * scale + pad);
    const originY = pad + Math.floor(i / columns) * (h * scale + pad);
    for (let y = 0; y < h * scale; y++) {
      for (let x = 0; x < w * scale; x++) {
        const src = ((i * h + Math.floor(y / scale)) * w + Math.floor(x / scale)) * c;
        const dst = ((originY + y) * width + originX + x) * 4;
        for (let k = 0; k < 3; k++) {
          const v = toByte(values[src + (c === 3 ? k : 0)]);
          png.data[dst + k] = Math.max(0, Math.min(255, Math.round(v)));
        }
        png.data[dst + 3] = 255;
      }
    }
  }
  writePng(png, path);
}

/** Renders 2-D points [n, 2] as a scatter plot PNG; the view is fitted to the points. */
export async function writeScatterPlot(points: tf.Tensor, path: string, size = 512): Promise<void> {
  if (points.rank !== 2 || points.shape[1] !== 2) {
    throw new Error(`writeScatterPlot: expected points shaped [n, 2], got [${points.shape.join(', ')}]`);
  }
  const values = await points.data();
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const margin = (hi - lo) * 0.05 || 1;
  lo -= margin;
  hi += margin;
  const png = new PNG({ width: size, height: size });
  png.data.fill(255);
  for (let i = 0; i + 1 < values.length; i += 2) {
    const px = Math.round(((values[i] - lo) / (hi - lo)) * (size - 1));
    const py = Math.round((1 - (values[i + 1] - lo) / (hi - lo)) * (size - 1));
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const x = px + dx;
        const y = py + dy;
        if (x < 0 || y < 0 || x >= size || y >= size) continue;
        const dst = (y * size + x) * 4;
        png.data[dst] = 30;
        png.data[dst + 1] = 80;
        png.data[dst + 2] = 160;
      }
    }
  }
  writePng(png, path);
}

/** Written atomically (tmp + rename), so an interrupted command never leaves a torn PNG. */
function writePng(png: PNG, path: string): void {
  ensureDirSync(dirname(path));
  writeFileAtomicSync(path, PNG.sync.write(png));
}
