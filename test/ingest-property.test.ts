import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BriefsmithError } from '../src/diagnostics.ts';
import { ingest } from '../src/ingest/index.ts';

/**
 * Properties of ingest on generated inputs: body sentences always survive cleaning, clutter
 * never does, and arbitrary bytes give an article or a typed error, never a crash.
 */

const WORDS = [
  'the',
  'officials',
  'said',
  'troops',
  'border',
  'talks',
  'in',
  'on',
  'of',
  'and',
  'a',
  'ministry',
  'would',
  'report',
  'Monday',
  'Kim',
  'Russia',
  'about',
  '12,000',
  '6,000',
  'percent',
  'U.S.',
  'Dr.',
  'Gen.',
  'Jan.',
  'Mr.',
  'read',
  'more',
  'related',
  'photo',
  'by',
  'copyright',
  'subscribe',
  'newsletter',
  'cookies',
  'share',
  'follow',
  'advertisement',
  'all',
  'rights',
  'reserved',
  'AP',
  'Getty',
  'Images',
  'WASHINGTON',
  '"we',
  'agree,"',
  '“never”',
  'title:',
  'image',
  'file',
  'sign',
  'up',
  'Photo',
];
/**
 * Declarative sentence openers, including words clutter lines start with ("Related efforts …",
 * "Share prices …"). Imperatives ("Subscribe …", "Read …") are clutter's grammar, not news.
 */
const FIRST = [
  'The',
  'Officials',
  'Residents',
  'Analysts',
  'Kim',
  'Related',
  'Photo',
  'Copyright',
  'Share',
  'Advertisement',
  'By',
  'File',
  'Image',
  'We',
  'All',
  'Watch',
  'Credit',
  'Sponsored',
  'Title',
];

/** A body sentence: a capitalised first word, five or more words, a full stop. */
const sentence = fc
  .tuple(
    fc.constantFrom(...FIRST),
    fc.array(fc.constantFrom(...WORDS), { minLength: 5, maxLength: 18 }),
  )
  .map(([first, rest]) => `${first} ${rest.join(' ')}.`);

const CLUTTER = [
  '-',
  '———',
  'Advertisement',
  'Read more: Why the talks failed',
  'Related stories',
  'Share this article',
  'Facebook Twitter Email',
  'Follow us on Twitter',
  'Sign up for our newsletter',
  'Subscribe',
  'We use cookies to improve your experience. Accept all cookies',
  '(Photo: Regional Fire Service)',
  'Photo by Jane Doe',
  'File photo',
  '© 2025 Invented News. All rights reserved.',
  'Copyright 2024 Invented Media',
  'Crowds gather in the square on Sunday. (AP Photo/Jane Doe)',
  'Accept all cookies',
  'More from Asia',
  'Story continues below advertisement',
];

type Piece = { body: string[] } | { clutter: string };

const piece: fc.Arbitrary<Piece> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.array(sentence, { minLength: 1, maxLength: 4 }).map((body) => ({ body })),
  },
  { weight: 1, arbitrary: fc.constantFrom(...CLUTTER).map((clutter) => ({ clutter })) },
);

const document = fc.tuple(
  fc.array(piece, { minLength: 1, maxLength: 12 }),
  fc.array(fc.constantFrom('\n', '\n\n', '\r\n', '\n\n\n'), { minLength: 12, maxLength: 12 }),
);

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

test('every body sentence is in the paragraphs; every clutter line is removed with a rule', () => {
  fc.assert(
    fc.property(document, ([pieces, breaks]) => {
      if (!pieces.some((p) => 'body' in p)) return;
      const lines = pieces.map((p) => ('body' in p ? p.body.join(' ') : p.clutter));
      const input = `Invented headline for the test\n\n${lines.map((l, i) => l + breaks[i]).join('')}`;
      const { value } = ingest(new TextEncoder().encode(input), 'gen.txt');
      const [article] = value;
      const kept = squash(article.paragraphs.map((p) => p.text).join(' '));
      for (const p of pieces) {
        if ('body' in p) {
          for (const s of p.body) {
            if (!kept.includes(squash(s)))
              throw new Error(`lost sentence: ${s}\n--- input:\n${input}`);
          }
        }
      }
      const removed = article.removed.map((r) => squash(r.text));
      for (const p of pieces) {
        if ('clutter' in p && !removed.includes(squash(p.clutter))) {
          throw new Error(`clutter kept: ${p.clutter}\n--- input:\n${input}`);
        }
      }
      assert.ok(article.removed.every((r) => r.rule.length > 0));
    }),
    { numRuns: 400, seed: Number(process.env.FC_SEED ?? 20260301) },
  );
});

test('every non-space character of a text input is covered by the title, a paragraph or a removal', () => {
  fc.assert(
    fc.property(document, ([pieces, breaks]) => {
      if (!pieces.some((p) => 'body' in p)) return;
      const lines = pieces.map((p) => ('body' in p ? p.body.join(' ') : p.clutter));
      const input = `Headline\n\n${lines.map((l, i) => l + breaks[i]).join('')}`.replace(
        /\r\n/g,
        '\n',
      );
      const [article] = ingest(new TextEncoder().encode(input), 'gen.txt').value;
      const covered = new Uint8Array(input.length);
      covered.fill(1, 0, 'Headline'.length);
      for (const item of [...article.paragraphs, ...article.removed]) {
        covered.fill(1, item.span.offset, item.span.offset + item.span.length);
      }
      for (let i = 0; i < input.length; i++) {
        if (!covered[i] && /\S/.test(input[i])) {
          throw new Error(`offset ${i} (${JSON.stringify(input.slice(i, i + 30))}) is in nothing`);
        }
      }
    }),
    { numRuns: 300, seed: Number(process.env.FC_SEED ?? 7) },
  );
});

test('arbitrary bytes: an article or a typed BriefsmithError, never anything else', () => {
  const formats = fc.constantFrom('x.txt', 'x.md', 'x.json', 'x.jsonl', 'x.html', '-');
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), formats, (bytes, path) => {
      try {
        ingest(bytes, path, { maxInput: 500 });
      } catch (error) {
        if (!(error instanceof BriefsmithError)) throw error;
      }
    }),
    { numRuns: 1500 },
  );
});

test('arbitrary text: an article or a typed BriefsmithError, never anything else', () => {
  const formats = fc.constantFrom('x.txt', 'x.md', 'x.json', 'x.jsonl', 'x.html');
  const text = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 400 }),
    fc.json(),
    fc.array(fc.json(), { maxLength: 5 }).map((a) => a.join('\n')),
    fc
      .array(
        fc.constantFrom(
          '<p>',
          '</p>',
          '<h2>',
          '<script>',
          'x',
          '---\n',
          'title: a\n',
          '"',
          '{',
          '}',
        ),
        { maxLength: 40 },
      )
      .map((a) => a.join('')),
  );
  fc.assert(
    fc.property(text, formats, (s, path) => {
      try {
        ingest(new TextEncoder().encode(s), path);
      } catch (error) {
        if (!(error instanceof BriefsmithError)) throw error;
      }
    }),
    { numRuns: 1500 },
  );
});

test.run();
