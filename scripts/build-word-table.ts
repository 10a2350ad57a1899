/**
 * Shapes the common words (src/render/data/common-words.json) with the installed fonts and
 * renderer, and writes dist/word-table.bin (see src/render/word-table.ts). Runs in
 * `npm run build` and `prepare`, after scripts/bundle.mjs and before the startup snapshot,
 * which then holds the table. It never fails: on any error it prints one line and leaves
 * no table, and words are shaped as they come (the same bytes, later).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { decodeInstalledWordTable, makeWordTable, WORD_TABLE } from '../src/render/pdf.ts';

try {
  const started = performance.now();
  const table = await makeWordTable();
  mkdirSync(dirname(WORD_TABLE), { recursive: true });
  writeFileSync(WORD_TABLE, table);
  const words = decodeInstalledWordTable(table).reduce((n, face) => n + face.size, 0);
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
