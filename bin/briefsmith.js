#!/usr/bin/env node
// Runs the bundle in dist/ (made by `npm run build`) when it is newer than every source
// file; otherwise runs the TypeScript sources through tsx, so a fresh clone and a
// developer's edits both work without a build step.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  try {
    return statSync(join(root, 'dist/main.js')).mtimeMs >= newestSource(join(root, 'src'));
  } catch {
    return false;
  }
}

let main;
let io;
if (bundleIsFresh()) {
  main = await import('../dist/main.js');
  io = await import('../dist/io.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  main = await import('../src/main.ts');
  io = await import('../src/io.ts');
}
process.exitCode = await main.run(process.argv.slice(2), io.nodeIo());
