// Test helpers: build IDX files byte by byte (independently of parseIdx) and write them to a tmp dir.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const CODES = { uint8: 0x08, int8: 0x09, int16: 0x0b, int32: 0x0c, float32: 0x0d, float64: 0x0e } as const;
const SIZES = { uint8: 1, int8: 1, int16: 2, int32: 4, float32: 4, float64: 8 } as const;

/** Encodes values as a big-endian IDX file. */
export function encodeIdx(dtype: keyof typeof CODES, dims: number[], values: ArrayLike<number>): Uint8Array {
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + values.length * SIZES[dtype]);
  const view = new DataView(out.buffer);
  out[2] = CODES[dtype];
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < values.length; i++) {
    const at = header + i * SIZES[dtype];
    const v = values[i];
    if (dtype === 'uint8') view.setUint8(at, v);
    else if (dtype === 'int8') view.setInt8(at, v);
    else if (dtype === 'int16') view.setInt16(at, v, false);
    else if (dtype === 'int32') view.setInt32(at, v, false);
    else if (dtype === 'float32') view.setFloat32(at, v, false);
    else view.setFloat64(at, v, false);
  }
  return out;
}

export function gzip(bytes: Uint8Array): Uint8Array {
  return gzipSync(bytes);
}

/** A fresh temporary directory and a function that removes it. */
export function makeTmpDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'core-data-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeBytes(dir: string, name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/**
 * Writes a tiny MNIST-shaped split: `count` 28x28 images whose pixel j of image i is (i * 7 + j) % 256,
 * and labels i % 10. `labelCount` overrides the number of labels (for mismatch tests).
 */
export function writeTinySplit(
  dir: string,
  prefix: 'train' | 't10k',
  count: number,
  options: { gzipImages?: boolean; gzipLabels?: boolean; labelCount?: number } = {},
): { imagesPath: string; labelsPath: string; images: Uint8Array; labels: Uint8Array } {
  const images = new Uint8Array(count * 784);
  for (let i = 0; i < count; i++) for (let j = 0; j < 784; j++) images[i * 784 + j] = (i * 7 + j) % 256;
  const labelCount = options.labelCount ?? count;
  const labels = new Uint8Array(labelCount);
  for (let i = 0; i < labelCount; i++) labels[i] = i % 10;
  const imagesFile = encodeIdx('uint8', [count, 28, 28], images);
  const labelsFile = encodeIdx('uint8', [labelCount], labels);
  const imagesPath = writeBytes(
    dir,
    `${prefix}-images-idx3-ubyte${options.gzipImages ? '.gz' : ''}`,
    options.gzipImages ? gzip(imagesFile) : imagesFile,
  );
  const labelsPath = writeBytes(
    dir,
    `${prefix}-labels-idx1-ubyte${options.gzipLabels ? '.gz' : ''}`,
    options.gzipLabels ? gzip(labelsFile) : labelsFile,
  );
  return { imagesPath, labelsPath, images, labels };
}
