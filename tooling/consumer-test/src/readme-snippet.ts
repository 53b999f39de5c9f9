import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './published-packages.js';

export interface ReadmeSnippet {
  /** The packages the README's install line names. */
  install: string[];
  /** The code block that follows it. */
  code: string;
}

/**
 * The quick-start of the repository README: the `npm i ...` block and the ts block right after it.
 * Fails with the reason when the README no longer has that shape, so the test cannot pass vacuously.
 */
export function readmeSnippet(): ReadmeSnippet {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const match = /```sh\n(npm i [^\n]+)\n```\s*\n```ts\n([\s\S]*?)\n```/.exec(readme);
  if (match === null) throw new Error('README.md: no "npm i ..." sh block followed by a ts block (the quick-start snippet the consumer test runs)');
  return { install: match[1]!.split(/\s+/).slice(2), code: match[2]! };
}
