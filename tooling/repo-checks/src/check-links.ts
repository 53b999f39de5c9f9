/**
 * Checks that every relative link of the repository's documentation resolves to a file inside the
 * repository (and, for `file.md#anchor`, to a heading of that file). A user of the repository has
 * only the repository: a link above its root, or to a file that is not committed, is broken for them.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { headingAnchors, markdownLinks } from './markdown-links.js';

export interface BrokenLink {
  readonly file: string;
  readonly line: number;
  readonly href: string;
  readonly reason: string;
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** Broken relative links of the Markdown file `file` (absolute path) in the repository at `root`. */
export function brokenLinks(root: string, file: string): BrokenLink[] {
  const markdown = readFileSync(file, 'utf8');
  const relativeFile = path.relative(root, file);
  const broken: BrokenLink[] = [];
  for (const { href, line } of markdownLinks(markdown)) {
    if (EXTERNAL.test(href)) continue;
    const [rawTarget, anchor] = href.split('#', 2);
    const target = decodeURIComponent(rawTarget);
    const resolved = target === '' ? file : path.resolve(path.dirname(file), target);
    const report = (reason: string) => broken.push({ file: relativeFile, line, href, reason });
    const fromRoot = path.relative(root, resolved);
    if (fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) {
      report('points outside the repository');
    } else if (!existsSync(resolved)) {
      report('no such file in the repository');
    } else if (anchor && statSync(resolved).isFile() && resolved.endsWith('.md')) {
      if (!headingAnchors(readFileSync(resolved, 'utf8')).has(anchor)) report(`no heading with anchor #${anchor}`);
    }
  }
  return broken;
}
