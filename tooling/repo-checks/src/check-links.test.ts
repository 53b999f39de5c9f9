import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokenLinks } from './check-links.js';

const root = path.resolve(import.meta.dirname, '../../..');

/** The Markdown files git tracks, so a link to an untracked (uncommitted) file counts as broken too. */
function trackedMarkdown(): string[] {
  const listed = execFileSync('git', ['ls-files', '*.md'], { cwd: root, encoding: 'utf8' });
  return listed
    .split('\n')
    .filter((file) => file && !file.startsWith('.changeset/'))
    .map((file) => path.join(root, file));
}

describe('documentation links', () => {
  it('finds the README, the docs and every package README', () => {
    const files = trackedMarkdown().map((file) => path.relative(root, file));
    expect(files).toContain('README.md');
    expect(files).toContain('docs/bench-spec.md');
    expect(files.filter((file) => /^packages\/[^/]+\/README\.md$/.test(file)).length).toBeGreaterThanOrEqual(9);
  });

  it('every relative link resolves inside the repository', () => {
    const broken = trackedMarkdown().flatMap((file) => brokenLinks(root, file));
    expect(broken.map((link) => `${link.file}:${link.line} ${link.href}: ${link.reason}`)).toEqual([]);
  });
});

describe('brokenLinks', () => {
  const repo = mkdtempSync(path.join(tmpdir(), 'links-'));
  mkdirSync(path.join(repo, 'docs'));
  writeFileSync(path.join(repo, 'docs', 'guide.md'), '# Guide\n\n## Quick start\n');
  const readme = path.join(repo, 'README.md');

  it('accepts files, directories, anchors and external links', () => {
    writeFileSync(
      readme,
      '# Top\n[a](docs/guide.md) [b](docs) [c](docs/guide.md#quick-start) [d](#top) [e](https://example.org/x)\n',
    );
    expect(brokenLinks(repo, readme)).toEqual([]);
  });

  it('reports missing files, links above the root and unknown anchors, but not links inside code', () => {
    writeFileSync(
      readme,
      '# Top\n\n[a](docs/missing.md)\n\n[b](../shared/design.md)\n\n[c](docs/guide.md#nope)\n\n`[d](nowhere.md)`\n\n```\n[e](nowhere.md)\n```\n',
    );
    expect(brokenLinks(repo, readme).map((link) => [link.href, link.reason, link.line])).toEqual([
      ['docs/missing.md', 'no such file in the repository', 3],
      ['../shared/design.md', 'points outside the repository', 5],
      ['docs/guide.md#nope', 'no heading with anchor #nope', 7],
    ]);
  });
});
