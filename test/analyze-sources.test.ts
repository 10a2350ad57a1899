import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { summarise } from './fixtures/analyze/helpers.ts';

const sources = (body: string) => summarise(body).pub.sources.map((s) => s.name);

test('according to, reported, seen by, state media', () => {
  assert.equal(
    sources(
      'According to the New York Post, North Korean state media announced the return of officers.',
    ),
    ['New York Post', 'North Korean state media'],
  );
  assert.equal(sources('On Monday, CNN reported that Trump told advisers he would not meet Kim.'), [
    'CNN',
  ]);
  assert.equal(
    sources(
      'According to a confidential U.N. report to be released next month and seen by Reuters, the program grew.',
    ),
    ['U.N. report', 'Reuters'],
  );
});

test('websites and lists of outlets', () => {
  assert.equal(
    sources(
      'It delivered cargo to Iran, according to ship-tracking website MarineTraffic. The ship was named in articles by The Financial Times, The Wall Street Journal and CNN.',
    ),
    ['MarineTraffic', 'Financial Times', 'Wall Street Journal', 'CNN'],
  );
  assert.equal(
    sources('The force follows a report by the Global Terrorism Index, which named the Sahel.'),
    ['Global Terrorism Index'],
  );
});

test('outlets known by several words; credits are not citations', () => {
  assert.equal(
    sources(
      'Al Jazeera reported that 30 people died. This story originated in VOA’s Somali Service.',
    ),
    ['Al Jazeera'],
  );
});

test('officials and experts are not sources', () => {
  assert.equal(
    sources('The Pakistan military said it killed 33 militants. Experts said the toll could rise.'),
    [],
  );
});

test.run();
