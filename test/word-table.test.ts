import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fontBytes, ROBOTO } from '../src/render/fonts.ts';
import {
  COMMON_WORDS,
  decodeInstalledWordTable,
  makeWordTable,
  WORD_TABLE,
} from '../src/render/pdf.ts';
import { runFromTable, useWordTables } from '../src/render/pdfkit-tuning.ts';
import { pdfkitDocument } from '../src/render/vendor.ts';
import {
  decodeWordTable,
  encodeWordTable,
  type ShapedWord,
  type WordPosition,
} from '../src/render/word-table.ts';

const FONT = { postscriptName: 'Test-Regular', numGlyphs: 10, checkSumAdjustment: 7 };
const VERSIONS = { fontkit: '2.0.4', pdfkit: '0.19.1' };

function position(xAdvance: number, extra: Partial<WordPosition> = {}): WordPosition {
  return { xAdvance, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: xAdvance, ...extra };
}

function word(text: string, ids: number[], extra: Partial<ShapedWord> = {}): ShapedWord {
  return {
    text,
    glyphIds: ids,
    positions: ids.map((id) => position(500 + id / 8)),
    codePoints: [...text].map((c) => [c.codePointAt(0)!]).slice(0, ids.length),
    features: { liga: true, kern: true },
    script: 'latn',
    language: null,
    direction: 'ltr',
    ...extra,
  };
}

test('a table gives back every word it keeps, and nothing else', () => {
  const words = [
    word('the ', [1, 2, 3, 4]),
    word('a', [5]),
    word('Zürich, ', [6, 7, 8, 9, 1, 2, 3, 4]),
    word('“Yes,” ', [1, 2, 3, 4, 5, 6, 7]),
    word('ﬁ', [9], { codePoints: [[0x66, 0x69]] }),
    word('', []),
    word('kerned ', [1, 2], { positions: [position(512.5, { xOffset: -3.25 }), position(0.1)] }),
  ];
  const file = encodeWordTable([{ font: FONT, words }], VERSIONS);
  const [face, ...rest] = decodeWordTable(file, VERSIONS);
  assert.is(rest.length, 0);
  assert.equal(face!.font, FONT);
  assert.is(face!.size, words.length);
  for (const w of words) assert.equal(face!.find(w.text), w, JSON.stringify(w.text));
  for (const missing of ['th', 'the', 'the  ', 'a ', 'Zurich, ', '~', '\u0000'])
    assert.is(face!.find(missing), null, JSON.stringify(missing));
  // Made under other package versions, cut short or padded: not a table to use.
  assert.throws(() => decodeWordTable(file, { ...VERSIONS, fontkit: '2.0.5' }), /other package/);
  assert.throws(() => decodeWordTable(file.subarray(0, file.length - 8), VERSIONS), /cut short/);
  const padded = new Uint8Array(file.length + 8);
  padded.set(file);
  assert.throws(() => decodeWordTable(padded, VERSIONS), /cut short or padded/);
});

test('words that cannot be kept exactly are left out, not changed', () => {
  const odd = [
    word('minus ', [1], { positions: [position(-0)] }),
    word('extra ', [1], { positions: [{ ...position(1), cursive: 1 } as WordPosition] }),
    word('nan ', [1], { positions: [position(Number.NaN)] }),
  ];
  const words = [...odd, word('ok ', [2])];
  const [face] = decodeWordTable(encodeWordTable([{ font: FONT, words }], VERSIONS), VERSIONS);
  assert.is(face!.size, 1);
  assert.ok(face!.find('ok '));
  const junk = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
  assert.throws(() => decodeWordTable(junk, VERSIONS), /not a Briefsmith/);
});

test('a run from the table is the run shaping makes: same classes, glyphs, positions, features', async () => {
  const words = [
    'the ',
    'office, ',
    'AVATAR ',
    'Ukraine’s ',
    '“Yes,” ',
    'naïve ',
    'ﬁnal ',
    'affluent ',
    'Ω ',
    '1,200 ',
    '—',
    '',
  ];
  const names = ['Roboto-Regular', 'Roboto-Medium', 'Roboto-Italic', 'Roboto-MediumItalic'];
  const tables = decodeInstalledWordTable(
    await makeWordTable(Object.fromEntries(names.map((name) => [name, words]))),
  );
  try {
    useWordTables(tables);
    const PDFDocument = pdfkitDocument() as new (o: object) => { font(b: Buffer): unknown };
    for (const [i, face] of (['normal', 'bold', 'italics', 'bolditalics'] as const).entries()) {
      const doc = new PDFDocument({ autoFirstPage: false }) as {
        font(b: Buffer): unknown;
        _font: Parameters<typeof runFromTable>[0];
      };
      doc.font(fontBytes(ROBOTO[face] as string));
      const embedded = doc._font;
      assert.is(tables[i]!.size, words.length);
      for (const text of words) {
        const shaped = embedded.layoutRun(text) as unknown as Record<string, unknown> & {
          glyphs: unknown[];
          positions: unknown[];
        };
        const fromTable = runFromTable(embedded, text) as unknown as typeof shaped;
        assert.ok(fromTable, `${face} ${text}`);
        assert.is(fromTable.constructor, shaped.constructor);
        assert.equal(Object.keys(fromTable), Object.keys(shaped));
        assert.is(fromTable.glyphs.length, shaped.glyphs.length);
        // The process's glyph objects and interned positions: the very same objects.
        for (let k = 0; k < shaped.glyphs.length; k++) {
          assert.is(fromTable.glyphs[k], shaped.glyphs[k], `${text} ${k}`);
          assert.is(fromTable.positions[k], shaped.positions[k], `${text} ${k}`);
        }
        assert.is(fromTable.features, shaped.features);
        for (const key of ['script', 'language', 'direction'])
          assert.is(fromTable[key], shaped[key]);
      }
      assert.is(runFromTable(embedded, 'unlisted '), undefined);
    }
  } finally {
    useWordTables([]);
  }
});

test('`npm run build` writes the table the installed packages and these sources make', async () => {
  let built: Buffer;
  try {
    built = readFileSync(WORD_TABLE);
  } catch {
    if (process.env.CI) assert.unreachable(`${WORD_TABLE} was not built`);
    console.log('\n  word table test SKIPPED: run `npm run build`\n');
    return;
  }
  const fresh = await makeWordTable();
  assert.ok(Buffer.compare(built, fresh) === 0, `${WORD_TABLE} is stale: run \`npm run build\``);
  const common = JSON.parse(readFileSync(COMMON_WORDS, 'utf8')) as {
    faces: Record<string, string[]>;
  };
  const faces = decodeInstalledWordTable(built);
  assert.equal(faces.map((f) => f.font.postscriptName).sort(), Object.keys(common.faces).sort());
  for (const face of faces) {
    const words = common.faces[face.font.postscriptName]!;
    const kept = words.filter((w) => face.find(w));
    assert.ok(kept.length > 0.99 * words.length, `${face.font.postscriptName}: ${kept.length}`);
    assert.is(face.size, kept.length);
  }
});

test.run();
