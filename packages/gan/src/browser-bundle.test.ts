import { nodeBuiltinsInBrowserBundle } from '@genmodels/vitest-config/browser-bundle';
import { describe, expect, it } from 'vitest';

describe('browser bundle', () => {
  it('the main entry bundles for the browser without any Node builtin (file-system code belongs in src/node.ts)', async () => {
    expect(await nodeBuiltinsInBrowserBundle(new URL('../dist/index.js', import.meta.url))).toEqual([]);
  });
});
