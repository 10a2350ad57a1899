import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  aggregate,
  CATEGORIES,
  explainFile,
  type FileScore,
  formatReport,
  type GoldFile,
  goldArticleText,
  loadGoldFiles,
  normalizeName,
  normalizeQualifier,
  type PredictedSummary,
  prf,
  scoreFile,
  unitMatches,
} from '../scripts/eval/score.ts';
import { emptyFindings } from '../src/types.ts';

type PredActor = PredictedSummary['actors'][number];
type PredFigure = PredictedSummary['figures'][number];

function gold(parts: Partial<GoldFile> = {}): GoldFile {
  return {
    id: 'test',
    file: 'corpus/test.txt',
    actors: [],
    figures: [],
    analyst_views: [],
    quotes: [],
    sources: [],
    ...parts,
  };
}

function predicted(parts: Partial<PredictedSummary> = {}): PredictedSummary {
  return { title: null, ...emptyFindings(), ...parts };
}

function actor(
  name: string,
  kind: PredActor['kind'] = 'person',
  aliases: string[] = [],
): PredActor {
  return { name, kind, role: null, affiliation: null, aliases, mentions: 1 };
}

function figure(value: number, unit: string | null, qualifier: string | null = null): PredFigure {
  return { value, text: String(value), unit, qualifier, sentence: '' };
}

function view(speaker: string, claim: string): PredictedSummary['views'][number] {
  return { speaker, role: null, affiliation: null, cue: 'said', claim };
}

const PRED_KIND: Record<string, PredActor['kind']> = {
  person: 'person',
  org: 'organization',
  country: 'country',
  place: 'place',
};

/** What a perfect extractor would emit for a gold file, optional items included. */
function perfectPrediction(g: GoldFile): PredictedSummary {
  return predicted({
    title: g.title ?? null,
    actors: g.actors
      .filter((a) => PRED_KIND[a.type])
      .map((a) => ({ ...actor(a.name, PRED_KIND[a.type], a.aliases) })),
    figures: g.figures.map((f) => ({
      value: f.value,
      text: f.text,
      unit: f.unit,
      qualifier: f.qualifier ?? null,
      sentence: f.sentence ?? '',
    })),
    views: g.analyst_views.map((v) => view(v.who, v.claim)),
    quotes: g.quotes.map((q) => ({ speaker: q.speaker, text: q.text })),
    sources: g.sources.map((s) => ({ name: s.name })),
  });
}

function assertPerfect(score: FileScore): void {
  for (const c of CATEGORIES) {
    const k = score.categories[c];
    assert.is(k.fp, 0, `${score.id} ${c} FP`);
    assert.is(k.fn, 0, `${score.id} ${c} FN`);
    assert.is(k.duplicates, 0, `${score.id} ${c} duplicates`);
  }
  const report = aggregate([score]);
  for (const c of CATEGORIES) assert.is(report.categories[c].f1, 1, `${score.id} ${c} F1`);
  assert.is(report.total.f1, 1);
  for (const a of Object.values(report.accuracy)) assert.ok(a.value === null || a.value === 1);
  assert.equal(score.details, []);
}

test('normalizeName folds case, punctuation, possessive and a leading "the"', () => {
  assert.is(normalizeName('The Financial Times'), 'financial times');
  assert.is(normalizeName('Russia’s Kursk region'), 'russia kursk region');
  assert.is(normalizeName('U.S.'), 'us');
  assert.is(normalizeName('Kim Jong-un'), normalizeName('Kim Jong Un'));
  assert.is(normalizeName('Robert O’Brien'), normalizeName("robert o'brien"));
  // Only a leading "the" goes.
  assert.is(normalizeName('Islamic State in The Sahel'), 'islamic state in the sahel');
});

test('actors: name or alias matches a gold alias after normalisation', () => {
  const g = gold({
    actors: [
      { name: 'Stimson Center', type: 'org', aliases: ['Stimson Center'] },
      { name: 'Kursk region', type: 'place', aliases: ['Kursk region', 'Russia’s Kursk region'] },
      { name: 'Michael Madden', type: 'person', aliases: ['Michael Madden'] },
    ],
  });
  const s = scoreFile(
    g,
    predicted({
      actors: [
        actor('the Stimson Center', 'organization'),
        actor('Kursk', 'place', ["RUSSIA'S KURSK REGION"]),
        actor('Madden', 'person'),
      ],
    }),
  );
  assert.equal(
    { tp: s.categories.actors.tp, fp: s.categories.actors.fp, fn: s.categories.actors.fn },
    { tp: 2, fp: 1, fn: 1 },
  );
  assert.equal(
    s.details.map((d) => [d.kind, d.gold ?? d.predicted]),
    [
      ['spurious', 'Madden (person)'],
      ['missed', 'Michael Madden (person)'],
    ],
  );
});

test('actors: a gold actor matched twice counts once; the extra is a duplicate, not a FP', () => {
  const g = gold({
    actors: [{ name: 'Kim Jong-un', type: 'person', aliases: ['Kim Jong-un', 'Kim'] }],
  });
  const s = scoreFile(g, predicted({ actors: [actor('Kim'), actor('Kim Jong Un')] }));
  assert.equal(s.categories.actors, { tp: 1, fp: 0, fn: 0, duplicates: 1, ignored: 0 });
  // The canonical name ("Kim Jong Un") takes the match; "Kim" is the duplicate.
  assert.equal(s.details, [
    { category: 'actors', kind: 'duplicate', gold: 'Kim Jong-un', predicted: 'Kim (person)' },
  ]);
  assert.is(aggregate([s]).categories.actors.f1, 1);
});

test('actors: optional gold actors are not required and not false positives', () => {
  const g = gold({
    actors: [
      { name: 'VOA', type: 'org', optional: true, aliases: ['VOA'] },
      { name: 'Jairan', type: 'vessel', optional: true, aliases: ['Jairan'] },
      { name: 'Iran', type: 'country', aliases: ['Iran', 'Tehran'] },
    ],
  });
  const s = scoreFile(
    g,
    predicted({ actors: [actor('VOA', 'organization'), actor('Tehran', 'country')] }),
  );
  assert.equal(s.categories.actors, { tp: 1, fp: 0, fn: 0, duplicates: 0, ignored: 1 });
  const none = scoreFile(g, predicted());
  assert.is(none.categories.actors.fn, 1);
});

test('actors: per-kind scores map predicted kinds, country and place together', () => {
  const g = gold({
    actors: [
      { name: 'Russia', type: 'country', aliases: ['Russia'] },
      { name: 'Stimson Center', type: 'org', aliases: ['Stimson Center'] },
      { name: 'Boko Haram', type: 'org', aliases: ['Boko Haram'] },
      { name: 'Michael Madden', type: 'person', aliases: ['Michael Madden'] },
    ],
  });
  const s = scoreFile(
    g,
    predicted({
      actors: [
        actor('Russia', 'place'),
        actor('Stimson Center', 'person'),
        actor('Boko Haram', 'group'),
        actor('Michael Madden', 'person'),
      ],
    }),
  );
  assert.equal(s.categories.actors, { tp: 4, fp: 0, fn: 0, duplicates: 0, ignored: 0 });
  assert.equal(s.actorKinds, {
    person: { tp: 1, fp: 1, fn: 0 },
    org: { tp: 1, fp: 0, fn: 1 },
    place: { tp: 1, fp: 0, fn: 0 },
  });
  assert.equal(s.accuracy.actorKind, { right: 3, total: 4 });
  const r = aggregate([s]);
  assert.is(r.actorKinds.person.precision, 0.5);
  assert.is(r.actorKinds.org.recall, 0.5);
});

test('figures: unit is right when the gold head noun is among the predicted words, plurals folded', () => {
  assert.ok(unitMatches('soldiers', 'soldier'));
  assert.ok(unitMatches('senior officers', 'officer'));
  assert.ok(unitMatches('metric tons', 'tons of sodium perchlorate'));
  assert.ok(unitMatches('operational bases', 'base'));
  assert.ok(unitMatches('casualties', 'casualty'));
  assert.ok(unitMatches('people', 'persons'));
  assert.ok(unitMatches(null, null));
  assert.not.ok(unitMatches('metric tons', 'metric'));
  assert.not.ok(unitMatches('soldiers', 'troops'));
  assert.not.ok(unitMatches('people', null));
  assert.not.ok(unitMatches(null, 'people'));
});

test('figures: one-to-one by value, preferring the gold figure whose unit is right', () => {
  const g = gold({
    figures: [
      { value: 425, text: 'downward to 425', unit: 'passengers', qualifier: null },
      { value: 425, text: '425 tickets', unit: 'tickets', qualifier: null },
      { value: 12000, text: 'about 12,000 soldiers', unit: 'soldiers', qualifier: 'about' },
    ],
  });
  const s = scoreFile(
    g,
    predicted({
      figures: [figure(425, 'tickets'), figure(425, 'passenger'), figure(12000, 'troops', 'about')],
    }),
  );
  assert.equal(s.categories.figures, { tp: 3, fp: 0, fn: 0, duplicates: 0, ignored: 0 });
  assert.equal(s.accuracy.figureUnit, { right: 2, total: 3 });
  assert.equal(
    s.details.map((d) => d.kind),
    ['wrong-unit'],
  );
});

test('figures: qualifiers compare after normalisation; null vs null is right', () => {
  assert.is(normalizeQualifier('An additional'), 'additional');
  const g = gold({
    figures: [
      {
        value: 6000,
        text: 'an additional 6,000 workers',
        unit: 'workers',
        qualifier: 'additional',
      },
      { value: 3, text: 'three member states', unit: 'member states', qualifier: null },
      { value: 12000, text: 'about 12,000 soldiers', unit: 'soldiers', qualifier: 'about' },
      { value: 500, text: 'over 500 attacks', unit: 'attacks', qualifier: 'over' },
    ],
  });
  const s = scoreFile(
    g,
    predicted({
      figures: [
        figure(6000, 'workers', 'an additional'),
        figure(3, 'states', null),
        figure(12000, 'soldiers', 'About'),
        figure(500, 'attacks', 'more than'),
      ],
    }),
  );
  assert.equal(s.accuracy.figureQualifier, { right: 3, total: 4 });
  assert.equal(s.accuracy.figureUnit, { right: 4, total: 4 });
  assert.is(aggregate([s]).accuracy.figureQualifier.value, 0.75);
});

test('figures: optional gold is neither required nor a FP; a repeated prediction is a FP', () => {
  const g = gold({
    figures: [
      { value: 31, text: 'rises to 31', unit: null, optional: true },
      { value: 31, text: '31 people', unit: 'people', qualifier: null },
      { value: 5000, text: '5,000 troops', unit: 'troops', qualifier: null },
    ],
  });
  const s = scoreFile(
    g,
    predicted({
      figures: [
        figure(31, null),
        figure(31, 'people'),
        figure(5000, 'troops'),
        figure(5000, 'troops'),
      ],
    }),
  );
  assert.equal(s.categories.figures, { tp: 2, fp: 1, fn: 0, duplicates: 0, ignored: 1 });
  const none = scoreFile(g, predicted());
  assert.is(none.categories.figures.fn, 2);
});

test('quotes: gold and predicted quotes under four words are ignored', () => {
  const g = gold({
    quotes: [{ speaker: 'Donald Trump', text: 'a good one' }],
  });
  const s = scoreFile(g, predicted({ quotes: [{ speaker: 'Donald Trump', text: 'a good one' }] }));
  assert.equal(s.categories.quotes, { tp: 0, fp: 0, fn: 0, duplicates: 0, ignored: 1 });
});

test('quotes: matched on >= 60% of the gold tokens; speaker accuracy uses aliases', () => {
  const g = gold({
    actors: [{ name: 'Kim Jong-un', type: 'person', aliases: ['Kim Jong-un', 'Kim'] }],
    quotes: [
      // 10 tokens each.
      { speaker: 'Kim Jong-un', text: 'one two three four five six seven eight nine ten' },
      { speaker: 'Kim Jong-un', text: 'alpha beta gamma delta epsilon zeta eta theta iota kappa' },
      { speaker: null, text: 'red orange yellow green blue indigo violet black white grey' },
    ],
  });
  const s = scoreFile(
    g,
    predicted({
      quotes: [
        // 6/10 of the first gold quote, plus extra words: a match.
        { speaker: 'KIM', text: 'one two three four five six and more words here' },
        // 5/10 of the second: no match.
        { speaker: 'Kim', text: 'alpha beta gamma delta epsilon' },
        // A match with the wrong speaker (gold has none).
        { speaker: 'Kim', text: 'red orange yellow green blue indigo violet black white grey' },
      ],
    }),
  );
  assert.equal(s.categories.quotes, { tp: 2, fp: 1, fn: 1, duplicates: 0, ignored: 0 });
  assert.equal(s.accuracy.quoteSpeaker, { right: 1, total: 2 });
  assert.equal(
    s.details.filter((d) => d.category === 'quotes').map((d) => d.kind),
    ['spurious', 'wrong-speaker', 'missed'],
  );
});

test('views: matched on speaker (or alias) and >= 30% claim overlap, one-to-one', () => {
  const claim =
    'Russia does not want the presence of North Korean troops to become a contentious issue at the negotiating table';
  const g = gold({
    actors: [{ name: 'Michael Madden', type: 'person', aliases: ['Michael Madden', 'Madden'] }],
    analyst_views: [
      { who: 'Michael Madden', named: true, cue: 'noted', claim },
      {
        who: 'Observers',
        named: false,
        cue: 'suggest',
        claim: 'this withdrawal carries political implications beyond the military dimension',
      },
      {
        who: 'Security analysts',
        named: false,
        cue: 'are praising',
        claim: 'praising ECOWAS for activating its regional standby force',
      },
    ],
  });
  // Content tokens of the Madden claim: russia want presence north korean troops
  // become contentious issue negotiating table (11); the paraphrase has 6 (55 %).
  const s = scoreFile(
    g,
    predicted({
      views: [
        view('Madden', 'Moscow does not want North Korean troops to become an issue'),
        view('observers', 'the withdrawal has political implications'),
        view('analysts', 'praising ECOWAS standby force'),
        // Same claim again: one-to-one, so a FP.
        view('Michael Madden', claim),
      ],
    }),
  );
  assert.equal(s.categories.views, { tp: 3, fp: 1, fn: 0, duplicates: 0, ignored: 0 });

  const wrong = scoreFile(
    g,
    predicted({
      views: [
        // Right claim, wrong speaker.
        view('experts', claim),
        // Right speaker, claim under 30 % (2/11).
        view('Michael Madden', 'Russia wants peace and troops home'),
      ],
    }),
  );
  assert.equal(wrong.categories.views, { tp: 0, fp: 2, fn: 3, duplicates: 0, ignored: 0 });
});

test('views: any view is a FP when gold has none; optional views are ignored', () => {
  const none = scoreFile(gold(), predicted({ views: [view('Chaudhry', 'there was a threat')] }));
  assert.equal(none.categories.views, { tp: 0, fp: 1, fn: 0, duplicates: 0, ignored: 0 });
  assert.is(aggregate([none]).categories.views.f1, 0);

  const g = gold({
    analyst_views: [
      {
        who: 'observers',
        named: false,
        optional: true,
        cue: 'are watching',
        claim: 'whether the regional force can shift the status quo',
      },
    ],
  });
  const s = scoreFile(
    g,
    predicted({ views: [view('Observers', 'whether the force can shift the status quo')] }),
  );
  assert.equal(s.categories.views, { tp: 0, fp: 0, fn: 0, duplicates: 0, ignored: 1 });
});

test('sources: equality or whole-word containment either way', () => {
  const g = gold({
    sources: [
      { name: 'U.N. report', aliases: ['confidential U.N. report'] },
      { name: 'Financial Times' },
      { name: 'New York Post' },
      { name: 'CNN' },
      { name: 'Chinese state media', optional: true },
    ],
  });
  const s = scoreFile(
    g,
    predicted({
      sources: [
        { name: 'a confidential U.N. report' },
        { name: 'The Financial Times' },
        { name: 'Financial Times' },
        { name: 'York Pos' },
        { name: 'Chinese state media' },
        { name: 'CNN' },
      ],
    }),
  );
  assert.equal(s.categories.sources, { tp: 3, fp: 1, fn: 1, duplicates: 1, ignored: 1 });
  assert.equal(
    s.details.map((d) => [d.kind, d.gold ?? null, d.predicted ?? null]),
    [
      ['duplicate', 'Financial Times', 'Financial Times'],
      ['spurious', null, 'York Pos'],
      ['missed', 'New York Post', null],
    ],
  );
});

test('prf: empty sides', () => {
  assert.equal(prf({ tp: 0, fp: 0, fn: 0 }), {
    tp: 0,
    fp: 0,
    fn: 0,
    precision: 1,
    recall: 1,
    f1: 1,
  });
  assert.equal(prf({ tp: 0, fp: 0, fn: 2 }), {
    tp: 0,
    fp: 0,
    fn: 2,
    precision: 0,
    recall: 0,
    f1: 0,
  });
  assert.equal(prf({ tp: 0, fp: 3, fn: 0 }), {
    tp: 0,
    fp: 3,
    fn: 0,
    precision: 0,
    recall: 0,
    f1: 0,
  });
});

test('aggregate micro-averages counts over files and categories', () => {
  const g1 = gold({
    id: 'one',
    actors: [
      { name: 'Iran', type: 'country', aliases: ['Iran'] },
      { name: 'China', type: 'country', aliases: ['China'] },
    ],
    sources: [{ name: 'CNN' }],
  });
  const g2 = gold({
    id: 'two',
    actors: [{ name: 'Mali', type: 'country', aliases: ['Mali'] }],
    figures: [{ value: 3, text: 'three member states', unit: 'member states', qualifier: null }],
  });
  const s1 = scoreFile(
    g1,
    predicted({ actors: [actor('Iran', 'country'), actor('Spain', 'country')] }),
  );
  const s2 = scoreFile(
    g2,
    predicted({ actors: [actor('Mali', 'country')], figures: [figure(3, 'states')] }),
  );
  const r = aggregate([s1, s2]);
  // actors: TP 2, FP 1, FN 1 → P = R = F1 = 2/3.
  assert.equal(r.categories.actors, {
    tp: 2,
    fp: 1,
    fn: 1,
    precision: 2 / 3,
    recall: 2 / 3,
    f1: 2 / 3,
  });
  // total: TP 3 (2 actors + 1 figure), FP 1, FN 2 (China, CNN).
  assert.equal([r.total.tp, r.total.fp, r.total.fn], [3, 1, 2]);
  assert.is(r.total.precision, 0.75);
  assert.is(r.total.recall, 0.6);
  assert.is(r.files.length, 2);
  assert.is(r.files[1].total.f1, 1);
  assert.equal(r.accuracy.figureUnit, { right: 1, total: 1, value: 1 });
  assert.equal(r.accuracy.quoteSpeaker, { right: 0, total: 0, value: null });

  const text = formatReport(r);
  assert.ok(text.includes('actors           2     1     1     0  0.667  0.667  0.667'), text);
  assert.ok(text.includes('total            3     1     2        0.750  0.600  0.667'), text);
  assert.ok(text.includes('figure unit            1/1  100.0%'), text);
  assert.ok(text.includes('quote speaker          0/0  n/a'), text);
  assert.ok(/^two +1\.000 +1\.000 +- +- +- +2 +0 +0 +1\.000$/m.test(text), text);
});

test('explainFile lists misses and false positives per category', () => {
  const g = gold({
    actors: [{ name: 'Iran', type: 'country', aliases: ['Iran'] }],
    quotes: [{ speaker: 'Brew', text: 'Ships carrying highly sensitive materials are at risk' }],
  });
  const text = explainFile(scoreFile(g, predicted({ actors: [actor('Spain', 'country')] })));
  assert.is(
    text,
    [
      'test (corpus/test.txt)',
      '  actors: TP 0, FP 1, FN 1',
      '    spurious (FP): Spain (country)',
      '    missed (FN): Iran (country)',
      '  figures: TP 0, FP 0, FN 0',
      '  quotes: TP 0, FP 0, FN 1',
      '    missed (FN): Brew: “Ships carrying highly sensitive materials are at risk”',
      '  views: TP 0, FP 0, FN 0',
      '  sources: TP 0, FP 0, FN 0',
    ].join('\n'),
  );
});

const SEED_LIKE: GoldFile = gold({
  id: 'seed-like',
  actors: [
    { name: 'Kim Jong-un', type: 'person', aliases: ['Kim Jong-un', 'Kim'] },
    { name: 'Stimson Center', type: 'org', aliases: ['Stimson Center', 'the Stimson Center'] },
    {
      name: 'North Korean state media',
      type: 'org',
      optional: true,
      aliases: ['North Korean state media'],
    },
    { name: 'Russia', type: 'country', aliases: ['Russia', 'Moscow'] },
    { name: 'Kursk region', type: 'place', aliases: ['Kursk region', 'Russia’s Kursk region'] },
  ],
  figures: [
    { value: 12000, text: 'about 12,000 soldiers', unit: 'soldiers', qualifier: 'about' },
    { value: 6000, text: 'an additional 6,000 workers', unit: 'workers', qualifier: 'additional' },
  ],
  analyst_views: [
    {
      who: 'Observers',
      named: false,
      cue: 'suggest',
      claim: 'this withdrawal carries political implications',
    },
  ],
  quotes: [
    { speaker: 'Kim Jong-un', text: 'our army is a heroic army, doing what must be done today' },
    { speaker: 'Kim Jong-un', text: 'recapture', optional: true },
  ],
  sources: [{ name: 'New York Post' }, { name: 'North Korean state media' }],
});

test('a perfect prediction built from a gold file scores F1 = 1', () => {
  assertPerfect(scoreFile(SEED_LIKE, perfectPrediction(SEED_LIKE)));
});

const SHARED = fileURLToPath(new URL('../../shared/', import.meta.url));

test('a perfect prediction scores F1 = 1 on every shared gold file', async () => {
  const goldDir = join(SHARED, 'gold');
  // The shared corpus lives beside the repository; a bare clone has no gold files.
  if (!existsSync(goldDir)) return;
  const files = await loadGoldFiles(goldDir);
  assert.ok(files.length > 0);
  for (const g of files) assertPerfect(scoreFile(g, perfectPrediction(g)));
});

test('goldArticleText reads a raw file or a JSONL record (title, blank line, text)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'briefsmith-gold-'));
  try {
    await mkdir(join(dir, 'corpus'));
    await writeFile(join(dir, 'corpus', 'seed.txt'), 'Headline\n\nBody.\n');
    await writeFile(
      join(dir, 'corpus', 'stories.jsonl'),
      `${JSON.stringify({ id: '1', title: 'One', text: 'First.' })}\n${JSON.stringify({ id: '22', title: 'Two', text: 'Second.' })}\n`,
    );
    const seed = await goldArticleText(gold({ file: 'corpus/seed.txt' }), dir);
    assert.equal(seed, {
      text: 'Headline\n\nBody.\n',
      title: null,
      path: join(dir, 'corpus', 'seed.txt'),
    });
    const rec = await goldArticleText(gold({ file: 'corpus/stories.jsonl#id=22' }), dir);
    assert.equal(rec, {
      text: 'Two\n\nSecond.',
      title: 'Two',
      path: join(dir, 'corpus', 'stories.jsonl'),
    });
    try {
      await goldArticleText(gold({ file: 'corpus/stories.jsonl#id=3' }), dir);
      assert.unreachable('a missing record must throw');
    } catch (err) {
      assert.match((err as Error).message, 'no record with id 3');
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
