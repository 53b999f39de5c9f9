import type { BackendReport } from './backend-name.js';

/** A report of either entry: Node's BackendReport or the browser's (whose names include 'webgl'). */
type AnyBackendReport = Omit<BackendReport, 'name' | 'skipped'> & { name: string; skipped: { name: string; reason: string }[] };

/** Multi-line, human-readable text of a report, as `genmodels info` prints it. */
export function formatBackendReport(report: AnyBackendReport): string {
  const lines = [`backend: ${report.name} (tf.getBackend() = '${report.tfBackend}', ${report.threads} thread${report.threads === 1 ? '' : 's'})`];
  for (const detail of report.details) lines.push(`  ${detail}`);
  if (report.skipped.length > 0) {
    lines.push('skipped:');
    const width = Math.max(...report.skipped.map((s) => s.name.length));
    for (const { name, reason } of report.skipped) lines.push(`  ${name.padEnd(width)}  ${reason}`);
  }
  return lines.join('\n');
}
