/** Every metric of metrics.jsonl against step, one uPlot chart per metric. */
import uPlot from 'uplot';
import type { MetricsLine } from './run-types.js';

const charts = new Map<string, uPlot>();

/** Draws (or updates in place) one chart per metric name in `container`. */
export function drawMetricCharts(container: HTMLElement, lines: MetricsLine[]): void {
  const names = [...new Set(lines.flatMap((l) => Object.keys(l.metrics)))].sort();
  for (const [name, chart] of charts) {
    if (!names.includes(name) || !container.contains(chart.root)) {
      chart.destroy();
      charts.delete(name);
    }
  }
  for (const name of names) {
    const rows = lines.filter((l) => typeof l.metrics[name] === 'number' && Number.isFinite(l.metrics[name]));
    const data: uPlot.AlignedData = [rows.map((l) => l.step), rows.map((l) => l.metrics[name]!)];
    const existing = charts.get(name);
    if (existing) {
      existing.setData(data);
      continue;
    }
    const box = document.createElement('div');
    box.className = 'chart';
    box.dataset.metric = name;
    container.append(box);
    const chart = new uPlot(
      {
        title: name,
        width: 360,
        height: 200,
        scales: { x: { time: false } },
        series: [{ label: 'step' }, { label: name, stroke: '#3b82f6', width: 1.5 }],
        axes: [{ label: 'step' }, {}],
      },
      data,
      box,
    );
    charts.set(name, chart);
  }
}
