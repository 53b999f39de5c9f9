import * as tf from '@tensorflow/tfjs-core';
import type { DataType, NamedTensorMap } from '@tensorflow/tfjs-core';

/**
 * The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * u64 header size N, N bytes of UTF-8 JSON
 * `{"<name>": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {str: str}}`
 * (offsets relative to the byte buffer after the header; tensors contiguous, no holes, no
 * overlap; the header may be padded with spaces), then the little-endian byte buffer.
 */
export type SafetensorsDType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U64' | 'U32' | 'U16' | 'U8' | 'BOOL';

export type SafetensorsArray =
  | Float64Array
  | Float32Array
  | Uint16Array
  | BigInt64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | BigUint64Array
  | Uint32Array
  | Uint8Array;

export interface SafetensorsTensor {
  dtype: SafetensorsDType;
  shape: number[];
  data: SafetensorsArray;
}

const DTYPES: Record<SafetensorsDType, { bytes: number; make: (buffer: ArrayBuffer) => SafetensorsArray }> = {
  F64: { bytes: 8, make: (b) => new Float64Array(b) },
  F32: { bytes: 4, make: (b) => new Float32Array(b) },
  F16: { bytes: 2, make: (b) => new Uint16Array(b) },
  BF16: { bytes: 2, make: (b) => new Uint16Array(b) },
  I64: { bytes: 8, make: (b) => new BigInt64Array(b) },
  I32: { bytes: 4, make: (b) => new Int32Array(b) },
  I16: { bytes: 2, make: (b) => new Int16Array(b) },
  I8: { bytes: 1, make: (b) => new Int8Array(b) },
  U64: { bytes: 8, make: (b) => new BigUint64Array(b) },
  U32: { bytes: 4, make: (b) => new Uint32Array(b) },
  U16: { bytes: 2, make: (b) => new Uint16Array(b) },
  U8: { bytes: 1, make: (b) => new Uint8Array(b) },
  BOOL: { bytes: 1, make: (b) => new Uint8Array(b) },
};

const MAX_HEADER_BYTES = 100 * 1024 * 1024;
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function product(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function toLittleEndianBytes(data: SafetensorsArray, elementBytes: number): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (littleEndian || elementBytes === 1) return bytes;
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += elementBytes) {
    for (let j = 0; j < elementBytes; j++) swapped[i + j] = bytes[i + elementBytes - 1 - j];
  }
  return swapped;
}

/**
 * Serialises tensors to safetensors bytes. Tensors are laid out in name order; the header is
 * padded with spaces to a multiple of 8 bytes so that every tensor starts 8-byte aligned.
 */
export function encodeSafetensors(tensors: Record<string, SafetensorsTensor>, metadata?: Record<string, string>): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new Error(`encodeSafetensors: metadata value for "${k}" must be a string`);
    }
    header.__metadata__ = metadata;
  }
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const name of names) {
    if (name === '__metadata__') throw new Error('encodeSafetensors: "__metadata__" is reserved and cannot name a tensor');
    const { dtype, shape, data } = tensors[name];
    const info = DTYPES[dtype];
    if (!info) throw new Error(`encodeSafetensors: tensor "${name}" has unknown dtype "${dtype}"`);
    if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new Error(`encodeSafetensors: tensor "${name}" has an invalid shape [${shape.join(', ')}]`);
    }
    if (data.length !== product(shape)) {
      throw new Error(`encodeSafetensors: tensor "${name}" has ${data.length} values but shape [${shape.join(', ')}] needs ${product(shape)}`);
    }
    if (data.BYTES_PER_ELEMENT !== info.bytes) {
      throw new Error(`encodeSafetensors: tensor "${name}" is ${dtype} (${info.bytes} bytes) but its array has ${data.BYTES_PER_ELEMENT}-byte elements`);
    }
    const bytes = toLittleEndianBytes(data, info.bytes);
    header[name] = { dtype, shape, data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  let jsonBytes = new TextEncoder().encode(json);
  const padding = (8 - (jsonBytes.length % 8)) % 8;
  if (padding) {
    json += ' '.repeat(padding);
    jsonBytes = new TextEncoder().encode(json);
  }
  const out = new Uint8Array(8 + jsonBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(jsonBytes.length), true);
  out.set(jsonBytes, 8);
  let position = 8 + jsonBytes.length;
  for (const chunk of chunks) {
    out.set(chunk, position);
    position += chunk.length;
  }
  return out;
}

/**
 * Parses and validates safetensors bytes. Errors name `sourceName` (a file path) and what is
 * wrong: a truncated file, a header size beyond the file, invalid JSON, unknown dtypes, bad
 * shapes, offsets that do not match the shape, overlap, holes, or trailing bytes.
 */
export function decodeSafetensors(
  bytes: Uint8Array,
  sourceName: string,
): { tensors: Record<string, SafetensorsTensor>; metadata: Record<string, string> } {
  const fail = (what: string): never => {
    throw new Error(`${sourceName}: not a valid safetensors file (${what})`);
  };
  if (bytes.length < 8) fail(`only ${bytes.length} bytes; the 8-byte header size is missing`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerSize = view.getBigUint64(0, true);
  if (headerSize > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - 8))) {
    fail(`header size ${headerSize} exceeds the ${bytes.length - 8} bytes after the size field`);
  }
  const n = Number(headerSize);
  let header: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
    if (!text.startsWith('{')) fail('the header does not start with "{"');
    header = JSON.parse(text);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(sourceName)) throw error;
    fail(`the header is not UTF-8 JSON: ${(error as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('the header is not a JSON object');
  const bufferStart = 8 + n;
  const bufferLength = bytes.length - bufferStart;
  const metadata: Record<string, string> = {};
  const entries: { name: string; dtype: SafetensorsDType; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('__metadata__ is not an object');
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`__metadata__["${k}"] is not a string`);
        metadata[k] = v as string;
      }
      continue;
    }
    const entry = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof entry !== 'object' || entry === null) fail(`entry "${name}" is not an object`);
    const dtype = entry.dtype as SafetensorsDType;
    if (typeof dtype !== 'string' || !Object.hasOwn(DTYPES, dtype)) fail(`tensor "${name}" has unknown dtype ${JSON.stringify(entry.dtype)}`);
    const shape = entry.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`tensor "${name}" has an invalid shape ${JSON.stringify(shape)}`);
    }
    const offsets = entry.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      fail(`tensor "${name}" has invalid data_offsets ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    const expected = product(shape as number[]) * DTYPES[dtype].bytes;
    if (end < begin || end - begin !== expected) {
      fail(`tensor "${name}" spans bytes [${begin}, ${end}) but ${dtype}[${(shape as number[]).join(', ')}] needs ${expected} bytes`);
    }
    if (end > bufferLength) fail(`tensor "${name}" ends at byte ${end} beyond the ${bufferLength}-byte buffer (truncated file?)`);
    entries.push({ name, dtype, shape: shape as number[], begin, end });
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const e of entries) {
    if (e.begin < cursor) fail(`tensor "${e.name}" overlaps the previous tensor`);
    if (e.begin > cursor) fail(`a hole of ${e.begin - cursor} bytes before tensor "${e.name}"`);
    cursor = e.end;
  }
  if (cursor !== bufferLength) fail(`${bufferLength - cursor} bytes after the last tensor are not indexed by the header`);
  const tensors: Record<string, SafetensorsTensor> = {};
  for (const e of entries) {
    const info = DTYPES[e.dtype];
    // Uint8Array's slice copies; a Node Buffer's slice is a view of a shared pool, so call Uint8Array's.
    const copy = Uint8Array.prototype.slice.call(bytes, bufferStart + e.begin, bufferStart + e.end);
    if (!littleEndian && info.bytes > 1) {
      for (let i = 0; i < copy.length; i += info.bytes) copy.subarray(i, i + info.bytes).reverse();
    }
    tensors[e.name] = { dtype: e.dtype, shape: e.shape, data: info.make(copy.buffer) };
  }
  return { tensors, metadata };
}

const TF_TO_SAFETENSORS: Partial<Record<DataType, SafetensorsDType>> = { float32: 'F32', int32: 'I32', bool: 'BOOL' };

/** Reads tensors back from the device (async) and encodes them; float32, int32 and bool are supported. */
export async function tensorsToSafetensors(tensors: NamedTensorMap, metadata?: Record<string, string>): Promise<Uint8Array> {
  const entries: Record<string, SafetensorsTensor> = {};
  for (const [name, t] of Object.entries(tensors)) {
    const dtype = TF_TO_SAFETENSORS[t.dtype];
    if (!dtype) throw new Error(`tensorsToSafetensors: tensor "${name}" has dtype ${t.dtype}, which cannot be saved (use float32, int32 or bool)`);
    const values = await t.data();
    const data = dtype === 'BOOL' ? Uint8Array.from(values as ArrayLike<number>) : (values as Float32Array | Int32Array);
    entries[name] = { dtype, shape: [...t.shape], data };
  }
  return encodeSafetensors(entries, metadata);
}

/** Decodes safetensors bytes into tensors the caller owns. F32, F64 (cast to float32), I32, BOOL, U8 and I8/I16 (to int32) are accepted. */
export function safetensorsToTensors(bytes: Uint8Array, sourceName: string): { tensors: NamedTensorMap; metadata: Record<string, string> } {
  const decoded = decodeSafetensors(bytes, sourceName);
  const tensors: NamedTensorMap = {};
  for (const [name, t] of Object.entries(decoded.tensors)) {
    switch (t.dtype) {
      case 'F32':
        tensors[name] = tf.tensor(t.data as Float32Array, t.shape, 'float32');
        break;
      case 'F64':
        tensors[name] = tf.tensor(Float32Array.from(t.data as Float64Array), t.shape, 'float32');
        break;
      case 'I32':
        tensors[name] = tf.tensor(t.data as Int32Array, t.shape, 'int32');
        break;
      case 'I16':
      case 'I8':
      case 'U8':
        tensors[name] = tf.tensor(Int32Array.from(t.data as ArrayLike<number>), t.shape, 'int32');
        break;
      case 'BOOL':
        tensors[name] = tf.tensor(t.data as Uint8Array, t.shape, 'bool');
        break;
      default:
        tf.dispose(Object.values(tensors));
        throw new Error(`${sourceName}: tensor "${name}" has dtype ${t.dtype}, which TF.js cannot load here (F32, F64, I32, I16, I8, U8, BOOL are supported)`);
    }
  }
  return { tensors, metadata: decoded.metadata };
}
