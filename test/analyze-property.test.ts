import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze } from '../src/analyze/index.ts';
import type { Article } from '../src/types.ts';

/** An article straight from paragraphs (no ingest), so any string can be tried. */
function articleOf(paragraphs: string[]): { article: Article; input: string } {
  let input = '';
  const ps = paragraphs.map((text) => {
    if (input) input += '\n\n';
    const offset = input.length;
    input += text;
    const line = input.slice(0, offset).split('\n').length;
    return {
      kind: 'paragraph' as const,
      text,
      span: { line, column: 1, offset, length: text.length },
    };
  });
  const article: Article = {
    meta: { title: null, source: null, url: null, author: null, published: null, language: null },
    paragraphs: ps,
    removed: [],
    origin: { path: 'property.txt', format: 'text', record: null },
    analyst: {},
  };
  return { article, input };
}

const WORDS = [
  'North',
  'Korea',
  'Kim',
  'Jong-un',
  'said',
  'about',
  'more',
  'than',
  'a',
  'dozen',
  '12,000',
  'soldiers',
  'the',
  'U.S.',
  'Mr.',
  'General',
  'according',
  'to',
  'analysts',
  '“',
  '”',
  '"',
  ',',
  '.',
  '$',
  '5',
  '%',
  'million',
  'between',
  'and',
  'of',
  'Council',
  'on',
  'Foreign',
  'Relations',
  '(BLA)',
  'tenfold',
  'two-thirds',
  'Feb.',
  '2024',
  '19-day',
  'he',
  'added',
  ':',
  '’s',
  'al-Assad',
  'ECOWAS',
  '—',
  '-',
  'Pyongyang',
  'experts',
  'think',
];
const newsLike = fc.array(fc.constantFrom(...WORDS), { maxLength: 60 }).map((ws) => ws.join(' '));
const paragraph = fc.oneof(
  newsLike,
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
);

test('never throws, and every figure’s text is found at its span', () => {
  fc.assert(
    fc.property(fc.array(paragraph, { minLength: 1, maxLength: 4 }), (paragraphs) => {
      const { article, input } = articleOf(paragraphs.map((p) => p.trim() || 'x'));
      const { value, diagnostics } = analyze(article);
      assert.equal(diagnostics, []);
      for (const f of value.figures)
        assert.is(input.slice(f.span.offset, f.span.offset + f.span.length), f.text);
      for (const q of value.quotes)
        assert.is(input.slice(q.span.offset, q.span.offset + q.span.length), q.text);
      for (const s of value.bottomLine)
        assert.is(input.slice(s.span.offset, s.span.offset + s.span.length), s.text);
      for (const a of value.actors) assert.is(a.evidence.length, a.mentions);
    }),
    { numRuns: 1000 },
  );
});

// Adversarial inputs: they must finish (timing is for the benchmark, not tests).
const ONE_MB = 1024 * 1024;

test('1 MB of one repeated token, no punctuation', () => {
  const { article } = articleOf(['Kim '.repeat(ONE_MB / 4).trim()]);
  assert.equal(analyze(article).diagnostics, []);
});

test('1 MB of repeated capitalised words and numbers', () => {
  const { article } = articleOf([
    'Council on Foreign Relations of the Republic of '.repeat(ONE_MB / 48),
    '12,000 '.repeat(ONE_MB / 14),
  ]);
  assert.equal(analyze(article).diagnostics, []);
});

test('100,000 quote marks', () => {
  for (const mark of ['"', '“', '”']) {
    const { article } = articleOf([`${mark} he said `.repeat(100_000 / 1)]);
    assert.equal(analyze(article).diagnostics, []);
  }
  const { article } = articleOf(['"'.repeat(100_000)]);
  assert.equal(analyze(article).diagnostics, []);
});

test('one 1 MB token', () => {
  const { article } = articleOf(['a'.repeat(ONE_MB)]);
  assert.equal(analyze(article).diagnostics, []);
  const { article: digits } = articleOf([`${'1,000'.repeat(ONE_MB / 5)}`]);
  assert.equal(analyze(digits).diagnostics, []);
});

test.run();
