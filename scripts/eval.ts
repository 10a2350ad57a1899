/**
 * `npm run eval`: scores the analyze stage against every gold file in
 * `<shared>/gold/` and prints precision, recall and F1 per category.
 *
 *   node --import tsx scripts/eval.ts [--verbose] [--json]
 *
 * The shared folder is `../shared` beside the repository, or `BRIEFSMITH_SHARED`.
 * Each gold file's article is built the way a user's would be: its text goes
 * through `ingest` as a `.txt` file, then through `analyze` and `toPublicSummary`.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, toPublicSummary } from '../src/analyze/index.ts';
import { ingest } from '../src/ingest/index.ts';
import {
  aggregate,
  explainFile,
  type FileScore,
  formatReport,
  goldArticleText,
  loadGoldFiles,
  scoreFile,
} from './eval/score.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The shared folder: `BRIEFSMITH_SHARED`, else `../shared` relative to the repository root. */
export function sharedDir(): string {
  return process.env.BRIEFSMITH_SHARED
    ? resolve(process.env.BRIEFSMITH_SHARED)
    : resolve(repoRoot, '..', 'shared');
}

async function main(argv: readonly string[]): Promise<number> {
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  const json = argv.includes('--json');
  const shared = sharedDir();
  const golds = await loadGoldFiles(join(shared, 'gold'));
  if (golds.length === 0) {
    process.stderr.write(`error: no gold files in ${join(shared, 'gold')}\n`);
    return 2;
  }
  const scores: FileScore[] = [];
  for (const gold of golds) {
    const { text } = await goldArticleText(gold, shared);
    // JSONL records arrive as "title, blank line, text": a plain-text article.
    const name = gold.file.includes('#') ? `${gold.id}.txt` : gold.file;
    const article = ingest(new TextEncoder().encode(text), name).value[0];
    const summary = analyze(article).value;
    scores.push(scoreFile(gold, toPublicSummary(article, summary)));
  }
  const report = aggregate(scores);
  if (json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`${formatReport(report)}\n`);
  if (verbose) for (const s of scores) process.stdout.write(`\n${explainFile(s)}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
