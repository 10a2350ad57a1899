import { dirname, resolve } from 'node:path';
import Handlebars from 'handlebars';
import { editDistance, TemplateError } from '../diagnostics.ts';
import type { Banner, DocumentInfo } from '../render/document.ts';
import type { Theme } from '../render/theme.ts';
import type { Article, Diagnostic, PublicSummary, Result } from '../types.ts';
import { escapeDeep } from './escape.ts';
import { admiraltyInWords, confidenceLevel, helpers, ICD203, likelihoodTerm } from './helpers.ts';
import { bannerFor, dateTimeGroup, longDate, portionMarkFor } from './markings.ts';
import { loadPartials, type Template } from './template.ts';

export interface ComposeOptions {
  /** The brief's date: `--date`, `SOURCE_DATE_EPOCH`, or now. */
  date: Date;
  classification?: string | null;
  tlp?: string | null;
  /** `--set key=value` pairs, available to templates as `vars.key`. */
  vars?: Record<string, string>;
  /** Overrides the template's `portionMarks` setting. */
  portionMarks?: boolean;
  /** `--no-map`: no locator map, whatever the template says. */
  map?: boolean;
}

/** Everything render needs: the Markdown and how to lay it out. */
export interface ComposedBrief {
  markdown: string;
  theme: Theme;
  banner: Banner | null;
  info: DocumentInfo;
  /** The template's path, named in render diagnostics. */
  file: string;
  /** Folders images may come from: the template's, then the input's. */
  assetDirs: string[];
}

const DEFAULT_CLASSIFICATION = 'UNCLASSIFIED';

const LIKELIHOOD_WORDS = new RegExp(
  `\\b(?:${ICD203.flatMap((r) => [r.term, r.alt]).join('|')}|likely|probably|probable)\\b`,
  'i',
);
const CONFIDENCE_WORDS =
  /\b(?:low|moderate|medium|high)[- ]confidence\b|\bconfidence (?:is|level)\b/i;

/** One sentence that says both how likely and how confident (ICD 203 asks for them apart). */
function mixesLikelihoodAndConfidence(text: string): boolean {
  return text
    .split(/(?<=[.!?])\s+/)
    .some((s) => LIKELIHOOD_WORDS.test(s) && CONFIDENCE_WORDS.test(s));
}

/** `2025-03-14T20:30:26Z` → `14 March 2025, 20:30Z`; a date alone loses no time; anything else stays as written. */
export function readableDate(value: string | null): string {
  if (!value) return '';
  const m =
    /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      value.trim(),
    );
  if (!m) return value;
  const day = new Date(`${m[1]}T00:00:00Z`);
  if (Number.isNaN(day.getTime())) return value;
  if (m[2] === undefined) return longDate(day);
  const at = new Date(`${m[1]}T${m[2]}:${m[3]}:00${m[4] ?? 'Z'}`);
  if (Number.isNaN(at.getTime())) return longDate(day);
  const hh = String(at.getUTCHours()).padStart(2, '0');
  const mm = String(at.getUTCMinutes()).padStart(2, '0');
  return `${longDate(at)}, ${hh}:${mm}Z`;
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** Applies an analyst's summary patch: each field given replaces the extracted one. */
export function applySummaryPatch(
  summary: PublicSummary,
  patch: Partial<PublicSummary> | undefined,
): PublicSummary {
  return patch ? { ...summary, ...patch } : summary;
}

function roleLine(role: string | null, affiliation: string | null): string {
  return [role, affiliation].filter(Boolean).join(', ');
}

/**
 * The figures as a reader sees them: the summary gives a range ("between 1,500 and 3,000")
 * as two figures, one per value, and a table would print it twice. The first of the pair
 * stands for it.
 */
function figureRows(figures: PublicSummary['figures']): PublicSummary['figures'] {
  return figures.filter(
    (f, i) => i === 0 || f.text !== figures[i - 1].text || f.sentence !== figures[i - 1].sentence,
  );
}

/**
 * The data a template sees. Article-derived strings are Markdown-escaped here, once;
 * numbers and booleans pass through.
 */
export function buildViewModel(
  article: Article,
  summary: PublicSummary,
  template: Template,
  options: ComposeOptions,
) {
  const diagnostics: Diagnostic[] = [];
  const analyst = article.analyst;
  const classification = options.classification ?? analyst.classification ?? DEFAULT_CLASSIFICATION;
  const tlp = options.tlp ?? analyst.tlp ?? null;
  const portionMarks = options.portionMarks ?? template.portionMarks;
  const explicitClassification = options.classification ?? analyst.classification;
  if (tlp && explicitClassification) {
    diagnostics.push({
      severity: 'warning',
      code: 'marking-conflict',
      message: `the classification \`${explicitClassification}\` is not shown: the TLP label ${tlp} takes the banner`,
      file: article.origin.path,
      hint: 'a brief carries one banner; remove one of the two markings',
    });
  }
  const judgments = (analyst.keyJudgments ?? []).map((j) => {
    const likelihood = j.likelihood === undefined ? null : likelihoodTerm(j.likelihood);
    if (j.likelihood !== undefined && likelihood === null) {
      diagnostics.push({
        severity: 'warning',
        code: 'likelihood-term',
        message: `key judgment likelihood \`${j.likelihood}\` is not an ICD 203 term`,
        file: article.origin.path,
        hint: 'use almost no chance, very unlikely, unlikely, roughly even chance, likely, very likely or almost certain',
      });
    }
    const confidence = j.confidence === undefined ? null : confidenceLevel(j.confidence);
    if (j.confidence !== undefined && confidence === null) {
      diagnostics.push({
        severity: 'warning',
        code: 'confidence-level',
        message: `key judgment confidence \`${j.confidence}\` is not low, moderate or high`,
        file: article.origin.path,
      });
    }
    if (mixesLikelihoodAndConfidence(j.text)) {
      diagnostics.push({
        severity: 'warning',
        code: 'likelihood-with-confidence',
        message: `key judgment "${j.text.slice(0, 60)}" states a likelihood and a confidence level in one sentence`,
        file: article.origin.path,
        hint: 'ICD 203 keeps them apart: put the likelihood in `likelihood` and the confidence in `confidence`',
      });
    }
    return { text: j.text, likelihood, confidence };
  });
  const trusted = {
    date: options.date.toISOString(),
    dtg: dateTimeGroup(options.date),
    longDate: longDate(options.date),
    portion: portionMarks ? `${portionMarkFor(classification, tlp)} ` : '',
    template: { name: template.name, audience: template.audience },
    toc: template.toc,
    map: options.map !== false && template.map,
  };
  const untrusted = {
    title: summary.title ?? article.meta.title ?? 'Untitled article',
    classification: tlp ? '' : classification,
    tlp: tlp ?? '',
    source: {
      name: article.meta.source ?? '',
      url: article.meta.url ?? '',
      author: article.meta.author ?? '',
      published: readableDate(article.meta.published),
      /** What to call the source in one line: its name, else the site of its URL, else the file. */
      label: article.meta.source ?? hostOf(article.meta.url) ?? article.origin.path,
      file: article.origin.path,
      grade: analyst.sourceGrade ?? '',
      gradeInWords: admiraltyInWords(analyst.sourceGrade) ?? analyst.sourceGrade ?? '',
    },
    preparedFor: analyst.preparedFor ?? '',
    preparedBy: analyst.preparedBy ?? '',
    bottomLine: summary.bottomLine,
    keyJudgments: judgments,
    indicators: analyst.indicators ?? [],
    actors: summary.actors.map((a) => ({ ...a, roleLine: roleLine(a.role, a.affiliation) })),
    figures: figureRows(summary.figures),
    views: summary.views.map((v) => ({ ...v, roleLine: roleLine(v.role, v.affiliation) })),
    quotes: summary.quotes,
    sources: summary.sources,
    article: {
      paragraphs: article.paragraphs.map((p) => ({
        text: p.text,
        heading: p.kind === 'heading',
        kind: p.kind,
      })),
      removedCount: article.removed.length,
    },
    vars: options.vars ?? {},
  };
  return { value: { ...escapeDeep(untrusted), ...trusted }, diagnostics, classification, tlp };
}

function fieldPaths(value: unknown, prefix = '', depth = 0): string[] {
  if (depth > 2 || value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => [
    `${prefix}${k}`,
    ...fieldPaths(v, `${prefix}${k}.`, depth + 1),
  ]);
}

/** Turns a Handlebars exception into a TemplateError pointing into the template file. */
function templateError(error: unknown, template: Template, fields: string[]): TemplateError {
  const e = error as Error & { lineNumber?: number; column?: number };
  const message = e.message.split('\n')[0].replace(/ - \d+:\d+$/, '');
  const missing = /^"([^"]+)" not defined/.exec(message)?.[1];
  let hint = 'see the README section "Templates" for the fields and helpers a template can use';
  if (missing) {
    const best = fields
      .map((f) => ({ f, d: editDistance(missing, f.split('.').pop() ?? f) }))
      .sort((x, y) => x.d - y.d)[0];
    if (best && best.d <= 3) hint = `did you mean \`${best.f}\`?`;
  } else if (/missing helper|could not be found/i.test(message)) {
    hint = `helpers: ${Object.keys(helpers).join(', ')}`;
  }
  const lineInBody = e.lineNumber ?? /line (\d+)/.exec(e.message)?.[1];
  let span =
    lineInBody === undefined
      ? undefined
      : { line: template.bodyLine + Number(lineInBody) - 1, column: (e.column ?? 0) + 1 };
  // A field missed inside a block's parameters has no position from Handlebars: find it.
  if (!span && missing) span = fieldPosition(template, missing);
  return new TemplateError('template', missing ? `unknown field \`${missing}\`` : message, {
    place: { file: template.path, span },
    hint,
    cause: error,
  });
}

/** The first place a field name is used inside `{{…}}` in a template body, as a file position. */
function fieldPosition(
  template: Template,
  name: string,
): { line: number; column: number } | undefined {
  const pattern = new RegExp(
    `\\{\\{[^}]*?[\\s#(/.]?\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`,
  );
  const lines = template.body.split('\n');
  for (const [i, text] of lines.entries()) {
    const m = pattern.exec(text);
    if (m) return { line: template.bodyLine + i, column: m.index + m[0].lastIndexOf(name) + 1 };
  }
  return undefined;
}

/**
 * Handlebars' strict mode checks `{{field}}` but not the parameters of blocks: a misspelt
 * `{{#each bottomLien}}` would silently render nothing. Reading the view model through this
 * proxy makes any unknown field an error, wherever it is used.
 */
function strictView<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  return new Proxy(value as object, {
    get(target, key, receiver) {
      if (typeof key === 'symbol' || key in target)
        return strictView(Reflect.get(target, key, receiver));
      throw new Error(`"${key}" not defined in view`);
    },
  }) as T;
}

type CompiledTemplate = (view: unknown) => string;
/** Compiled templates by template object: a batch compiles each template and its partials once. */
const compiled = new WeakMap<Template, Promise<CompiledTemplate>>();

async function compileTemplate(template: Template): Promise<CompiledTemplate> {
  const hbs = Handlebars.create();
  hbs.registerHelper(helpers);
  const compileOptions = { strict: true, noEscape: true, preventIndent: true } as const;
  for (const [name, partial] of await loadPartials(template)) {
    try {
      // compile() is lazy; parse now so a partial's syntax error names the partial's file.
      hbs.parse(partial.source);
      hbs.registerPartial(name, hbs.compile(partial.source, compileOptions));
    } catch (error) {
      throw templateError(error, { ...template, path: partial.path, bodyLine: 1 }, []);
    }
  }
  try {
    hbs.parse(template.body);
  } catch (error) {
    throw templateError(error, template, []);
  }
  return hbs.compile(template.body, compileOptions);
}

/** Runs a template on a view model; errors point into the template file. */
export async function applyTemplate(template: Template, view: object): Promise<string> {
  let fn = compiled.get(template);
  if (!fn) {
    fn = compileTemplate(template);
    compiled.set(template, fn);
  }
  let markdown: string;
  try {
    markdown = (await fn)(strictView(view));
  } catch (error) {
    throw templateError(error, template, fieldPaths(view));
  }
  return `${markdown.replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

/** Merges an article and its summary through a template into Markdown plus layout settings. */
export async function compose(
  article: Article,
  summary: PublicSummary,
  template: Template,
  options: ComposeOptions,
): Promise<Result<ComposedBrief>> {
  const view = buildViewModel(article, summary, template, options);
  const markdown = await applyTemplate(template, view.value);
  const title = summary.title ?? article.meta.title ?? 'Untitled article';
  return {
    value: {
      markdown,
      theme: template.theme,
      banner: bannerFor(view.classification, view.tlp),
      info: {
        title,
        author: article.analyst.preparedBy ?? 'Briefsmith',
        subject: `${template.name} brief: ${title}`,
        keywords: summary.actors
          .slice(0, 10)
          .map((a) => a.name)
          .join(', '),
        creator: 'Briefsmith',
        date: options.date,
      },
      file: template.path,
      assetDirs: [
        dirname(template.path),
        // Standard input and URLs have no folder to take images from.
        ...(article.origin.path === '-' || /^[a-z]+:\/\//i.test(article.origin.path)
          ? []
          : [dirname(resolve(article.origin.path))]),
      ],
    },
    diagnostics: view.diagnostics,
  };
}
