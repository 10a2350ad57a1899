import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { summarise } from './fixtures/analyze/helpers.ts';

test('the lead plus central sentences, verbatim, in text order', () => {
  const body = [
    'Pakistan officials confirmed Friday that 31 people lost their lives in a train hijacking in Balochistan province.',
    'The weather was mild.',
    'Militants from the Baloch Liberation Army took over the train near Sibi after it left Quetta on Tuesday.',
    '“We strongly reject the baseless allegations made by Pakistan,” an Indian spokesperson said.',
    'Officials said the hijacking of the train in Balochistan was the deadliest attack on Pakistan railways this year.',
  ].join(' ');
  const { summary, article } = summarise(body);
  assert.ok(summary.bottomLine.length >= 2 && summary.bottomLine.length <= 3);
  assert.ok(summary.bottomLine[0].text.startsWith('Pakistan officials confirmed Friday'));
  const p = article.paragraphs[0];
  for (const s of summary.bottomLine) {
    assert.ok(body.includes(s.text));
    assert.is(
      p.text.slice(s.span.offset - p.span.offset, s.span.offset - p.span.offset + s.span.length),
      s.text,
    );
    assert.not.ok(s.text.includes('“'), 'quotes are left to the quotes section');
  }
  const offsets = summary.bottomLine.map((s) => s.span.offset);
  assert.equal(
    offsets,
    [...offsets].sort((a, b) => a - b),
  );
});

test('a one-sentence article gives that sentence', () => {
  const { summary } = summarise(
    'North Korea recalled its commanders from Russia on Monday, officials said.',
  );
  assert.is(summary.bottomLine.length, 1);
});

test.run();
