import fc from 'fast-check';
import type { Token } from 'marked';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { escapeDeep, mdEscape } from '../src/compose/escape.ts';
import { admiraltyInWords, helpers, likelihoodTerm } from '../src/compose/helpers.ts';
import { compose } from '../src/compose/index.ts';
import { bannerFor, dateTimeGroup, normalizeTlp, portionMarkFor } from '../src/compose/markings.ts';
import { loadTemplate, parseTemplate } from '../src/compose/template.ts';
import { TemplateError, UsageError } from '../src/diagnostics.ts';
import { lexBrief } from '../src/render/markdown.ts';
import type { PublicSummary } from '../src/types.ts';
import { golden, testArticle } from './helpers.ts';

const DATE = new Date('2026-11-27T15:30:00Z');

const summary: PublicSummary = {
  title: null,
  bottomLine: ['North Korea recalled its commanders.'],
  actors: [
    {
      name: 'Michael Madden',
      kind: 'person',
      role: 'North Korea expert',
      affiliation: 'Stimson Center',
      aliases: ['Madden'],
      mentions: 2,
    },
  ],
  figures: [
    {
      value: 12000,
      text: 'about 12,000 soldiers',
      unit: 'soldiers',
      qualifier: 'about',
      sentence: 'It sent about 12,000 soldiers.',
    },
  ],
  views: [
    {
      speaker: 'Observers',
      role: null,
      affiliation: null,
      cue: 'suggest',
      claim: 'the withdrawal matters',
    },
  ],
  quotes: [{ speaker: 'Kim Jong-un', text: 'our army is a heroic army' }],
  sources: [{ name: 'New York Post' }],
};

/** The text a reader sees in a lexed paragraph: text and escape tokens joined. */
function readerText(tokens: Token[]): string {
  return tokens
    .flatMap((t) =>
      'tokens' in t && t.tokens ? [readerText(t.tokens)] : [(t as { text?: string }).text ?? ''],
    )
    .join('');
}

test('escaped text is only ever one plain paragraph that reads back as the input', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 80 }), (s) => {
      const expected = s.replace(/\s+/g, ' ').trim();
      const tokens = lexBrief(mdEscape(s)).filter((t) => t.type !== 'space');
      if (expected === '') return tokens.length === 0;
      assert.is(tokens.length, 1, JSON.stringify(s));
      assert.is(tokens[0].type, 'paragraph', JSON.stringify(s));
      const inline = (tokens[0] as { tokens: Token[] }).tokens;
      assert.ok(
        inline.every((t) => t.type === 'text' || t.type === 'escape'),
        JSON.stringify(s),
      );
      assert.is(readerText(inline), expected);
      return true;
    }),
    { numRuns: 2000 },
  );
});

test('escaping defuses the injections a scraped article can carry', () => {
  for (const attack of [
    '# Heading',
    '[x](javascript:alert(1))',
    '![x](/etc/passwd)',
    '<script>x</script>',
    '| a | b |',
    '\\newpage',
    ':::box',
    'www.example.org',
    '{{title}}',
  ]) {
    const [token] = lexBrief(`Text ${mdEscape(attack)}`);
    assert.is(token.type, 'paragraph', attack);
    assert.ok(
      ((token as { tokens: Token[] }).tokens ?? []).every(
        (t) => t.type === 'text' || t.type === 'escape',
      ),
      attack,
    );
  }
});

test('escapeDeep escapes strings and keeps numbers', () => {
  assert.equal(escapeDeep({ a: ['x*y'], n: 3, b: null }), { a: ['x\\*y'], n: 3, b: null });
});

test('markings: banners, TLP, portion marks, date-time group', () => {
  assert.is(dateTimeGroup(DATE), '271530Z NOV 26');
  assert.equal(bannerFor('secret//noforn', null), {
    text: 'SECRET//NOFORN',
    color: '#FFFFFF',
    fill: '#C8102E',
  });
  assert.is(bannerFor('UNCLASSIFIED', 'amber+strict')?.text, 'TLP:AMBER+STRICT');
  assert.is(normalizeTlp('white'), 'TLP:CLEAR');
  assert.throws(
    () => normalizeTlp('purple'),
    (e: unknown) => e instanceof UsageError,
  );
  assert.is(portionMarkFor('TOP SECRET', null), '(TS)');
  assert.is(portionMarkFor(null, 'green'), '(TLP:GREEN)');
});

test('ICD 203 likelihood and Admiralty grades', () => {
  assert.is(likelihoodTerm(0.7), 'likely');
  assert.is(likelihoodTerm(90), 'very likely');
  assert.is(likelihoodTerm('Highly Probable'), 'very likely');
  assert.is(likelihoodTerm('maybe'), null);
  assert.is(admiraltyInWords('b2'), 'B2 — usually reliable, probably true');
  assert.is(admiraltyInWords('G9'), null);
});

test('the intel template composes the golden Markdown', async () => {
  const template = await loadTemplate('intel');
  const a = testArticle(['First paragraph with *stars* and [a link](http://x).', 'Second.']);
  a.analyst = {
    keyJudgments: [
      { text: 'Pyongyang will send more troops.', likelihood: 'likely', confidence: 'moderate' },
    ],
    indicators: ['New deployments'],
    sourceGrade: 'B2',
  };
  const { value, diagnostics } = await compose(a, summary, template, { date: DATE });
  assert.equal(diagnostics, []);
  assert.is(
    value.markdown,
    golden(new URL('fixtures/compose/intel.md', import.meta.url).pathname, value.markdown),
  );
  assert.ok(value.markdown.includes('\\*stars\\*'), 'article text is escaped');
  assert.is(value.banner?.text, 'UNCLASSIFIED');
  assert.is(value.info.keywords, 'Michael Madden');
});

test('a range is one row of the figures table, though the summary has a figure per value', async () => {
  const sentence = 'Estimates put IS fighters at between 1,500 and 3,000, mostly in Syria.';
  const range = { text: 'between 1,500 and 3,000', unit: 'fighters', qualifier: null, sentence };
  const withRange: PublicSummary = {
    ...summary,
    figures: [
      ...summary.figures,
      { ...range, value: 1500 },
      { ...range, value: 3000 },
      // The same words in another sentence are another figure.
      { ...range, value: 1500, sentence: 'Between 1,500 and 3,000 fighters fled.' },
    ],
  };
  for (const name of ['intel', 'press', 'executive']) {
    const template = await loadTemplate(name);
    const { value } = await compose(testArticle(['x.']), withRange, template, { date: DATE });
    const rows = value.markdown.split('\n').filter((l) => l.includes('between 1,500 and 3,000'));
    // One row for the range, one for the same words in another sentence.
    assert.is(rows.length, 2, `${name}: ${rows.join('\n')}`);
  }
});

test('a likelihood outside ICD 203 is a warning', async () => {
  const template = await loadTemplate('intel');
  const a = testArticle(['x.']);
  a.analyst = {
    keyJudgments: [{ text: 'It will rain.', likelihood: 'pretty sure', confidence: 'sky-high' }],
  };
  const { diagnostics } = await compose(a, summary, template, { date: DATE });
  assert.equal(
    diagnostics.map((d) => d.code),
    ['likelihood-term', 'confidence-level'],
  );
});

test('a judgment that puts likelihood and confidence in one sentence is a warning', async () => {
  const template = await loadTemplate('intel');
  const a = testArticle(['x.']);
  a.analyst = {
    keyJudgments: [
      { text: 'It is very likely, with high confidence, that troops return.' },
      { text: 'Troops will return.', likelihood: 'likely', confidence: 'high' },
    ],
  };
  const { diagnostics } = await compose(a, summary, template, { date: DATE });
  assert.equal(
    diagnostics.map((d) => d.code),
    ['likelihood-with-confidence'],
  );
});

test('marking helpers: colours and portion marks for templates', async () => {
  const t = parseTemplate(
    '{{markingColor "SECRET"}} {{markingColor "TLP:AMBER"}} {{portionMark "TOP SECRET"}} {{portionMark "" "green"}}\n',
    '/t/m.hbs',
    'm',
  );
  const { value } = await compose(testArticle(['x.']), summary, t, { date: DATE });
  assert.is(value.markdown.trim(), '#C8102E #FFC000 (TS) (TLP:GREEN)');
});

test('an unknown field points into the template with a did-you-mean hint', async () => {
  const template = parseTemplate(
    '---\nname: t\n---\n# {{title}}\n\n{{summry.actors}}\n',
    '/t/t.hbs',
    't',
  );
  try {
    await compose(testArticle(['x.']), summary, template, { date: DATE });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, TemplateError);
    const e = error as TemplateError;
    assert.is(e.exitCode, 5);
    assert.equal(e.place.span, { line: 6, column: 3 });
    assert.is(e.place.file, '/t/t.hbs');
  }
  const typo = parseTemplate('# {{titel}}\n', '/t/u.hbs', 'u');
  await compose(testArticle(['x.']), summary, typo, { date: DATE }).then(
    () => assert.unreachable(),
    (e: TemplateError) => {
      assert.is(e.message, 'unknown field `titel`');
      assert.is(e.hint, 'did you mean `title`?');
    },
  );
});

test('a misspelt field in a block parameter is an error too, with its position', async () => {
  for (const [body, name, line] of [
    ['# {{title}}\n\n{{#each bottomLien}}\n{{this}}\n{{/each}}\n', 'bottomLien', 3],
    ['# {{title}}\n{{#if indicatorz}}\nx\n{{/if}}\n', 'indicatorz', 2],
    ['{{#each actors}}\n- {{nmae}}\n{{/each}}\n', 'nmae', 2],
  ] as const) {
    const t = parseTemplate(`---\nname: t\n---\n${body}`, '/t/t.hbs', 't');
    const error = await compose(testArticle(['x.']), summary, t, { date: DATE }).catch(
      (e: unknown) => e,
    );
    assert.instance(error, TemplateError, body);
    const e = error as TemplateError;
    assert.is(e.message, `unknown field \`${name}\``);
    assert.is(e.place.span?.line, line + 3, body);
  }
});

test('template syntax errors and unknown helpers are template errors', async () => {
  for (const body of [
    '{{#if title}}\nno close\n',
    '{{nosuchhelper title}}\n',
    '{{> nosuchpartial}}\n',
  ]) {
    const t = parseTemplate(body, '/t/x.hbs', 'x');
    await compose(testArticle(['x.']), summary, t, { date: DATE }).then(
      () => assert.unreachable(body),
      (e: unknown) => assert.instance(e, TemplateError, body),
    );
  }
});

test('bad template settings and unknown templates are template errors', async () => {
  assert.throws(
    () => parseTemplate('---\npage: { size: B7 }\n---\nx', '/t/x.hbs', 'x'),
    (e: unknown) => e instanceof TemplateError,
  );
  await loadTemplate('no-such-template').then(
    () => assert.unreachable(),
    (e: TemplateError) => {
      assert.instance(e, TemplateError);
      assert.match(e.hint ?? '', /intel/);
    },
  );
});

test('downColumns lays a list out in blocks of two columns, each read down', () => {
  const list = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name) => ({ name, articles: '1' }));
  const options = { hash: {} }; // Handlebars passes its options object last.
  const blocks = helpers.downColumns(list, 2, options) as {
    rows: { left: { name: string }; right: { name: string } }[];
  }[];
  assert.equal(
    blocks.map((b) => b.rows.map((r) => `${r.left.name}${r.right.name}`)),
    [
      ['ac', 'bd'],
      ['eg', 'f'],
    ],
  );
  assert.equal(blocks[1].rows[1].right, { name: '', articles: '' });
  assert.equal(helpers.downColumns([], 40, options), []);
});

test.run();
