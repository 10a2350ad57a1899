/**
 * Shapes the common words (src/render/data/common-words.json) with the installed fonts and
 * renderer, and writes dist/word-table.bin (see src/render/word-table.ts). Runs in
 * `npm run build` and `prepare`, after scripts/bundle.mjs and before the startup snapshot,
 * which then holds the table. It never fails: on any error it prints one line and leaves
 * no table, and words are shaped as they come (the same bytes, later).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shapeWordsForTable, WORD_TABLE } from '../src/render/pdf.ts';
import { encodeWordTable } from '../src/render/word-table.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

try {
  const started = performance.now();
  const common = JSON.parse(
    readFileSync(join(root, 'src/render/data/common-words.json'), 'utf8'),
  ) as { faces: Record<string, string[]> };
  const faces = await shapeWordsForTable((face) => common.faces[face] ?? []);
  const table = encodeWordTable(faces);
  mkdirSync(dirname(WORD_TABLE), { recursive: true });
  writeFileSync(WORD_TABLE, table);
  const words = faces.reduce((n, f) => n + f.words.length, 0);
  const ms = Math.round(performance.now() - started);
  console.log(
    `briefsmith: word table built (${words} words, ${(table.length / 1024).toFixed(0)} KB, ${ms} ms)`,
  );
} catch (error) {
  rmSync(WORD_TABLE, { force: true });
  console.log(
    `briefsmith: no word table (${(error as Error).message}); words are shaped as they come`,
  );
}
