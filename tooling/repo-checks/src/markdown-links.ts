/**
 * Finds the links of a Markdown document (inline links, images, reference definitions and raw
 * HTML `href`/`src` attributes) with marked's lexer, so that links shown inside code blocks or
 * code spans are not mistaken for real ones.
 */
import GithubSlugger from 'github-slugger';
import { Lexer, type Token, type Tokens } from 'marked';

export interface MarkdownLink {
  readonly href: string;
  /** 1-based line of the document where the link's block starts. */
  readonly line: number;
}

const HTML_ATTRIBUTE = /\b(?:href|src)\s*=\s*"([^"]+)"/g;

function collect(tokens: readonly Token[], line: number, out: MarkdownLink[]): void {
  for (const token of tokens) {
    if (token.type === 'code' || token.type === 'codespan') continue;
    if (token.type === 'link' || token.type === 'image') out.push({ href: (token as Tokens.Link).href, line });
    if (token.type === 'html') {
      for (const match of (token as Tokens.HTML).raw.matchAll(HTML_ATTRIBUTE)) out.push({ href: match[1], line });
    }
    const nested = token as { tokens?: Token[]; items?: Tokens.ListItem[]; header?: Tokens.TableCell[]; rows?: Tokens.TableCell[][] };
    if (nested.tokens) collect(nested.tokens, line, out);
    if (nested.items) for (const item of nested.items) collect(item.tokens, line, out);
    if (nested.header) for (const cell of nested.header) collect(cell.tokens, line, out);
    if (nested.rows) for (const row of nested.rows) for (const cell of row) collect(cell.tokens, line, out);
  }
}

/** Every link target in `markdown`, with the line of the block it appears in. */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  let line = 1;
  for (const token of Lexer.lex(markdown)) {
    collect([token], line, links);
    line += token.raw.split('\n').length - 1;
  }
  return links;
}

/** The anchors GitHub generates for the headings of `markdown` (`## Quick start` -> `quick-start`). */
export function headingAnchors(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  for (const token of Lexer.lex(markdown)) {
    if (token.type === 'heading') anchors.add(slugger.slug((token as Tokens.Heading).text));
  }
  return anchors;
}
