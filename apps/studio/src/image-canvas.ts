/** Draws image batches ([n, h, w, c] in [0, 1]) on canvases at their own resolution; CSS scales them up, pixelated. */
import type { ImageBatch } from './worker-protocol.js';

/** Pixels of image `index` of the batch as RGBA bytes. */
export function imageRgba(batch: ImageBatch, index: number): Uint8ClampedArray<ArrayBuffer> {
  const [, h, w, c] = batch.shape;
  const out = new Uint8ClampedArray(h * w * 4);
  const base = index * h * w * c;
  for (let p = 0; p < h * w; p++) {
    for (let k = 0; k < 3; k++) out[p * 4 + k] = Math.round(255 * batch.data[base + p * c + (c === 1 ? 0 : k)]!);
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** Draws the batch as a grid of `columns` images with a 1-pixel gap. */
export function drawGrid(canvas: HTMLCanvasElement, batch: ImageBatch, columns: number): void {
  const [n, h, w] = batch.shape;
  const rows = Math.ceil(n / columns);
  canvas.width = columns * (w + 1) - 1;
  canvas.height = rows * (h + 1) - 1;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#202020';
  context.fillRect(0, 0, canvas.width, canvas.height);
  for (let i = 0; i < n; i++) {
    const image = new ImageData(imageRgba(batch, i), w, h);
    context.putImageData(image, (i % columns) * (w + 1), Math.floor(i / columns) * (h + 1));
  }
}

/** Image `index` of the batch, alone, on the canvas. */
export function drawImage(canvas: HTMLCanvasElement, batch: ImageBatch, index = 0): void {
  const [, h, w] = batch.shape;
  canvas.width = w;
  canvas.height = h;
  canvas.getContext('2d')!.putImageData(new ImageData(imageRgba(batch, index), w, h), 0, 0);
}

/** One image [1, h, w, c] read back from a canvas drawn by drawImage (c = 1 takes the red channel). */
export function canvasImage(canvas: HTMLCanvasElement, channels: number): ImageBatch {
  const { width: w, height: h } = canvas;
  const rgba = canvas.getContext('2d')!.getImageData(0, 0, w, h).data;
  const data = new Float32Array(h * w * channels);
  for (let p = 0; p < h * w; p++) for (let k = 0; k < channels; k++) data[p * channels + k] = rgba[p * 4 + k]! / 255;
  return { data, shape: [1, h, w, channels] };
}
