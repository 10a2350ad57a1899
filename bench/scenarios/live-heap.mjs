// What a batch keeps alive as N grows: one process builds N briefs from a JSONL feed (the
// whole pipeline, one after another) and, at checkpoints, collects garbage in full and
// reads the heap still in use. Run with --expose-gc.
// Usage: node --expose-gc live-heap.mjs FEED.jsonl N
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const [feed, nArg] = process.argv.slice(2);
const n = Number(nArg);
const m = await import(join(root, 'dist/index.js'));
const template = await m.loadTemplate('intel');
const articles = m.ingest(readFileSync(feed), feed).value;
const checkpoints = new Set([1, Math.round(n / 10), Math.round(n / 2), n]);
const liveMb = [];
for (let i = 1; i <= n; i++) {
  const bag = new m.DiagnosticBag();
  const article = articles[(i - 1) % articles.length];
  await m.runPipeline(article, template, { date: new Date('2026-11-29T00:00:00Z') }, bag);
  if (checkpoints.has(i)) {
    // Twice: the first pass can leave objects that only a second finds unreachable.
    globalThis.gc();
    globalThis.gc();
    liveMb.push({ briefs: i, mb: process.memoryUsage().heapUsed / 2 ** 20 });
  }
}
console.log(JSON.stringify({ liveMb }));
