import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, safetensorsToTensors, tensorsToSafetensors } from './safetensors.js';

function u64le(n: number): number[] {
  return [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >> 24) & 0xff, 0, 0, 0, 0];
}
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** Builds a safetensors file by hand from a header string and raw bytes. */
function handBuilt(header: string, data: number[]): Uint8Array {
  return Uint8Array.from([...u64le(header.length), ...ascii(header), ...data]);
}

describe('safetensors', () => {
  it('encodes exactly the bytes the spec prescribes for a hand-built example', () => {
    const bytes = encodeSafetensors({
      b: { dtype: 'I32', shape: [1], data: Int32Array.from([7]) },
      a: { dtype: 'F32', shape: [2], data: Float32Array.from([1, -2]) },
    });
    const json = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"I32","shape":[1],"data_offsets":[8,12]}}';
    const padded = json + ' '.repeat((8 - (json.length % 8)) % 8);
    const expected = [
      ...u64le(padded.length),
      ...ascii(padded),
      // 1.0f32 little-endian, -2.0f32, then int32 7
      0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0, 0x07, 0x00, 0x00, 0x00,
    ];
    expect(Array.from(bytes)).toEqual(expected);
    expect(padded.length % 8).toBe(0);
  });

  it('decodes a hand-built file with metadata, padding and non-sorted keys', () => {
    const header = '{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[1,2],"data_offsets":[2,10]},"m":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}   ';
    const bytes = handBuilt(header, [5, 250, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x40, 0x40]);
    const { tensors, metadata } = decodeSafetensors(bytes, 'hand.safetensors');
    expect(metadata).toEqual({ format: 'pt' });
    expect(tensors.w.shape).toEqual([1, 2]);
    expect(Array.from(tensors.w.data as Float32Array)).toEqual([1, 3]);
    expect(Array.from(tensors.m.data as Uint8Array)).toEqual([5, 250]);
  });

  it('round-trips every dtype and the metadata', () => {
    const input = {
      f64: { dtype: 'F64' as const, shape: [2], data: Float64Array.from([Math.PI, -1e300]) },
      f32: { dtype: 'F32' as const, shape: [2, 2], data: Float32Array.from([0.1, Number.NaN, Infinity, -0]) },
      i64: { dtype: 'I64' as const, shape: [1], data: BigInt64Array.from([-(2n ** 62n)]) },
      i16: { dtype: 'I16' as const, shape: [3], data: Int16Array.from([-3, 0, 30000]) },
      bool: { dtype: 'BOOL' as const, shape: [3], data: Uint8Array.from([1, 0, 1]) },
      empty: { dtype: 'F32' as const, shape: [0, 4], data: new Float32Array(0) },
      scalar: { dtype: 'I32' as const, shape: [], data: Int32Array.from([-9]) },
    };
    const bytes = encodeSafetensors(input, { note: 'hello' });
    const { tensors, metadata } = decodeSafetensors(bytes, 'x');
    expect(metadata).toEqual({ note: 'hello' });
    for (const [name, t] of Object.entries(input)) {
      expect(tensors[name].dtype).toBe(t.dtype);
      expect(tensors[name].shape).toEqual(t.shape);
      expect(new Uint8Array(tensors[name].data.buffer)).toEqual(new Uint8Array(t.data.buffer));
    }
  });

  it('decodes a Node Buffer (as fs.readFileSync returns) into arrays of exactly its tensors', () => {
    const bytes = encodeSafetensors({ a: { dtype: 'F32', shape: [2], data: new Float32Array([1.5, -2]) }, b: { dtype: 'I32', shape: [1], data: new Int32Array([7]) } });
    // a small Buffer shares one pooled ArrayBuffer with other Buffers
    const buffer = Buffer.from(bytes);
    expect(buffer.buffer.byteLength).toBeGreaterThan(buffer.length);
    const decoded = decodeSafetensors(buffer, 'pooled');
    expect(Array.from(decoded.tensors.a.data as Float32Array)).toEqual([1.5, -2]);
    expect((decoded.tensors.a.data as Float32Array).buffer.byteLength).toBe(8);
    expect(Array.from(decoded.tensors.b.data as Int32Array)).toEqual([7]);
  });

  it('round-trips TF.js tensors bit for bit', async () => {
    const a = tf.randomNormal([3, 4], 0, 1, 'float32', 4);
    const b = tf.tensor1d([1, -5], 'int32');
    const c = tf.tensor1d([true, false], 'bool');
    const bytes = await tensorsToSafetensors({ a, b, c });
    const { tensors } = safetensorsToTensors(bytes, 'mem');
    expect(tensors.a.dtype).toBe('float32');
    expect(Array.from(tensors.a.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(Array.from(tensors.b.dataSync())).toEqual([1, -5]);
    expect(tensors.c.dtype).toBe('bool');
    expect(Array.from(tensors.c.dataSync())).toEqual([1, 0]);
    tf.dispose([a, b, c, ...Object.values(tensors)]);
  });

  describe('rejects damaged files with an error naming the source', () => {
    const good = () => encodeSafetensors({ a: { dtype: 'F32', shape: [2], data: Float32Array.from([1, 2]) } });
    it('truncated before the size', () => {
      expect(() => decodeSafetensors(new Uint8Array(5), 'f.safetensors')).toThrow(/f\.safetensors: .*8-byte header size is missing/);
    });
    it('header size beyond the file', () => {
      const bytes = good();
      new DataView(bytes.buffer).setBigUint64(0, 10_000n, true);
      expect(() => decodeSafetensors(bytes, 'f.safetensors')).toThrow(/f\.safetensors: .*header size 10000 exceeds/);
    });
    it('invalid JSON', () => {
      const bytes = good();
      bytes[9] = 0x7b; // '{' -> '{{'
      expect(() => decodeSafetensors(bytes, 'f.safetensors')).toThrow(/not UTF-8 JSON/);
    });
    it('truncated data', () => {
      const bytes = good();
      expect(() => decodeSafetensors(bytes.subarray(0, bytes.length - 1), 'f.safetensors')).toThrow(/beyond the 7-byte buffer/);
    });
    it('offsets that do not match the shape, holes, overlap, trailing bytes, unknown dtype', () => {
      expect(() => decodeSafetensors(handBuilt('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', [0, 0, 0, 0]), 's')).toThrow(
        /needs 8 bytes/,
      );
      expect(() => decodeSafetensors(handBuilt('{"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}', [0, 0]), 's')).toThrow(/hole/);
      expect(() =>
        decodeSafetensors(
          handBuilt('{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}', [0, 0]),
          's',
        ),
      ).toThrow(/overlaps/);
      expect(() => decodeSafetensors(handBuilt('{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', [0, 0]), 's')).toThrow(
        /1 bytes after the last tensor/,
      );
      expect(() => decodeSafetensors(handBuilt('{"a":{"dtype":"X9","shape":[1],"data_offsets":[0,1]}}', [0]), 's')).toThrow(/unknown dtype/);
      expect(() => decodeSafetensors(handBuilt('{"a":{"dtype":"toString","shape":[1],"data_offsets":[0,1]}}', [0]), 's')).toThrow(/unknown dtype/);
    });
  });
});
