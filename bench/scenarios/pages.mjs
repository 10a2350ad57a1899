// Per-page cost of one long document: the same paragraphs repeated to N pages.
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const m = await import(join(root, 'dist/index.js'));
const { defaultTheme } = await import(join(root, 'dist/index.js'));
const template = await m.loadTemplate('intel');
const paragraph =
  'North Korea had previously dispatched about 12,000 soldiers to Russia to support the military operation in the Kursk region, which last summer witnessed a large-scale Ukrainian offensive. ';
const SIZES = [10, 50, 100, 200];

function documentOf(pages) {
  // About 10 paragraphs of this length fill an A4 page in the intel theme.
  const body = Array.from(
    { length: pages * 10 },
    (_, i) => `${i % 40 === 0 ? `## Section ${i / 40 + 1}\n\n` : ''}${paragraph.repeat(2)}`,
  ).join('\n\n');
  return {
    markdown: `# Long document\n\n${body}\n`,
    file: 'long.md',
    theme: template.theme ?? defaultTheme,
    banner: { text: 'UNCLASSIFIED', color: '#FFFFFF', fill: '#007A33' },
    info: {
      title: 'Long',
      author: 'bench',
      subject: 'bench',
      keywords: '',
      creator: 'Briefsmith',
      date: new Date(0),
    },
  };
}

// Every size before any is timed, the small ones many times: the first renders of a process
// run unoptimised code, which would count against whichever size came first, not against
// the page count.
for (const pages of SIZES) {
  for (let i = 0; i < Math.ceil(200 / pages); i++) {
    await m.renderPdf(m.buildDocument(documentOf(pages)).value);
  }
}

const results = [];
for (const pages of SIZES) {
  const input = documentOf(pages);
  const times = [];
  let count = 0;
  // The median of 21 runs at 10 pages down to 3 at 100 and 200: a short document's time is
  // not left to one noisy sample.
  const runs = Math.max(3, 2 * Math.round(200 / pages / 2) + 1);
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const pdf = await m.renderPdf(m.buildDocument(input).value);
    times.push(performance.now() - t);
    count = (
      Buffer.from(pdf)
        .toString('latin1')
        .match(/\/Type \/Page\b/g) ?? []
    ).length;
  }
  times.sort((a, b) => a - b);
  results.push({ pages: count, ms: times[times.length >> 1] });
}
console.log(JSON.stringify({ results }));
