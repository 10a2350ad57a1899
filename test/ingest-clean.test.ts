import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleaningRules, isoDate } from '../src/ingest/clean.ts';
import { ingest } from '../src/ingest/index.ts';
import { recoverParagraphs, runInSubhead } from '../src/ingest/paragraphs.ts';
import { splitSentences } from '../src/ingest/sentences.ts';
import type { Article } from '../src/types.ts';
import { assertGolden, fixture, utf8 } from './ingest-golden.ts';

const sentences = (text: string) => splitSentences(text).map(([s, e]) => text.slice(s, e));
const one = (text: string, path = 'x.txt'): Article => ingest(utf8(text), path).value[0];

test('sentences: abbreviations, initials and dotted acronyms do not split', () => {
  assert.equal(
    sentences(
      'Gen. Kim met Dr. Ruiz on Jan. 5 in the U.S. capital. John F. Kennedy was cited. The U.S. Army said no. ' +
        'Talks with the U.S. The next round is in May.',
    ),
    [
      'Gen. Kim met Dr. Ruiz on Jan. 5 in the U.S. capital.',
      'John F. Kennedy was cited.',
      'The U.S. Army said no.',
      'Talks with the U.S.',
      'The next round is in May.',
    ],
  );
});

test('sentences: a quotation stays whole, with its closing mark', () => {
  assert.equal(
    sentences('"We won. They lost," he said. She disagreed. “It is over. Done.” Then silence.'),
    ['"We won. They lost," he said.', 'She disagreed.', '“It is over. Done.”', 'Then silence.'],
  );
});

test('sentences: a stray quote mark does not swallow the text', () => {
  const text = 'He said "maybe. Later it rained. ' + 'The sky cleared again. '.repeat(100);
  assert.ok(sentences(text).length > 90);
});

test('run-in subheads: recognised when glued to a sentence, not in ordinary sentences', () => {
  assert.is(
    runInSubhead('Definition, limits The constitution defines Syria as an Arab republic.'),
    18,
  );
  assert.is(
    runInSubhead('BLA surges Since last August, BLA has claimed responsibility for attacks.'),
    10,
  );
  for (const sentence of [
    'The U.S. State Department had no comment on the report.',
    'Meanwhile, Ukrainian President Volodymyr Zelenskyy dismissed the offer.',
    'Trump also attacked The Wall Street Journal newspaper on Friday.',
    'In a letter last week to The Hague-based court, Kenya cited reasons.',
    'Despite previous momentum, The talks stalled for a month.',
    'WASHINGTON — The president met the delegation on Tuesday.',
    'Officials said The plan would be ready soon.',
  ]) {
    assert.is(runInSubhead(sentence), 0, sentence);
  }
});

test('paragraph recovery: a run-together VOA story becomes paragraphs and headings', () => {
  const line = readFileSync('/work/shared/corpus/voa_stories.jsonl', 'utf8')
    .split('\n')
    .find((l) => l.includes('"id": "8011117"'))!;
  const text = JSON.parse(line).text as string;
  const blocks = recoverParagraphs({ kind: 'paragraph', text, offset: 100 });
  const paragraphs = blocks.filter((b) => b.kind === 'paragraph');
  assert.ok(paragraphs.length >= 15, `${paragraphs.length} paragraphs`);
  assert.equal(
    blocks.filter((b) => b.kind === 'heading').map((b) => b.text),
    ['Definition, limits'],
  );
  for (const b of blocks) {
    // Offsets stay in the block's coordinates: each piece is where it was.
    assert.is(text.slice(b.offset - 100, b.offset - 100 + b.text.length), b.text);
    const count = sentences(b.text).length;
    assert.ok(count <= 3, `${count} sentences: ${b.text}`);
  }
  // Nothing is lost: the pieces put back together are the text.
  assert.is(blocks.map((b) => b.text).join(' '), text.trim());
});

test('paragraph recovery in a text file: spans point at the text', () => {
  const body = Array.from(
    { length: 12 },
    (_, i) => `Sentence number ${i + 1} says the U.S. envoy met Gen. Lee on Jan. ${i + 1}.`,
  ).join(' ');
  const input = `Headline\n\n${body} Outlook The talks resume next week in Geneva, officials said.\n`;
  const article = one(input);
  assert.ok(article.paragraphs.length >= 4);
  assert.ok(article.paragraphs.some((p) => p.kind === 'heading' && p.text === 'Outlook'));
  for (const p of article.paragraphs) {
    assert.is(input.slice(p.span.offset, p.span.offset + p.span.length), p.text);
    assert.is(p.span.line, 3);
  }
});

test('plain text: a stand-alone subhead between paragraphs becomes a heading', () => {
  const long =
    'The council met on Monday and agreed to spend more on the harbour wall, the mayor said.';
  const input = `Headline\n\n${long}\n\nWhat comes next\n\n${long}\n\nA short closing line\n`;
  assert.equal(
    one(input).paragraphs.map((p) => [p.kind, p.text]),
    [
      ['paragraph', long],
      ['heading', 'What comes next'],
      ['paragraph', long],
      ['paragraph', 'A short closing line'],
    ],
  );
});

test('short articles with real paragraphs are left alone', () => {
  const input = 'Headline\n\nFirst paragraph. It has two sentences.\n\nSecond paragraph here.\n';
  assert.equal(
    one(input).paragraphs.map((p) => p.text),
    ['First paragraph. It has two sentences.', 'Second paragraph here.'],
  );
});

test('clutter fixture: every rule removes its line, bylines and dates move into metadata', () => {
  const path = fixture('clutter', 'input.txt');
  const bytes = readFileSync(path);
  const { value } = ingest(bytes, 'clutter/input.txt');
  assertGolden(value[0], fixture('clutter', 'article.json'));
  const article = value[0];
  assert.equal(
    article.removed.map((r) => r.rule),
    [
      'duplicate-title',
      'byline',
      'date-line',
      'share',
      'share',
      'dateline',
      'photo-credit',
      'photo-credit',
      'read-more',
      'advertisement',
      'read-more',
      'newsletter',
      'cookie-notice',
      'follow',
      'photo-credit',
      'copyright',
    ],
  );
  assert.is(article.meta.author, 'Maria Okafor and Tom Reyes');
  assert.is(article.meta.published, '2025-03-03');
  assert.is(article.paragraphs.length, 4);
  assert.ok(article.paragraphs[0].text.startsWith('Emergency crews evacuated'));
  const text = bytes.toString('utf8');
  for (const item of [...article.paragraphs, ...article.removed]) {
    assert.is(text.slice(item.span.offset, item.span.offset + item.span.length), item.text);
  }
});

test('dates lifted from date lines are ISO when they are unambiguous', () => {
  assert.is(isoDate('3 March 2025'), '2025-03-03');
  assert.is(isoDate('March 3, 2025'), '2025-03-03');
  assert.is(isoDate('Sept. 14 2024'), '2024-09-14');
  assert.is(isoDate('3/4/2025'), '3/4/2025');
  assert.is(isoDate('2025-03-03T10:00Z'), '2025-03-03T10:00Z');
});

test('every rule is named and described once', () => {
  const names = cleaningRules.map((r) => r.name);
  assert.is(new Set(names).size, names.length);
  assert.ok(cleaningRules.every((r) => r.description.length > 10 && (r.test || r.prefix)));
});

test('front-matter metadata wins over a byline in the text', () => {
  const article = one(
    '---\nauthor: Desk Editor\n---\n\nBy Jane Doe\n\nThe body of the story is here.\n',
    'a.md',
  );
  assert.is(article.meta.author, 'Desk Editor');
  assert.equal(
    article.removed.map((r) => [r.rule, r.text]),
    [['byline', 'By Jane Doe']],
  );
});

test('a markdown H1 equal to the front-matter title is a duplicate', () => {
  const article = one(
    '---\ntitle: Same Headline\n---\n\n# Same headline\n\nBody text of the story.\n',
    'a.md',
  );
  assert.equal(
    article.removed.map((r) => r.rule),
    ['duplicate-title'],
  );
});

test('the headline again is a duplicate however it is spaced and punctuated; a longer block is not', () => {
  const title = 'Kim withdraws troops: a gesture, or a shift?';
  const article = one(
    [
      `---\ntitle: "${title}"\n---`,
      'KIM — withdraws troops... A gesture; or a SHIFT',
      'Kim withdraws troops: a gesture, or a shift? Officials said so on Monday.',
      'Body text of the story.',
    ].join('\n\n'),
    'a.md',
  );
  assert.equal(
    article.removed.map((r) => [r.rule, r.text]),
    [['duplicate-title', 'KIM — withdraws troops... A gesture; or a SHIFT']],
  );
  assert.is(article.paragraphs[0].text.startsWith('Kim withdraws troops: a gesture'), true);
});

test('sentences: quotation marks of every kind pair, unpaired ones are ignored', () => {
  assert.equal(
    sentences(
      '«Non. Jamais.» Il partit. He said "no. never." Then “one. two.” End. A stray " mark. Last.',
    ),
    [
      '«Non. Jamais.»',
      'Il partit.',
      'He said "no. never."',
      'Then “one. two.”',
      'End.',
      'A stray " mark.',
      'Last.',
    ],
  );
});

test('rules stay off real sentences that start like clutter', () => {
  const body = [
    'Related efforts by the United Nations have failed twice this year.',
    'Advertisement revenue at the broadcaster fell by 5 percent in 2024.',
    'Share prices fell sharply after the announcement on Monday.',
    'Follow the money, the investigators told the committee.',
    'Copyright lawyers said the ruling would be appealed.',
    'Photo evidence presented in court showed the damaged bridge.',
    'By the end of the day, 300 people had left the town.',
    'Subscribers to the service will pay more from April.',
    'We use this data to plan the new routes, the ministry said.',
    'File transfers between the agencies stopped in March.',
    'Watch towers along the border were rebuilt last year.',
    'Support for the plan stands at 40%, according to a Reuters/Ipsos poll.',
    'By continuing to accept refugees, the government has kept its promise.',
    'More on Monday — the third day of talks — was agreed than in a week.',
    'The images were licensed from Getty Images and other agencies in 2024.',
    'Image analysis by the institute showed 14 new buildings at the site.',
    'Credit card debt rose to a record in the fourth quarter, the bank said.',
  ];
  const article = one(`Headline\n\n${body.join('\n\n')}\n`);
  assert.equal(article.removed, []);
  assert.equal(
    article.paragraphs.map((p) => p.text),
    body,
  );
});

test('keepClutter keeps clutter lines', () => {
  const bytes = readFileSync(fixture('clutter', 'input.txt'));
  const article = ingest(bytes, 'c.txt', { keepClutter: true }).value[0];
  assert.is(article.removed.length, 0);
  assert.ok(article.paragraphs.some((p) => p.text === 'Advertisement'));
});

test.run();
