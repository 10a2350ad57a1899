// Warm briefs in one process: Briefsmith's whole pipeline, and the baselines it names.
// Usage: node warm.mjs briefsmith|briefsmith-render|briefsmith-no-map|briefsmith-stock-render|stock-pdfmake|raw-pdfkit RUNS [WARM-UP] [--cold]
// WARM-UP untimed runs (default 100) come first; with --cold there are none: one process,
// one brief, as a command-line user sees it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [which, runsArg, warmUpArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 40);
const warmUp = process.argv.includes('--cold') ? 0 : Number(warmUpArg ?? 100);
const root = new URL('../..', import.meta.url).pathname;
const sample = join(root, 'input/north-korea-recalls-commanders.txt');
const require = createRequire(join(root, 'package.json'));

async function briefsmith(map = true) {
  const m = await import(join(root, 'dist/index.js'));
  const template = await m.loadTemplate('intel');
  const bytes = readFileSync(sample);
  return async () => {
    const bag = new m.DiagnosticBag();
    const [article] = m.ingest(bytes, sample).value;
    await m.runPipeline(article, template, { date: new Date('2026-11-29T00:00:00Z'), map }, bag);
  };
}

/**
 * Render only, the scope of the stock-pdfmake baseline: the sample brief's document
 * definition (made once) to PDF bytes, copied first as the baseline copies its own.
 */
async function briefsmithRender() {
  const m = await import(join(root, 'dist/index.js'));
  const template = await m.loadTemplate('intel');
  const [article] = m.ingest(readFileSync(sample), sample).value;
  const options = { date: new Date('2026-11-29T00:00:00Z') };
  const until = (stage) => m.runPipeline(article, template, options, new m.DiagnosticBag(), stage);
  // Through the pipeline once: it loads the renderer and the map's code and data.
  await until('pdf');
  const { docdef } = await until('docdef');
  return async () => {
    await m.renderPdf(docdef);
  };
}

/** The same brief's document definition, rendered by stock pdfmake with Roboto from disk. */
async function stockPdfmake() {
  const pdfmake = require('pdfmake');
  const fonts = join(root, 'node_modules/pdfmake/fonts/Roboto');
  pdfmake.addFonts({
    Roboto: {
      normal: join(fonts, 'Roboto-Regular.ttf'),
      bold: join(fonts, 'Roboto-Medium.ttf'),
      italics: join(fonts, 'Roboto-Italic.ttf'),
      bolditalics: join(fonts, 'Roboto-MediumItalic.ttf'),
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => path.startsWith(fonts));
  // The emitted definition names its functions (table layouts, header, footer) as strings: drop
  // them, so stock pdfmake draws the same content with its default table layout.
  const doc = JSON.parse(
    readFileSync(join(root, 'bench/.cache/sample.docdef.json'), 'utf8'),
    (_k, v) => (v === '[function]' ? undefined : v),
  );
  doc.info.creationDate = new Date(doc.info.creationDate);
  doc.info.modDate = new Date(doc.info.modDate);
  return async () => {
    const dd = structuredClone(doc);
    dd.header = () => ({ text: 'UNCLASSIFIED', alignment: 'center' });
    dd.footer = (page, count) => ({ text: `Page ${page} of ${count}`, alignment: 'right' });
    await pdfmake.createPdf(dd).getBuffer();
  };
}

/** The floor: pdfkit writing the article's text in Helvetica, no layout engine. */
async function rawPdfkit() {
  const PDFDocument = require(createRequire(require.resolve('pdfmake')).resolve('pdfkit'));
  const text = readFileSync(sample, 'utf8');
  return () =>
    new Promise((done) => {
      const doc = new PDFDocument({ info: { CreationDate: new Date(0) } });
      doc.on('data', () => {});
      doc.on('end', done);
      doc.font('Helvetica').fontSize(10).text(text, { width: 480 });
      doc.addPage().text(text, { width: 480 });
      doc.end();
    });
}

const make = {
  briefsmith,
  'briefsmith-render': briefsmithRender,
  'briefsmith-no-map': () => briefsmith(false),
  // The render speed-ups off (src/render/*-tuning.ts, font-subset.ts): what they are worth.
  'briefsmith-stock-render': () => {
    process.env.BRIEFSMITH_STOCK_RENDER = '1';
    return briefsmith();
  },
  'stock-pdfmake': stockPdfmake,
  'raw-pdfkit': rawPdfkit,
}[which];
const once = await make();
for (let i = 0; i < warmUp; i++) await once();
const times = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  await once();
  times.push(performance.now() - t);
}
console.log(JSON.stringify({ times }));
