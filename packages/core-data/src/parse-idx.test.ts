import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError } from './dataset-error.js';
import { isGzip, parseIdx } from './parse-idx.js';
import { readIdxFile } from './read-idx-file.js';
import { encodeIdx, gzip, makeTmpDir, writeBytes } from './test-utils/write-idx.js';

function errorOf(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return error as DatasetError;
  }
  throw new Error('expected a DatasetError, nothing was thrown');
}

describe('parseIdx / readIdxFile on good files', () => {
  let tmp: ReturnType<typeof makeTmpDir>;
  beforeEach(() => {
    tmp = makeTmpDir();
  });
  afterEach(() => tmp.cleanup());

  it('reads a raw uint8 file written to disk', () => {
    const values = Array.from({ length: 2 * 3 * 4 }, (_, i) => (i * 37) % 256);
    const path = writeBytes(tmp.dir, 'x-idx3-ubyte', encodeIdx('uint8', [2, 3, 4], values));
    const idx = readIdxFile(path);
    expect(idx.path).toBe(path);
    expect(idx.dtype).toBe('uint8');
    expect(idx.dims).toEqual([2, 3, 4]);
    expect(idx.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(idx.data)).toEqual(values);
  });

  it('reads the same data from a gzipped file', () => {
    const values = Array.from({ length: 50 }, (_, i) => (i * 11) % 256);
    const path = writeBytes(tmp.dir, 'x-idx1-ubyte.gz', gzip(encodeIdx('uint8', [50], values)));
    const idx = readIdxFile(path);
    expect(idx.dims).toEqual([50]);
    expect(Array.from(idx.data)).toEqual(values);
  });

  it.each([
    ['int8', Int8Array, [-128, -1, 0, 1, 127, 5]],
    ['int16', Int16Array, [-32768, -2, 0, 258, 32767, 1000]],
    ['int32', Int32Array, [-2147483648, -70000, 0, 70000, 2147483647, 1]],
    ['float32', Float32Array, [-1.5, 0, 0.25, 2 ** 40, -7.125, 1]],
    ['float64', Float64Array, [Math.PI, -Math.E, 0, 1e-300, -1e300, 0.1]],
  ] as const)('decodes big-endian %s values', (dtype, ArrayType, values) => {
    const idx = parseIdx(encodeIdx(dtype, [2, 3], values), `mem.${dtype}`);
    expect(idx.dtype).toBe(dtype);
    expect(idx.dims).toEqual([2, 3]);
    expect(idx.data).toBeInstanceOf(ArrayType);
    expect(Array.from(idx.data)).toEqual(values);
  });

  it('detects gzip by its magic number', () => {
    expect(isGzip(gzip(new Uint8Array([1, 2, 3])))).toBe(true);
    expect(isGzip(encodeIdx('uint8', [1], [7]))).toBe(false);
  });
});

describe('parseIdx on damaged files', () => {
  it('wrong magic number: names the file, expected 0x00 0x00 and the bytes found', () => {
    const bytes = encodeIdx('uint8', [4], [1, 2, 3, 4]);
    bytes[0] = 0x50;
    bytes[1] = 0x4b;
    const e = errorOf(() => parseIdx(bytes, '/data/bad-magic'));
    expect(e.message).toContain('/data/bad-magic');
    expect(e.message).toMatch(/wrong magic number/);
    expect(e.message).toContain('expected an IDX magic starting 0x00 0x00');
    expect(e.message).toContain('found 0x50 0x4b 0x08 0x01');
  });

  it('unsupported dtype: lists the valid codes and the one found', () => {
    const bytes = encodeIdx('uint8', [4], [1, 2, 3, 4]);
    bytes[2] = 0x0a;
    const e = errorOf(() => parseIdx(bytes, 'odd-dtype.idx'));
    expect(e.message).toContain('odd-dtype.idx');
    expect(e.message).toMatch(/unsupported dtype/);
    expect(e.message).toContain('0x08 (uint8)');
    expect(e.message).toContain('0x0e (float64)');
    expect(e.message).toContain('found 0x0a');
  });

  it('truncated header (shorter than the magic): says how many bytes were expected and found', () => {
    const e = errorOf(() => parseIdx(new Uint8Array([0, 0]), 'tiny.idx'));
    expect(e.message).toContain('tiny.idx');
    expect(e.message).toMatch(/truncated header: expected at least 4 bytes .* found 2 byte/);
  });

  it('truncated header (dims cut off)', () => {
    const full = encodeIdx('uint8', [10, 28, 28], new Uint8Array(7840));
    const e = errorOf(() => parseIdx(full.subarray(0, 10), 'cut-header.idx'));
    expect(e.message).toContain('cut-header.idx');
    expect(e.message).toContain('truncated header: expected 16 header bytes for 3 dims, found 10');
  });

  it('truncated data: expected and found data byte counts', () => {
    const full = encodeIdx('int16', [5, 4], new Array(20).fill(3));
    const e = errorOf(() => parseIdx(full.subarray(0, full.length - 3), 'short.idx'));
    expect(e.message).toContain('short.idx');
    expect(e.message).toContain('truncated data: expected 40 data bytes for dims [5, 4] of int16, found 37');
  });

  it('trailing bytes: more data than the dims say', () => {
    const full = encodeIdx('uint8', [3], [1, 2, 3]);
    const longer = new Uint8Array(full.length + 2);
    longer.set(full);
    const e = errorOf(() => parseIdx(longer, 'long.idx'));
    expect(e.message).toContain('long.idx');
    expect(e.message).toContain('expected 3 data bytes for dims [3] of uint8, found 5');
  });

  it('truncated gzip stream', () => {
    const gz = gzip(encodeIdx('uint8', [1000], new Uint8Array(1000).map((_, i) => (i * 13) % 256)));
    const e = errorOf(() => parseIdx(gz.subarray(0, gz.length - 10), 'cut.gz'));
    expect(e.message).toContain('cut.gz');
    expect(e.message).toMatch(/damaged gzip stream/);
  });

  it('checks the decompressed content of a gzipped file too', () => {
    const full = encodeIdx('uint8', [100], new Uint8Array(100));
    const e = errorOf(() => parseIdx(gzip(full.subarray(0, 60)), 'inner.gz'));
    expect(e.message).toContain('inner.gz');
    expect(e.message).toContain('truncated data: expected 100 data bytes');
    expect(e.message).toContain('after gunzip');
  });

  it('readIdxFile names a missing file', () => {
    const e = errorOf(() => readIdxFile('/nonexistent/dir/file-idx3-ubyte'));
    expect(e.message).toContain('/nonexistent/dir/file-idx3-ubyte');
    expect(e.message).toContain('ENOENT');
  });
});
