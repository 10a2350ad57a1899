import { analyze, toPublicSummary } from './analyze/index.ts';
import {
  applySummaryPatch,
  type ComposedBrief,
  type ComposeOptions,
  compose,
} from './compose/index.ts';
import type { Template } from './compose/template.ts';
import type { DiagnosticBag } from './diagnostics.ts';
import type { Stage } from './pipeline-stages.ts';
import { buildDocument, type DocDefinition } from './render/document.ts';
import { hasMap, preloadMap } from './render/map/index.ts';
import type { Article, PublicSummary } from './types.ts';

/** Layout choices made on the command line rather than in the template. */
export interface RenderOptions {
  /** PDF/A-2b output (`--pdfa`). */
  pdfa?: boolean;
  /** A watermark such as DRAFT (`--watermark`), over the template's own. */
  watermark?: string;
}

/** What one article became, up to the stage asked for. */
export interface BriefProducts {
  article: Article;
  summary?: PublicSummary;
  composed?: ComposedBrief;
  /** Only when the run stopped at `docdef`: rendering consumes the definition. */
  docdef?: DocDefinition;
  pdf?: Uint8Array;
}

let renderer: Promise<typeof import('./render/pdf.ts')> | undefined;

/** The renderer's module, imported once: an `import()` of a loaded module still costs ~60 µs a brief. */
function loadRenderer(): Promise<typeof import('./render/pdf.ts')> {
  renderer ??= import('./render/pdf.ts');
  return renderer;
}

/**
 * Runs analyze → compose → render for one article, stopping after `until`.
 * Warnings from every stage are collected in `bag`.
 */
export async function runPipeline(
  article: Article,
  template: Template,
  options: ComposeOptions,
  bag: DiagnosticBag,
  until: Stage = 'pdf',
  render: RenderOptions = {},
): Promise<BriefProducts> {
  const products: BriefProducts = { article };
  if (until === 'article') return products;

  products.summary = summarize(article, bag);
  if (until === 'summary') return products;

  const composed = await compose(article, products.summary, template, options);
  bag.addAll(composed.diagnostics);
  return { ...products, ...(await renderComposed(composed.value, bag, until, render)) };
}

/** Analyze, with the analyst's corrections (front-matter `summary:` or `--summary`) over the extracted fields. */
function summarize(article: Article, bag: DiagnosticBag): PublicSummary {
  const analysis = analyze(article);
  bag.addAll(analysis.diagnostics);
  return applySummaryPatch(toPublicSummary(article, analysis.value), article.analyst.summary);
}

/** Render for composed Markdown, stopping after `until`. */
async function renderComposed(
  composed: ComposedBrief,
  bag: DiagnosticBag,
  until: Stage,
  render: RenderOptions,
): Promise<Pick<BriefProducts, 'composed' | 'docdef' | 'pdf'>> {
  if (until === 'markdown') return { composed };
  // The map's data and drawing code load only for a brief that has a map.
  if (hasMap(composed.markdown)) await preloadMap();
  const doc = buildDocument({
    ...composed,
    theme: render.watermark ? { ...composed.theme, watermark: render.watermark } : composed.theme,
    pdfa: render.pdfa === true,
  });
  bag.addAll(doc.diagnostics);
  if (until === 'docdef') return { composed, docdef: doc.value };
  // Loaded here, not at the top: only a build that renders pays for pdfmake. pdfmake lays
  // the definition out in place, so it is handed over rather than copied, and not returned.
  const { renderOwnedPdf } = await loadRenderer();
  return { composed, pdf: await renderOwnedPdf(doc.value) };
}

/**
 * Runs analyze for every article, then one compose and render for all of them together
 * (`build --combine`). Stops after `until` like `runPipeline`.
 */
export async function runDigest(
  articles: readonly Article[],
  template: Template,
  options: ComposeOptions,
  bag: DiagnosticBag,
  until: Stage = 'pdf',
  render: RenderOptions = {},
): Promise<Omit<BriefProducts, 'article' | 'summary'>> {
  const entries = articles.map((article) => ({ article, summary: summarize(article, bag) }));
  const { composeDigest } = await import('./compose/digest.ts');
  const composed = await composeDigest(entries, template, options);
  bag.addAll(composed.diagnostics);
  return renderComposed(composed.value, bag, until, render);
}
