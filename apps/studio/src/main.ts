/**
 * The studio page: the run list (refreshed every 2 s), a run's curves and sample grids, the
 * run's model loaded in a worker to sample, inpaint, interpolate and denoise, and a 2-D flow
 * trained live in the page. Model math stays in the packages: the worker calls their public APIs.
 */
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { formatBackendReport } from '@genmodels/backend';
import { drawMetricCharts } from './charts.js';
import { canvasImage, drawGrid, drawImage } from './image-canvas.js';
import { MaskPainter } from './mask-painter.js';
import { CancelledError, ModelClient } from './model-client.js';
import { type RunRecord, type StudioRun, parseMetrics, runFileUrl } from './run-types.js';
import { startTwoMoons } from './two-moons-view.js';
import type { ImageBatch, ModelCapabilities } from './worker-protocol.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const forcedBackend = params.get('backend') ?? undefined;

let runs: StudioRun[] = [];
let selected: StudioRun | null = null;
let record: RunRecord | null = null;
let capabilities: ModelCapabilities | null = null;
let sourceImage: ImageBatch | null = null;
let interpolation: ImageBatch | null = null;
const client = new ModelClient();
const painter = new MaskPainter($<HTMLCanvasElement>('mask-canvas'));

function showError(where: HTMLElement, error: unknown): void {
  if (error instanceof CancelledError) {
    where.textContent = 'cancelled';
    where.classList.remove('error');
    return;
  }
  where.textContent = error instanceof Error ? error.message : String(error);
  where.classList.add('error');
}

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

// ---- run list -------------------------------------------------------------------------------

function renderRunList(): void {
  const body = $('run-list').querySelector('tbody')!;
  body.replaceChildren(
    ...runs.map((run) => {
      const row = document.createElement('tr');
      row.className = `run${selected?.path === run.path ? ' selected' : ''}`;
      row.dataset.path = run.path;
      const cells = [run.path, run.modelType, run.dataset ?? '', String(run.step), run.lastLoss === null ? '' : run.lastLoss.toFixed(4), run.checkpoints.join(', ')];
      for (const [i, text] of cells.entries()) {
        const cell = document.createElement('td');
        cell.textContent = text;
        if (i === 0 && run.training) {
          const badge = document.createElement('span');
          badge.className = 'badge';
          badge.textContent = 'training';
          cell.append(badge);
        }
        row.append(cell);
      }
      row.addEventListener('click', () => void selectRun(run));
      return row;
    }),
  );
  $('runs-empty').hidden = runs.length > 0;
}

async function refreshRuns(): Promise<void> {
  try {
    const listing = await fetchJson<{ runs: StudioRun[] }>('/api/runs');
    runs = listing.runs;
    $('runs-updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
    renderRunList();
    if (selected) {
      const fresh = runs.find((r) => r.path === selected!.path);
      if (fresh && (fresh.updatedAt !== selected.updatedAt || fresh.sampleSteps.length !== selected.sampleSteps.length)) {
        selected = fresh;
        await refreshRunDetail();
      }
    } else if (runs.length > 0 && params.get('run') !== null) {
      const wanted = runs.find((r) => r.path === params.get('run'));
      if (wanted) await selectRun(wanted);
    }
  } catch (error) {
    showError($('runs-updated'), error);
  }
}

// ---- one run: curves and sample grids --------------------------------------------------------

function timelineEntries(run: StudioRun): { label: string; url: string }[] {
  const entries = run.sampleSteps.map((step) => ({ label: `step ${step}`, url: runFileUrl(run, `samples/step-${step}.png`) }));
  if (run.finalSamples) entries.push({ label: 'final samples.png', url: runFileUrl(run, 'samples.png') });
  return entries;
}

function showTimeline(run: StudioRun, keepPosition: boolean): void {
  const entries = timelineEntries(run);
  const slider = $<HTMLInputElement>('timeline-slider');
  const atEnd = Number(slider.value) >= Number(slider.max);
  slider.max = String(Math.max(0, entries.length - 1));
  if (!keepPosition || atEnd) slider.value = slider.max;
  const entry = entries[Number(slider.value)];
  $('timeline-label').textContent = entry ? `${entry.label} (${Number(slider.value) + 1} of ${entries.length})` : 'this run wrote no sample grid yet';
  const image = $<HTMLImageElement>('timeline-image');
  image.hidden = entry === undefined;
  if (entry) image.src = `${entry.url}?t=${run.updatedAt}`;
}

async function refreshRunDetail(keepTimeline = true): Promise<void> {
  const run = selected;
  if (!run) return;
  $('run-title').textContent = `${run.path}: ${run.modelType} on ${run.dataset ?? '?'}, step ${run.step}${run.training ? ' (training)' : ''}`;
  const response = await fetch(runFileUrl(run, 'metrics.jsonl'), { cache: 'no-store' });
  const lines = response.ok ? parseMetrics(await response.text()) : [];
  drawMetricCharts($('charts'), lines);
  showTimeline(run, keepTimeline);
}

async function selectRun(run: StudioRun): Promise<void> {
  if (selected?.path !== run.path) {
    client.cancel();
    capabilities = null;
    $('actions').hidden = true;
    $('model-status').textContent = '';
    $('charts').replaceChildren();
  }
  selected = run;
  renderRunList();
  $('run-detail').hidden = false;
  record = await fetchJson<RunRecord>(runFileUrl(run, 'config.json'));
  await refreshRunDetail(false);
  $<HTMLButtonElement>('load-checkpoint').disabled = run.latest === null;
  $<HTMLButtonElement>('load-checkpoint').textContent = run.latest === null ? 'No checkpoint yet' : `Load checkpoint step ${run.latest}`;
}

$('timeline-slider').addEventListener('input', () => selected && showTimeline(selected, true));

// ---- the model in the page -------------------------------------------------------------------

async function loadCheckpoint(): Promise<void> {
  if (!selected || !record || selected.latest === null) return;
  const status = $('model-status');
  status.classList.remove('error');
  status.textContent = 'loading...';
  try {
    const dir = `checkpoints/step-${selected.latest}`;
    const manifest = await fetchJson<{ files: Record<string, { sha256: string }> }>(runFileUrl(selected, `${dir}/manifest.json`));
    const loaded = await client.load({
      type: 'load',
      record,
      weightsUrl: runFileUrl(selected, `${dir}/weights.safetensors`),
      sha256: manifest.files['weights.safetensors']?.sha256,
      ...(forcedBackend ? { backend: forcedBackend } : {}),
    });
    capabilities = loaded.capabilities;
    $('backend').textContent = formatBackendReport(loaded.backend);
    status.textContent = `loaded ${record.modelType} (${capabilities.family}) from step ${selected.latest}, sha256 checked`;
    status.dataset.loaded = String(selected.latest);
    $('actions').hidden = false;
    $('temperature-label').hidden = !capabilities.temperature;
    $('inpaint-box').hidden = !capabilities.inpaint;
    $('interpolate-box').hidden = !capabilities.interpolate;
    $('denoise-box').hidden = capabilities.denoise === null;
    $('denoise-kind').textContent = capabilities.denoise === 'tweedie' ? "Tweedie's formula" : capabilities.denoise === 'reconstruct' ? 'autoencoder reconstruction' : '';
    await sample();
  } catch (error) {
    showError(status, error);
  }
}

/** Runs one worker action with the progress bar and the cancel button. */
async function withProgress<T>(label: string, action: (onProgress: (done: number, total: number) => void) => Promise<T>): Promise<T> {
  const box = $('progress-box');
  const bar = $<HTMLProgressElement>('progress');
  box.hidden = false;
  bar.removeAttribute('value');
  $('progress-label').textContent = label;
  try {
    return await action((done, total) => {
      if (total > 0) {
        bar.max = total;
        bar.value = done;
        $('progress-label').textContent = `${label}: step ${done} of ${total}`;
      }
    });
  } finally {
    box.hidden = true;
  }
}

async function sample(): Promise<void> {
  if (!capabilities) return;
  const seed = Number($<HTMLInputElement>('sample-seed').value);
  const temperature = Number($<HTMLInputElement>('sample-temperature').value);
  try {
    const { images } = await withProgress('sampling', (onProgress) =>
      client.run({ type: 'sample', n: 16, seed, ...(capabilities!.temperature ? { temperature } : {}) }, onProgress),
    );
    const canvas = $<HTMLCanvasElement>('sample-canvas');
    drawGrid(canvas, images, 4);
    canvas.dataset.seed = String(seed);
    if (capabilities.imageShape) {
      sourceImage = { data: images.data.slice(0, images.data.length / images.shape[0]), shape: [1, images.shape[1], images.shape[2], images.shape[3]] };
      drawImage($<HTMLCanvasElement>('source-canvas'), sourceImage);
      painter.reset(images.shape[2], images.shape[1]);
      drawImage($<HTMLCanvasElement>('noisy-canvas'), sourceImage);
    }
  } catch (error) {
    showError($('model-status'), error);
  }
}

async function inpaint(): Promise<void> {
  if (!capabilities || !sourceImage) return;
  try {
    const image = canvasImage($<HTMLCanvasElement>('source-canvas'), sourceImage.shape[3]);
    const { images } = await withProgress('inpainting', (onProgress) =>
      client.run({ type: 'inpaint', image, mask: painter.knownMask(), seed: Number($<HTMLInputElement>('sample-seed').value) }, onProgress),
    );
    const canvas = $<HTMLCanvasElement>('inpaint-canvas');
    drawImage(canvas, images);
    canvas.dataset.done = String(Date.now());
  } catch (error) {
    showError($('model-status'), error);
  }
}

function showInterpolationStep(): void {
  if (!interpolation) return;
  drawImage($<HTMLCanvasElement>('interp-canvas'), interpolation, Number($<HTMLInputElement>('interp-slider').value));
}

async function interpolate(): Promise<void> {
  if (!capabilities) return;
  try {
    const steps = 10;
    const { images } = await withProgress('decoding the path', (onProgress) =>
      client.run({ type: 'interpolate', seedA: Number($<HTMLInputElement>('interp-a').value), seedB: Number($<HTMLInputElement>('interp-b').value), steps }, onProgress),
    );
    interpolation = images;
    $<HTMLInputElement>('interp-slider').max = String(steps - 1);
    showInterpolationStep();
  } catch (error) {
    showError($('model-status'), error);
  }
}

async function denoise(): Promise<void> {
  if (!capabilities || !sourceImage) return;
  try {
    const { images, extra } = await withProgress('denoising', (onProgress) =>
      client.run({ type: 'denoise', image: sourceImage!, noise: Number($<HTMLInputElement>('denoise-level').value), seed: Number($<HTMLInputElement>('sample-seed').value) }, onProgress),
    );
    if (extra) drawImage($<HTMLCanvasElement>('noisy-canvas'), extra);
    drawImage($<HTMLCanvasElement>('denoised-canvas'), images);
  } catch (error) {
    showError($('model-status'), error);
  }
}

$('load-checkpoint').addEventListener('click', () => void loadCheckpoint());
$('sample-button').addEventListener('click', () => void sample());
$('inpaint-button').addEventListener('click', () => void inpaint());
$('clear-mask').addEventListener('click', () => sourceImage && painter.reset(sourceImage.shape[2], sourceImage.shape[1]));
$('interpolate-button').addEventListener('click', () => void interpolate());
$('interp-slider').addEventListener('input', showInterpolationStep);
$('denoise-button').addEventListener('click', () => void denoise());
$('cancel-button').addEventListener('click', () => client.cancel());

// ---- views -----------------------------------------------------------------------------------

for (const tab of document.querySelectorAll<HTMLButtonElement>('.tab')) {
  tab.addEventListener('click', () => {
    for (const other of document.querySelectorAll<HTMLButtonElement>('.tab')) other.classList.toggle('active', other === tab);
    $('view-runs').hidden = tab.dataset.view !== 'runs';
    $('view-moons').hidden = tab.dataset.view !== 'moons';
  });
}
startTwoMoons({
  start: $<HTMLButtonElement>('moons-start'),
  stop: $<HTMLButtonElement>('moons-stop'),
  status: $('moons-status'),
  canvas: $<HTMLCanvasElement>('moons-canvas'),
  chart: $('moons-chart'),
  ...(forcedBackend ? { backend: forcedBackend } : {}),
});

await refreshRuns();
setInterval(() => void refreshRuns(), 2000);
