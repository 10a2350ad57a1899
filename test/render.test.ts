import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildDocument, docDefinitionJson, type RenderInput } from '../src/render/document.ts';
import { renderPdf } from '../src/render/pdf.ts';
import { defaultTheme, contentWidth } from '../src/render/theme.ts';
import { fitColumnWidths } from '../src/render/walker.ts';
import { golden, pdfInfo, pdfPages, pdfText, qpdfCheck } from './helpers.ts';

const DATE = new Date('2026-11-29T12:00:00Z');

function input(markdown: string): RenderInput {
  return {
    markdown,
    file: 'brief.md',
    theme: defaultTheme,
    banner: { text: 'UNCLASSIFIED', color: '#FFFFFF', fill: '#007A33' },
    info: { title: 'T', author: 'A', subject: 'S', keywords: 'K', creator: 'Briefsmith', date: DATE },
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
  assert.is(json, golden(new URL('fixtures/render/kitchen-sink.docdef.json', import.meta.url).pathname, json));
});

test('only web and mail links become link annotations', () => {
  const json = docDefinitionJson(buildDocument(input('[a](https://x.org) [b](javascript:alert(1)) [c](file:///etc/passwd) [d](mailto:a@b.org)')).value);
  assert.ok(json.includes('"link": "https://x.org"'));
  assert.ok(json.includes('"link": "mailto:a@b.org"'));
  assert.not.ok(json.includes('javascript:'));
  assert.not.ok(json.includes('file:'));
});

test('raw HTML, images and unknown containers are warnings with a line, not silently dropped', () => {
  const { diagnostics } = buildDocument(input('para\n\n<div>x</div>\n\n![alt](x.png)\n\n:::weird\nx\n:::\n'));
  assert.equal(diagnostics.map((d) => [d.code, d.span?.line]), [
    ['unsupported-html', 3],
    ['unsupported-image', 5],
    ['unknown-container', 7],
  ]);
});

test('table columns fit the page', () => {
  const widths = fitColumnWidths([[10, 400], [5, 5], [30, 2000]], 480);
  assert.ok(Math.abs(widths.reduce((a, b) => a + b, 0) - 480) < 1);
  assert.ok(widths.every((w) => w >= 48));
  assert.ok(contentWidth(defaultTheme) > 400);
});

test('renders a valid PDF with banners on every page, page numbers and metadata', async () => {
  const long = Array.from({ length: 60 }, (_, i) => `Paragraph ${i} ${'word '.repeat(60)}`).join('\n\n');
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

test.run();
