import type { AnalystInput, Article, ArticleMeta, Origin, Result } from '../types.ts';
import { type Block, clean } from './clean.ts';
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
  return { value: article, diagnostics: [] };
}
