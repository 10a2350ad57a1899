import { InputError } from '../../diagnostics.ts';
import type { Article, Diagnostic, Result } from '../../types.ts';
import { assembleArticle, emptyMeta } from '../article.ts';
import type { Block } from '../clean.ts';
import { arrayElements, objectMembers, unescapeString, type ValueRange } from '../json.ts';
import type { FieldMap, RecordField } from '../options.ts';
import { MappedText, splitLines } from '../source.ts';
import { htmlFragmentBlocks } from './html.ts';
import type { Reader, ReaderInput } from './registry.ts';
import { linesToBlocks } from './text.ts';

/** The field names news APIs and scrapers commonly use, tried in order. */
export const DEFAULT_FIELDS: Record<RecordField, readonly string[]> = {
  title: ['title', 'headline', 'name'],
  text: ['text', 'body', 'content', 'article', 'bodyText', 'story'],
  url: ['url', 'link', 'canonical_url', 'webUrl'],
  author: ['author', 'byline', 'authors', 'creator'],
  published: [
    'published',
    'date',
    'published_at',
    'publishedAt',
    'pubDate',
    'datePublished',
    'webPublicationDate',
  ],
  source: ['source', 'site', 'site_name', 'publisher', 'outlet'],
  language: ['language', 'lang'],
};

/** Keys of an API response wrapping the records: `{ "articles": [ … ] }`. */
export const WRAPPER_KEYS = ['articles', 'items', 'results', 'data', 'records', 'stories'];

/** One record located in the input: the object's range and the line it starts on. */
export interface RecordAt {
  range: ValueRange;
  line: number;
}

/** Why a record was skipped, and what the user can do about it. */
class BadRecord extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** The hint for a record whose text field is not found or not usable. */
const MAP_THE_TEXT = 'map the field that holds the article with --field text=NAME';

/** Each record's scanned objects by offset: a record is scanned once, not once per field name tried. */
const scans = new WeakMap<RecordAt, Map<number, Map<string, ValueRange> | null>>();

/** The member at a dotted path (`fields.body`) inside the record's object. */
function memberAt(text: string, record: RecordAt, path: string): ValueRange | undefined {
  let cache = scans.get(record);
  if (!cache) {
    cache = new Map();
    scans.set(record, cache);
  }
  let at = record.range.start;
  let range: ValueRange | undefined;
  for (const key of path.split('.')) {
    let members = cache.get(at);
    if (members === undefined) {
      members = objectMembers(text, at);
      cache.set(at, members);
    }
    range = members?.get(key);
    if (!range) return undefined;
    at = range.start;
  }
  return range;
}

/** A scalar field as text; lists of names (`authors: ["A", "B"]`) are joined. */
function scalarText(text: string, range: ValueRange): string | null {
  const value: unknown = JSON.parse(text.slice(range.start, range.end));
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const names = value
      .map((v) =>
        typeof v === 'string'
          ? v
          : v && typeof v === 'object' && Object.hasOwn(v, 'name')
            ? String((v as { name: unknown }).name)
            : '',
      )
      .filter(Boolean);
    return names.length > 0 ? names.join(', ') : null;
  }
  if (value && typeof value === 'object' && Object.hasOwn(value, 'name')) {
    const name = (value as { name: unknown }).name;
    return typeof name === 'string' ? name : null;
  }
  return null;
}

/** A field's value range: the mapped name if the field map has one, else the usual names in turn. */
function find(
  text: string,
  record: RecordAt,
  field: RecordField,
  fieldMap: FieldMap,
): ValueRange | undefined {
  const mapped = fieldMap[field];
  if (mapped) return memberAt(text, record, mapped);
  for (const name of DEFAULT_FIELDS[field]) {
    const range = memberAt(text, record, name);
    if (range) return range;
  }
  return undefined;
}

/** Markup rather than text: a record's body as a CMS exports it (`<p>…</p>`). */
function looksLikeHtml(text: string): boolean {
  return (
    /^\s*<(?:p|div|h[1-6]|ul|ol|blockquote|figure|section|article|span|strong|em|a)\b[^>]*>/i.test(
      text,
    ) && /<\/[a-z0-9]+>/i.test(text)
  );
}

/** Blocks of a markup body; each points at the whole value, since markup hides the offsets. */
function htmlBlocks(view: MappedText): Block[] {
  const span = view.span(0, view.text.length);
  return htmlFragmentBlocks(view.text).map((p) => ({
    kind: p.kind,
    text: p.text,
    offset: 0,
    fixedSpan: span,
    ...(p.caption ? { role: 'caption' as const } : {}),
  }));
}

/** Turns one record into an article, or throws `BadRecord` with the reason. */
function recordToArticle(
  input: ReaderInput,
  record: RecordAt,
  format: string,
  recordNo: number | null,
): Result<Article> {
  const { source, path, options } = input;
  const text = source.text;
  const fieldMap = options.fieldMap ?? {};
  if (record.range.kind !== 'object') {
    throw new BadRecord(
      'the record is not a JSON object',
      'a record is an object with the article in a text field: {"title": …, "text": …}',
    );
  }
  const body = find(text, record, 'text', fieldMap);
  if (!body) {
    const tried = fieldMap.text
      ? `\`${fieldMap.text}\``
      : DEFAULT_FIELDS.text.map((f) => `\`${f}\``).join(', ');
    throw new BadRecord(`the record has no text field (looked for ${tried})`, MAP_THE_TEXT);
  }
  if (body.kind !== 'string') {
    throw new BadRecord("the record's text field is not a string", MAP_THE_TEXT);
  }
  const { value, offsets } = unescapeString(text, body.start, body.end);
  if (value.trim() === '') {
    throw new BadRecord("the record's text is empty", 'give the record its text, or leave it out');
  }
  // Control characters from `\u0000`-style escapes become spaces: same length, offsets stay put.
  const view = new MappedText(
    source,
    value.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' '),
    offsets,
  );
  const meta = emptyMeta();
  for (const field of ['title', 'url', 'author', 'published', 'source', 'language'] as const) {
    const range = find(text, record, field, fieldMap);
    if (range) meta[field] = scalarText(text, range);
  }
  const html = looksLikeHtml(view.text);
  return assembleArticle(
    view,
    html ? htmlBlocks(view) : linesToBlocks(splitLines(view.text)),
    meta,
    { path, format, record: recordNo },
    {},
    { ...options, inferHeadings: !html },
  );
}

/**
 * A record that could not be read. Severity `error`, though it is returned rather than thrown:
 * that record failed (the batch counts it and exits 4), while the other records still build.
 */
function badRecord(path: string, line: number, message: string, hint: string): Diagnostic {
  return {
    severity: 'error',
    code: 'bad-record',
    message: `record on line ${line} skipped: ${message}`,
    file: path,
    span: { line, column: 1 },
    hint,
  };
}

/** The hint for a line of a JSONL feed that does not parse. */
const ONE_OBJECT_A_LINE =
  'each line of a JSONL feed is one whole JSON object; fix or remove this one';

/**
 * One record's article, or the diagnostic that says why the record was skipped. The
 * article's own diagnostics (warnings) come with it.
 */
export function readRecord(
  input: ReaderInput,
  record: RecordAt | { error: string; line: number },
  format: string,
  numbered: boolean,
): { article: Article; diagnostics: Diagnostic[] } | { skipped: Diagnostic } {
  if ('error' in record) {
    return { skipped: badRecord(input.path, record.line, record.error, ONE_OBJECT_A_LINE) };
  }
  try {
    const result = recordToArticle(input, record, format, numbered ? record.line : null);
    if (result.value.paragraphs.length === 0)
      throw new BadRecord(
        'no article text is left after cleaning',
        'check the text, or keep every line with --keep-clutter',
      );
    return { article: result.value, diagnostics: result.diagnostics };
  } catch (error) {
    if (!(error instanceof BadRecord)) throw error;
    return { skipped: badRecord(input.path, record.line, error.message, error.hint) };
  }
}

/** The error for an input none of whose records could be read, naming the first reason. */
export function noGoodRecord(path: string, format: string, skipped: readonly Diagnostic[]) {
  const first = skipped.find((d) => d.code === 'bad-record');
  return new InputError(
    'no-good-record',
    `no record in the ${format.toUpperCase()} input could be read${first ? `: ${first.message}` : ''}`,
    {
      place: { file: path, span: first?.span },
      hint:
        first?.hint ??
        'records need a text field (text, body or content); map other names with --field text=NAME',
    },
  );
}

/** Reads every record; a bad one becomes an error diagnostic, and no good one at all is thrown. */
function readRecords(
  input: ReaderInput,
  records: readonly (RecordAt | { error: string; line: number })[],
  format: string,
  numbered: boolean,
): Result<Article[]> {
  const articles: Article[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const record of records) {
    const read = readRecord(input, record, format, numbered);
    if ('skipped' in read) {
      diagnostics.push(read.skipped);
      continue;
    }
    articles.push(read.article);
    diagnostics.push(...read.diagnostics);
  }
  if (articles.length === 0) throw noGoodRecord(input.path, format, diagnostics);
  return { value: articles, diagnostics };
}

function invalidJson(input: ReaderInput, error: unknown): InputError {
  const message = error instanceof Error ? error.message : String(error);
  // V8 says "… at position N" or "(line L column C)"; point there when it does.
  const pos = /position (\d+)/.exec(message);
  const span = pos ? input.source.span(Number(pos[1]), 0) : undefined;
  return new InputError('bad-json', `invalid JSON: ${message}`, {
    place: { file: input.path, span: span && { line: span.line, column: span.column } },
    hint: invalidJsonHint(input.source.text, message),
  });
}

/** What to do about a JSON document that does not parse, by what V8 found wrong. */
function invalidJsonHint(text: string, message: string): string {
  // A second value after the first: one JSON object a line is a JSONL feed.
  const firstLine = text.trimStart().split('\n', 1)[0] ?? '';
  if (/after JSON/.test(message) && firstLine.trimEnd().endsWith('}')) {
    try {
      JSON.parse(firstLine);
      return 'one JSON object a line is a JSONL feed: name the file .jsonl, or add --from jsonl';
    } catch {
      // Not a record a line: the generic hint below.
    }
  }
  const at = /position (\d+)/.exec(message);
  if (/end of JSON input/.test(message) || (at && Number(at[1]) >= text.trimEnd().length)) {
    return 'the JSON stops before it is complete: was the file saved or downloaded whole?';
  }
  return 'fix the JSON at that point (`jq . FILE` reports the same place)';
}

/**
 * Where a JSON document's records are: an array of them, the array a wrapper object holds
 * (`{ "articles": [ … ] }`, unless the object has a text field itself), or one object.
 */
function recordsOf(text: string, fieldMap: FieldMap): ValueRange {
  const start = text.search(/\S/);
  const top: ValueRange = {
    start,
    end: text.length,
    kind: text[start] === '[' ? 'array' : text[start] === '{' ? 'object' : 'other',
  };
  if (top.kind === 'object') {
    const members = objectMembers(text, start);
    const wrapped = WRAPPER_KEYS.map((k) => members?.get(k)).find((r) => r?.kind === 'array');
    const hasText = find(text, { range: top, line: 1 }, 'text', fieldMap);
    if (!hasText && wrapped) return wrapped;
  }
  return top;
}

/**
 * How many records a JSON document holds, as `readJson` finds them, without making articles
 * of them: for choosing threads before a build. Not checked as JSON (reading it will say
 * what is wrong): text that does not start as an array or object counts one.
 */
export function jsonRecordCount(text: string, fieldMap: FieldMap = {}): number {
  if (!/\S/.test(text)) return 1;
  const records = recordsOf(text, fieldMap);
  if (records.kind !== 'array') return 1;
  return Math.max(1, arrayElements(text, records.start)?.length ?? 1);
}

function readJson(input: ReaderInput): Result<Article[]> {
  const text = input.source.text;
  try {
    JSON.parse(text);
  } catch (error) {
    throw invalidJson(input, error);
  }
  const lineOf = (offset: number) => input.source.span(offset, 0).line;
  const top = recordsOf(text, input.options.fieldMap ?? {});
  if (top.kind === 'array') {
    const elements = arrayElements(text, top.start) ?? [];
    return readRecords(
      input,
      elements.map((range) => ({ range, line: lineOf(range.start) })),
      'json',
      true,
    );
  }
  return readRecords(input, [{ range: top, line: lineOf(top.start) }], 'json', false);
}

/**
 * Where the record on one line of a JSONL input is, or why it is no record; null for a blank
 * line. `line` is the line's text and its offset in `input.source.text`.
 */
export function jsonlRecordAt(
  line: { text: string; offset: number },
  lineNo: number,
): RecordAt | { error: string; line: number } | null {
  const trimmed = line.text.trim();
  if (trimmed === '') return null;
  const start = line.offset + line.text.indexOf(trimmed);
  try {
    JSON.parse(trimmed);
  } catch (error) {
    return {
      error: `invalid JSON: ${error instanceof Error ? error.message : String(error)}`,
      line: lineNo,
    };
  }
  const c = trimmed[0];
  return {
    range: {
      start,
      end: start + trimmed.length,
      kind: c === '{' ? 'object' : c === '[' ? 'array' : 'other',
    },
    line: lineNo,
  };
}

function readJsonl(input: ReaderInput): Result<Article[]> {
  const records: (RecordAt | { error: string; line: number })[] = [];
  splitLines(input.source.text).forEach((line, i) => {
    const record = jsonlRecordAt(line, i + 1);
    if (record) records.push(record);
  });
  return readRecords(input, records, 'jsonl', true);
}

/** A JSON article, an array of them, or an API response wrapping an array (`{ "articles": […] }`). */
export const jsonReader: Reader = {
  format: 'json',
  extensions: ['.json'],
  description:
    'a JSON record (title, text|body|content, url, author, published|date, source|site) or an array of them',
  read: readJson,
};

/** One JSON record per line, one article per record; a bad line fails alone, reported by its line. */
export const jsonlReader: Reader = {
  format: 'jsonl',
  extensions: ['.jsonl', '.ndjson'],
  description: 'one JSON record per line (a feed or an export); one brief per record',
  read: readJsonl,
};
