import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError, UsageError } from '../src/diagnostics.ts';
import { ingest, parseFieldMap } from '../src/ingest/index.ts';
import type { Article, Span } from '../src/types.ts';
import { assertGolden, fixture, utf8 } from './ingest-golden.ts';

const jsonl = readFileSync(fixture('jsonl', 'input.jsonl'));

/** The input text at a span. */
function at(bytes: Uint8Array, span: Span): string {
  const text = new TextDecoder().decode(bytes);
  return text.slice(span.offset, span.offset + span.length);
}

test('JSONL: one article per good record, golden', () => {
  const { value, diagnostics } = ingest(jsonl, 'feed.jsonl');
  assertGolden({ articles: value, diagnostics }, fixture('jsonl', 'article.json'));
});

test('JSONL: bad records are error diagnostics with their line, the rest come through', () => {
  const { value, diagnostics } = ingest(jsonl, 'feed.jsonl');
  assert.equal(
    value.map((a) => a.origin.record),
    [1, 4, 6],
  );
  assert.ok(value.every((a) => a.origin.format === 'jsonl' && a.origin.path === 'feed.jsonl'));
  assert.equal(
    diagnostics.map((d) => [d.severity, d.code, d.file, d.span?.line]),
    [
      ['error', 'bad-record', 'feed.jsonl', 2],
      ['error', 'bad-record', 'feed.jsonl', 3],
    ],
  );
  assert.match(diagnostics[0].message, /invalid JSON/);
  assert.match(diagnostics[1].message, /no text field/);
});

test('JSONL: metadata from the usual fields', () => {
  const [voa, , invented] = ingest(jsonl, 'feed.jsonl').value;
  assert.is(voa.meta.url?.startsWith('https://www.voanews.com/'), true);
  assert.ok(voa.meta.author && voa.meta.published && voa.meta.title);
  assert.is(invented.meta.title, 'Council votes on harbour budget');
  assert.is(invented.meta.source, 'Invented Gazette');
  assert.is(invented.meta.published, '2026-01-05');
  assert.is(invented.meta.author, 'A. Writer, B. Writer');
  assert.equal(
    invented.paragraphs.map((p) => p.text),
    [
      'The city council voted 7 to 2 on Tuesday to approve the harbour budget.',
      'The mayor said the vote "settles the matter" for this year.',
    ],
  );
});

test('JSONL: spans point into the record line, escapes included', () => {
  const articles = ingest(jsonl, 'feed.jsonl').value;
  for (const article of articles) {
    for (const p of article.paragraphs) {
      assert.is(p.span.line, article.origin.record);
      // The span covers the escaped form: parse it back and it is the paragraph.
      const raw = at(jsonl, p.span);
      assert.is(JSON.parse(`"${raw}"`).trim(), p.text);
    }
  }
});

test('JSON keys like __proto__ do not pollute prototypes', () => {
  ingest(jsonl, 'feed.jsonl');
  ingest(utf8('{"__proto__": {"polluted": 1}, "text": "Body text of the story."}'), 'p.json');
  assert.is(({} as Record<string, unknown>).polluted, undefined);
  assert.is((Object.prototype as unknown as Record<string, unknown>).polluted, undefined);
});

test('JSONL: all records bad is an InputError', () => {
  const bytes = utf8('{"title": "x"}\nnot json\n');
  try {
    ingest(bytes, 'bad.jsonl');
    assert.unreachable('should throw');
  } catch (error) {
    assert.instance(error, InputError);
    assert.is((error as InputError).code, 'no-good-record');
    assert.is((error as InputError).place.span?.line, 1);
  }
});

test('JSON: an API response wrapping an array of articles', () => {
  const { value, diagnostics } = ingest(
    readFileSync(fixture('json', 'api-response.json')),
    'api.json',
  );
  assert.is(value.length, 1);
  const [a] = value;
  assert.is(a.meta.title, 'Bridge reopens after repairs');
  assert.is(a.meta.source, 'Invented Wire');
  assert.is(a.meta.published, '2026-02-01T09:00:00Z');
  assert.is(a.paragraphs.length, 2);
  assert.is(a.origin.record, 5);
  assert.is(diagnostics.length, 1);
  assert.is(diagnostics[0].span?.line, 13);
});

test('JSON: a field map reads another shape, dotted paths included', () => {
  const bytes = readFileSync(fixture('json', 'custom-shape.json'));
  const fieldMap = parseFieldMap(['text=story', 'title=meta.headline', 'published=meta.when']);
  const { value } = ingest(bytes, 'custom.json', { fieldMap });
  const [a] = value as [Article];
  assert.is(a.meta.title, 'Drought cuts wheat harvest');
  assert.is(a.meta.published, '2025-08-30');
  assert.is(
    a.paragraphs[0].text,
    'Farmers in the northern plains expect a harvest 30 per cent below last year’s.',
  );
  assert.is(a.origin.record, null);
  // Without the map, `text` is a number: not a readable record.
  assert.throws(
    () => ingest(bytes, 'custom.json'),
    (e: unknown) => e instanceof InputError,
  );
});

test('parseFieldMap rejects unknown fields', () => {
  assert.throws(
    () => parseFieldMap(['body=story']),
    (e: unknown) => e instanceof UsageError,
  );
  assert.throws(
    () => parseFieldMap(['text']),
    (e: unknown) => e instanceof UsageError,
  );
});

test('JSON: invalid JSON is an InputError with a line', () => {
  try {
    ingest(utf8('{\n  "text": "a",\n  oops\n}'), 'bad.json');
    assert.unreachable('should throw');
  } catch (error) {
    assert.instance(error, InputError);
    assert.is((error as InputError).code, 'bad-json');
  }
});

test('JSON that does not parse gets the hint for what went wrong', () => {
  const record = JSON.stringify({ title: 'T', text: 'Troops left the border region on Tuesday.' });
  const hintFor = (text: string) => {
    try {
      ingest(utf8(text), 'bad.json');
    } catch (error) {
      assert.instance(error, InputError);
      return (error as InputError).hint ?? '';
    }
    assert.unreachable('should throw');
    return '';
  };
  assert.match(hintFor(`${record}\n${record}\n`), /JSONL feed: name the file \.jsonl/);
  assert.match(hintFor(record.slice(0, -1)), /stops before it is complete/);
  assert.match(hintFor(`${record.slice(0, -1)}\n\n`), /stops before it is complete/);
  assert.match(hintFor('{"title": "T",, "text": "x"}'), /fix the JSON at that point/);
});

test('a skipped JSONL record gets the hint for its own reason', () => {
  const good = JSON.stringify({ title: 'T', text: 'word '.repeat(30) });
  const { diagnostics } = ingest(
    utf8([good, '{"title": "T" "text"}', '[1, 2]', '{"title": "T"}', '{"text": ""}'].join('\n')),
    'feed.jsonl',
  );
  assert.equal(
    diagnostics.map((d) => [d.span?.line, d.hint]),
    [
      [2, 'each line of a JSONL feed is one whole JSON object; fix or remove this one'],
      [3, 'a record is an object with the article in a text field: {"title": …, "text": …}'],
      [4, 'map the field that holds the article with --field text=NAME'],
      [5, 'give the record its text, or leave it out'],
    ],
  );
});

test('the VOA corpus reads as 77 articles with no diagnostics', () => {
  const bytes = readFileSync('/work/shared/corpus/voa_stories.jsonl');
  const { value, diagnostics } = ingest(bytes, 'voa_stories.jsonl');
  assert.is(value.length, 77);
  assert.equal(diagnostics, []);
});

test('JSON: a body of HTML markup (a CMS export) is read as HTML', () => {
  const record = {
    title: { rendered: 'Parliament passes budget' },
    content: {
      rendered:
        '<p>Parliament passed the budget on Tuesday by 201 votes to 180.</p>\n<h2>What changes</h2>\n<ul><li>Fuel duty rises 2%</li></ul><script>track()</script>',
    },
  };
  const bytes = utf8(JSON.stringify(record));
  const { value } = ingest(bytes, 'wp.json', {
    fieldMap: { text: 'content.rendered', title: 'title.rendered' },
  });
  const [a] = value;
  assert.is(a.meta.title, 'Parliament passes budget');
  assert.equal(
    a.paragraphs.map((p) => [p.kind, p.text]),
    [
      ['paragraph', 'Parliament passed the budget on Tuesday by 201 votes to 180.'],
      ['heading', 'What changes'],
      ['list-item', 'Fuel duty rises 2%'],
    ],
  );
  // Markup hides the offsets: every block points at the whole value.
  const raw = at(bytes, a.paragraphs[0].span);
  assert.is(JSON.parse(`"${raw}"`), record.content.rendered);
});

test('keepClutter still recovers paragraphs in run-together records', () => {
  const { value } = ingest(jsonl, 'feed.jsonl', { keepClutter: true });
  assert.ok(value[0].paragraphs.length > 5);
  assert.equal(value[0].removed, []);
});

test.run();
