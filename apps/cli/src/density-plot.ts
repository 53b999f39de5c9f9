/**
 * A 2-D density figure: the learned density as a heat map (left) next to model samples drawn as
 * a scatter plot (right), on the same square view. Written with pngjs.
 */
import { dirname } from 'node:path';
import { ensureDirSync, writeFileAtomicSync } from '@genmodels/core-nn/node';
import { PNG } from 'pngjs';

export interface DensityView {
  /** Lower and upper bound of both axes. */
  lo: number;
  hi: number;
}

/** Anchors of the viridis colormap (matplotlib), interpolated linearly. */
const VIRIDIS: readonly [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

function viridis(t: number): [number, number, number] {
  const x = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [VIRIDIS[i], VIRIDIS[i + 1]];
  return [0, 1, 2].map((k) => Math.round(a[k] + f * (b[k] - a[k]))) as [number, number, number];
}

/** Grid points of the view, row-major from the top row (largest y) down: [grid * grid * 2]. */
export function gridPoints(view: DensityView, grid: number): Float32Array {
  const points = new Float32Array(grid * grid * 2);
  const step = (view.hi - view.lo) / grid;
  for (let row = 0; row < grid; row++) {
    for (let col = 0; col < grid; col++) {
      const i = row * grid + col;
      points[2 * i] = view.lo + (col + 0.5) * step;
      points[2 * i + 1] = view.hi - (row + 0.5) * step;
    }
  }
  return points;
}

/**
 * Writes the figure: `density` holds p(x) at gridPoints(view, grid) (row-major, top row first),
 * `samples` the sample coordinates (x0, y0, x1, y1, ...). Each heat-map cell is `cell` pixels.
 */
export function writeDensityPlot(path: string, view: DensityView, grid: number, density: ArrayLike<number>, samples: ArrayLike<number>, cell = 2): void {
  const size = grid * cell;
  const gap = 8;
  const png = new PNG({ width: 2 * size + gap, height: size });
  png.data.fill(255);
  let max = 0;
  for (let i = 0; i < density.length; i++) if (Number.isFinite(density[i])) max = Math.max(max, density[i]);
  for (let row = 0; row < grid; row++) {
    for (let col = 0; col < grid; col++) {
      const value = density[row * grid + col];
      const color = viridis(max > 0 && Number.isFinite(value) ? value / max : 0);
      for (let dy = 0; dy < cell; dy++) {
        for (let dx = 0; dx < cell; dx++) {
          const o = ((row * cell + dy) * png.width + col * cell + dx) * 4;
          png.data[o] = color[0];
          png.data[o + 1] = color[1];
          png.data[o + 2] = color[2];
          png.data[o + 3] = 255;
        }
      }
    }
  }
  const left = size + gap;
  for (let i = 0; i + 1 < samples.length; i += 2) {
    const px = Math.round(((samples[i] - view.lo) / (view.hi - view.lo)) * (size - 1));
    const py = Math.round((1 - (samples[i + 1] - view.lo) / (view.hi - view.lo)) * (size - 1));
    if (!(px >= 0 && py >= 0 && px < size && py < size)) continue;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const x = px + dx;
        const y = py + dy;
        if (x < 0 || y < 0 || x >= size || y >= size) continue;
        const o = (y * png.width + left + x) * 4;
        png.data[o] = 30;
        png.data[o + 1] = 80;
        png.data[o + 2] = 160;
      }
    }
  }
  ensureDirSync(dirname(path));
  writeFileAtomicSync(path, PNG.sync.write(png));
}
