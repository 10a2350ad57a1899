import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { Marked } from 'marked';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildDocument, docDefinitionJson, type RenderInput } from '../src/render/document.ts';
import { fallbackFamilies } from '../src/render/fonts.ts';
import { briefExtensions, lexBrief } from '../src/render/markdown.ts';
import { renderPdf } from '../src/render/pdf.ts';
import { justifyAtWordSpaces, type LaidOutLine } from '../src/render/pdfmake-fixes.ts';
import { contentWidth, defaultTheme } from '../src/render/theme.ts';
import { dashWidths, fitColumnWidths } from '../src/render/walker.ts';
import { golden, pdfInfo, pdfPages, pdfText, qpdfCheck, tempDir } from './helpers.ts';

const DATE = new Date('2026-11-29T12:00:00Z');

type PdfNodeLike = {
  stack?: PdfNodeLike[];
  tocMargin?: number[];
  tocStyle?: { leadingIndent?: number };
};

test('block markers are found only up to the first blank line, and the tokens are the same as with a full search', () => {
  // The reference: the same extensions, each `start` searching the whole rest of the document.
  const patterns: Record<string, RegExp> = {
    container: /\n:::[a-z]/,
    pagebreak: /\n\\newpage[ \t]*(?:\n|$)/,
  };
  const reference = new Marked({
    gfm: true,
    extensions: briefExtensions.map((e) => ({
      ...e,
      start: (src: string) => {
        const i = src.search(patterns[e.name]);
        return i === -1 ? undefined : i + 1;
      },
    })),
  });
  const pieces = [
    'A paragraph line.',
    'Another line of it.',
    ':::note Title\nInside the block.\n:::',
    ':::nothing',
    '\\newpage',
    '\\newpage   ',
    'text \\newpage inline',
    '# A heading',
    '- a list item',
    '\t',
    '   ',
    '',
    '> quoted',
    '| a | b |\n|---|---|\n| 1 | 2 |',
  ];
  let seed = 3;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const docs = [
    'Para line\n:::map\ncountry | Russia | 3\n:::\n',
    'Para\n\\newpage\nMore',
    `${'Paragraph.\n\n'.repeat(30)}:::note\nEnd.\n:::\n`,
  ];
  for (let d = 0; d < 300; d++) {
    const lines = Array.from(
      { length: 3 + Math.floor(next() * 12) },
      () => pieces[Math.floor(next() * pieces.length)],
    );
    docs.push(lines.join('\n'));
  }
  for (const doc of docs) {
    assert.equal(lexBrief(doc), reference.lexer(doc), JSON.stringify(doc));
  }
});

function input(markdown: string): RenderInput {
  return {
    markdown,
    file: 'brief.md',
    theme: defaultTheme,
    banner: { text: 'UNCLASSIFIED', color: '#FFFFFF', fill: '#007A33' },
    info: {
      title: 'T',
      author: 'A',
      subject: 'S',
      keywords: 'K',
      creator: 'Briefsmith',
      date: DATE,
    },
  };
}

const KITCHEN_SINK = `# Title

:::meta
**291200Z NOV 26** · source
:::

:::box Bottom line up front
The **bottom** line, *emphasis*, \`code\`, [a link](https://example.org) and [bad](javascript:alert(1)).
:::

## Section

1. one
2. two
   - nested *a*
   - nested b

| Figure | What | Sentence |
|:--|:--|:--|
| **12,000** | soldiers | A long sentence. |

> A quoted line.

\`\`\`
code block
\`\`\`

---

(U) A portion-marked paragraph.

\\newpage

### Annex heading
`;

test('the walker maps every Markdown construct to the golden document definition', () => {
  const { value, diagnostics } = buildDocument(input(KITCHEN_SINK));
  assert.equal(diagnostics, []);
  const json = docDefinitionJson(value);
  assert.is(
    json,
    golden(new URL('fixtures/render/kitchen-sink.docdef.json', import.meta.url).pathname, json),
  );
});

test('only web and mail links become link annotations', () => {
  const json = docDefinitionJson(
    buildDocument(
      input(
        '[a](https://x.org) [b](javascript:alert(1)) [c](file:///etc/passwd) [d](mailto:a@b.org)',
      ),
    ).value,
  );
  assert.ok(json.includes('"link": "https://x.org"'));
  assert.ok(json.includes('"link": "mailto:a@b.org"'));
  assert.not.ok(json.includes('javascript:'));
  assert.not.ok(json.includes('file:'));
});

test('raw HTML, images and unknown containers are warnings with a line, not silently dropped', () => {
  const { diagnostics } = buildDocument(
    input('para\n\n<div>x</div>\n\n![alt](x.png)\n\n:::weird\nx\n:::\n'),
  );
  assert.equal(
    diagnostics.map((d) => [d.code, d.span?.line]),
    [
      ['unsupported-html', 3],
      ['image-refused', 5],
      ['unknown-container', 7],
    ],
  );
});

test('table columns fit the page', () => {
  const widths = fitColumnWidths(
    [
      [10, 400],
      [5, 5],
      [30, 2000],
    ],
    480,
  );
  assert.ok(Math.abs(widths.reduce((a, b) => a + b, 0) - 480) < 1);
  assert.ok(widths.every((w) => w >= 48));
  assert.ok(contentWidth(defaultTheme) > 400);
});

test('renders a valid PDF with banners on every page, page numbers and metadata', async () => {
  const long = Array.from({ length: 60 }, (_, i) => `Paragraph ${i} ${'word '.repeat(60)}`).join(
    '\n\n',
  );
  const doc = buildDocument(input(`# Title\n\n${long}`)).value;
  const before = docDefinitionJson(doc);
  const pdf = await renderPdf(doc);
  assert.is(docDefinitionJson(doc), before, 'the definition is not mutated');
  qpdfCheck(pdf);
  const pages = await pdfPages(pdf);
  assert.ok(pages >= 3);
  const text = await pdfText(pdf);
  assert.is(text.match(/UNCLASSIFIED/g)?.length, pages * 2);
  assert.ok(text.includes(`Page ${pages} of ${pages}`));
  const info = await pdfInfo(pdf);
  assert.is(info.Title, 'T');
  assert.is(info.Keywords, 'K');
  assert.is(info.Creator, 'Briefsmith');
});

test('justified lines stretch the spaces between words, not a word broken at its hyphen', async () => {
  // Long words leave much of a line to spread over its few gaps.
  const long = 'Supercalifragilisticexpialidocious';
  const sentence = `The five-year ${long} of the state-run ${long} is cross-border.`;
  const doc = buildDocument(input(`# Title\n\n${`${sentence} `.repeat(12)}`)).value;
  const file = join(tempDir('justify-'), 'justified.pdf');
  writeFileSync(file, await renderPdf(doc));
  // pdftotext's words and lines with their boxes: a gap after a hyphen splits a word.
  const xml = execFileSync('pdftotext', ['-bbox-layout', file, '-'], { encoding: 'utf8' });
  const lines = [
    ...xml.matchAll(/<line xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([\s\S]*?)<\/line>/g),
  ]
    .map(([, xMax, words]) => ({
      xMax: Number(xMax),
      words: [...words.matchAll(/>([^<]+)<\/word>/g)].map((w) => w[1]),
    }))
    .filter((l) => l.words.some((w) => /five|state|Super|cross/.test(w)));
  assert.ok(lines.length >= 4, JSON.stringify(lines));
  const words = lines.flatMap((l) => l.words);
  assert.equal(
    words.filter((w) => w.endsWith('-')),
    lines.map((l) => l.words.at(-1)).filter((w) => w?.endsWith('-')),
    'only a word that ends a line ends with its hyphen',
  );
  // Still justified: every line but the last ends at the right margin.
  const ends = lines.slice(0, -1).map((l) => l.xMax);
  assert.ok(Math.max(...ends) - Math.min(...ends) < 0.5, ends.join(' '));
});

test('justifying: the rest of a line goes to its word spaces; no space, no stretch', () => {
  class Writer {
    context() {
      return { availableWidth: 120 };
    }
    alignLine(_line: LaidOutLine): void {
      throw new Error("pdfmake's own alignLine");
    }
  }
  justifyAtWordSpaces(Writer);
  const writer = new Writer();
  const line = (...texts: string[]): LaidOutLine => ({
    inlines: texts.map((text, i) => ({ text, x: i * 20, alignment: 'justify' })),
    getWidth: () => texts.length * 20,
  });
  const split = line('The ', 'five-', 'year ', 'plan');
  writer.alignLine(split);
  // 40 points left over two spaces: 20 each, none between "five-" and "year".
  assert.equal(
    split.inlines.map((i) => [i.x, i.justifyShift]),
    [
      [0, undefined],
      [40, 20],
      [60, undefined],
      [100, 20],
    ],
  );
  const oneWord = line('cross-', 'border-', 'issue');
  writer.alignLine(oneWord);
  assert.equal(
    oneWord.inlines.map((i) => i.x),
    [0, 20, 40],
  );
  assert.throws(() => writer.alignLine(line('a ', 'b ', 'c')), /pdfmake's own/);
});

test('the same input and date render byte-identical PDFs', async () => {
  const a = await renderPdf(buildDocument(input(KITCHEN_SINK)).value);
  const b = await renderPdf(buildDocument(input(KITCHEN_SINK)).value);
  assert.ok(Buffer.from(a).equals(Buffer.from(b)));
});

test('the renderer cannot read local files or fetch URLs named in content', async () => {
  for (const image of ['/etc/passwd', 'https://127.0.0.1:9/x.png']) {
    const doc = { ...buildDocument(input('x')).value, content: [{ image, width: 10 }] };
    await renderPdf(doc).then(
      () => assert.unreachable(image),
      (e: Error) => assert.match(e.message, /could not be laid out/),
    );
  }
});

test('an object pdfkit cannot write fails the render, even when written after a stream compressed off the main thread', async () => {
  // The information dictionary is written after the page's stream, whose compression is on
  // another thread; pdfkit cannot write 1e21. Stock pdfkit throws from end(): so must we.
  const base = buildDocument(input('x')).value;
  const doc = { ...base, info: { ...(base.info as object), custom: 1e21 } };
  await renderPdf(doc).then(
    () => assert.unreachable('rendered'),
    (e: Error) => assert.match(e.message, /could not be laid out: unsupported number: 1e\+21/),
  );
  // And the renderer still works afterwards.
  assert.ok((await renderPdf(base)).length > 1000);
});

test('characters Roboto lacks fall back to an installed font, run by run; none are lost silently', async () => {
  const md =
    '# 김정은 and Сергей Шойгу\n\nKim Jong-un (김정은) met Sergei Shoigu (Сергей Шойгу) in 平壤.\n';
  const { value, diagnostics } = buildDocument(input(md));
  const json = docDefinitionJson(value);
  if (fallbackFamilies().some((f) => f.name === 'NotoSansCJKkr')) {
    assert.equal(diagnostics, []);
    assert.ok(json.includes('"font": "NotoSansCJKkr"'), 'Hangul runs use the Korean CJK face');
    const pdf = await renderPdf(value);
    qpdfCheck(pdf);
    const text = await pdfText(pdf);
    for (const s of ['김정은', 'Сергей Шойгу', '平壤']) assert.ok(text.includes(s), s);
  } else {
    assert.equal(
      diagnostics.map((d) => d.code),
      ['missing-glyphs'],
    );
    assert.match(diagnostics[0].message, /김 \(U\+AE40\)/);
  }
  assert.not.match(json, /"text": "[^"]*Сергей[^"]*",\s*"font"/, 'Cyrillic stays in Roboto');
  assert.match(json, /Сергей Шойгу/);
});

test('a character no font has is a warning naming it; right-to-left text is a warning', () => {
  const { diagnostics } = buildDocument(input('Private use: \u{F0000} and עברית.'));
  assert.equal(
    diagnostics.map((d) => d.code),
    ['missing-glyphs', 'right-to-left'],
  );
  assert.match(diagnostics[0].message, /U\+F0000/);
});

const ASSETS = new URL('fixtures/render/assets/', import.meta.url).pathname;

/** A width × height PNG with an alpha channel and varied pixels, as a data URL; `damaged`: its pixel data is not zlib. */
function transparentPng(size: number, seed: number, damaged = false): string {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  const rows = Buffer.alloc((size * 4 + 1) * size);
  for (let i = 0; i < rows.length; i++) rows[i] = i % (size * 4 + 1) === 0 ? 0 : (i * seed) % 251;
  const pixels = damaged ? Buffer.from('not zlib data') : deflateSync(rows);
  const png = Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

test('two transparent PNGs are written in the order drawn: the same bytes every time', async () => {
  // png-js inflates their pixels on other threads; two of a size finish in either order.
  const base = buildDocument(input('x')).value;
  const doc = {
    ...base,
    content: [
      { image: transparentPng(300, 7), width: 100 },
      { image: transparentPng(300, 11), width: 100 },
    ],
  };
  const hashes = new Set<string>();
  for (let i = 0; i < 16; i++) {
    hashes.add(
      createHash('sha256')
        .update(await renderPdf(doc))
        .digest('hex'),
    );
  }
  assert.is(hashes.size, 1);
});

test('a damaged transparent PNG fails the render with the reason, and the process goes on', async () => {
  const base = buildDocument(input('x')).value;
  const doc = { ...base, content: [{ image: transparentPng(20, 3, true), width: 20 }] };
  await renderPdf(doc).then(
    () => assert.unreachable('rendered'),
    (e: Error) =>
      assert.match(e.message, /a PNG image's pixel data is damaged \(incorrect header check\)/),
  );
});

test('images: PNG/JPEG from allowed folders are embedded; anything else is a warning', () => {
  const md =
    '![seal](seal.png)\n\n![fake](fake.png)\n\n![passwd](/etc/passwd)\n\n![remote](https://x.org/a.png)\n\n![gone](nope.png)\n';
  const { value, diagnostics } = buildDocument({ ...input(md), assetDirs: [ASSETS] });
  const json = docDefinitionJson(value);
  assert.is(json.match(/"image": "data:image\/png;base64,/g)?.length, 1);
  assert.equal(
    diagnostics.map((d) => [d.code, d.span?.line]),
    [
      ['image-refused', 3],
      ['image-refused', 5],
      ['image-refused', 7],
      ['image-refused', 9],
    ],
  );
  assert.match(diagnostics[1].message, /outside the allowed folders/);
});

test('a :::toc lists the section headings, and headings become bookmarks', async () => {
  const { value } = buildDocument(
    input('# T\n\n:::toc Contents\n:::\n\n## One\n\ntext\n\n### Sub\n\n## Two\n'),
  );
  const json = docDefinitionJson(value);
  assert.is(json.match(/"tocItem": true/g)?.length, 2);
  const pdf = await renderPdf(value);
  const text = await pdfText(pdf);
  assert.match(text, /Contents One 1 Two 1/);
  const { getDocumentProxy } = await import('unpdf');
  const outline = await (await getDocumentProxy(new Uint8Array(pdf))).getOutline();
  assert.equal(
    outline.map((o) => [o.title, o.items.map((i) => i.title)]),
    [
      ['One', ['Sub']],
      ['Two', []],
    ],
  );
});

test('a table whose header row is one title is a bookmark under its section, once, however many pages it runs onto', async () => {
  const rows = Array.from({ length: 90 }, (_, i) => `| Name ${i} | ${i} | Other ${i} | ${i} |`);
  const titled = (title: string) => [`| ${title} | | | |`, '|:--|:--|:--|:--|', ...rows].join('\n');
  const { value } = buildDocument(
    input(
      `# T\n\n## Index\n\n${titled('People')}\n\n${titled('**Places** \\& seas')}\n\n## After\n\ntext\n`,
    ),
  );
  const pdf = await renderPdf(value);
  assert.ok((await pdfPages(pdf)) >= 4, 'each table runs onto more than one page');
  // The title row is repeated at the top of each page…
  assert.ok(((await pdfText(pdf)).match(/People/g) ?? []).length >= 2);
  const { getDocumentProxy } = await import('unpdf');
  const outline = await (await getDocumentProxy(new Uint8Array(pdf))).getOutline();
  // …and bookmarked once, where the table starts.
  assert.equal(
    outline.map((o) => [o.title, o.items.map((i) => i.title)]),
    [
      // The title's text, not its Markdown.
      ['Index', ['People', 'Places & seas']],
      ['After', []],
    ],
  );
});

test('--pdfa writes PDF/A-2b with every font embedded', async () => {
  const pdf = await renderPdf(
    buildDocument({ ...input('# Archive\n\nText with 김정은.'), pdfa: true }).value,
  );
  qpdfCheck(pdf);
  const file = join(tempDir(), 'a.pdf');
  writeFileSync(file, pdf);
  assert.match(
    execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' }),
    /<pdfaid:part>2<\/pdfaid:part>/,
  );
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  assert.ok(fonts.length > 0);
  for (const line of fonts) assert.match(line, /\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/, line);
});

test(':::keep holds its content together on one page', () => {
  const table = '| a | b |\n|---|---|\n| 1 | 2 |\n';
  const kept = buildDocument(input(`Before.\n\n:::keep\n${table}:::\n`));
  const loose = buildDocument(input(`Before.\n\n${table}`));
  assert.equal(kept.diagnostics, []);
  assert.match(docDefinitionJson(kept.value), /"unbreakable": true/);
  assert.not.match(docDefinitionJson(loose.value), /"unbreakable": true/);
});

/** The text of each page of a PDF, as pdftotext lays it out. */
function pageTexts(pdf: Uint8Array): string[] {
  const file = join(tempDir(), 'pages.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f');
}

const ARTICLE_START = `## 2. Second article

:::meta
voanews.com · 13 March 2025
:::

:::box Bottom line
The bottom line begins here and runs on for a while about what happened and why it matters.
:::

The article goes on.
`;

test("a section's heading, source line and bottom-line box are one block kept together", () => {
  const { value } = buildDocument(input(`# T\n\n${ARTICLE_START}`));
  const [, first] = value.content as { stack?: { style?: string; table?: unknown }[] }[];
  assert.is(first.stack?.length, 3, 'heading, meta and box in one stack');
  assert.is(first.stack?.[0].style, 'h2');
  assert.ok(first.stack?.[2].table, 'the box');
  assert.match(JSON.stringify(first), /"unbreakable":true/);
  // A box too long to keep: the heading still keeps its source line.
  const long = ARTICLE_START.replace('The bottom line begins', `${'Words and more. '.repeat(200)}`);
  const [, kept] = buildDocument(input(`# T\n\n${long}`)).value.content as { stack?: unknown[] }[];
  assert.is(kept.stack?.length, 2);
});

test('wherever the page ends, an article heading starts the page its bottom line starts on', async () => {
  for (let lines = 22; lines <= 40; lines++) {
    const filler = Array.from({ length: lines }, (_, i) => `Line ${i}.`).join('\n\n');
    const pdf = await renderPdf(buildDocument(input(`# T\n\n${filler}\n\n${ARTICLE_START}`)).value);
    const page = pageTexts(pdf).find((text) => text.includes('2. Second article')) ?? '';
    assert.match(page, /BOTTOM LINE\s+The bottom line begins/, `after ${lines} lines`);
  }
});

test("a table's delimiter row sets relative column widths when its dashes differ (Pandoc's rule)", () => {
  assert.equal(dashWidths('| a | b |\n|:------|:--|\n| 1 | 2 |', 400), [300, 100]);
  assert.is(dashWidths('| a | b |\n|:--|:--|\n| 1 | 2 |', 400), null);
  const { value } = buildDocument(input('| a | b |\n|---|-|\n| 1 | 2 |\n'));
  const [node] = value.content as { table: { widths: number[] } }[];
  const [wide, narrow] = node.table.widths;
  assert.ok(Math.abs(wide - 3 * narrow) < 0.1, `${wide} ${narrow}`);
});

test('a contents entry that wraps continues under its title, not under its number', async () => {
  const title = `41. ${'A long title about what officials said and did next, '.repeat(4)}the end`;
  const doc = buildDocument(input(`# T\n\n:::toc Contents\n:::\n\n## ${title}\n\nText.\n`)).value;
  const [, , heading] = doc.content as PdfNodeLike[];
  const hang = (heading.stack?.[0] ?? heading) as PdfNodeLike;
  assert.ok(Number(hang.tocMargin?.[0]) > 10, 'indented by the number');
  assert.is(hang.tocStyle?.leadingIndent, -Number(hang.tocMargin?.[0]));
  const [contents] = pageTexts(await renderPdf(doc));
  const lines = contents.split('\n').filter((l) => l.trim());
  const first = lines.findIndex((l) => l.trimStart().startsWith('41. A long title'));
  const indent = (l: string) => l.length - l.trimStart().length;
  assert.ok(
    indent(lines[first + 1]) > indent(lines[first]) + 1,
    lines.slice(first, first + 2).join('\n'),
  );
});

test.run();
