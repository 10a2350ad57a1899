/**
 * Generates src/render/data/common-words.json: the words, per font face, that briefs of
 * different news stories share, as pdfkit asks for them (a word with the space after it,
 * or without one at a line's end). `npm run build` shapes them into dist/word-table.bin
 * (scripts/build-word-table.ts), so a cold build shapes only the words peculiar to its story.
 *
 *   node --import tsx scripts/gen-common-words.ts [CORPUS.jsonl]
 *
 * The corpus is the Voice of America stories (public domain) beside the project. Only the
 * first TRAIN stories are read: the others stay unseen, so that `npm run bench` times cold
 * builds of stories whose words were not chosen from them. A word is kept when briefs of at
 * least MIN_STORIES different stories use it: a vocabulary, not any story's own names.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTemplate } from '../src/compose/template.ts';
import { DiagnosticBag } from '../src/diagnostics.ts';
import { ingest } from '../src/ingest/index.ts';
import { runPipeline } from '../src/pipeline.ts';
import { fontBytes, parsedFont, ROBOTO } from '../src/render/fonts.ts';
import { preloadRenderer } from '../src/render/pdf.ts';
import { pdfkitDocument } from '../src/render/vendor.ts';

/** Stories the words are chosen from; bench/run.ts times cold builds of the ones after. */
const TRAIN = 60;
const MIN_STORIES = 2;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = process.argv[2] ?? join(root, '../shared/corpus/voa_stories.jsonl');
const out = join(root, 'src/render/data/common-words.json');

await preloadRenderer();
// Every word a document asks its font for, by face: pdfkit's layoutCached, wrapped.
type Embedded = { font: { postscriptName: string }; layoutCached(text: string): unknown };
const PDFDocument = pdfkitDocument() as new (
  o: object,
) => { font(b: Buffer): unknown; _font: Embedded };
const probe = new PDFDocument({ autoFirstPage: false });
probe.font(fontBytes(ROBOTO.normal as string));
const prototype = Object.getPrototypeOf(probe._font) as Embedded;
const own = prototype.layoutCached;
let seen = new Map<string, Set<string>>();
prototype.layoutCached = function (this: Embedded, text: string) {
  const face = this.font.postscriptName;
  let words = seen.get(face);
  if (!words) {
    words = new Set();
    seen.set(face, words);
  }
  words.add(`${text}`);
  return own.call(this, text);
};

// The embedded faces only: a fallback font (CJK, DejaVu) is the machine's, not ours.
const roboto = new Set(
  (['normal', 'bold', 'italics', 'bolditalics'] as const).map(
    (face) =>
      (parsedFont(fontBytes(ROBOTO[face] as string)) as unknown as { postscriptName: string })
        .postscriptName,
  ),
);
const template = await loadTemplate('intel');
const stories = readFileSync(corpus, 'utf8').trim().split('\n').slice(0, TRAIN);
const storiesByWord = new Map<string, number>();
for (const [i, line] of stories.entries()) {
  seen = new Map();
  const bytes = Buffer.from(`${line}\n`, 'utf8');
  const path = `story-${i}.jsonl`;
  for (const article of ingest(bytes, path).value) {
    const bag = new DiagnosticBag();
    await runPipeline(article, template, { date: new Date('2026-11-29T00:00:00Z') }, bag);
  }
  for (const [face, words] of seen) {
    if (!roboto.has(face)) continue;
    for (const word of words) {
      const key = `${face}\t${word}`;
      storiesByWord.set(key, (storiesByWord.get(key) ?? 0) + 1);
    }
  }
}

const faces: Record<string, string[]> = {};
for (const [key, count] of storiesByWord) {
  if (count < MIN_STORIES) continue;
  const tab = key.indexOf('\t');
  const face = key.slice(0, tab);
  faces[face] ??= [];
  faces[face].push(key.slice(tab + 1));
}
// By code unit, as the table sorts them: the same list on every machine.
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
for (const words of Object.values(faces)) words.sort(byCodeUnit);
const sorted = Object.fromEntries(Object.entries(faces).sort(([a], [b]) => byCodeUnit(a, b)));
const file = {
  source: `the words pdfkit shaped for briefs (template intel) of at least ${MIN_STORIES} of the first ${TRAIN} Voice of America stories (public domain) of the corpus; made by scripts/gen-common-words.ts`,
  // bench/run.ts times cold builds of the stories after these.
  stories: TRAIN,
  faces: sorted,
};
writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`);
const counts = Object.entries(sorted).map(([face, words]) => `${face} ${words.length}`);
console.log(`wrote ${out}: ${counts.join(', ')} (from ${stories.length} stories)`);
