import { describe, expect, it } from 'vitest';
import type { ComparisonRow } from './format-comparison.js';
import { formatKernelComparison, formatProgressLine, formatRate, formatRatio, formatSamplingComparison, formatTrainingComparison, ratio } from './format-comparison.js';

const row = (overrides: Partial<ComparisonRow>): ComparisonRow => ({
  task: 'vae-mlp',
  trainBatch: 128,
  parameters: { project: 1091920, pytorch: 1091920 },
  trainSamplesPerSecond: { project: 3000, pytorch: 4000 },
  trainPeakRssMiB: { project: 540.4, pytorch: 687.6 },
  wasmHeapMiB: 265,
  sampler: 'one decode pass',
  sampleImagesPerSecond: { project: 946, pytorch: 276 },
  notes: [],
  ...overrides,
});

const cells = (table: string, line: number) => table.split('\n')[line]!.split(/ {2,}/);

describe('ratio', () => {
  it('is project / reference, and null when either side has no positive finite figure', () => {
    expect(ratio(3000, 4000)).toBe(0.75);
    expect(ratio(null, 4000)).toBeNull();
    expect(ratio(3000, undefined)).toBeNull();
    expect(ratio(3000, 0)).toBeNull();
    expect(ratio(Number.NaN, 1)).toBeNull();
    expect(formatRatio(ratio(1, 3))).toBe('0.33');
    expect(formatRatio(null)).toBe('-');
  });

  it('prints rates to three significant figures below 100 and whole above', () => {
    expect([formatRate(12345.6), formatRate(123.4), formatRate(23.44), formatRate(0.3912), formatRate(null), formatRate(Number.NaN)]).toEqual(['12346', '123', '23.4', '0.391', '-', '-']);
  });
});

describe('comparison tables', () => {
  it('puts both sides of each training figure, their ratio and both peak RSS on one row', () => {
    const table = formatTrainingComparison([row({})]);
    expect(cells(table, 0)).toEqual(['task', 'batch', 'parameters', 'genmodels samples/s', 'PyTorch samples/s', 'ratio', 'genmodels peak RSS MiB', 'PyTorch peak RSS MiB', 'wasm heap MiB']);
    expect(cells(table, 2)).toEqual(['vae-mlp', '128', '1091920', '3000', '4000', '0.75', '540', '688', '265']);
  });

  it('shows both parameter counts when the networks differ, and dashes for a side that did not run', () => {
    const table = formatTrainingComparison([
      row({ parameters: { project: 100, pytorch: 101 } }),
      row({ task: 'nade', parameters: { project: 785284, pytorch: null }, trainSamplesPerSecond: { project: 9.53, pytorch: null }, trainPeakRssMiB: { project: 1510, pytorch: null }, wasmHeapMiB: null }),
    ]);
    expect(cells(table, 2)[2]).toBe('100 vs 101 (DIFFER)');
    expect(cells(table, 3)).toEqual(['nade', '128', '785284', '9.53', '-', '-', '1510', '-', '-']);
  });

  it('sums up one task in a progress line as soon as it is measured', () => {
    expect(formatProgressLine(row({ trainSamplesPerSecond: { project: 3000, pytorch: null } }))).toBe(
      'vae-mlp: training 3000 vs - samples/s (-); sampling 946 vs 276 images/s (3.43), genmodels vs PyTorch',
    );
  });

  it('prints the sampler and its images/s ratio', () => {
    expect(cells(formatSamplingComparison([row({})]), 2)).toEqual(['vae-mlp', 'one decode pass', '946', '276', '3.43']);
  });

  it('prints kernel GFLOP/s on both sides and a dash where PyTorch has no counterpart', () => {
    const table = formatKernelComparison([
      { kernel: 'Conv2D', shape: 'ddpm 3x3 64->64 @14, batch 128', gflops: 60, pytorchGflops: 80 },
      { kernel: 'Mystery', shape: '?', gflops: 5, pytorchGflops: null },
    ]);
    expect(cells(table, 2)).toEqual(['Conv2D', 'ddpm 3x3 64->64 @14, batch 128', '60.0', '80.0', '0.75']);
    expect(cells(table, 3)).toEqual(['Mystery', '?', '5.0', '-', '-']);
  });
});
