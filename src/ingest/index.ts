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
  const reader = readerFor(path, options.from);
  const warnings: Diagnostic[] = [];
  const text = decode(bytes, path, {
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
