/**
 * A JSONL feed read a line at a time, for a batch that must not hold the whole feed: the
 * articles come one by one, as the batch asks for them, and are the same (spans included)
 * as `ingest` makes of the whole file. A feed that `ingest` would read otherwise (not UTF-8,
 * a BOM for UTF-16, binary, empty) is left to `ingest`: `surveyJsonl` says so first.
 */
import type { Article, Diagnostic } from '../types.ts';
import { cleanText, looksBinary } from './decode.ts';
import type { IngestOptions } from './options.ts';
import { jsonlRecordAt, noGoodRecord, readRecord } from './readers/json.ts';
import { SourceText } from './source.ts';

/** A feed's bytes, a chunk at a time, from its start; callable again for a second pass. */
export type Chunks = () => AsyncIterable<Uint8Array>;

/** The first `n` bytes of a feed, however it is cut into chunks. */
async function head(chunks: Chunks, n: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunks()) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= n) break;
  }
  return Buffer.concat(parts).subarray(0, n);
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The decoded lines of a UTF-8 feed, as `decode` and `splitLines` would make them; throws on bytes that are not UTF-8. */
async function* decodedLines(chunks: Chunks): AsyncGenerator<string> {
  // `decode` drops a UTF-8 BOM itself, then TextDecoder drops a second one, if any: the same here.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bom = 0;
  let rest = '';
  for await (let bytes of chunks()) {
    while (bom < 3 && bytes.length > 0 && bytes[0] === UTF8_BOM[bom]) {
      bytes = bytes.subarray(1);
      bom++;
    }
    if (bom < 3 && bytes.length > 0) {
      // Not a BOM after all: its first bytes are text.
      bytes = Buffer.concat([Uint8Array.from(UTF8_BOM.slice(0, bom)), bytes]);
      bom = 3;
    }
    const decoded = decoder.decode(bytes, { stream: true });
    // A chunk with no line end only lengthens the line: no rescanning a long line per chunk.
    if (!/[\r\n]/.test(decoded)) {
      rest += decoded;
      continue;
    }
    let text = rest + decoded;
    // A CR at the end may be the first half of a CRLF: it waits for the next chunk.
    const cr = text.endsWith('\r');
    if (cr) text = text.slice(0, -1);
    const lines = text.replace(/\r\n?/g, '\n').split('\n');
    rest = lines.pop() + (cr ? '\r' : '');
    for (const line of lines) yield cleanText(line);
  }
  const last = Uint8Array.from(bom < 3 ? UTF8_BOM.slice(0, bom) : []);
  for (const line of (rest + decoder.decode(last)).replace(/\r\n?/g, '\n').split('\n'))
    yield cleanText(line);
}

/**
 * Whether a JSONL feed can be read a line at a time with the same result as `ingest`, and
 * how many records (non-blank lines) it has. Reads it once, keeping nothing.
 */
export async function surveyJsonl(chunks: Chunks): Promise<{ records: number } | null> {
  // `decode`'s checks on the first bytes: a UTF-16 BOM, and binary content in the first 8 KB.
  const first = await head(chunks, 8192);
  const utf16 =
    (first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff);
  if (utf16 || looksBinary(first)) return null;
  let records = 0;
  try {
    for await (const line of decodedLines(chunks)) if (line.trim() !== '') records++;
  } catch {
    return null; // Not UTF-8: `decode` reads it as Windows-1252, all of it.
  }
  return records > 0 ? { records } : null;
}

/** One record of a feed: its article, or why it was skipped (an error diagnostic). */
export type FeedRecord = { article: Article; diagnostics: Diagnostic[] } | { skipped: Diagnostic };

/**
 * The records of a JSONL feed that `surveyJsonl` found readable, in order. As `ingest` does,
 * a feed with no good record at all is one error (thrown once the feed is read through), not
 * one per record: skipped records are held back until the first good one.
 */
export async function* jsonlRecords(
  chunks: Chunks,
  path: string,
  options: IngestOptions,
): AsyncGenerator<FeedRecord> {
  let held: Diagnostic[] | null = [];
  let offset = 0;
  let lineNo = 0;
  for await (const text of decodedLines(chunks)) {
    lineNo++;
    const start = { offset, line: lineNo };
    offset += text.length + 1;
    const record = jsonlRecordAt({ text, offset: 0 }, lineNo);
    if (!record) continue;
    const read = readRecord(
      { source: new SourceText(text, start), path, options },
      record,
      'jsonl',
      true,
    );
    if ('skipped' in read && held) {
      held.push(read.skipped);
      continue;
    }
    if (held) {
      for (const skipped of held) yield { skipped };
      held = null;
    }
    yield read;
  }
  if (held) throw noGoodRecord(path, 'jsonl', held);
}
