import { Marked, type Token, type TokenizerExtension, type TokenizerThis } from 'marked';

/**
 * Briefsmith's Markdown: GFM plus three block extensions, by name.
 *
 * - `container`: `:::NAME optional title` … `:::` — a boxed callout (`box`), a small
 *   grey note (`note`) or the line under the title (`meta`).
 * - `pagebreak`: a line `\newpage` (Pandoc's spelling).
 * - `portion`: a paragraph or heading that starts with a portion mark such as `(U)` or
 *   `(CUI)` keeps it as a separate, styled run (handled in the walker, see portionMark).
 *
 * Escaped article text can produce none of these: every backslash and colon in it is escaped.
 */
export interface ContainerToken {
  type: 'container';
  raw: string;
  name: string;
  title: string;
  tokens: Token[];
}

export interface PageBreakToken {
  type: 'pagebreak';
  raw: string;
}

const CONTAINER = /^:::([a-z][\w-]*)(?:[ \t]+([^\n]*))?\n([\s\S]*?)\n?:::[ \t]*(?:\n+|$)/;
const PAGEBREAK = /^\\newpage[ \t]*(?:\n+|$)/;

/**
 * Where a block extension may interrupt a paragraph. marked calls `start` with the source
 * minus its first character, so index 0 is not a line start: matching `^` there would let
 * `\\newpage` in escaped text (a literal backslash, then "newpage") become a page break.
 *
 * marked asks before every paragraph, with the rest of the document: searching to its end
 * each time made a long document (a digest) quadratic. A blank line ends the paragraph
 * anyway, and marked tokenizes what follows it afresh, so the search stops at the first
 * blank line: a marker after it would not change how the paragraph is cut.
 */
function lineStart(src: string, pattern: RegExp): number | undefined {
  const blank = src.indexOf('\n\n');
  const i = (blank === -1 ? src : src.slice(0, blank + 1)).search(pattern);
  return i === -1 ? undefined : i + 1;
}

const container: TokenizerExtension = {
  name: 'container',
  level: 'block',
  start: (src) => lineStart(src, /\n:::[a-z]/),
  tokenizer(this: TokenizerThis, src) {
    const m = CONTAINER.exec(src);
    if (!m) return undefined;
    return {
      type: 'container',
      raw: m[0],
      name: m[1],
      title: m[2]?.trim() ?? '',
      tokens: this.lexer.blockTokens(m[3], []),
    };
  },
};

const pagebreak: TokenizerExtension = {
  name: 'pagebreak',
  level: 'block',
  start: (src) => lineStart(src, /\n\\newpage[ \t]*(?:\n|$)/),
  tokenizer(src) {
    const m = PAGEBREAK.exec(src);
    return m ? { type: 'pagebreak', raw: m[0] } : undefined;
  },
};

/** The block extensions Briefsmith Markdown adds to GFM (exported for the lexer's tests). */
export const briefExtensions: readonly TokenizerExtension[] = [container, pagebreak];

let instance: Marked | undefined;

/** Lexes Briefsmith Markdown into marked tokens (top-level `raw`s join back to the input). */
export function lexBrief(markdown: string): Token[] {
  instance ??= new Marked({ gfm: true, extensions: [...briefExtensions] });
  return instance.lexer(markdown);
}

/** A leading portion mark: `(U)`, `(CUI)`, `(C)`, `(S//NF)`, `(TS)`, `(TLP:AMBER)`. */
export const PORTION_MARK = /^\((?:U|CUI|C|S|TS|FOUO|TLP:[A-Z+]+)(?:\/\/[A-Z0-9 ,/-]+)?\) /;
