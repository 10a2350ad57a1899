import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { actorIndex, composeDigest, type DigestEntry } from '../src/compose/digest.ts';
import { loadTemplate } from '../src/compose/template.ts';
import { buildDocument } from '../src/render/document.ts';
import type { PublicSummary } from '../src/types.ts';
import { testArticle } from './helpers.ts';

const DATE = new Date('2026-11-29T00:00:00Z');

type Actor = PublicSummary['actors'][number];

function actor(name: string, kind: Actor['kind'], aliases: string[] = [], mentions = 1): Actor {
  return { name, kind, role: null, affiliation: null, aliases, mentions };
}

/** A digest entry: an article of one paragraph and a summary with these actors. */
function entry(title: string, actors: Actor[]): DigestEntry {
  const article = testArticle([`${title}.`], title, {
    path: 'feed.jsonl',
    format: 'jsonl',
    record: null,
  });
  const summary: PublicSummary = {
    title,
    bottomLine: [`${title}.`],
    actors,
    figures: [],
    views: [],
    quotes: [],
    sources: [],
  };
  return { article, summary };
}

const rows = (entries: DigestEntry[]) =>
  actorIndex(entries).map((e) => `${e.name} (${e.kind}): ${e.articles.join(', ')}`);

test("a short form cut from one article's name does not rename the same short form elsewhere", async () => {
  const entries = [
    entry('One', [actor('VOA', 'organization', [], 3), actor('U.N.', 'organization')]),
    entry('Two', [actor('VOA', 'organization', [], 2), actor('United Nations', 'organization')]),
    // Extraction gives "VOA Albanian" the alias "VOA": what "VOA" meant in this article only.
    entry('Three', [actor('VOA Albanian', 'organization', ['VOA'], 2)]),
    entry('Four', [
      actor('VOA', 'organization'),
      actor('U.N.', 'organization', ['United Nations']),
    ]),
    // The longer name one article uses does not rename what the others call "New York".
    entry('Five', [actor('New York', 'place', ['New York City'])]),
    entry('Six', [actor('New York City', 'place'), actor('VOA', 'organization')]),
    entry('Seven', [actor('New York', 'place')]),
  ];
  assert.equal(rows(entries), [
    'New York (place): 5, 6, 7',
    'United Nations (organization): 1, 2, 4',
    'VOA (organization): 1, 2, 4, 6',
    'VOA Albanian (organization): 3',
  ]);
  const { value } = await composeDigest(entries, await loadTemplate('digest'), { date: DATE });
  assert.match(value.markdown, /\| VOA \| 1, 2, 4, 6 \|/);
  assert.match(value.markdown, /\| VOA Albanian \| 3 \|/);
  assert.ok(value.info.keywords.split(', ').includes('VOA'), value.info.keywords);
});

test('a bare surname joins the full name of the same article, whatever kind extraction gave either', () => {
  const entries = [
    entry('Publisher jailed', [
      actor('Zamora', 'person', [], 16),
      actor('Jose Ruben Zamora', 'place', [], 3),
    ]),
    entry('Tariffs', [actor('Ford', 'organization', [], 3), actor('Doug Ford', 'person')]),
    // A surname alone never joins across articles: this Zamora may be someone else.
    entry('Elsewhere', [actor('Zamora', 'person')]),
    // Two full names end with it, a country has it: no guessing.
    entry('Clintons', [
      actor('Clinton', 'person'),
      actor('Bill Clinton', 'person'),
      actor('Hillary Clinton', 'person'),
      actor('Canada', 'country'),
      actor('O Canada', 'person'),
    ]),
    // A bare name filed as a place is the place: "Washington" is not "Ellen Washington".
    entry('Capital', [actor('Washington', 'place', [], 6), actor('Ellen Washington', 'person')]),
  ];
  assert.equal(rows(entries), [
    'Bill Clinton (person): 4',
    'Canada (country): 4',
    'Clinton (person): 4',
    'Doug Ford (person): 2',
    'Ellen Washington (person): 5',
    'Hillary Clinton (person): 4',
    'Jose Ruben Zamora (person): 1',
    'O Canada (person): 4',
    'Washington (place): 5',
    'Zamora (person): 3',
  ]);
  assert.is(actorIndex(entries).find((e) => e.name === 'Jose Ruben Zamora')?.mentions, 19);
});

test('a person under a short given name in one article and the formal one in another is one entry', () => {
  const entries = [
    entry('Senate', [actor('Jim Risch', 'person', [], 2), actor('Chris Murphy', 'person')]),
    entry('Hearing', [actor('James Risch', 'person', [], 3), actor('Jimmy Lai', 'person')]),
    // Only persons, and never a short form of several names ("Chris": Christopher or Christine).
    entry('Other', [actor('Christopher Murphy', 'person'), actor('Bill Street', 'person')]),
    entry('Streets', [actor('William Street', 'place')]),
    // A full name extraction filed as a place, made a person by its surname, links as one.
    entry('Vote', [actor('Menendez', 'person', [], 4), actor('Bob Menendez', 'place')]),
    entry('Trial', [actor('Robert Menendez', 'person')]),
  ];
  assert.equal(rows(entries), [
    'Bill Street (person): 3',
    'Chris Murphy (person): 1',
    'Christopher Murphy (person): 3',
    // One article each: the longer name.
    'James Risch (person): 1, 2',
    'Jimmy Lai (person): 2',
    'Robert Menendez (person): 5, 6',
    'William Street (place): 4',
  ]);
  assert.is(actorIndex(entries).find((e) => e.name === 'James Risch')?.mentions, 5);
  assert.is(actorIndex(entries).find((e) => e.name === 'Robert Menendez')?.mentions, 6);
});

test('the index is one table a kind, read across, that can break between any rows with the same columns', async () => {
  const people = Array.from({ length: 45 }, (_, i) =>
    actor(`Person ${String(i).padStart(2, '0')}`, 'person'),
  );
  const groups = Array.from({ length: 7 }, (_, i) =>
    actor(`Ministry of ${'Very Long Names '.repeat(3)}${i}`, 'organization'),
  );
  const entries = [entry('One', [...people, ...groups]), entry('Two', [actor('Kenya', 'country')])];
  const { value } = await composeDigest(entries, await loadTemplate('digest'), { date: DATE });
  const index = value.markdown.slice(value.markdown.indexOf('## Index of actors'));
  // Each kind's title heads its table, so it repeats at the top of every page the table runs onto.
  assert.match(index, /\| People \| \| \| \|\n\|:-+\|/);
  assert.match(index, /\| Organizations and groups \| \| \| \|/);
  assert.match(
    index,
    /\| Countries and places \| \| \| \|\n\|[^\n]+\n\| Kenya \| 2 \| {2}\| {2}\|/,
  );
  // Read across: an entry's neighbour on the right is the next one.
  assert.match(
    index,
    /\| Person 00 \| 1 \| Person 01 \| 1 \|\n\| Person 02 \| 1 \| Person 03 \| 1 \|/,
  );
  assert.not.match(index, /:::keep/);
  const doc = buildDocument({ ...value, file: 'digest.md' }).value;
  const tables = JSON.stringify(doc.content)
    .match(/"widths":\[[^\]]+\]/g)
    ?.filter((w, i, all) => all.indexOf(w) === i && !w.includes('"*"'));
  assert.is(tables?.length, 1, `one set of widths for every index table: ${tables}`);
});

test.run();
