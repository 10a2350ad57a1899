import type { AnalystInput, Article, ArticleMeta, Diagnostic, Origin, Result } from '../types.ts';
import { type Block, clean, wordCount } from './clean.ts';
import type { IngestOptions } from './options.ts';
import { markSubheads, needsRecovery, recoverParagraphs } from './paragraphs.ts';
import type { TextView } from './source.ts';

/**
 * The options assembling looks at: `keepClutter` from `IngestOptions`, and whether the reader's
 * format has no headings of its own (plain text), so stand-alone subheads are inferred.
 */
export type AssembleOptions = Pick<IngestOptions, 'keepClutter'> & {
  inferHeadings?: boolean;
  /** What the reader itself left out (HTML outside the main text), listed with the cleaner's removals. */
  removed?: readonly { block: Block; rule: string }[];
};

/** An empty `ArticleMeta` to fill in: every field present, unknown ones `null`. */
export function emptyMeta(): ArticleMeta {
  return { title: null, source: null, url: null, author: null, published: null, language: null };
}

/**
 * Cleans a reader's blocks, recovers paragraphs in run-together text, and turns what is left
 * into an `Article` with spans. Spans come from `view`, so they point into the decoded input.
 */
export function assembleArticle(
  view: TextView,
  blocks: readonly Block[],
  meta: ArticleMeta,
  origin: Origin,
  analyst: AnalystInput,
  options: AssembleOptions = {},
): Result<Article> {
  const spanOf = (b: Block) => b.fixedSpan ?? view.span(b.offset, b.text.length);
  // `keepClutter` turns off removal only: recovering paragraphs loses nothing, so it still runs.
  const {
    kept,
    removed,
    meta: lifted,
  } = options.keepClutter ? { kept: blocks, removed: [], meta: {} } : clean(blocks, meta);
  const structured = options.inferHeadings ? markSubheads(kept) : kept;
  const paragraphs = structured.flatMap((b) =>
    needsRecovery(b, kept.length) ? recoverParagraphs(b) : [b],
  );
  const article: Article = {
    meta: { ...meta, ...lifted },
    paragraphs: paragraphs.map((b) => ({ kind: b.kind, text: b.text, span: spanOf(b) })),
    removed: [...(options.removed ?? []), ...removed]
      .map(({ block, rule }) => ({ text: block.text, rule, span: spanOf(block) }))
      .sort((a, b) => a.span.offset - b.span.offset),
    origin,
    analyst,
  };
  const short = shortArticle(article);
  return { value: article, diagnostics: short ? [short] : [] };
}

/**
 * Fewer words than this after cleaning is less than one sentence of news (they average
 * 20–25 words; the shortest story of the VOA corpus has ~300): most likely a page whose
 * story did not come through, such as a teaser or a sign-in wall.
 */
const SHORT_ARTICLE_WORDS = 20;

/**
 * The article's words, counted no further than `limit`: by the spaces between them, and
 * where that finds too few, as Unicode segments words (Chinese, Japanese and Thai write
 * none between theirs).
 */
function wordsUpTo(article: Article, limit: number): number {
  let words = 0;
  for (const p of article.paragraphs) {
    words += wordCount(p.text);
    if (words >= limit) return words;
  }
  words = 0;
  const segmenter = new Intl.Segmenter(article.meta.language ?? undefined, { granularity: 'word' });
  for (const p of article.paragraphs) {
    for (const segment of segmenter.segment(p.text)) {
      if (segment.isWordLike && ++words >= limit) return words;
    }
  }
  return words;
}

/** A warning for an article too short to brief; `--strict` makes it an error. */
function shortArticle(article: Article): Diagnostic | null {
  if (article.paragraphs.length === 0) return null; // No text at all is the reader's error.
  const words = wordsUpTo(article, SHORT_ARTICLE_WORDS);
  if (words >= SHORT_ARTICLE_WORDS) return null;
  const { line, column } = article.paragraphs[0].span;
  return {
    severity: 'warning',
    code: 'short-article',
    message: `the article has only ${words} word${words === 1 ? '' : 's'} after cleaning, too few for a brief to say much`,
    file: article.origin.path,
    span: { line, column },
    hint: 'check that the input holds the whole story (a saved page can be a teaser or a sign-in wall), or keep every line with --keep-clutter',
  };
}
