import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pairQuotes } from '../src/analyze/quote-spans.ts';
import { summarise } from './fixtures/analyze/helpers.ts';

const quotes = (body: string) => summarise(body).pub.quotes.map((q) => [q.speaker, q.text]);

test('quote marks pair by direction, straight ones by turns', () => {
  assert.equal(pairQuotes('“a” and "b" and "c,” d'), [
    { open: 0, close: 2 },
    { open: 8, close: 10 },
    { open: 16, close: 19 },
  ]);
  assert.equal(pairQuotes('no quotes here'), []);
});

test('the speaker after the quote: "…," said X / X said / the role said', () => {
  const body =
    '“I suspect the administration sees little opportunity,” said Robert Manning, a senior fellow at the Atlantic Council. ' +
    '“Doing deals with dictators in election years tends to benefit the opposition,” Douglas Paal said. ' +
    'Balochistan Chief Minister Sarfraz Bugti spoke. “Maybe some did not travel at all,” the chief minister said.';
  assert.equal(quotes(body), [
    ['Robert Manning', 'I suspect the administration sees little opportunity'],
    [
      'Douglas Paal',
      'Doing deals with dictators in election years tends to benefit the opposition',
    ],
    ['Sarfraz Bugti', 'Maybe some did not travel at all'],
  ]);
});

test('the speaker before the quote, in the same sentence', () => {
  const body =
    'Manning thinks “for now, denuclearization diplomacy is dead.” ' +
    'At the event, Kim Jong-un was seen embracing his commanders, declaring that “our army is a heroic army, doing what must be done,” signaling support. ' +
    'Asked about the letter, a U.S. State Department press officer said: "We do not comment on Congressional correspondence." Ricketts\' office did not respond.';
  const got = quotes(body);
  assert.is(got[0][1], 'for now, denuclearization diplomacy is dead.');
  assert.is(got[1][0], 'Kim Jong-un');
  assert.match(String(got[2][0]), /State Department$/);
  assert.is(got[2][1], 'We do not comment on Congressional correspondence.');
});

test('pronouns resolve to the last person named outside quotes; a lone quote carries the speaker over', () => {
  const body =
    'Scott Snyder, director of a program at the Council on Foreign Relations, said talks would fail. ' +
    '“It stands to reason that Trump would seek political benefit from another meeting,” Snyder said. ' +
    '“It is in the interest of both Trump and Kim Jong Un to ensure that meetings matter,” he added. ' +
    '“There is little reason to think that the two leaders will meet this year,” Joshua Pollack said. “The sides simply aren’t talking to each other.”';
  assert.equal(
    quotes(body).map((q) => q[0]),
    ['Scott Snyder', 'Scott Snyder', 'Joshua Pollack', 'Joshua Pollack'],
  );
});

test('"it said", a group speaking, and a verb no list has', () => {
  const body =
    'The Autonomous Administration rejected the text. “The so-called declaration copies the old framework,” it said. ' +
    '“We called for Russia to reciprocate by agreeing to a ceasefire,” the diplomats said in a joint statement. ' +
    '"I am not ready to be repatriated to Somalia," fretted Muslima Abdullahi, an 80-year-old woman.';
  assert.equal(
    quotes(body).map((q) => q[0]),
    ['Autonomous Administration', 'the diplomats', 'Muslima Abdullahi'],
  );
});

test('"she" skips a man named after the woman it refers to; verbs inside quotes are not attributions', () => {
  const body =
    'Catherine Russell, the agency’s executive director, spoke after Robert Wood. ' +
    '“They will need ongoing care and support to heal,” she said. ' +
    '“What does Kim think? Or does he think, ‘Hey, I need to force this issue’?” Ken Gause said.';
  const got = quotes(body);
  assert.equal(got[0][0], 'Catherine Russell');
  assert.equal(got[1][0], 'Ken Gause');
});

test('scare quotes and names in quotes are not quotes', () => {
  assert.equal(
    quotes('He praised their role in the “recapture” of the region and called it “a good one.”'),
    [],
  );
});

test('each quote span points at the quote text', () => {
  const body =
    'Officials met. “We strongly reject the baseless allegations,” spokesperson Randhir Jaiswal told reporters.';
  const { summary, article } = summarise(body);
  const p = article.paragraphs[0];
  for (const q of summary.quotes) {
    assert.is(
      p.text.slice(q.span.offset - p.span.offset, q.span.offset - p.span.offset + q.span.length),
      q.text,
    );
  }
  assert.is(summary.quotes[0].speaker, 'Randhir Jaiswal');
});

test.run();
