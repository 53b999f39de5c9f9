import { describe, expect, it } from 'vitest';
import { formatBackendReport } from './format-backend-report.js';

describe('formatBackendReport', () => {
  it('prints the choice, its details and every skipped path with its reason', () => {
    const text = formatBackendReport({
      name: 'wasm',
      tfBackend: 'wasm',
      threads: 2,
      details: ['XNNPACK pool of 2 threads'],
      skipped: [
        { name: 'tfjs-node', reason: 'not installed' },
        { name: 'wasm-native', reason: 'native addon not built' },
      ],
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe("backend: wasm (tf.getBackend() = 'wasm', 2 threads)");
    expect(lines[1]).toBe('  XNNPACK pool of 2 threads');
    expect(lines[2]).toBe('skipped:');
    expect(lines[3]).toBe('  tfjs-node    not installed');
    expect(lines[4]).toBe('  wasm-native  native addon not built');
  });

  it('omits the skipped section when nothing was skipped and says "thread" for one', () => {
    const text = formatBackendReport({ name: 'cpu', tfBackend: 'cpu', threads: 1, details: [], skipped: [] });
    expect(text).toBe("backend: cpu (tf.getBackend() = 'cpu', 1 thread)");
  });
});
