/** The tables of `--compare pytorch`: both figures side by side and their ratio, genmodels / PyTorch. */
import { formatTable } from './format-table.js';

/** project / reference when both are finite and positive, else null. */
export function ratio(project: number | null | undefined, reference: number | null | undefined): number | null {
  if (project == null || reference == null || !Number.isFinite(project) || !Number.isFinite(reference) || project <= 0 || reference <= 0) return null;
  return project / reference;
}

export function formatRatio(value: number | null): string {
  return value === null ? '-' : value.toFixed(2);
}

/** Three significant figures below 100, whole numbers above; '-' when missing. */
export function formatRate(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '-';
  return value >= 100 ? Math.round(value).toString() : value.toPrecision(3);
}

function formatMiB(value: number | null | undefined): string {
  return value == null || !Number.isFinite(value) ? '-' : Math.round(value).toString();
}

/** One task's figures from both sides; a side that failed or did not run has nulls and a note. */
export interface ComparisonRow {
  task: string;
  trainBatch: number | null;
  parameters: { project: number | null; pytorch: number | null };
  trainSamplesPerSecond: { project: number | null; pytorch: number | null };
  trainPeakRssMiB: { project: number | null; pytorch: number | null };
  wasmHeapMiB: number | null;
  sampler: string | null;
  sampleImagesPerSecond: { project: number | null; pytorch: number | null };
  /** Why a figure is missing, e.g. 'PyTorch: not installed'. */
  notes: string[];
}

function parameters(p: ComparisonRow['parameters']): string {
  if (p.project === null || p.pytorch === null) return String(p.project ?? p.pytorch ?? '-');
  return p.project === p.pytorch ? String(p.project) : `${p.project} vs ${p.pytorch} (DIFFER)`;
}

/** One task's result as soon as it is measured: 'vae-mlp: training 3000 vs 4000 samples/s (0.75); ...'. */
export function formatProgressLine(r: ComparisonRow): string {
  const pair = (p: { project: number | null; pytorch: number | null }) =>
    `${formatRate(p.project)} vs ${formatRate(p.pytorch)}`;
  const train = `training ${pair(r.trainSamplesPerSecond)} samples/s (${formatRatio(ratio(r.trainSamplesPerSecond.project, r.trainSamplesPerSecond.pytorch))})`;
  const sample = `sampling ${pair(r.sampleImagesPerSecond)} images/s (${formatRatio(ratio(r.sampleImagesPerSecond.project, r.sampleImagesPerSecond.pytorch))})`;
  return `${r.task}: ${train}; ${sample}, genmodels vs PyTorch`;
}

export function formatTrainingComparison(rows: readonly ComparisonRow[]): string {
  return formatTable(
    ['task', 'batch', 'parameters', 'genmodels samples/s', 'PyTorch samples/s', 'ratio', 'genmodels peak RSS MiB', 'PyTorch peak RSS MiB', 'wasm heap MiB'],
    rows.map((r) => [
      r.task,
      r.trainBatch ?? '-',
      parameters(r.parameters),
      formatRate(r.trainSamplesPerSecond.project),
      formatRate(r.trainSamplesPerSecond.pytorch),
      formatRatio(ratio(r.trainSamplesPerSecond.project, r.trainSamplesPerSecond.pytorch)),
      formatMiB(r.trainPeakRssMiB.project),
      formatMiB(r.trainPeakRssMiB.pytorch),
      formatMiB(r.wasmHeapMiB),
    ]),
  );
}

export function formatSamplingComparison(rows: readonly ComparisonRow[]): string {
  return formatTable(
    ['task', 'sampler (batch 64)', 'genmodels images/s', 'PyTorch images/s', 'ratio'],
    rows.map((r) => [
      r.task,
      r.sampler ?? '-',
      formatRate(r.sampleImagesPerSecond.project),
      formatRate(r.sampleImagesPerSecond.pytorch),
      formatRatio(ratio(r.sampleImagesPerSecond.project, r.sampleImagesPerSecond.pytorch)),
    ]),
  );
}

export interface KernelComparisonRow {
  kernel: string;
  shape: string;
  gflops: number;
  pytorchGflops: number | null;
}

export function formatKernelComparison(rows: readonly KernelComparisonRow[]): string {
  return formatTable(
    ['kernel', 'shape', 'genmodels GFLOP/s', 'PyTorch GFLOP/s', 'ratio'],
    rows.map((r) => [r.kernel, r.shape, r.gflops.toFixed(1), r.pytorchGflops === null ? '-' : r.pytorchGflops.toFixed(1), formatRatio(ratio(r.gflops, r.pytorchGflops))]),
  );
}
