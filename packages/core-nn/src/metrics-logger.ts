import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureDirSync, writeFileAtomicSync } from './fs-atomic.js';
import type { CallbackContext, TrainerCallback, TrainLogs } from './trainer.js';

/**
 * Appends one JSON line per log step to `<runDir>/metrics.jsonl`:
 * `{"step":50,"epoch":0,"metrics":{"loss":...},"samplesPerSecond":...,"time":"<ISO date>"}`.
 * On train begin it first drops every line whose step is greater than the starting state's step
 * (and any torn last line from a crash), so a resumed run never writes a step twice.
 */
export class MetricsLogger implements TrainerCallback {
  readonly file: string;

  constructor(readonly runDir: string) {
    this.file = path.join(runDir, 'metrics.jsonl');
  }

  onTrainBegin(ctx: CallbackContext): void {
    ensureDirSync(this.runDir);
    if (!fs.existsSync(this.file)) return;
    const lines = fs.readFileSync(this.file, 'utf8').split('\n');
    const kept: string[] = [];
    let changed = false;
    for (const line of lines) {
      if (line.trim() === '') continue;
      let step: unknown;
      try {
        step = (JSON.parse(line) as { step?: unknown }).step;
      } catch {
        changed = true; // a torn line from an interrupted write
        continue;
      }
      if (typeof step === 'number' && step <= ctx.state.step) kept.push(line);
      else changed = true;
    }
    if (changed) writeFileAtomicSync(this.file, kept.map((l) => `${l}\n`).join(''));
  }

  onBatchEnd(logs: TrainLogs | undefined): void {
    if (!logs) return;
    fs.appendFileSync(this.file, `${JSON.stringify({ ...logs, time: new Date().toISOString() })}\n`);
  }
}
