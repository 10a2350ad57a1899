import { resolve } from 'node:path';
import { BriefsmithError, InputError, systemRefusal, UsageError } from '../diagnostics.ts';
import { mergeAnalyst, readAnalystFields, readSummaryPatch } from '../ingest/analyst.ts';
import { contentTypeCharset } from '../ingest/decode.ts';
import { type FeedRecord, jsonlRecords, surveyJsonl } from '../ingest/feed-stream.ts';
import { parseYamlMapping } from '../ingest/front-matter.ts';
import { DEFAULT_MAX_INPUT, type IngestOptions, ingest, readerFor } from '../ingest/index.ts';
import type { Io } from '../io.ts';
import type { AnalystInput, Article, Diagnostic } from '../types.ts';

/** Reads an input named on the command line: a path, or `-` for standard input. */
export async function readInput(io: Io, input: string, maxInput?: number): Promise<Uint8Array> {
  if (input === '-') return io.readStdin();
  const path = resolve(io.cwd, input);
  let size: number | null;
  try {
    size = await io.fileSize(path);
  } catch {
    const folder = await io.isDirectory(path).catch(() => false);
    throw new InputError(
      'not-a-file',
      folder ? `${input} is a folder, not an article` : `${input} is not a regular file`,
      {
        place: { file: input },
        hint: folder
          ? `name the articles in it, e.g. ${input.replace(/\/+$/, '')}/*.txt (or *.md, *.html, *.jsonl)`
          : 'give a file, - for standard input, or an http(s) URL',
      },
    );
  }
  if (size === null) {
    throw new InputError('no-such-file', `no such file: ${input}`, {
      place: { file: input },
      hint: 'check the path (it is relative to the current folder)',
    });
  }
  if (maxInput !== undefined && size > maxInput) {
    throw new InputError(
      'input-too-large',
      `the input is ${size} bytes, over the ${maxInput}-byte limit`,
      {
        place: { file: input },
        hint: 'raise the limit with --max-input BYTES',
      },
    );
  }
  try {
    return await io.readFile(path);
  } catch (error) {
    // A read the system refused is the input's error (exit 4); anything else is a bug.
    const why = systemRefusal(error);
    if (why === null) throw error;
    throw new InputError('unreadable-input', `cannot read ${input}: ${why}`, {
      place: { file: input },
      hint:
        why === 'permission denied'
          ? 'check that you may read the file'
          : 'check the file and the disk it is on',
    });
  }
}

const URL_INPUT = /^https?:\/\//i;

/**
 * Reads and ingests one input — a file, `-`, or an `http(s)://` URL (fetched with a timeout,
 * a size cap and a redirect limit) — merging analyst input from `--summary` over the
 * article's own.
 */
export async function loadArticles(
  io: Io,
  input: string,
  options: IngestOptions,
  analyst: AnalystInput,
): Promise<{ articles: Article[]; diagnostics: Diagnostic[] }> {
  let bytes: Uint8Array;
  let from = options.from;
  let charset: string | undefined;
  let finalUrl: string | null = null;
  if (URL_INPUT.test(input)) {
    const { fetchArticle, formatForContentType } = await import('../ingest/fetch.ts');
    const page = await fetchArticle(input, {
      ...(options.maxInput === undefined ? {} : { maxBytes: options.maxInput }),
      ...(io.fetch ? { fetchImpl: io.fetch } : {}),
    });
    bytes = page.bytes;
    from ??= formatForContentType(page.contentType);
    charset = contentTypeCharset(page.contentType) ?? undefined;
    finalUrl = page.finalUrl;
  } else {
    bytes = await readInput(io, input, options.maxInput);
  }
  const { value, diagnostics } = ingest(bytes, input, {
    ...options,
    from,
    ...(charset ? { charset } : {}),
  });
  const articles = value.map((a) => ({
    ...a,
    meta: finalUrl && !a.meta.url ? { ...a.meta, url: finalUrl } : a.meta,
    analyst: mergeAnalyst(a.analyst, analyst),
  }));
  return { articles, diagnostics };
}

/**
 * A JSON or JSONL input that can be read from disk: its format, path and size. Null for
 * standard input, a URL, another format, and a file that is missing, not a regular file
 * (opening a FIFO would block) or over `--max-input`: reading those says what is wrong.
 */
export async function feedOnDisk(
  io: Io,
  input: string,
  options: Pick<IngestOptions, 'from' | 'maxInput'>,
): Promise<{ format: 'json' | 'jsonl'; path: string; size: number } | null> {
  if (input === '-' || URL_INPUT.test(input)) return null;
  let format: string;
  try {
    format = readerFor(input, options.from).format;
  } catch {
    return null;
  }
  if (format !== 'json' && format !== 'jsonl') return null;
  const path = resolve(io.cwd, input);
  try {
    const size = await io.fileSize(path);
    if (size === null || size > (options.maxInput ?? DEFAULT_MAX_INPUT)) return null;
    return { format, path, size };
  } catch {
    return null;
  }
}

/** A feed a batch reads as it goes: how many records it has, and the records, in order. */
export interface StreamedFeed {
  records: number;
  read(): AsyncIterable<FeedRecord>;
}

/**
 * A JSONL feed on disk, to be read a line at a time as a batch asks for its articles
 * (the same articles `loadArticles` makes, `--summary` merged in), so that a batch holds
 * a few articles at a time rather than the whole feed. Null for any other input, or a
 * feed `ingest` reads otherwise (see surveyJsonl): `loadArticles` reads it, and says what
 * is wrong with it, if anything.
 */
export async function streamedFeed(
  io: Io,
  input: string,
  options: IngestOptions,
  analyst: AnalystInput,
): Promise<StreamedFeed | null> {
  const readChunks = io.readFileChunks?.bind(io);
  const feed = readChunks ? await feedOnDisk(io, input, options) : null;
  if (!readChunks || feed?.format !== 'jsonl') return null;
  const chunks = () => readChunks(feed.path);
  // A feed that cannot be read is left to `loadArticles`, which says so as it always has.
  const survey = await surveyJsonl(chunks).catch(() => null);
  if (!survey) return null;
  return {
    records: survey.records,
    async *read() {
      try {
        for await (const record of jsonlRecords(chunks, input, options)) {
          yield 'skipped' in record
            ? record
            : {
                ...record,
                article: {
                  ...record.article,
                  analyst: mergeAnalyst(record.article.analyst, analyst),
                },
              };
        }
      } catch (error) {
        // The file went away or changed under the batch since it was surveyed: a read error
        // (ENOENT, EIO…) or bytes that are no longer UTF-8. Anything else is a bug.
        if (
          error instanceof BriefsmithError ||
          typeof (error as { code?: unknown })?.code !== 'string'
        )
          throw error;
        throw new InputError('unreadable-input', `cannot read ${input} to the end`, {
          place: { file: input },
          hint: (error as Error).message,
        });
      }
    },
  };
}

const SUMMARY_KEYS = ['title', 'bottomLine', 'actors', 'figures', 'views', 'quotes', 'sources'];

/**
 * Reads a `--summary` file (YAML or JSON; the `inspect` output, edited): summary fields at
 * the top level, plus analyst fields such as `keyJudgments`, `indicators` and `sourceGrade`.
 */
export async function readSummaryFile(io: Io, path: string): Promise<AnalystInput> {
  let text: string;
  try {
    text = new TextDecoder().decode(await io.readFile(resolve(io.cwd, path)));
  } catch {
    throw new InputError('no-such-file', `cannot read the summary file ${path}`, {
      place: { file: path },
    });
  }
  // JSON is YAML, so one parser reads both and reports lines for either.
  const data = parseYamlMapping(text, path, 0, 'summary file');
  const { meta, analyst } = readAnalystFields(data, path);
  const patchSource = Object.fromEntries(
    SUMMARY_KEYS.filter((k) => Object.hasOwn(data, k)).map((k) => [k, data[k]]),
  );
  const patch = readSummaryPatch(patchSource, path, 'summary file');
  if (meta.title !== undefined) patch.title = meta.title;
  return { ...analyst, summary: { ...analyst.summary, ...patch } };
}

/** The brief's date: `--date`, else `SOURCE_DATE_EPOCH` (seconds), else now. */
export function resolveDate(io: Io, date: string | undefined): Date {
  if (date !== undefined) {
    const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date);
    if (Number.isNaN(d.getTime())) {
      throw new UsageError('bad-date', `\`${date}\` is not a date`, {
        hint: 'use YYYY-MM-DD or an ISO 8601 date-time',
      });
    }
    return d;
  }
  const epoch = io.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) {
      throw new UsageError('bad-date', `SOURCE_DATE_EPOCH=${epoch} is not a number of seconds`);
    }
    return new Date(Number(epoch) * 1000);
  }
  return io.now();
}

/**
 * `--set key=value` pairs to an object (own keys only). A value with no `=` after another
 * one, or that names a file, is most likely an input the list took (`--set k=v b.txt`):
 * the hint says so, with `command` and its `inputs` (those that were read) in its example.
 */
export function parseSets(
  sets: readonly string[] = [],
  inputs: readonly string[] = [],
  command = 'build',
): Record<string, string> {
  const vars: Record<string, string> = Object.create(null);
  for (const [i, s] of sets.entries()) {
    const eq = s.indexOf('=');
    if (eq <= 0) {
      const taken = eq === -1 && (i > 0 || /[./\\]/.test(s));
      const first = sets.find((v) => v.indexOf('=') > 0) ?? 'key=value';
      throw new UsageError('bad-set', `\`--set ${s}\` is not key=value`, {
        hint: taken
          ? `${s} was probably meant as an input: --set takes every word after it up to the next option, so put the inputs before it (\`briefsmith ${command} ${[...inputs, s].join(' ')} --set ${first}\`), or end its values with another option`
          : 'write --set preparedFor="Ops desk"',
      });
    }
    const key = s.slice(0, eq).trim();
    if (!/^[A-Za-z_][\w-]*$/.test(key))
      throw new UsageError('bad-set', `\`${key}\` is not a valid name for --set`);
    vars[key] = s.slice(eq + 1);
  }
  return { ...vars };
}
