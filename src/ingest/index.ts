import { extname } from 'node:path';
import { InputError, UsageError } from '../diagnostics.ts';
import type { Article, Diagnostic, Result } from '../types.ts';
import { decode } from './decode.ts';
import type { IngestOptions } from './options.ts';
import { htmlReader } from './readers/html.ts';
import { jsonlReader, jsonReader } from './readers/json.ts';
import { markdownReader } from './readers/markdown.ts';
import type { Reader } from './readers/registry.ts';
import { textReader } from './readers/text.ts';
import { SourceText } from './source.ts';

export { type Fetched, type FetchOptions, fetchArticle, formatForContentType } from './fetch.ts';
export type { FieldMap, IngestOptions, RecordField } from './options.ts';
export { parseFieldMap } from './options.ts';

/** Every input format Briefsmith reads, by name. Adding a format is one module plus one line here. */
export const readers: readonly Reader[] = [
  textReader,
  markdownReader,
  htmlReader,
  jsonReader,
  jsonlReader,
];

/** The default `--max-input`: 10 MB. */
export const DEFAULT_MAX_INPUT = 10 * 1024 * 1024;

/** The reader for a path, or for an explicit `--from` format. */
export function readerFor(path: string, from?: string): Reader {
  if (from) {
    const reader = readers.find((r) => r.format === from);
    if (!reader) {
      throw new UsageError('unknown-format', `unknown input format \`${from}\``, {
        hint: `use one of: ${readers.map((r) => r.format).join(', ')}`,
      });
    }
    return reader;
  }
  const ext = extname(path).toLowerCase();
  return readers.find((r) => r.extensions.includes(ext)) ?? textReader;
}

/** The name standard input goes by. */
const STDIN = '-';

/**
 * The reader for text that has no name to tell its format by (standard input, without
 * `--from`): HTML when it opens with a doctype or an `<html>` tag (after any comments or
 * XML declaration), Markdown when it opens with a front-matter fence, JSON Lines when its
 * first line is a record, JSON when it opens as JSON does (`{"`, `[{`, a bracket and a line
 * end…), so that a document cut short is reported as JSON, not built as text; anything
 * else ("[UPDATED] …") is text, as a file with no known extension is.
 */
export function readerForText(text: string): Reader {
  const start = text.trimStart();
  const markup = start.replace(/^(?:(?:<!--[\s\S]*?-->|<\?xml[^>]*\?>)\s*)+/i, '');
  if (/^(?:<!doctype\s+html|<html[\s>])/i.test(markup)) return readerFor('', 'html');
  if (/^---[ \t]*\r?\n/.test(start)) return readerFor('', 'markdown');
  const firstLine = start.slice(0, start.search(/\r?\n|$/));
  if (firstLine.startsWith('{') && parses(firstLine) && firstLine.trimEnd() !== start.trimEnd())
    return readerFor('', 'jsonl');
  if (/^(?:\{\s*(?:"|\}|$)|\[\s*(?:[[{"\]]|$))/.test(start) || parses(start))
    return readerFor('', 'json');
  return textReader;
}

function parses(json: string): boolean {
  try {
    JSON.parse(json);
    return true;
  } catch {
    return false;
  }
}

/**
 * Bytes of one input (a file, stdin as `-`, or a fetched page) to the articles it holds.
 * Throws `InputError` when the input makes no article; warnings (a skipped JSONL record)
 * come back as diagnostics.
 */
export function ingest(
  bytes: Uint8Array,
  path: string,
  options: IngestOptions = {},
): Result<Article[]> {
  const max = options.maxInput ?? DEFAULT_MAX_INPUT;
  if (bytes.length > max) {
    throw new InputError(
      'input-too-large',
      `the input is ${bytes.length} bytes, over the ${max}-byte limit`,
      {
        place: { file: path },
        hint: 'raise the limit with --max-input BYTES',
      },
    );
  }
  const warnings: Diagnostic[] = [];
  const decoded = (reader: Reader) =>
    decode(bytes, path, {
      ...(options.charset ? { charset: options.charset } : {}),
      html: reader.format === 'html',
      onUnknownCharset: (label) =>
        warnings.push({
          severity: 'warning',
          code: 'unknown-charset',
          message: `the input declares the character set \`${label}\`, which cannot be decoded here; it was read as UTF-8 or Windows-1252`,
          file: path,
          hint: 'if the text looks wrong, convert the file to UTF-8 first (e.g. with iconv)',
        }),
    });
  let reader = readerFor(path, options.from);
  let text = decoded(reader);
  if (path === STDIN && !options.from) {
    reader = readerForText(text);
    // An HTML page may name its character set: decoded again, as a page file would be.
    if (reader.format === 'html') text = decoded(reader);
  }
  if (text.trim() === '') {
    throw new InputError('empty-input', 'the input is empty', {
      place: { file: path },
      hint: 'give Briefsmith a file with an article in it',
    });
  }
  const read = reader.read({
    source: new SourceText(text),
    path,
    options,
  });
  const result = { ...read, diagnostics: [...warnings, ...read.diagnostics] };
  if (result.value.length === 0 || result.value.some((a) => a.paragraphs.length === 0)) {
    throw new InputError('no-article-text', 'no article text is left after cleaning', {
      place: { file: path },
      hint: 'check the input, or keep every line with --keep-clutter',
    });
  }
  return result;
}
