import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { wordValue } from '../src/analyze/numbers.ts';
import { summarise } from './fixtures/analyze/helpers.ts';

const figures = (body: string) =>
  summarise(body).pub.figures.map((f) => [f.value, f.text, f.unit, f.qualifier]);

test('counts with qualifiers, as written', () => {
  assert.equal(figures('North Korea had previously dispatched about 12,000 soldiers to Russia.'), [
    [12000, 'about 12,000 soldiers', 'soldiers', 'about'],
  ]);
  assert.equal(figures('The pledge was to send an additional 6,000 workers to help rebuild.'), [
    [6000, 'an additional 6,000 workers', 'workers', 'additional'],
  ]);
  assert.equal(
    figures(
      'Media announced the return of more than a dozen senior officers, including two generals.',
    )[0],
    [12, 'more than a dozen senior officers', 'senior officers', 'more than'],
  );
  assert.equal(
    figures('In 2024, separatist groups killed nearly 400 people in over 500 attacks.'),
    [
      [400, 'nearly 400 people', 'people', 'nearly'],
      [500, 'over 500 attacks', 'attacks', 'over'],
    ],
  );
});

test('number words, scales, money, percentages and multipliers', () => {
  assert.equal(figures('Eight Republican U.S. senators sent a letter.'), [
    [8, 'Eight Republican U.S. senators', 'Republican U.S. senators', null],
  ]);
  assert.equal(figures('Some 1.5 million people fled.')[0].slice(0, 2), [
    1_500_000,
    'Some 1.5 million people',
  ]);
  assert.equal(figures('The budget rose to $873 billion this year.')[0].slice(0, 3), [
    873e9,
    '$873 billion',
    'dollars',
  ]);
  assert.equal(figures('Turnout fell to 20% in the capital.')[0].slice(0, 3), [
    20,
    '20%',
    'percent',
  ]);
  assert.equal(figures('Prices rose 35 percent last month.')[0].slice(0, 3), [
    35,
    '35 percent',
    'percent',
  ]);
  assert.equal(figures('This marks an almost tenfold increase compared with the year before.'), [
    [10, 'almost tenfold increase', 'increase', 'almost'],
  ]);
  assert.equal(figures('Two-thirds of the survivors were children.')[0][0], 2 / 3);
  assert.equal(figures('The deal is worth $5bn over ten years.')[0].slice(0, 3), [
    5e9,
    '$5bn',
    'dollars',
  ]);
  assert.equal(figures('They raised £20m for the victims.')[0].slice(0, 3), [
    20e6,
    '£20m',
    'pounds',
  ]);
});

test('units across hyphens, measures and "such"', () => {
  assert.equal(figures('Passengers could board along the roughly 1,600-kilometer route.')[0], [
    1600,
    'roughly 1,600-kilometer route',
    'kilometer route',
    'roughly',
  ]);
  assert.equal(figures('It needs to acquire the 5,000-man troops first.')[0].slice(0, 3), [
    5000,
    '5,000-man troops',
    'troops',
  ]);
  assert.equal(figures('Tehran imports 1,000 metric tons of sodium perchlorate from China.')[0], [
    1000,
    '1,000 metric tons of sodium perchlorate',
    'metric tons',
    null,
  ]);
  assert.equal(
    figures('Nearly 60,000 such operations were conducted last year.')[0][2],
    'operations',
  );
  assert.equal(
    figures('The ship was sitting more than 2 meters deeper in the water.')[0].slice(0, 3),
    [2, 'more than 2 meters', 'meters'],
  );
});

test('ranges give both ends', () => {
  assert.equal(
    figures('The group has between 1,500 and 3,000 fighters.').map((f) => f[0]),
    [1500, 3000],
  );
});

test('a number without a noun takes one from context', () => {
  assert.equal(
    figures('Officials said 354 passengers were freed, 37 of whom were injured.')[1].slice(0, 3),
    [37, '37', 'injured'],
  );
  assert.equal(
    figures('Officials revised the tally of passengers on the train downward to 425 from 440.').map(
      (f) => [f[0], f[2]],
    ),
    [
      [425, 'passengers'],
      [440, 'passengers'],
    ],
  );
});

test('dates, years, times, durations, ages, ordinals and names are not figures', () => {
  const none = [
    'The talks were held on Feb. 24 and again on March 3.',
    'In 2018, the summit was held in Singapore.',
    'The clearance operation lasted more than 30 hours.',
    'The ship made a 19-day journey and a two-day stop.',
    'A 27-year-old man was arrested at 10 a.m.',
    'The 43rd meeting of the bloc opened on Tuesday.',
    'Leaders of the G7 discussed S-400 missiles and COVID-19.',
    'The council adopted Resolution 2231 years ago.',
    'In the last 15 months, officials said little.',
    'Three of them are no longer members.',
    'Type 2 diabetes spreads; she wore size 40 then.',
    'A 5G network and zero-for-zero tariffs were discussed.',
  ];
  for (const body of none) assert.equal(figures(body), [], body);
});

test('each figure carries its sentence and a span that points at its text', () => {
  const body =
    'Officials spoke. The force is expected to comprise 5,000 troops. It will have two operational bases.';
  const { summary, article } = summarise(body);
  assert.equal(
    summary.figures.map((f) => f.sentence),
    ['The force is expected to comprise 5,000 troops.', 'It will have two operational bases.'],
  );
  for (const f of summary.figures) {
    const p = article.paragraphs[0];
    assert.is(
      p.text.slice(f.span.offset - p.span.offset, f.span.offset - p.span.offset + f.span.length),
      f.text,
    );
  }
});

test('units keep the article casing and stop before verbs and directions', () => {
  assert.equal(figures('The navy tracked three Turkish supply ships near the coast.')[0], [
    3,
    'three Turkish supply ships',
    'Turkish supply ships',
    null,
  ]);
  assert.equal(figures('Critics say the 40-page report ignores the evidence.')[0].slice(0, 3), [
    40,
    '40-page report',
    'page report',
  ]);
  assert.equal(figures('The camp lies about 25 kilometers south-west of the town.')[0], [
    25,
    'about 25 kilometers',
    'kilometers',
    'about',
  ]);
});

test('a qualifier after the number, and units from the rest of the sentence', () => {
  assert.equal(figures('Police detained five additional UN staff members on Monday.')[0], [
    5,
    'five additional UN staff members',
    'UN staff members',
    'additional',
  ]);
  assert.equal(
    figures('The shelter housed 820 families last year, and it houses 640 now.').map((f) => f[2]),
    ['families', 'families'],
  );
  assert.equal(
    figures('Officials said between 200 and 300 were killed in the floods.').map((f) => f[2]),
    ['people', 'people'],
  );
});

test('units from the subject of a change, a death toll, or a later figure', () => {
  assert.equal(
    figures('Arrests in the province rose from 140 in 2022 to 310 in 2023.').map((f) => f[2]),
    ['arrests', 'arrests'],
  );
  assert.equal(figures('Rescuers said the death toll had climbed to at least 75.')[0], [
    75,
    'at least 75',
    'deaths',
    'at least',
  ]);
  assert.equal(
    figures('Local farms supply less than 4 million of the 30 million eggs eaten.').map((f) => [
      f[1],
      f[2],
    ]),
    [
      ['less than 4 million', 'eggs'],
      ['30 million eggs', 'eggs'],
    ],
  );
  assert.equal(figures('The rule covers children under the age of 16 and a two-term mayor.'), []);
  assert.equal(
    figures('The new wall is 12 kilometers long and guards patrol it.')[0][2],
    'kilometers',
  );
});

test('number words: small, hyphenated tens, and nothing from Object.prototype', () => {
  assert.is(wordValue('Seven'), 7);
  assert.is(wordValue('forty-one'), 41);
  assert.is(wordValue('Twenty\u2011five'), 25);
  assert.is(wordValue('twenty-'), null);
  assert.is(wordValue('constructor'), null);
  assert.is(wordValue('__proto__'), null);
  assert.equal(figures('The constructor hired seven workers.'), [
    [7, 'seven workers', 'workers', null],
  ]);
});

test.run();
