import { describe, expect, it } from 'vitest';
import { formatTable } from './format-table.js';

describe('formatTable', () => {
  it('pads every column to its widest cell under a rule line', () => {
    const text = formatTable(['backend', 'ms'], [
      ['wasm-native', 12.5],
      ['cpu', 1200],
    ]);
    expect(text.split('\n')).toEqual(['backend      ms', '-----------  ----', 'wasm-native  12.5', 'cpu          1200']);
  });
});
