/**
 * The analyze stage: `Article` → `Summary`. Each kind of item has its own extractor,
 * registered by name below; all of them read one shared `Analysis` of the article
 * (sentences, name mentions, entities, attributions), computed once and lazily.
 *
 * No NLP library is loaded: compromise costs ~160 ms to load and ~40 ms per article,
 * over this stage's budget (150 ms load, 15 ms per article), and its rules are
 * re-done here for news text with a gazetteer and closed word lists.
 */
import {
  type Article,
  type Diagnostic,
  emptyFindings,
  type PublicSummary,
  type Result,
  type Summary,
} from '../types.ts';
import { Analysis } from './context.ts';
import { extractActors } from './extractors/actors.ts';
import { extractBottomLine } from './extractors/bottom-line.ts';
import { extractFigures } from './extractors/figures.ts';
import { extractQuotes } from './extractors/quotes.ts';
import { extractSources } from './extractors/sources.ts';
import { extractViews } from './extractors/views.ts';

/** An extractor fills one field of the summary from the shared analysis. */
export interface Extractor<K extends keyof Summary = keyof Summary> {
  kind: K;
  description: string;
  extract(analysis: Analysis): Summary[K];
}

function extractor<K extends keyof Summary>(
  kind: K,
  description: string,
  extract: (a: Analysis) => Summary[K],
): Extractor<K> {
  return { kind, description, extract };
}

/** Every extractor, by the summary field it fills. Adding a kind is one module and one line. */
export const extractors = [
  extractor('bottomLine', 'the lead and the most central sentences', extractBottomLine),
  extractor('actors', 'people, organisations, countries and places', extractActors),
  extractor('figures', 'counts, money, percentages, measures and multipliers', extractFigures),
  extractor('views', 'judgements attributed to analysts and experts', extractViews),
  extractor('quotes', 'direct quotes with their speakers', extractQuotes),
  extractor('sources', 'outlets, agencies, websites and reports cited', extractSources),
] as const satisfies readonly Extractor[];

/**
 * Extracts the structured summary of an article. Never throws: an extractor that
 * fails leaves its field empty and reports an `analyze-failed` warning.
 */
export function analyze(article: Article): Result<Summary> {
  const diagnostics: Diagnostic[] = [];
  const summary: Summary = emptyFindings();
  let analysis: Analysis;
  try {
    analysis = new Analysis(article);
  } catch (error) {
    diagnostics.push(failure('document', error, article));
    return { value: summary, diagnostics };
  }
  for (const x of extractors) {
    try {
      (summary as unknown as Record<string, unknown>)[x.kind] = x.extract(analysis);
    } catch (error) {
      diagnostics.push(failure(x.kind, error, article));
    }
  }
  return { value: summary, diagnostics };
}

function failure(kind: string, error: unknown, article: Article): Diagnostic {
  return {
    severity: 'warning',
    code: 'analyze-failed',
    message: `could not extract ${kind}: ${error instanceof Error ? error.message : String(error)}`,
    file: article.origin.path,
    hint: 'this is a bug in Briefsmith; the rest of the summary is still usable',
  };
}

/** The summary as `inspect --format json` prints it: stable field names, unknowns `null`, no spans. */
export function toPublicSummary(article: Article, summary: Summary): PublicSummary {
  return {
    title: article.meta.title ?? null,
    bottomLine: summary.bottomLine.map((s) => s.text),
    actors: summary.actors.map((x) => ({
      name: x.name,
      kind: x.kind,
      role: x.role ?? null,
      affiliation: x.affiliation ?? null,
      aliases: [...x.aliases],
      mentions: x.mentions,
    })),
    figures: summary.figures.map((f) => ({
      value: f.value,
      text: f.text,
      unit: f.unit ?? null,
      qualifier: f.qualifier ?? null,
      sentence: f.sentence,
    })),
    views: summary.views.map((v) => ({
      speaker: v.speaker,
      role: v.role ?? null,
      affiliation: v.affiliation ?? null,
      cue: v.cue,
      claim: v.claim,
    })),
    quotes: summary.quotes.map((q) => ({ speaker: q.speaker ?? null, text: q.text })),
    sources: summary.sources.map((s) => ({ name: s.name })),
  };
}
