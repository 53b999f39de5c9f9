/** The "train in the page" view: starts the two-moons worker and redraws its density and loss curve. */
import uPlot from 'uplot';
import { EXTENT, GRID, type MoonsRequest, type MoonsResponse } from './two-moons-protocol.js';

export interface TwoMoonsElements {
  start: HTMLButtonElement;
  stop: HTMLButtonElement;
  status: HTMLElement;
  canvas: HTMLCanvasElement;
  chart: HTMLElement;
  backend?: string;
}

/** Density values -> a heat map (the largest value is white). */
function drawDensity(canvas: HTMLCanvasElement, density: Float32Array): void {
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(GRID, GRID);
  let max = 0;
  for (const v of density) if (Number.isFinite(v) && v > max) max = v;
  for (let p = 0; p < GRID * GRID; p++) {
    const v = max > 0 && Number.isFinite(density[p]!) ? Math.sqrt(density[p]! / max) : 0;
    image.data[p * 4] = Math.round(255 * Math.min(1, 1.6 * v));
    image.data[p * 4 + 1] = Math.round(255 * v * v);
    image.data[p * 4 + 2] = Math.round(255 * (0.25 + 0.5 * v) * (1 - v));
    image.data[p * 4 + 3] = 255;
  }
  const scratch = new OffscreenCanvas(GRID, GRID);
  scratch.getContext('2d')!.putImageData(image, 0, 0);
  context.imageSmoothingEnabled = false;
  context.drawImage(scratch, 0, 0, canvas.width, canvas.height);
}

export function startTwoMoons(elements: TwoMoonsElements): void {
  let worker: Worker | null = null;
  let chart: uPlot | null = null;
  const steps: number[] = [];
  const losses: number[] = [];
  elements.canvas.title = `x in [${EXTENT[0]}, ${EXTENT[1]}], y in [${EXTENT[2]}, ${EXTENT[3]}]`;
  elements.stop.disabled = true;
  elements.start.addEventListener('click', () => {
    worker?.terminate();
    worker = new Worker(new URL('./two-moons-worker.ts', import.meta.url), { type: 'module' });
    steps.length = 0;
    losses.length = 0;
    chart?.destroy();
    chart = new uPlot(
      { title: 'loss (negative log-likelihood, nats)', width: 360, height: 220, scales: { x: { time: false } }, series: [{ label: 'step' }, { label: 'loss', stroke: '#dc2626' }] },
      [steps, losses],
      elements.chart,
    );
    elements.stop.disabled = false;
    elements.status.textContent = 'starting...';
    worker.onmessage = (event: MessageEvent<MoonsResponse>) => {
      const message = event.data;
      if (message.type === 'started') elements.status.textContent = `training on ${message.backend}`;
      else if (message.type === 'progress') {
        steps.push(message.step);
        losses.push(message.loss);
        chart?.setData([steps, losses]);
        drawDensity(elements.canvas, message.density);
        elements.status.textContent = `step ${message.step}, loss ${message.loss.toFixed(3)}`;
        elements.canvas.dataset.step = String(message.step);
      } else if (message.type === 'done') {
        elements.status.textContent = `${message.reason} at step ${message.step}`;
        elements.stop.disabled = true;
      } else {
        elements.status.textContent = message.message;
        elements.status.classList.add('error');
      }
    };
    worker.postMessage({ type: 'start', steps: 2000, ...(elements.backend ? { backend: elements.backend } : {}) } satisfies MoonsRequest);
  });
  elements.stop.addEventListener('click', () => worker?.postMessage({ type: 'stop' } satisfies MoonsRequest));
}
