import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const backendEntry = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/** Runs `body` in a fresh Node process after initBackend loaded the wasm path; returns its exit and stderr. */
function runAfterWasm(body: string, env: Record<string, string> = {}): { status: number | null; stderr: string } {
  const script = `
    const { initBackend } = await import(${JSON.stringify(backendEntry)});
    process.env.GENMODELS_BACKEND = 'wasm';
    await initBackend({ threads: 2 });
    ${body}
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, GENMODELS_DEBUG: '', ...env },
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr };
}

// Before, each of these printed emscripten's whole minified module line (about 55 KB) first.
describe('an uncaught error once the wasm backend has loaded', () => {
  it('prints one line with the message and exits with status 1', () => {
    const { status, stderr } = runAfterWasm(`setTimeout(() => { throw new Error('boom after wasm\\nsecond line'); }, 5);`);
    expect(status).toBe(1);
    expect(stderr).toBe('Uncaught Error: boom after wasm (GENMODELS_DEBUG=1 prints the stack)\n');
  });

  it('an unhandled rejection prints one line too', () => {
    const { status, stderr } = runAfterWasm(`Promise.reject(new RangeError('rejected after wasm'));`);
    expect(status).toBe(1);
    expect(stderr).toBe('Uncaught RangeError: rejected after wasm (GENMODELS_DEBUG=1 prints the stack)\n');
  });

  it('with GENMODELS_DEBUG=1 prints the stack, still without the module source', () => {
    const { status, stderr } = runAfterWasm(`setTimeout(() => { throw new Error('boom with stack'); }, 5);`, { GENMODELS_DEBUG: '1' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^Uncaught Error: boom with stack\n\s+at /);
    expect(stderr.length).toBeLessThan(2000);
  });

  it("leaves no emscripten handler behind, and an application's own handler decides", () => {
    const { status, stderr } = runAfterWasm(`
      console.error('listeners', process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection'));
      process.on('uncaughtException', (error) => { console.error('app handler: ' + error.message); process.exit(3); });
      setTimeout(() => { throw new Error('handled by the app'); }, 5);
    `);
    expect(stderr).toBe('listeners 1 0\napp handler: handled by the app\n');
    expect(status).toBe(3);
  });
});
