/**
 * Scatter plots of 2-D points coloured by class (e.g. a VAE's encoded test set), as SVG (by the
 * file extension .svg) or PNG, with a legend of the classes. The view is fitted to the points.
 */
import { dirname } from 'node:path';
import { ensureDirSync, writeFileAtomicSync } from '@genmodels/core-nn/node';
import { PNG } from 'pngjs';

/** The tab10 palette (matplotlib), one colour per class, repeating after ten. */
const PALETTE: readonly [number, number, number][] = [
  [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
  [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
];

function bounds(points: ArrayLike<number>): { x0: number; x1: number; y0: number; y1: number } {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const [x, y] = [points[i], points[i + 1]];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  const mx = (x1 - x0) * 0.05 || 1;
  const my = (y1 - y0) * 0.05 || 1;
  return { x0: x0 - mx, x1: x1 + mx, y0: y0 - my, y1: y1 + my };
}

/** Writes points [n * 2] (x, y pairs) with one class label each to `path` (.svg or .png). */
export function writeClassScatter(points: ArrayLike<number>, labels: ArrayLike<number>, path: string, classNames?: readonly string[], size = 600): void {
  if (points.length !== 2 * labels.length) {
    throw new Error(`writeClassScatter: expected one label per point, got ${points.length / 2} points and ${labels.length} labels`);
  }
  const { x0, x1, y0, y1 } = bounds(points);
  const px = (x: number) => ((x - x0) / (x1 - x0)) * (size - 1);
  const py = (y: number) => (1 - (y - y0) / (y1 - y0)) * (size - 1);
  const classes = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  const colour = (label: number) => PALETTE[((label % PALETTE.length) + PALETTE.length) % PALETTE.length];
  ensureDirSync(dirname(path));
  if (path.toLowerCase().endsWith('.svg')) {
    const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${size + 140}" height="${size}" viewBox="0 0 ${size + 140} ${size}">`, '<rect width="100%" height="100%" fill="white"/>'];
    for (let i = 0; i < labels.length; i++) {
      const [r, g, b] = colour(labels[i]);
      parts.push(`<circle cx="${px(points[2 * i]).toFixed(1)}" cy="${py(points[2 * i + 1]).toFixed(1)}" r="2" fill="rgb(${r},${g},${b})" fill-opacity="0.7"/>`);
    }
    classes.forEach((label, k) => {
      const [r, g, b] = colour(label);
      const name = classNames?.[label] ?? String(label);
      parts.push(`<rect x="${size + 10}" y="${10 + 18 * k}" width="12" height="12" fill="rgb(${r},${g},${b})"/>`);
      parts.push(`<text x="${size + 28}" y="${21 + 18 * k}" font-family="sans-serif" font-size="12">${name.replace(/[<&>]/g, '')}</text>`);
    });
    parts.push('</svg>');
    writeFileAtomicSync(path, parts.join('\n'));
    return;
  }
  const png = new PNG({ width: size + 40, height: size });
  png.data.fill(255);
  const put = (x: number, y: number, [r, g, b]: [number, number, number]) => {
    if (x < 0 || y < 0 || x >= png.width || y >= png.height) return;
    const at = (y * png.width + x) * 4;
    png.data[at] = r;
    png.data[at + 1] = g;
    png.data[at + 2] = b;
  };
  for (let i = 0; i < labels.length; i++) {
    const cx = Math.round(px(points[2 * i]));
    const cy = Math.round(py(points[2 * i + 1]));
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) put(cx + dx, cy + dy, colour(labels[i]));
  }
  // Legend: one colour swatch per class, top to bottom in class order.
  classes.forEach((label, k) => {
    for (let dy = 0; dy < 10; dy++) for (let dx = 0; dx < 20; dx++) put(size + 10 + dx, 10 + 14 * k + dy, colour(label));
  });
  writeFileAtomicSync(path, PNG.sync.write(png));
}
