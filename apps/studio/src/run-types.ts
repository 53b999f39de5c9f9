/** What the page reads from the server: the run listing (GET /api/runs) and a run's files under /runs/. */
import type { ModelConfig } from '@genmodels/core-nn';

/** One run as `genmodels studio` lists it (apps/cli/src/commands/studio.ts, StudioRun). */
export interface StudioRun {
  path: string;
  modelType: string;
  dataset: string | null;
  step: number;
  lastLoss: number | null;
  metrics: string[];
  checkpoints: number[];
  latest: number | null;
  sampleSteps: number[];
  finalSamples: boolean;
  training: boolean;
  updatedAt: number;
}

/** The fields of a run's config.json (the CLI's RunRecord) that the page uses. */
export interface RunRecord {
  modelType: string;
  model: ModelConfig;
  dataset: string;
  imageShape: [number, number, number] | null;
  sampleRange: 'unit' | 'symmetric';
}

/** One line of metrics.jsonl. */
export interface MetricsLine {
  step: number;
  epoch: number;
  metrics: Record<string, number>;
}

/** URL of a file inside a run directory. */
export function runFileUrl(run: Pick<StudioRun, 'path'>, file: string): string {
  const prefix = run.path === '.' ? '' : `${run.path.split('/').map(encodeURIComponent).join('/')}/`;
  return `/runs/${prefix}${file}`;
}

/** Parses metrics.jsonl text, skipping a torn last line. */
export function parseMetrics(text: string): MetricsLine[] {
  const lines: MetricsLine[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = JSON.parse(line) as MetricsLine;
      if (typeof parsed.step === 'number' && typeof parsed.metrics === 'object') lines.push(parsed);
    } catch {
      // the trainer is writing this line right now
    }
  }
  return lines;
}
