import { gunzipSync } from 'fflate';
import { DatasetError } from './dataset-error.js';

/** Element types of the IDX format. */
export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** A parsed IDX file: its dims (outermost first) and its data in row-major order, native endianness. */
export interface IdxData {
  /** The file (or source name) it was parsed from. */
  path: string;
  dims: number[];
  dtype: IdxDtype;
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const DTYPES: Record<number, { dtype: IdxDtype; bytes: number }> = {
  0x08: { dtype: 'uint8', bytes: 1 },
  0x09: { dtype: 'int8', bytes: 1 },
  0x0b: { dtype: 'int16', bytes: 2 },
  0x0c: { dtype: 'int32', bytes: 4 },
  0x0d: { dtype: 'float32', bytes: 4 },
  0x0e: { dtype: 'float64', bytes: 8 },
};

/** Files above this many bytes of data are refused (they would not fit in one typed array anyway). */
const MAX_DATA_BYTES = 2 ** 31 - 1;

const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0')}`;

function hexBytes(bytes: Uint8Array, count: number): string {
  const shown = Array.from(bytes.subarray(0, count), hex).join(' ');
  return shown === '' ? '(no bytes)' : shown;
}

/** True when `bytes` starts with the gzip magic number 1f 8b (RFC 1952). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Parses an IDX file (LeCun, Cortes and Burges, "The MNIST database", file format section):
 * magic 0x00 0x00 <dtype 0x08..0x0E> <ndims>, then ndims big-endian uint32 dims, then the data,
 * big-endian, row-major. Gzipped input (1f 8b magic) is decompressed first (fflate, so that this
 * runs in a browser too: pass the bytes of a fetch or a File).
 *
 * Every check fails with a DatasetError that names `sourceName`, what was expected and what was
 * found: wrong magic, unsupported dtype, no dims, truncated header, data shorter or longer than
 * the dims say, damaged gzip stream.
 *
 * For uint8 and int8 data the returned array is a view of the (decompressed) input bytes.
 */
export function parseIdx(bytes: Uint8Array, sourceName: string): IdxData {
  if (isGzip(bytes)) {
    let inflated: Uint8Array;
    try {
      inflated = gunzipSync(bytes);
    } catch (error) {
      throw new DatasetError(
        `${sourceName}: damaged gzip stream: expected a complete gzip file (it starts with the gzip magic 1f 8b), ` +
          `found ${bytes.length} bytes that do not decompress (${(error as Error).message}). ` +
          'Download the file again.',
        { cause: error },
      );
    }
    return parseRawIdx(inflated, sourceName, ` (after gunzip of ${bytes.length} bytes)`);
  }
  return parseRawIdx(bytes, sourceName, '');
}

function parseRawIdx(bytes: Uint8Array, sourceName: string, note: string): IdxData {
  const fail = (what: string): never => {
    throw new DatasetError(`${sourceName}: ${what}${note}. The file is damaged or not an IDX file; download it again.`);
  };
  if (bytes.length < 4) {
    fail(`truncated header: expected at least 4 bytes (the IDX magic number), found ${bytes.length} byte(s) [${hexBytes(bytes, 4)}]`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    fail(`wrong magic number: expected an IDX magic starting 0x00 0x00, found ${hexBytes(bytes, 4)}`);
  }
  const code = bytes[2];
  const type = DTYPES[code];
  if (type === undefined) {
    fail(
      `unsupported dtype: expected an IDX type code of 0x08 (uint8), 0x09 (int8), 0x0b (int16), 0x0c (int32), ` +
        `0x0d (float32) or 0x0e (float64), found ${hex(code)}`,
    );
  }
  const ndims = bytes[3];
  if (ndims === 0) fail('no dimensions: expected ndims >= 1 in the 4th magic byte, found 0');
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    fail(`truncated header: expected ${headerBytes} header bytes for ${ndims} dims, found ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < ndims; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    count *= d;
  }
  const dataBytes = count * type.bytes;
  if (dataBytes > MAX_DATA_BYTES) {
    fail(`dims [${dims.join(', ')}] need ${dataBytes} data bytes, more than the ${MAX_DATA_BYTES} supported`);
  }
  const found = bytes.length - headerBytes;
  if (found < dataBytes) {
    fail(
      `truncated data: expected ${dataBytes} data bytes for dims [${dims.join(', ')}] of ${type.dtype}, ` +
        `found ${found} (file is ${bytes.length} bytes, should be ${headerBytes + dataBytes})`,
    );
  }
  if (found > dataBytes) {
    fail(
      `trailing bytes: expected ${dataBytes} data bytes for dims [${dims.join(', ')}] of ${type.dtype}, ` +
        `found ${found} (file is ${bytes.length} bytes, should be ${headerBytes + dataBytes})`,
    );
  }
  const start = bytes.byteOffset + headerBytes;
  let data: IdxData['data'];
  switch (type.dtype) {
    case 'uint8':
      data = new Uint8Array(bytes.buffer, start, count);
      break;
    case 'int8':
      data = new Int8Array(bytes.buffer, start, count);
      break;
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(headerBytes + 2 * i, false);
      data = out;
      break;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(headerBytes + 4 * i, false);
      data = out;
      break;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(headerBytes + 4 * i, false);
      data = out;
      break;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(headerBytes + 8 * i, false);
      data = out;
      break;
    }
  }
  return { path: sourceName, dims, dtype: type.dtype, data };
}
