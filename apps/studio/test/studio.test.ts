/**
 * The studio in a real browser: Debian's Chromium, headless, driven by playwright-core, against
 * the real `genmodels studio` server on a run the CLI trains here for a few steps. Set
 * STUDIO_SCREENSHOTS=<dir> to save a PNG of each view.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CLI = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));
const STUDIO_DIST = fileURLToPath(new URL('../dist/index.html', import.meta.url));
const SCREENSHOTS = process.env.STUDIO_SCREENSHOTS;

let root: string;
let runsDir: string;
let server: ChildProcess;
let baseUrl: string;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

function cli(args: string[]): string {
  return execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, GENMODELS_BACKEND: 'cpu' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** GET with the path exactly as given (fetch would normalise `..` away before sending). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function screenshot(name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** RGBA bytes of a canvas, read in the page. */
function canvasPixels(id: string): Promise<number[]> {
  return page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
    return Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data);
  }, id);
}

async function sampleWithSeed(seed: number): Promise<number[]> {
  await page.fill('#sample-seed', String(seed));
  await page.click('#sample-button');
  await page.waitForFunction((s) => document.getElementById('sample-canvas')?.dataset.seed === String(s), seed);
  return canvasPixels('sample-canvas');
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (bash tooling/scripts/ensure-system-deps.sh) or set CHROMIUM_PATH`);
  if (!existsSync(CLI)) throw new Error(`${CLI} not found: build the CLI first (pnpm build)`);
  if (!existsSync(STUDIO_DIST)) throw new Error(`${STUDIO_DIST} not found: build the studio first (pnpm --filter @genmodels/studio build)`);
  root = mkdtempSync(join(tmpdir(), 'genmodels-studio-'));
  runsDir = join(root, 'runs');
  writeFileSync(join(root, 'secret.txt'), 'outside the runs directory\n');
  cli(['train', 'vae', '--dataset', 'mnist', '--max-steps', '20', '--batch-size', '32', '--log-every', '5', '--checkpoint-every', '10', '--sample-every', '10', '--num-samples', '16', '--hidden', '64', '--latent-dim', '8', '--out', join(runsDir, 'vae')]);
  symlinkSync(join(root, 'secret.txt'), join(runsDir, 'vae', 'escape.txt'));

  server = spawn(process.execPath, [CLI, 'studio', runsDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  baseUrl = await new Promise<string>((resolve, reject) => {
    let seen = '';
    server.stderr!.setEncoding('utf8');
    server.stderr!.on('data', (chunk: string) => {
      seen += chunk;
      const match = /studio: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(seen);
      if (match) resolve(match[1]!);
    });
    server.once('exit', (code) => reject(new Error(`genmodels studio exited (${code}): ${seen}`)));
  });

  context = await chromium.launchPersistentContext(join(root, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1400, height: 1000 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(baseUrl);
});

afterAll(async () => {
  await context?.close();
  server?.kill('SIGTERM');
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('genmodels studio in Chromium', () => {
  it('lists the run and plots every metric of its metrics.jsonl, with its sample grids over time', async () => {
    const row = page.locator('tr.run', { hasText: 'vae' });
    await row.waitFor();
    await expect(row.locator('td').nth(3).textContent()).resolves.toBe('20');
    await row.click();
    const metricNames = new Set<string>();
    for (const line of readFileSync(join(runsDir, 'vae', 'metrics.jsonl'), 'utf8').trim().split('\n')) {
      for (const key of Object.keys((JSON.parse(line) as { metrics: object }).metrics)) metricNames.add(key);
    }
    await page.waitForFunction((n) => document.querySelectorAll('#charts .chart canvas').length === n, metricNames.size);
    const plotted = await page.$$eval('#charts .chart', (charts) => charts.map((c) => (c as HTMLElement).dataset.metric));
    expect(new Set(plotted)).toEqual(metricNames);
    // the newest grid is shown first; the slider goes back to step 10
    await page.waitForFunction(() => (document.getElementById('timeline-image') as HTMLImageElement).naturalWidth > 0);
    await expect(page.textContent('#timeline-label')).resolves.toContain('final samples.png');
    await page.fill('#timeline-slider', '0');
    await page.dispatchEvent('#timeline-slider', 'input');
    await expect(page.textContent('#timeline-label')).resolves.toContain('step 10');
    await screenshot('studio-runs-curves');
  });

  it('loads the checkpoint in the page and draws seeded samples that are not blank and change with the seed', async () => {
    await page.click('#load-checkpoint');
    await page.waitForFunction(() => document.getElementById('model-status')?.dataset.loaded === '20', undefined, { timeout: 60_000 });
    await expect(page.textContent('#backend')).resolves.toMatch(/^backend: (webgpu|webgl|wasm|cpu)/);
    const first = await sampleWithSeed(1);
    const distinct = new Set(first.filter((_, i) => i % 4 === 0));
    expect(distinct.size).toBeGreaterThan(10); // not blank: many grey levels
    const other = await sampleWithSeed(2);
    expect(other).not.toEqual(first);
    const again = await sampleWithSeed(1);
    expect(again).toEqual(first);
    await screenshot('studio-samples');
  });

  it('inpaints the painted region and leaves every known pixel unchanged', async () => {
    const mask = page.locator('#mask-canvas');
    await mask.scrollIntoViewIfNeeded();
    const box = (await mask.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.5, { steps: 12 });
    await page.mouse.up();
    await page.click('#inpaint-button');
    await page.waitForFunction(() => document.getElementById('inpaint-canvas')?.dataset.done !== undefined);
    const [source, result, painted] = await Promise.all([canvasPixels('source-canvas'), canvasPixels('inpaint-canvas'), canvasPixels('mask-canvas')]);
    expect(result.length).toBe(source.length);
    let known = 0;
    let unknown = 0;
    let changed = 0;
    for (let p = 0; p < source.length / 4; p++) {
      if (painted[p * 4 + 3]! > 0) {
        unknown++;
        if (result[p * 4] !== source[p * 4]) changed++;
        continue;
      }
      known++;
      expect(result[p * 4], `known pixel ${p}`).toBe(source[p * 4]);
    }
    expect(unknown).toBeGreaterThan(20);
    expect(known).toBeGreaterThan(unknown);
    expect(changed).toBeGreaterThan(0); // the filled region is the model's, not the original
    await screenshot('studio-inpaint');
  });

  it('interpolates between two latents with a slider and denoises a noisy image', async () => {
    await page.click('#interpolate-button');
    await page.waitForFunction(() => (document.getElementById('interp-canvas') as HTMLCanvasElement).width > 0);
    const start = await canvasPixels('interp-canvas');
    await page.fill('#interp-slider', '9');
    await page.dispatchEvent('#interp-slider', 'input');
    expect(await canvasPixels('interp-canvas')).not.toEqual(start);
    await page.click('#denoise-button');
    await page.waitForFunction(() => (document.getElementById('denoised-canvas') as HTMLCanvasElement).width > 0);
    const [noisy, denoised] = await Promise.all([canvasPixels('noisy-canvas'), canvasPixels('denoised-canvas')]);
    expect(denoised).not.toEqual(noisy);
    await screenshot('studio-interpolate-denoise');
  });

  it('trains a 2-D flow on two-moons in the page and redraws its density', async () => {
    await page.click('#nav-moons');
    await page.click('#moons-start');
    await page.waitForFunction(() => Number(document.getElementById('moons-canvas')?.dataset.step ?? 0) >= 30, undefined, { timeout: 90_000 });
    const early = await canvasPixels('moons-canvas');
    await page.waitForFunction(() => Number(document.getElementById('moons-canvas')?.dataset.step ?? 0) >= 60, undefined, { timeout: 90_000 });
    expect(await canvasPixels('moons-canvas')).not.toEqual(early);
    await page.click('#moons-stop');
    await page.waitForFunction(() => /stopped at step/.test(document.getElementById('moons-status')?.textContent ?? ''));
    await screenshot('studio-two-moons');
    await page.click('#nav-runs');
  });

  it('serves only files inside the runs directory', async () => {
    await expect(rawGet('/runs/vae/config.json')).resolves.toMatchObject({ status: 200 });
    for (const path of ['/runs/../secret.txt', '/runs/vae/../../secret.txt', '/runs/%2e%2e/secret.txt', '/runs/..%2fsecret.txt', '/runs/vae/escape.txt']) {
      const response = await rawGet(path);
      expect([403, 404], path).toContain(response.status);
      expect(response.body).not.toContain('outside the runs directory');
    }
    await expect(rawGet('/runs/vae/no-such-file')).resolves.toMatchObject({ status: 404 });
    await expect(rawGet('/runs/vae/checkpoints')).resolves.toMatchObject({ status: 404 });
    const listing = JSON.parse((await rawGet('/api/runs')).body) as { runs: { path: string; step: number; checkpoints: number[] }[] };
    expect(listing.runs).toEqual([expect.objectContaining({ path: 'vae', step: 20, checkpoints: [10, 20] })]);
  });

  it('logged no console error', () => {
    expect(consoleErrors).toEqual([]);
  });
});
