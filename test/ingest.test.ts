import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BriefsmithError, InputError } from '../src/diagnostics.ts';
import { ingest } from '../src/ingest/index.ts';
import type { Article } from '../src/types.ts';
import { assertGolden, fixture, utf8 } from './ingest-golden.ts';

const SAMPLE = 'input/north-korea-recalls-commanders.txt';
const sampleBytes = readFileSync(new URL(`../${SAMPLE}`, import.meta.url));

function one(bytes: Uint8Array, path: string, options = {}): Article {
  const { value } = ingest(bytes, path, options);
  assert.is(value.length, 1);
  return value[0];
}

function throwsInput(fn: () => unknown, code: string): InputError {
  try {
    fn();
  } catch (error) {
    assert.instance(error, InputError);
    assert.is((error as InputError).code, code);
    return error as InputError;
  }
  assert.unreachable(`expected InputError ${code}`);
  throw new Error('unreachable');
}

test('sample article matches its golden article.json', () => {
  assertGolden(one(sampleBytes, SAMPLE), fixture('sample', 'article.json'));
});

test('sample: removed lines are exactly the gold clutter lines, kept lines the gold body lines', () => {
  const gold = JSON.parse(readFileSync('/work/shared/gold/seed.json', 'utf8')) as {
    headline: { line: number; text: string };
    body_lines: number[];
    clutter_lines: { line: number; kind: string }[];
  };
  const article = one(sampleBytes, SAMPLE);
  const ruleFor: Record<string, string> = {
    separator: 'separator',
    teaser: 'teaser',
    title_line: 'title-line',
  };
  assert.equal(
    article.removed.map((r) => [r.span.line, r.rule]),
    gold.clutter_lines.map((c) => [c.line, ruleFor[c.kind]]),
  );
  assert.equal(
    article.paragraphs.map((p) => p.span.line),
    gold.body_lines,
  );
  assert.is(article.meta.title, gold.headline.text);
});

test('every span points at its text in the decoded input', () => {
  const article = one(sampleBytes, SAMPLE);
  const text = sampleBytes.toString('utf8');
  for (const item of [...article.paragraphs, ...article.removed]) {
    assert.is(text.slice(item.span.offset, item.span.offset + item.span.length), item.text);
  }
});

test('markdown with front-matter matches its golden', () => {
  const path = fixture('markdown', 'input.md');
  const { value, diagnostics } = ingest(readFileSync(path), 'markdown/input.md');
  assert.equal(diagnostics, []);
  assertGolden(value, fixture('markdown', 'article.json'));
  const [article] = value;
  assert.is(article.meta.title, 'Port strike enters second week');
  assert.is(article.analyst.classification, 'UNCLASSIFIED//FOUO');
  assert.is(article.analyst.keyJudgments?.[0].likelihood, 'likely');
  assert.ok(article.paragraphs.some((p) => p.kind === 'heading'));
  assert.ok(article.paragraphs.some((p) => p.kind === 'list-item'));
  assert.ok(article.paragraphs.some((p) => p.kind === 'quote'));
});

test('standard input is read as the format its text opens with, unless --from says', () => {
  const md = readFileSync(fixture('markdown', 'input.md'));
  assert.is(one(md, '-').meta.title, 'Port strike enters second week');
  assert.is(one(md, '-').origin.format, 'markdown');
  const story = 'Officials said on Tuesday that 1,200 troops had left the border region for good.';
  const page = `<!DOCTYPE html><html><head><title>Troops leave</title></head><body><article><p>${story}</p></article></body></html>`;
  assert.is(one(utf8(page), '-').origin.format, 'html');
  const record = { title: 'Troops leave', text: story };
  assert.is(one(utf8(JSON.stringify(record, null, 2)), '-').origin.format, 'json');
  const feed = ingest(utf8(`${JSON.stringify(record)}\n${JSON.stringify(record)}\n`), '-');
  assert.equal(
    feed.value.map((a) => a.origin.format),
    ['jsonl', 'jsonl'],
  );
  // A page saved with a comment first is still HTML.
  assert.is(
    one(utf8(`<!-- saved from url=(0030)https://example.org/ -->\n${page}`), '-').origin.format,
    'html',
  );
  // JSON cut short is reported as JSON, not built as text.
  const cut = JSON.stringify(record, null, 2).slice(0, -20);
  assert.throws(
    () => ingest(utf8(cut), '-'),
    (e: unknown) => (e as InputError).code === 'bad-json',
  );
  // Text that only looks like the start of JSON or HTML stays text.
  for (const text of [
    `[UPDATED] Troops leave\n\n${story}`,
    `[1] Troops leave\n\n${story}`,
    `<b>Troops</b> leave\n\n${story}`,
  ]) {
    assert.is(one(utf8(text), '-').origin.format, 'text', text);
  }
  assert.is(one(md, '-', { from: 'text' }).origin.format, 'text');
  // A named file goes by its name, as before.
  assert.is(one(md, 'notes.txt').origin.format, 'text');
});

test('an article of fewer than 20 words is a warning at its first paragraph, in every format', () => {
  const page = ingest(utf8('<html><body><main><p>x</p></main></body></html>'), 'tiny.html');
  assert.equal(
    page.diagnostics.map((d) => [d.code, d.file, d.span?.line]),
    [['short-article', 'tiny.html', 1]],
  );
  assert.match(page.diagnostics[0].message, /only 1 word after cleaning/);
  const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
  assert.is(
    ingest(utf8(`Title\n\n${words(19)}.\n`), 'a.txt').diagnostics[0]?.code,
    'short-article',
  );
  assert.equal(ingest(utf8(`Title\n\n${words(20)}.\n`), 'a.txt').diagnostics, []);
  // Japanese writes no spaces between words: they are counted as Unicode segments them.
  const japanese =
    '政府は火曜日、北部の国境地帯から約千二百人の部隊が撤退したと発表した。住民は安堵の声を上げたが、専門家は今後の動向を注視する必要があると指摘している。';
  assert.equal(ingest(utf8(`日本の記事\n\n${japanese}\n`), 'ja.txt').diagnostics, []);
  assert.is(
    ingest(utf8('日本の記事\n\n部隊が撤退した。\n'), 'ja.txt').diagnostics[0]?.code,
    'short-article',
  );
  const feed = ingest(
    utf8(
      `${JSON.stringify({ title: 'Long', text: words(40) })}\n${JSON.stringify({ title: 'Short', text: 'Too short.' })}\n`,
    ),
    'feed.jsonl',
  );
  assert.equal(
    feed.diagnostics.map((d) => [d.code, d.span?.line]),
    [['short-article', 2]],
  );
});

test('a front-matter YAML error points at the line in the file', () => {
  const md = '---\ntitle: Fine\nsource: VOA\nauthor: [unclosed\n---\n\nBody text here.\n';
  const error = throwsInput(() => ingest(utf8(md), 'bad.md'), 'bad-yaml');
  assert.is(error.place.file, 'bad.md');
  assert.ok(error.place.span, 'has a line');
  // The broken value is on line 4 of the file (line 3 of the YAML block).
  assert.equal(error.place.span, { line: 4, column: 18 });
  assert.not.match(error.message, /line 3/);
});

test('a front-matter field of the wrong type is an InputError at its key', () => {
  const error = throwsInput(
    () => ingest(utf8('---\ntitle: T\nkeyJudgments:\n  - text: [1]\n---\nBody.\n'), 'x.md'),
    'bad-field',
  );
  assert.match(error.message, /keyJudgments\[0\]\.text/);
  assert.equal(error.place, { file: 'x.md', span: { line: 3, column: 1 } });
});

const BODY = 'Café owners in Zürich said the naïve plan “failed”.';

test('encodings: UTF-8 with and without BOM give the same text', () => {
  const plain = one(utf8(`Title\n\n${BODY}\n`), 'a.txt');
  const bom = one(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(`Title\n\n${BODY}\n`)]), 'a.txt');
  assert.is(plain.paragraphs[0].text, BODY);
  assert.equal(bom.paragraphs, plain.paragraphs);
  assert.is(bom.meta.title, 'Title');
});

function utf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + i * 2 + (bigEndian ? 1 : 0)] = c & 0xff;
    out[2 + i * 2 + (bigEndian ? 0 : 1)] = c >> 8;
  }
  return out;
}

test('encodings: UTF-16 LE and BE with BOM', () => {
  for (const be of [false, true]) {
    const article = one(utf16(`Title\n\n${BODY}\n`, be), 'a.txt');
    assert.is(article.meta.title, 'Title');
    assert.is(article.paragraphs[0].text, BODY);
  }
});

test('encodings: Windows-1252 when the bytes are not UTF-8', () => {
  // "Caf\xe9 \x93quoted\x94 \x96 dash \x80" in cp1252.
  const bytes = new Uint8Array([
    ...utf8('Title\n\nCaf'),
    0xe9,
    0x20,
    0x93,
    ...utf8('quoted'),
    0x94,
    0x20,
    0x96,
    ...utf8(' dash '),
    0x80,
    0x2e,
    0x0a,
  ]);
  assert.is(one(bytes, 'a.txt').paragraphs[0].text, 'Café “quoted” – dash €.');
});

/** Windows-1251 bytes for text of ASCII and the Russian alphabet (А–я). */
function cp1251(text: string): Uint8Array {
  return Uint8Array.from([...text], (c) => {
    const cp = c.codePointAt(0) ?? 0;
    return cp >= 0x410 && cp <= 0x44f ? 0xc0 + cp - 0x410 : cp;
  });
}

test('encodings: the <meta charset> of an HTML page decides, in either form', () => {
  const body =
    '<h1>Новости</h1><p>Москва заявила о переговорах в среду, сообщили в министерстве.</p>';
  for (const meta of [
    '<meta charset="windows-1251">',
    '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
  ]) {
    const bytes = cp1251(
      `<html><head>${meta}<title>Новости</title></head><body><article>${body}</article></body></html>`,
    );
    const article = one(bytes, 'page.html');
    assert.match(article.paragraphs.map((p) => p.text).join(' '), /Москва заявила о переговорах/);
  }
});

test('encodings: a server-declared UTF-8 outranks a stale <meta>; commented-out and data- attributes do not count', () => {
  const page = (head: string) =>
    new TextEncoder().encode(
      `<html><head>${head}<title>Zürich</title></head><body><article><p>Café “quoted” in Zürich, the owner said on Monday.</p></article></body></html>`,
    );
  const text = (bytes: Uint8Array, options = {}) =>
    one(bytes, 'page.html', options)
      .paragraphs.map((p) => p.text)
      .join(' ');
  assert.match(
    text(page('<meta charset="iso-8859-1">'), { charset: 'utf-8' }),
    /Café “quoted” in Zürich/,
  );
  assert.match(
    text(page('<!-- <meta charset="koi8-r"> --><meta charset="utf-8">')),
    /Café “quoted” in Zürich/,
  );
  assert.match(
    text(page('<meta data-charset="koi8-r" name="x" content="a; charset=koi8-r">')),
    /Café “quoted” in Zürich/,
  );
});

test('encodings: a charset declared by the server decides; an unknown one is passed over', () => {
  const bytes = cp1251('Заголовок\n\nМосква заявила о переговорах в среду.\n');
  assert.match(one(bytes, 'a.txt', { charset: 'windows-1251' }).paragraphs[0].text, /^Москва/);
  // Without the declaration the bytes are not UTF-8, so they read as Windows-1252.
  assert.not.match(one(bytes, 'a.txt').paragraphs[0].text, /Москва/);
  const utf8Bytes = new TextEncoder().encode(
    'Title\n\nCafé au lait is what most customers order before the market opens at seven, said the owner of the shop.\n',
  );
  const unknown = ingest(utf8Bytes, 'a.txt', { charset: 'no-such-charset' });
  assert.match(unknown.value[0].paragraphs[0].text, /^Café/);
  assert.equal(
    unknown.diagnostics.map((d) => [d.severity, d.code]),
    [['warning', 'unknown-charset']],
  );
  assert.match(unknown.diagnostics[0].message, /`no-such-charset`/);
  // A BOM outranks any declaration.
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8Bytes]);
  assert.match(one(bom, 'a.txt', { charset: 'windows-1251' }).paragraphs[0].text, /^Café/);
});

test('encodings: CRLF becomes LF and spans count LF only', () => {
  const article = one(
    utf8('Title\r\n\r\nFirst paragraph here.\r\n\r\nSecond paragraph here.\r\n'),
    'a.txt',
  );
  assert.equal(
    article.paragraphs.map((p) => [p.text, p.span.line, p.span.offset]),
    [
      ['First paragraph here.', 3, 7],
      ['Second paragraph here.', 5, 30],
    ],
  );
});

test('encodings: text is NFC-normalised', () => {
  const decomposed = 'Cafe\u0301 society returned.';
  const article = one(utf8(`Title\n\n${decomposed}\n`), 'a.txt');
  assert.is(article.paragraphs[0].text, 'Café society returned.');
  assert.is(article.paragraphs[0].text, article.paragraphs[0].text.normalize('NFC'));
});

test('empty and whitespace-only input is an InputError', () => {
  throwsInput(() => ingest(new Uint8Array(), 'e.txt'), 'empty-input');
  throwsInput(() => ingest(utf8(' \n\t\n'), 'e.txt'), 'empty-input');
});

test('binary input is an InputError', () => {
  throwsInput(
    () => ingest(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2]), 'x.png'),
    'binary-input',
  );
});

test('oversize input is an InputError naming the limit', () => {
  const error = throwsInput(
    () => ingest(utf8('x'.repeat(2000)), 'big.txt', { maxInput: 1000 }),
    'input-too-large',
  );
  assert.match(error.message, /1000/);
  assert.instance(error, BriefsmithError);
  assert.is(error.exitCode, 4);
});

test('an input that is only clutter is an InputError', () => {
  throwsInput(() => ingest(utf8('Title\n\n-\n---\n-\n'), 'c.txt'), 'no-article-text');
});

test('a file of 200,000 short lines is read, not a stack overflow', () => {
  const lines = Array.from(
    { length: 200_000 },
    (_, i) => `Line ${i} of a long but regular file goes here`,
  );
  const article = one(utf8(`Title\n\n${lines.join('\n')}\n`), 'long.txt');
  assert.is(article.paragraphs.length, 200_000);
});

test('keepClutter keeps every line', () => {
  const article = one(sampleBytes, SAMPLE, { keepClutter: true });
  assert.is(article.removed.length, 0);
  assert.is(article.paragraphs.length, 25);
});

test.run();
