import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, extractors, toPublicSummary } from '../src/analyze/index.ts';
import { nameLexicon } from '../src/analyze/name-lexicon.ts';
import { ingest } from '../src/ingest/index.ts';

const SAMPLE = 'input/north-korea-recalls-commanders.txt';
const GOLDEN = 'test/fixtures/analyze/seed.summary.json';
const bytes = readFileSync(SAMPLE);
const text = bytes.toString('utf8');
const article = ingest(bytes, SAMPLE).value[0];
const { value: summary, diagnostics } = analyze(article);
const pub = toPublicSummary(article, summary);

test('the sample analyses without diagnostics', () => {
  assert.equal(diagnostics, []);
});

test('every summary field has a registered extractor', () => {
  assert.equal(extractors.map((x) => x.kind).sort(), [
    'actors',
    'bottomLine',
    'figures',
    'quotes',
    'sources',
    'views',
  ]);
});

test('the sample: required actors', () => {
  const names = pub.actors.map((a) => a.name);
  for (const n of [
    'Kim Jong-un',
    'Kim Yong Bok',
    'Sin Kom Chol',
    'Michael Madden',
    'New York Post',
    'North Korea',
    'Russia',
    'Ukraine',
  ]) {
    assert.ok(names.includes(n), `missing actor ${n}: ${names.join(', ')}`);
  }
  const kursk = pub.actors.find((a) => a.name.startsWith('Kursk'));
  assert.ok(kursk, 'Kursk region');
  assert.is(kursk?.kind, 'place');
  const madden = pub.actors.find((a) => a.name === 'Michael Madden');
  assert.is(madden?.role, 'North Korea expert');
  assert.is(madden?.affiliation, 'Stimson Center');
  const nk = pub.actors.find((a) => a.name === 'North Korea');
  assert.ok(nk?.aliases.includes('Pyongyang') && nk.aliases.includes('North Korean'));
  assert.ok(pub.actors.find((a) => a.name === 'Kim Jong-un')?.aliases.includes('Kim'));
});

test('the sample: required figures, each with its sentence', () => {
  const want = [
    [12000, 'about 12,000 soldiers', 'soldiers', 'about'],
    [6000, 'an additional 6,000 workers', 'workers', 'additional'],
    [12, 'more than a dozen senior officers', 'senior officers', 'more than'],
  ] as const;
  for (const [value, text, unit, qualifier] of want) {
    const f = pub.figures.find((x) => x.value === value);
    assert.ok(f, `missing figure ${text}`);
    assert.is(f?.text, text);
    assert.is(f?.unit, unit);
    assert.is(f?.qualifier, qualifier);
    assert.ok(f?.sentence.includes(text));
  }
});

test('the sample: views of Madden and of the observers', () => {
  const madden = pub.views.find((v) => v.speaker === 'Michael Madden');
  assert.ok(madden);
  assert.is(madden?.cue, 'noted');
  assert.ok(madden?.claim.startsWith('Russia does not want'));
  const observers = pub.views.find((v) => /observers/i.test(v.speaker));
  assert.ok(observers);
  assert.ok(observers?.claim.startsWith('this withdrawal carries political implications'));
});

test("the sample: Kim's quote and the sources", () => {
  const q = pub.quotes.find((x) => x.text.startsWith('our army is a heroic army'));
  assert.is(q?.speaker, 'Kim Jong-un');
  assert.equal(
    pub.sources.map((s) => s.name),
    ['New York Post', 'North Korean state media'],
  );
});

test('the sample: a bottom line of 2–3 sentences taken from the article, with spans', () => {
  assert.ok(summary.bottomLine.length >= 2 && summary.bottomLine.length <= 3);
  assert.ok(summary.bottomLine[0].text.startsWith('In a surprising move'));
  for (const s of summary.bottomLine)
    assert.is(text.slice(s.span.offset, s.span.offset + s.span.length), s.text);
});

test('every span points at its text in the input', () => {
  for (const f of summary.figures)
    assert.is(text.slice(f.span.offset, f.span.offset + f.span.length), f.text);
  for (const q of summary.quotes)
    assert.is(text.slice(q.span.offset, q.span.offset + q.span.length), q.text);
  for (const a of summary.actors) {
    assert.ok(a.evidence.length === a.mentions);
    for (const e of a.evidence) {
      const surface = text.slice(e.offset, e.offset + e.length);
      assert.ok([a.name, ...a.aliases].includes(surface), `${a.name}: evidence "${surface}"`);
      const lineStart = text.lastIndexOf('\n', e.offset - 1) + 1;
      assert.is(e.column, e.offset - lineStart + 1);
    }
  }
});

test('the public summary matches the golden file (UPDATE=1 rewrites it)', () => {
  const json = `${JSON.stringify(pub, null, 2)}\n`;
  if (process.env.UPDATE === '1') writeFileSync(GOLDEN, json);
  assert.fixture(json, readFileSync(GOLDEN, 'utf8'));
});

test('the analysis is deterministic', () => {
  const again = toPublicSummary(article, analyze(article).value);
  assert.equal(again, pub);
});

test('the word lists borrowed from compromise are found and decoded', () => {
  // They are read from a file inside compromise (pinned to ~14.17): a release that moves
  // it would empty every list, and extraction would quietly get worse.
  const lexicon = nameLexicon();
  assert.ok(lexicon.firstNames.size > 1000, `${lexicon.firstNames.size} given names`);
  assert.ok(lexicon.lastNames.size > 500, `${lexicon.lastNames.size} surnames`);
  assert.ok(lexicon.places.has('london'), 'places');
  assert.ok(lexicon.occupations.has('diplomat'), 'occupations');
  assert.ok(lexicon.functionWords.has('however'), 'function words');
});

test.run();
