import { readFileSync } from 'node:fs';
import { nodeBuiltinsInBrowserBundle } from '@genmodels/vitest-config/browser-bundle';
import { describe, expect, it } from 'vitest';

describe('browser entry', () => {
  it('bundles for the browser without any Node builtin', async () => {
    expect(await nodeBuiltinsInBrowserBundle(new URL('../../dist/browser/index.js', import.meta.url))).toEqual([]);
  });

  it('is what a browser bundler gets for "@genmodels/backend" (export condition and browser field)', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      exports: Record<string, Record<string, unknown>>;
      browser: Record<string, string>;
    };
    expect(Object.keys(pkg.exports['.'])[0]).toBe('browser');
    expect(pkg.exports['.'].browser).toEqual({ types: './dist/browser/index.d.ts', default: './dist/browser/index.js' });
    expect(pkg.browser['./dist/index.js']).toBe('./dist/browser/index.js');
  });
});
