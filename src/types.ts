/**
 * The contracts between pipeline stages. Every stage's output is a plain,
 * JSON-serialisable value so it can be printed with `--emit STAGE` and
 * compared against golden files.
 */

/** Where a thing is in the decoded, LF-normalised input text. Lines and columns are 1-based. */
export interface Span {
  line: number;
  column: number;
  offset: number;
  length: number;
}

/**
 * How a paragraph functioned in its source; readers of structured formats keep it. A
 * `table-row` is one row of a table, its cells joined by " | ": shown in the annex, but no
 * prose for the extractors to read figures, quotes or views from.
 */
export type BlockKind = 'paragraph' | 'heading' | 'list-item' | 'quote' | 'table-row';

export interface Paragraph {
  kind: BlockKind;
  text: string;
  span: Span;
}

/** A piece of input that cleaning dropped, and the named rule that dropped it. */
export interface Removed {
  text: string;
  rule: string;
  span: Span;
}

export interface ArticleMeta {
  title: string | null;
  source: string | null;
  url: string | null;
  author: string | null;
  published: string | null;
  language: string | null;
}

/** Where an article came from: the file it was read from and the reader that read it. */
export interface Origin {
  path: string;
  format: string;
  /** 1-based record line for JSONL input; null otherwise. */
  record: number | null;
}

/**
 * Analyst-supplied fields. They come from Markdown front-matter or `--summary`
 * and override or extend what extraction finds.
 */
export interface AnalystInput {
  classification?: string;
  tlp?: string;
  sourceGrade?: string;
  preparedFor?: string;
  preparedBy?: string;
  keyJudgments?: KeyJudgment[];
  indicators?: string[];
  /** A full or partial summary that replaces the extracted one, field by field. */
  summary?: Partial<PublicSummary>;
}

export interface KeyJudgment {
  text: string;
  likelihood?: string;
  confidence?: string;
}

export interface Article {
  meta: ArticleMeta;
  paragraphs: Paragraph[];
  removed: Removed[];
  origin: Origin;
  analyst: AnalystInput;
}

export type ActorKind = 'person' | 'organization' | 'country' | 'place' | 'group';

export interface Sentence {
  text: string;
  span: Span;
}

export interface Actor {
  id: string;
  name: string;
  kind: ActorKind;
  role: string | null;
  affiliation: string | null;
  aliases: string[];
  mentions: number;
  evidence: Span[];
}

export interface Figure {
  value: number;
  /** The figure as written, with its qualifier and unit: "about 12,000 soldiers". */
  text: string;
  unit: string | null;
  qualifier: string | null;
  sentence: string;
  span: Span;
}

export interface View {
  speaker: string;
  role: string | null;
  affiliation: string | null;
  cue: string;
  claim: string;
  span: Span;
}

export interface Quote {
  speaker: string | null;
  text: string;
  span: Span;
}

export interface SourceRef {
  name: string;
  cue: string;
  span: Span;
}

export interface Summary {
  bottomLine: Sentence[];
  actors: Actor[];
  figures: Figure[];
  views: View[];
  quotes: Quote[];
  sources: SourceRef[];
}

/**
 * A summary in which nothing was found: every field a fresh empty list, which both `Summary`
 * (the extractors fill it) and `PublicSummary` (a brief with no analysis) accept.
 */
export function emptyFindings(): Record<keyof Summary, never[]> {
  return { bottomLine: [], actors: [], figures: [], views: [], quotes: [], sources: [] };
}

/** The summary as `inspect` prints it and `--summary` reads it back: stable field names, no spans. */
export interface PublicSummary {
  title: string | null;
  bottomLine: string[];
  actors: {
    name: string;
    kind: ActorKind;
    role: string | null;
    affiliation: string | null;
    aliases: string[];
    mentions: number;
  }[];
  figures: {
    value: number;
    text: string;
    unit: string | null;
    qualifier: string | null;
    sentence: string;
  }[];
  views: {
    speaker: string;
    role: string | null;
    affiliation: string | null;
    cue: string;
    claim: string;
  }[];
  quotes: { speaker: string | null; text: string }[];
  sources: { name: string }[];
}

export type Severity = 'error' | 'warning' | 'note';

/** A message about an input, template or option. Warnings travel as values, never printed by a stage. */
export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  file?: string;
  span?: Pick<Span, 'line' | 'column'>;
  hint?: string;
}

/** A stage's value together with the warnings it produced (typst's `Warned<T>`). */
export interface Result<T> {
  value: T;
  diagnostics: Diagnostic[];
}
