import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  fasterTrueTypeSubsets,
  fontkitEncode,
  type TrueTypeSubset,
} from '../src/render/font-subset.ts';
import { fallbackFamilies, fontBytes, parsedFont, ROBOTO } from '../src/render/fonts.ts';
import { makeWordTable } from '../src/render/pdf.ts';
import { deflateInOneTrip, deflatesRedone, pdfNumberText } from '../src/render/pdfkit-tuning.ts';
import { leadingSpaces, trailingSpaces } from '../src/render/pdfmake-tuning.ts';
import { tempDir } from './helpers.ts';

const ROOT = join(import.meta.dirname, '..');

function renderHashes(stock: boolean, reverse = false, wordTable?: string): Record<string, string> {
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'test/fixtures/render/render-hashes.ts'),
      ...(reverse ? ['--reverse'] : []),
      ...(wordTable ? ['--word-table', wordTable] : []),
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, BRIEFSMITH_STOCK_RENDER: stock ? '1' : '' },
      timeout: 120_000,
    },
  );
  return JSON.parse(out.trim().split('\n').pop() ?? '{}');
}

test('the render speed-ups change no byte of any PDF, whatever was rendered before', async () => {
  const { speedUps: tunedOn, ...tuned } = renderHashes(false);
  const { speedUps: reversedOn, ...reversed } = renderHashes(false, true);
  const table = join(tempDir(), 'word-table.bin');
  writeFileSync(table, await makeWordTable());
  const { speedUps: tableOn, ...fromTable } = renderHashes(false, false, table);
  const { speedUps: stockOn, ...stock } = renderHashes(true);
  assert.is(tunedOn, 'true', 'the speed-ups are installed');
  assert.is(reversedOn, 'true');
  assert.is(stockOn, 'false', 'BRIEFSMITH_STOCK_RENDER=1 turns them off');
  assert.ok(Object.keys(stock).length >= 20, 'the probe renders every template and fixture');
  assert.equal(tuned, stock);
  // Common words taken from a table shaped ahead of time (src/render/word-table.ts).
  assert.is(tableOn, 'true');
  assert.equal(fromTable, stock);
  // Stock pdfkit parses fonts per document; with fonts shared across documents, a document
  // must still not depend on the ones rendered before it (Ω U+03A9 and U+2126 share a glyph).
  assert.equal(reversed, stock);
  assert.is.not(stock['omega-greek'], stock['omega-symbol']);
});

test("a finished brief's document is not kept alive by its deflates' callbacks", () => {
  // Node's zlib engines hold their callbacks until they are collected; the fixture holds
  // them on purpose and counts pdfmake's documents once two briefs are done.
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'test/fixtures/render/documents-alive.ts')],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, BRIEFSMITH_STOCK_RENDER: '' } },
  );
  const { callbacks, documentsAlive } = JSON.parse(out.trim().split('\n').pop() ?? '{}');
  assert.ok(callbacks > 0, 'the streams were compressed on the thread pool');
  assert.is(documentsAlive, 0);
});

test("the off-thread deflate gives deflateSync's bytes, once, for any size", async () => {
  const next = random(7);
  // Text-like bytes, and noise that deflate cannot shrink (its output is the largest).
  const text = (n: number) => Buffer.from(Array.from({ length: n }, () => 97 + ((next() * 6) | 0)));
  const noise = (n: number) => Buffer.from(Array.from({ length: n }, () => (next() * 256) | 0));
  for (const make of [text, noise]) {
    for (const size of [0, 1, 100, 16_383, 16_384, 16_400, 70_000, 1_000_003]) {
      const bytes = make(size);
      const calls: Buffer[] = [];
      await new Promise<void>((resolve, reject) => {
        deflateInOneTrip(bytes, (error, out) => {
          if (error) reject(error);
          calls.push(out);
          setImmediate(resolve);
        });
      });
      assert.is(calls.length, 1, `one callback for ${size} bytes`);
      assert.ok(calls[0]!.equals(deflateSync(bytes)), `deflateSync's bytes for ${size} bytes`);
    }
  }
  // Each in one trip: none came back in pieces and was compressed again on this thread.
  assert.is(deflatesRedone, 0);
});

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

test('numbers are written as pdfkit writes them, on millions of values and every edge', () => {
  // pdfkit: `${Math.round(n * 1e6) / 1e6}` for -1e21 < n < 1e21, else an error.
  const pdfkit = (n: number) => {
    if (n > -1e21 && n < 1e21) return `${Math.round(n * 1e6) / 1e6}`;
    throw new Error(`unsupported number: ${n}`);
  };
  const next = random(7);
  const values = [0, -0, 1, -1, 0.5, -0.5, 1e-6, -1e-6, 4e-7, 5e-7, -5e-7, 6e-7, 1e-7, 841.89];
  for (const e of [1e9 - 1, 1e9, 1e9 + 0.5, 999_999_999.9999995, 1e15, 1e20, 9.99e20]) {
    values.push(e, -e);
  }
  for (let i = 0; i < 2_000_000; i++) {
    const magnitude = 10 ** (Math.floor(next() * 14) - 5);
    const v = (next() - 0.3) * magnitude;
    // Also page positions as pdfmake makes them: a tenth of a point plus an offset.
    values.push(v, Math.round(v * 10) / 10 + 137.945313, Math.round(v * 1e6) / 1e6);
  }
  for (const v of values) {
    if (pdfNumberText(v) !== pdfkit(v))
      assert.unreachable(`${v}: ${pdfNumberText(v)} vs ${pdfkit(v)}`);
  }
  for (const bad of [1e21, -1e21, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => pdfNumberText(bad), /unsupported number/);
  }
});

interface Font {
  numGlyphs: number;
  layout(text: string): { glyphs: { codePoints: number[] }[] };
  createSubset(): TrueTypeSubset;
  glyphForCodePoint(cp: number): { id: number };
}

test('the TrueType subset writer writes what fontkit writes, for any glyph set', () => {
  const faces = [ROBOTO.normal, ROBOTO.bold, ROBOTO.italics, ROBOTO.bolditalics];
  for (const family of fallbackFamilies()) {
    if (typeof family.normal === 'string') faces.push(family.normal); // DejaVu: TrueType too
  }
  const next = random(7);
  for (const face of faces) {
    // A parse of its own: fontkit caches glyph objects per font, and glyphs first asked for
    // by id (as a subset does) would be cached without their characters for the renderer.
    const font = parsedFont(Buffer.from(fontBytes(face as string))) as unknown as Font;
    const sets: number[][] = [
      [],
      // Accented letters are composite glyphs in Roboto: their components join the subset.
      [...'Ærøskøbing naïve café Łódź İstanbul ½'].map(
        (c) => font.glyphForCodePoint(c.codePointAt(0) ?? 0).id,
      ),
      Array.from({ length: font.numGlyphs }, (_, i) => i).reverse(),
    ];
    for (let n = 0; n < 20; n++) {
      sets.push(
        Array.from({ length: 1 + Math.floor(next() * 300) }, () =>
          Math.floor(next() * font.numGlyphs),
        ),
      );
    }
    for (const ids of sets) {
      const ours = font.createSubset();
      const theirs = font.createSubset();
      fasterTrueTypeSubsets(ours);
      for (const id of ids) {
        ours.includeGlyph(id);
        theirs.includeGlyph(id);
      }
      const expected = fontkitEncode(theirs);
      const actual = ours.encode();
      assert.ok(Buffer.from(actual).equals(Buffer.from(expected)), `${face}: ${ids.length} glyphs`);
      assert.equal(ours.glyphs, theirs.glyphs, 'composite glyphs add the same components');
    }
  }
});

test('a glyph first embedded as part of a composite keeps its characters for later text', () => {
  // ǿ is drawn from ø and an acute accent: embedding it asks fontkit for ø by id alone.
  const font = parsedFont(Buffer.from(fontBytes(ROBOTO.normal as string))) as unknown as Font;
  const subset = font.createSubset();
  fasterTrueTypeSubsets(subset);
  subset.includeGlyph(font.glyphForCodePoint(0x1ff).id);
  subset.encode();
  assert.equal(font.layout('ø').glyphs[0].codePoints, [0xf8]);
});

test("a word's leading and trailing whitespace is pdfmake's, for any text", () => {
  const pieces = [
    'a',
    'Z',
    '1',
    '.',
    ' ',
    '  ',
    '\t',
    '\n',
    '\u00a0',
    '\u2009',
    '\u3000',
    'é',
    '—',
    '',
  ];
  const next = random(11);
  for (let n = 0; n < 5_000; n++) {
    let text = '';
    const length = Math.floor(next() * 5);
    for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
    assert.is(leadingSpaces(text), text.match(/^(\s)+/g)?.[0], JSON.stringify(text));
    assert.is(trailingSpaces(text), text.match(/(\s)+$/g)?.[0], JSON.stringify(text));
  }
});

test.run();
