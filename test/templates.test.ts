import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BuildArgs, CommandResult } from '../src/commands/build.ts';
import { watchBuild } from '../src/commands/watch.ts';
import { run } from '../src/main.ts';
import { captureIo, pdfPages, pdfText, qpdfCheck, ROOT, SAMPLE, tempDir } from './helpers.ts';

const CORPUS = join(ROOT, '../shared/corpus/voa_stories.jsonl');

async function build(args: string[], cwd = tempDir()) {
  const io = captureIo(cwd);
  const code = await run(['build', ...args, '--date', '2026-11-27T15:30:00Z'], io);
  assert.is(code, 0, io.err());
  return { cwd, err: io.err() };
}

async function brief(template: string, extra: string[] = []) {
  const { cwd } = await build([SAMPLE, '-t', template, '-o', 'b.pdf', ...extra]);
  const pdf = readFileSync(join(cwd, 'b.pdf'));
  qpdfCheck(pdf);
  return { text: await pdfText(pdf), pages: await pdfPages(pdf) };
}

test('templates lists each template with audience, description and path', async () => {
  const io = captureIo(ROOT);
  assert.is(await run(['templates'], io), 0);
  const out = io.out();
  for (const name of ['intel', 'executive', 'press'])
    assert.match(out, new RegExp(`^${name} `, 'm'));
  assert.match(out, /audience: senior decision makers/);
  assert.match(out, /templates\/press\.hbs/);
});

test('executive: one page with BLUF, key figures and actors, banners', async () => {
  const { text, pages } = await brief('executive');
  assert.is(pages, 1);
  for (const s of [
    'UNCLASSIFIED',
    'BOTTOM LINE UP FRONT',
    'Key figures',
    'about 12,000 soldiers',
    'Key actors',
    'Kim Jong-un',
    'Extracted by machine',
  ]) {
    assert.ok(text.includes(s), s);
  }
  assert.not.ok(text.includes('Annex'), 'no annex on one page');
});

test('press: no markings; figures and quotes up front; the story in full', async () => {
  const { text } = await brief('press');
  assert.not.ok(text.includes('UNCLASSIFIED'));
  assert.not.match(text, /\(U\)/);
  for (const s of [
    'BY THE NUMBERS',
    'an additional 6,000 workers',
    'What they said',
    'our army is a heroic army',
    'The story',
    'These developments carry a dual message',
  ]) {
    assert.ok(text.includes(s), s);
  }
});

test('intel: portion marks, classification, watermark', async () => {
  const { text } = await brief('intel', [
    '--portion-marks',
    '--classification',
    'SECRET//NOFORN',
    '--watermark',
    'DRAFT',
  ]);
  assert.ok(text.includes('SECRET//NOFORN'));
  assert.match(text, /\(S\) In a surprising move/);
  assert.ok(text.includes('DRAFT'));
});

test('a user template by path can use the shipped partials', async () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'mine.hbs'),
    '---\nname: mine\nbanner: false\n---\n# Desk note: {{title}}\n\n{{> actors-table}}\n',
  );
  const { cwd } = await build([SAMPLE, '-t', join(dir, 'mine.hbs'), '-o', 'm.pdf'], dir);
  const text = await pdfText(readFileSync(join(cwd, 'm.pdf')));
  assert.match(text, /Desk note: Kim withdraws/);
  assert.match(text, /Role \/ affiliation/);
});

test('--templates-dir templates are found by name and shadow built-ins', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'intel.hbs'), '---\nname: intel\n---\n# Local intel: {{title}}\n');
  const { cwd } = await build([SAMPLE, '--templates-dir', dir, '-o', 'l.pdf'], dir);
  assert.match(await pdfText(readFileSync(join(cwd, 'l.pdf'))), /Local intel: Kim/);
});

test('executive fits one page for every corpus article', async () => {
  if (!existsSync(CORPUS)) return;
  const { cwd } = await build([CORPUS, '-t', 'executive', '-o', 'exec/', '--quiet']);
  const files = readdirSync(join(cwd, 'exec'));
  assert.ok(files.length >= 70, `${files.length} briefs`);
  for (const file of files) {
    assert.is(await pdfPages(readFileSync(join(cwd, 'exec', file))), 1, file);
  }
});

test('watch rebuilds when the input changes and keeps watching after an error', async () => {
  const dir = tempDir();
  const input = join(dir, 'story.md');
  writeFileSync(input, '# First title\n\nNorth Korea sent about 12,000 soldiers to Russia.\n');
  const io = captureIo(dir);
  const results: CommandResult[] = [];
  const stop = new AbortController();
  const args: BuildArgs = {
    inputs: ['story.md'],
    output: 'out.pdf',
    template: 'intel',
    templatesDir: [],
    set: [],
    keepClutter: false,
    map: true,
    pdfa: false,
    combine: false,
    quiet: true,
    date: '2026-11-29',
  };
  const waitFor = async (n: number) => {
    for (let i = 0; i < 200 && results.length < n; i++) await new Promise((r) => setTimeout(r, 25));
    assert.ok(results.length >= n, `${n} builds expected, saw ${results.length}`);
  };
  const watching = watchBuild(args, io, (r) => results.push(r), stop.signal, 20);
  await waitFor(1);
  assert.match(await pdfText(readFileSync(join(dir, 'out.pdf'))), /First title/);
  writeFileSync(input, '---\ntitle: [broken\n---\nBody.\n');
  await waitFor(2);
  assert.is(results[1].exitCode, 4);
  writeFileSync(input, '# Second title\n\nRussia answered.\n');
  await waitFor(3);
  assert.match(await pdfText(readFileSync(join(dir, 'out.pdf'))), /Second title/);
  stop.abort();
  await watching;
  assert.match(io.err(), /first build: built in \d+ ms/);
  assert.match(io.err(), /story\.md changed: failed in \d+ ms/);
});

test.run();
