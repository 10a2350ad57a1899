// Extraction alone: module load, first article, and warm median on a ~700-word story.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const corpus = process.argv[2];
const t0 = performance.now();
const m = await import(join(root, 'dist/index.js'));
const load = performance.now() - t0;
const records = readFileSync(corpus, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
const words = (r) => r.text.split(/\s+/).length;
const story = records.reduce((best, r) =>
  Math.abs(words(r) - 700) < Math.abs(words(best) - 700) ? r : best,
);
const [article] = m.ingest(Buffer.from(`${story.title}\n\n${story.text}`), 'story.txt').value;
const t1 = performance.now();
m.analyze(article);
const first = performance.now() - t1;
const times = [];
for (let i = 0; i < 30; i++) {
  const t = performance.now();
  m.analyze(article);
  times.push(performance.now() - t);
}
console.log(JSON.stringify({ load, first, times, words: words(story) }));
