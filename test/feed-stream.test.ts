import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../src/diagnostics.ts';
import {
  type Chunks,
  type FeedRecord,
  jsonlRecords,
  surveyJsonl,
} from '../src/ingest/feed-stream.ts';
import { ingest } from '../src/ingest/index.ts';
import { ROOT } from './helpers.ts';
import { fixture, utf8 } from './ingest-golden.ts';

/** The bytes in chunks of `size`, cutting anywhere: inside a character, between CR and LF. */
function chunked(bytes: Uint8Array, size: number): Chunks {
  return async function* () {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  };
}

async function collect(chunks: Chunks, path: string): Promise<FeedRecord[]> {
  const out: FeedRecord[] = [];
  for await (const record of jsonlRecords(chunks, path, {})) out.push(record);
  return out;
}

/** What `ingest` makes of the whole feed, in the stream's terms: every record in line order. */
function eager(bytes: Uint8Array, path: string): FeedRecord[] {
  const { value, diagnostics } = ingest(bytes, path);
  const lineOf = (x: FeedRecord) =>
    'skipped' in x ? (x.skipped.span?.line ?? 0) : (x.article.origin.record ?? 0);
  const records: FeedRecord[] = [
    ...value.map((article) => ({ article, diagnostics: [] })),
    ...diagnostics.filter((d) => d.code === 'bad-record').map((skipped) => ({ skipped })),
  ];
  return records.sort((a, b) => lineOf(a) - lineOf(b));
}

/** The stream's records with their warnings left out, which `eager` cannot place per record. */
const bare = (records: FeedRecord[]) =>
  records.map((r) => ('skipped' in r ? r : { article: r.article, diagnostics: [] }));

const feeds: [string, Uint8Array][] = [
  ['the JSONL fixture', readFileSync(fixture('jsonl', 'input.jsonl'))],
  [
    'CRLF and CR line ends, a BOM, blank lines, combining marks, escapes',
    utf8(
      '\ufeff{"title":"Cafe\u0301 talks","text":"Ministers met on Monday.\\n\\nThey agreed \\u201cnothing\\u201d."}\r\n' +
        '\r\n{"title":"Two","text":"Second story,\\tline one.\\nLine two of it."}\r' +
        '{"text":"Third: naïve coöperation\\u0000 ends here."}\n  \n' +
        '{"bad json\n{"title":"No text"}\n',
    ),
  ],
];
feeds.push([
  'two BOMs (decode drops one, then TextDecoder the other), a long line',
  utf8(
    `\ufeff\ufeff{"title":"Long","text":"${'A long line of words. '.repeat(4000)}"}\n{"text":"Short."}`,
  ),
]);
const voa = join(ROOT, '../shared/corpus/voa_stories.jsonl');
if (existsSync(voa)) {
  // A part of the VOA corpus: real records, curly quotes, long lines.
  const lines = readFileSync(voa, 'utf8').split('\n').slice(0, 40).join('\n');
  feeds.push(['40 VOA records', utf8(lines)]);
}

for (const [name, bytes] of feeds) {
  test(`a feed read a line at a time gives what ingest gives: ${name}`, async () => {
    const expected = eager(bytes, 'feed.jsonl');
    const survey = await surveyJsonl(chunked(bytes, 1 << 20));
    assert.equal(survey, { records: expected.length });
    for (const size of [1, 7, 64, 4096]) {
      const records = await collect(chunked(bytes, size), 'feed.jsonl');
      assert.equal(bare(records), expected, `chunks of ${size} bytes`);
    }
    // The warnings come with their record, the same ones as ingest's.
    const warnings = (await collect(chunked(bytes, 4096), 'feed.jsonl')).flatMap((r) =>
      'skipped' in r ? [] : r.diagnostics,
    );
    assert.equal(
      warnings,
      ingest(bytes, 'feed.jsonl').diagnostics.filter((d) => d.code !== 'bad-record'),
    );
  });
}

test('a feed ingest reads otherwise is left to ingest', async () => {
  const survey = (bytes: Uint8Array) => surveyJsonl(chunked(bytes, 64 * 1024));
  // Not UTF-8: ingest reads all of it as Windows-1252.
  assert.is(await survey(Uint8Array.from([...utf8('{"text":"caf'), 0xe9, ...utf8('"}\n')])), null);
  assert.is(await survey(Uint8Array.from([0xff, 0xfe, 0x7b, 0x00])), null); // UTF-16
  assert.is(await survey(Uint8Array.from([0x7b, 0x00, 0x00, 0x7d])), null); // binary
  // Binary past the first chunk but within the first 8 KB, however small the chunks.
  const late = Uint8Array.from([...utf8(`{"text":"${'x'.repeat(100)}"}\n`), 0, 0, 0]);
  assert.is(await surveyJsonl(chunked(late, 1)), null);
  assert.is(await survey(utf8(' \n\n  \n')), null); // empty
  assert.equal(await survey(utf8('{"text":"One."}\n\n{"text":"Two."}')), { records: 2 });
});

test('a feed with no good record is one error, as from ingest', async () => {
  const bytes = utf8('{"title":"no text"}\nnot json\n');
  let thrown: unknown;
  const records = [];
  try {
    for await (const r of jsonlRecords(chunked(bytes, 5), 'feed.jsonl', {})) records.push(r);
  } catch (error) {
    thrown = error;
  }
  assert.equal(records, []);
  assert.instance(thrown, InputError);
  assert.throws(
    () => ingest(bytes, 'feed.jsonl'),
    (e: Error) => e.message === (thrown as Error).message,
  );
});

test.run();
