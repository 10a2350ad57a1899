import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ingest, readerFor } from '../src/ingest/index.ts';
import type { Article } from '../src/types.ts';
import { assertGolden, fixture, utf8 } from './ingest-golden.ts';

const pagePath = fixture('html', 'saved-page.html');
const page = readFileSync(pagePath);
const article = (): Article => ingest(page, 'saved-page.html').value[0];

test('HTML: a saved news page matches its golden article.json', () => {
  assertGolden(article(), fixture('html', 'article.json'));
});

test('HTML: .html and .htm pick the HTML reader', () => {
  assert.is(readerFor('page.html').format, 'html');
  assert.is(readerFor('PAGE.HTM').format, 'html');
});

test('HTML: metadata from the page', () => {
  const { meta, origin } = article();
  assert.equal(meta, {
    title: 'Ferry operator suspends northern routes after storm damage',
    source: 'The Harbour Courier',
    url: 'https://courier.example.org/news/2026/03/ferry-routes-suspended',
    author: 'Priya Nair',
    published: '2026-03-07T08:15:00+00:00',
    language: 'en-GB',
  });
  assert.equal(origin, { path: 'saved-page.html', format: 'html', record: null });
});

test('HTML: main text only, headings, list items and quotes keep their kind', () => {
  const a = article();
  const texts = a.paragraphs.map((p) => p.text);
  assert.ok(texts[0].startsWith('The ferry operator Northline has suspended'));
  assert.ok(
    texts.some((t) => t.includes('Saturday’s storm')),
    'entities decoded',
  );
  assert.equal(
    a.paragraphs.filter((p) => p.kind === 'heading').map((p) => p.text),
    ['What happens to island services', 'Questions over the ageing fleet'],
  );
  assert.is(a.paragraphs.filter((p) => p.kind === 'list-item').length, 3);
  assert.is(a.paragraphs.filter((p) => p.kind === 'quote').length, 1);
  const all = JSON.stringify(a.paragraphs);
  for (const junk of [
    'secretTrackingText',
    'must never become',
    'font-family',
    'We use cookies',
    'Most read',
    'About us',
    'Island school gets new roof',
    'Please enable JavaScript',
    'All rights reserved',
  ]) {
    assert.not.ok(all.includes(junk), junk);
  }
});

test('HTML: clutter inside the article body is removed with its rule', () => {
  const removed = article().removed.map((r) => [r.rule, r.text]);
  assert.ok(removed.some(([rule, text]) => rule === 'advertisement' && text === 'Advertisement'));
  assert.ok(
    removed.some(
      ([rule, text]) =>
        rule === 'newsletter' &&
        text === 'Sign up for our daily newsletter to get the top stories in your inbox.',
    ),
  );
});

test('HTML: page text outside the article is listed as removed, named by a rule when one fits', () => {
  const rules = new Map(article().removed.map((r) => [r.text, r.rule]));
  assert.is(rules.get('Most read'), 'outside-main-text');
  assert.is(rules.get('Island school gets new roof'), 'outside-main-text');
  assert.is(rules.get('Follow us on Twitter and Facebook'), 'follow');
  assert.is(rules.get('© 2026 The Harbour Courier. All rights reserved.'), 'copyright');
  assert.is(rules.get('By Priya Nair, Transport Correspondent'), 'byline');
  assert.is(
    rules.get('The MV Northern Star in dry dock on Sunday. Photo: Harbour Courier'),
    'caption',
  );
  assert.ok([...rules.keys()].some((t) => t.startsWith('We use cookies')));
  // The headline is the title, not a removal; scripts and styles are neither.
  assert.not.ok(rules.has('Ferry operator suspends northern routes after storm damage'));
  assert.not.ok([...rules.keys()].some((t) => /dataLayer|font-family|enable JavaScript/.test(t)));
  const offsets = article().removed.map((r) => r.span.offset);
  assert.equal(
    offsets,
    [...offsets].sort((a, b) => a - b),
  );
});

test('HTML: spans point at the element text in the page', () => {
  const html = page.toString('utf8');
  for (const p of article().paragraphs) {
    assert.ok(p.span.length > 0, `found: ${p.text}`);
    const raw = html.slice(p.span.offset, p.span.offset + p.span.length);
    const firstWord = p.text.split(' ').find((w) => /^[\p{L}]+$/u.test(w))!;
    assert.ok(raw.includes(firstWord), `${raw} / ${p.text}`);
  }
});

test('HTML: a fragment without an article still gives its text, never script text', () => {
  const html =
    '<h1>Local notice</h1><p>The library closes at noon on Friday for repairs.</p><script>alert("x")</script><style>p{color:red}</style>';
  const a = ingest(utf8(html), 'notice.htm').value[0];
  assert.is(a.meta.title, 'Local notice');
  assert.equal(
    a.paragraphs.map((p) => p.text),
    ['The library closes at noon on Friday for repairs.'],
  );
});

test('HTML: figcaptions are removed as captions', () => {
  const body = '<p>First paragraph of the story is long enough to count as text here.</p>'.repeat(
    3,
  );
  const html = `<html><body><main><figure><img src="a.jpg"><figcaption>Crowds gather in the square.</figcaption></figure>${body}</main></body></html>`;
  const a = ingest(utf8(html), 'f.html').value[0];
  assert.ok(
    a.removed.some((r) => r.rule === 'caption' && r.text === 'Crowds gather in the square.'),
  );
  assert.not.ok(a.paragraphs.some((p) => p.text.includes('Crowds')));
});

test('HTML: keepClutter keeps clutter inside the article; text outside it is still not article', () => {
  const a = ingest(page, 'saved-page.html', { keepClutter: true }).value[0];
  assert.ok(a.paragraphs.some((p) => p.text === 'Advertisement'));
  assert.ok(a.paragraphs.some((p) => p.text.startsWith('Sign up for our daily newsletter')));
  assert.not.ok(a.paragraphs.some((p) => p.text === 'Most read'));
  assert.ok(a.removed.some((r) => r.text === 'Most read'));
});

test('HTML: stdin read as HTML with from', () => {
  const a = ingest(page, '-', { from: 'html' }).value[0];
  assert.is(a.origin.path, '-');
  assert.is(a.meta.source, 'The Harbour Courier');
});

test('stdin defaults to text', () => {
  const a = ingest(utf8('A headline\n\nThe body sentence is here.\n'), '-').value[0];
  assert.equal(a.origin, { path: '-', format: 'text', record: null });
  assert.is(a.meta.title, 'A headline');
});

test.run();
