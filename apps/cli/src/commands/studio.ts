/**
 * `genmodels studio [runs-dir] [--port N]`: serves the studio web app (apps/studio, built) on
 * 127.0.0.1 with the runs directory read-only under /runs/ and a JSON listing of its runs at
 * /api/runs. Only GET and HEAD; only regular files inside the runs directory (after resolving
 * symlinks) are served, anything else is 403 or 404. The page is cross-origin isolated (COOP +
 * COEP), so the wasm backend runs threaded in it.
 */
import { createReadStream, existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { integer, log } from '../cli-options.js';

/** One run as the page lists it. Paths are relative to the runs directory, with '/' separators. */
export interface StudioRun {
  /** The run's directory relative to the runs directory ('.' when the runs directory is itself a run). */
  path: string;
  modelType: string;
  dataset: string | null;
  /** Steps in the newest metrics.jsonl line (0 before the first log line). */
  step: number;
  lastLoss: number | null;
  /** Metric names seen in metrics.jsonl. */
  metrics: string[];
  /** Complete checkpoints, ascending steps; `latest` is what checkpoints/latest names. */
  checkpoints: number[];
  latest: number | null;
  /** samples/step-N.png steps, ascending, and whether a final samples.png exists. */
  sampleSteps: number[];
  finalSamples: boolean;
  /** A writer holds the run's lock (the run is training now). */
  training: boolean;
  /** Last change of metrics.jsonl or config.json, ms since the epoch. */
  updatedAt: number;
}

const STEP_DIR = /^step-(\d+)$/;
const STEP_PNG = /^step-(\d+)\.png$/;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.safetensors': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Where `pnpm --filter @genmodels/studio build` writes the app, seen from apps/cli/dist/commands. */
export function defaultStudioDir(): string {
  return fileURLToPath(new URL('../../../studio/dist/', import.meta.url));
}

function stepsIn(dir: string, pattern: RegExp, wantDirs: boolean): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => (wantDirs ? d.isDirectory() : d.isFile()) && pattern.test(d.name))
    .map((d) => Number(pattern.exec(d.name)![1]))
    .sort((a, b) => a - b);
}

/** The last complete line of metrics.jsonl and every metric name, read from the end of the file. */
function metricsSummary(file: string): { step: number; lastLoss: number | null; metrics: string[] } {
  if (!existsSync(file)) return { step: 0, lastLoss: null, metrics: [] };
  const names = new Set<string>();
  let last: { step?: unknown; metrics?: Record<string, unknown> } | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = JSON.parse(line) as { step?: unknown; metrics?: Record<string, unknown> };
      for (const key of Object.keys(parsed.metrics ?? {})) names.add(key);
      last = parsed;
    } catch {
      // a torn last line while the trainer writes it
    }
  }
  const loss = last?.metrics?.loss;
  return { step: typeof last?.step === 'number' ? last.step : 0, lastLoss: typeof loss === 'number' ? loss : null, metrics: [...names].sort() };
}

function describeRun(runsDir: string, dir: string): StudioRun | null {
  const configFile = join(dir, 'config.json');
  if (!existsSync(configFile)) return null;
  let config: { modelType?: unknown; dataset?: unknown };
  try {
    config = JSON.parse(readFileSync(configFile, 'utf8')) as typeof config;
  } catch {
    return null;
  }
  if (typeof config.modelType !== 'string') return null;
  const checkpointsDir = join(dir, 'checkpoints');
  const checkpoints = stepsIn(checkpointsDir, STEP_DIR, true);
  let latest: number | null = null;
  try {
    const named = STEP_DIR.exec(readFileSync(join(checkpointsDir, 'latest'), 'utf8').trim());
    if (named && checkpoints.includes(Number(named[1]))) latest = Number(named[1]);
  } catch {
    latest = checkpoints.length > 0 ? checkpoints[checkpoints.length - 1]! : null;
  }
  const metricsFile = join(dir, 'metrics.jsonl');
  const summary = metricsSummary(metricsFile);
  const mtime = (file: string): number => (existsSync(file) ? statSync(file).mtimeMs : 0);
  const relative = dir === runsDir ? '.' : dir.slice(runsDir.length + 1).split(sep).join('/');
  return {
    path: relative,
    modelType: config.modelType,
    dataset: typeof config.dataset === 'string' ? config.dataset : null,
    ...summary,
    checkpoints,
    latest,
    sampleSteps: stepsIn(join(dir, 'samples'), STEP_PNG, false),
    finalSamples: existsSync(join(dir, 'samples.png')),
    training: existsSync(join(dir, 'lock')),
    updatedAt: Math.max(mtime(metricsFile), mtime(configFile)),
  };
}

/** The runs under `runsDir`: itself when it is a run, else its subdirectories (two levels deep) that are runs. */
export function listStudioRuns(runsDir: string): StudioRun[] {
  const root = resolve(runsDir);
  const self = describeRun(root, root);
  if (self) return [self];
  const runs: StudioRun[] = [];
  const visit = (dir: string, depth: number): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const child = join(dir, entry.name);
      const run = describeRun(root, child);
      if (run) runs.push(run);
      else if (depth < 2) visit(child, depth + 1);
    }
  };
  if (existsSync(root)) visit(root, 1);
  return runs.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The file under `root` that the URL path `urlPath` names, or why not: 'bad' (undecodable, NUL),
 * 'forbidden' (a `..` segment, or a symlink resolving outside root), 'missing' (no such regular file).
 */
export function resolveServedFile(root: string, urlPath: string): { file: string } | { refused: 'bad' | 'forbidden' | 'missing' } {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { refused: 'bad' };
  }
  if (decoded.includes('\0')) return { refused: 'bad' };
  const segments = decoded.split(/[/\\]+/).filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return { refused: 'forbidden' };
  const realRoot = realpathSync(root);
  const candidate = join(realRoot, ...segments);
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch {
    return { refused: 'missing' };
  }
  if (real !== realRoot && !real.startsWith(realRoot + sep)) return { refused: 'forbidden' };
  if (!statSync(real).isFile()) return { refused: 'missing' };
  return { file: real };
}

const STATUS_OF = { bad: 400, forbidden: 403, missing: 404 } as const;

function baseHeaders(): Record<string, string> {
  return {
    // Cross-origin isolation: SharedArrayBuffer, so tfjs-backend-wasm runs its threaded build.
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
  };
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(`${text}\n`);
}

function sendFile(request: IncomingMessage, response: ServerResponse, file: string, cache: string): void {
  const size = statSync(file).size;
  response.writeHead(200, {
    ...baseHeaders(),
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(size),
    'Cache-Control': cache,
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file).pipe(response);
}

export interface StudioServerOptions {
  runsDir: string;
  /** 0 picks a free port. */
  port: number;
  /** The built studio (index.html and assets); default defaultStudioDir(). */
  studioDir?: string;
}

/** Starts the studio server on 127.0.0.1; resolves once it listens. */
export async function startStudioServer(options: StudioServerOptions): Promise<{ server: Server; url: string }> {
  const runsDir = resolve(options.runsDir);
  if (!existsSync(runsDir) || !statSync(runsDir).isDirectory()) {
    throw new CliError(`runs directory not found: ${options.runsDir} (train a model first, e.g. genmodels train vae --out ${join(options.runsDir, 'vae')})`);
  }
  const studioDir = resolve(options.studioDir ?? defaultStudioDir());
  if (!existsSync(join(studioDir, 'index.html'))) {
    throw new CliError(`the studio app is not built (${join(studioDir, 'index.html')} is missing); run pnpm --filter @genmodels/studio build`);
  }
  const server = createServer((request, response) => {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { ...baseHeaders(), Allow: 'GET, HEAD' });
        response.end();
        return;
      }
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname;
      if (path === '/api/runs') {
        const body = JSON.stringify({ runsDir, runs: listStudioRuns(runsDir) });
        response.writeHead(200, { ...baseHeaders(), 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
        response.end(request.method === 'HEAD' ? undefined : body);
        return;
      }
      const [root, rest, cache] = path.startsWith('/runs/')
        ? [runsDir, path.slice('/runs/'.length), 'no-store']
        : [studioDir, path === '/' ? 'index.html' : path.slice(1), path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'];
      const found = resolveServedFile(root, rest);
      if ('refused' in found) {
        sendText(response, STATUS_OF[found.refused], found.refused === 'forbidden' ? 'forbidden: only files inside the served directory' : found.refused === 'bad' ? 'bad path' : 'not found');
        return;
      }
      sendFile(request, response, found.file, cache);
    } catch (error) {
      sendText(response, 500, `studio server error: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((ready, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'EADDRINUSE' ? new CliError(`port ${options.port} is in use; pass --port with a free one (0 picks any)`) : error),
    );
    server.listen(options.port, '127.0.0.1', () => ready());
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/` };
}

export function registerStudioCommand(program: Command): void {
  program
    .command('studio')
    .description('serve the studio web app on 127.0.0.1: runs, curves, samples, and the models loaded in the page')
    .argument('[runs-dir]', 'directory holding run directories (or one run)', 'runs')
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', integer, 5170)
    .action(async (runsDir: string, options: { port: number }) => {
      if (options.port < 0 || options.port > 65535) throw new CliError(`--port must be in 0..65535, got ${options.port}`);
      const { server, url } = await startStudioServer({ runsDir, port: options.port });
      log(`studio: ${url} (runs from ${resolve(runsDir)}, read-only); Ctrl-C stops it`);
      await new Promise<void>((done) => {
        const stop = (): void => {
          server.close(() => done());
          server.closeAllConnections();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
