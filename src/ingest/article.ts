import type { AnalystInput, Article, ArticleMeta, Origin, Result } from '../types.ts';
import { type Block, clean } from './clean.ts';
import type { IngestOptions } from './options.ts';
import { needsRecovery, recoverParagraphs } from './paragraphs.ts';
import type { TextView } from './source.ts';

/** The options assembling looks at: a subset of `IngestOptions`. */
export type AssembleOptions = Pick<IngestOptions, 'keepClutter'>;

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
  if (options.keepClutter) {
    return {
      value: {
        meta,
        paragraphs: blocks.map((b) => ({ kind: b.kind, text: b.text, span: spanOf(b) })),
        removed: [],
        origin,
        analyst,
      },
      diagnostics: [],
    };
  }
  const { kept, removed, meta: lifted } = clean(blocks, meta);
  const paragraphs = kept.flatMap((b) =>
    needsRecovery(b, kept.length) ? recoverParagraphs(b) : [b],
  );
  const article: Article = {
    meta: { ...meta, ...lifted },
    paragraphs: paragraphs.map((b) => ({ kind: b.kind, text: b.text, span: spanOf(b) })),
    removed: removed.map(({ block, rule }) => ({ text: block.text, rule, span: spanOf(block) })),
    origin,
    analyst,
  };
  return { value: article, diagnostics: [] };
}
