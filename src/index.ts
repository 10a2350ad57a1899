/**
 * Briefsmith as a library: each pipeline stage, and `buildBrief` to run them all.
 *
 *     import { buildBrief } from 'briefsmith';
 *     const { pdf, diagnostics } = await buildBrief(text, { path: 'story.txt', date: new Date() });
 */
import { analyze, toPublicSummary } from './analyze/index.ts';
import { applySummaryPatch, type ComposeOptions, compose } from './compose/index.ts';
import { listTemplates, loadTemplate } from './compose/template.ts';
import { DiagnosticBag } from './diagnostics.ts';
import { type IngestOptions, ingest, readers } from './ingest/index.ts';
import { type RenderOptions, runPipeline } from './pipeline.ts';
import { buildDocument } from './render/document.ts';
import { renderPdf } from './render/pdf.ts';
import type { Diagnostic, PublicSummary } from './types.ts';

export * from './diagnostics.ts';
export type * from './types.ts';
export type { ComposeOptions, IngestOptions, RenderOptions };
export {
  analyze,
  applySummaryPatch,
  buildDocument,
  compose,
  ingest,
  listTemplates,
  loadTemplate,
  readers,
  renderPdf,
  runPipeline,
  toPublicSummary,
};

export interface BuildBriefOptions extends Partial<ComposeOptions>, IngestOptions, RenderOptions {
  /** Names the input in messages, and its extension picks the reader. */
  path?: string;
  /** Template name or path; `intel` by default. */
  template?: string;
}

/** One article (text, Markdown, HTML, JSON) to one PDF brief per article it holds. */
export async function buildBrief(
  input: string | Uint8Array,
  options: BuildBriefOptions = {},
): Promise<{
  briefs: { title: string | null; summary: PublicSummary; pdf: Uint8Array }[];
  diagnostics: Diagnostic[];
}> {
  const bag = new DiagnosticBag();
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const articles = ingest(bytes, options.path ?? 'article.txt', options);
  bag.addAll(articles.diagnostics);
  const template = await loadTemplate(options.template ?? 'intel');
  const briefs = [];
  for (const article of articles.value) {
    const products = await runPipeline(
      article,
      template,
      { date: options.date ?? new Date(), ...options },
      bag,
      'pdf',
      options,
    );
    briefs.push({
      title: products.summary?.title ?? article.meta.title,
      summary: products.summary as PublicSummary,
      pdf: products.pdf as Uint8Array,
    });
  }
  return { briefs, diagnostics: bag.items };
}
