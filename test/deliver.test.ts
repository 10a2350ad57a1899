import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { briefSlug, deliver, planDestinations, slugify } from '../src/deliver/index.ts';
import { DeliveryError, UsageError } from '../src/diagnostics.ts';
import { captureIo, tempDir } from './helpers.ts';

test('slugify makes short, file-safe names', () => {
  assert.is(
    slugify('Kim withdraws his troops from Ukraine… a symbolic gesture?'),
    'kim-withdraws-his-troops-from-ukraine-a-symbolic-gesture',
  );
  assert.is(slugify('Côte d’Ivoire: élection'), 'cote-divoire-election');
  assert.is(slugify('!!!'), 'brief');
  assert.ok(slugify('word '.repeat(40)).length <= 60);
});

test('a brief is named by its title, else by its file and record line', () => {
  const named = (title: string | null, path: string, record: number | null = null) =>
    briefSlug({
      meta: { title, source: null, url: null, author: null, published: null, language: null },
      origin: { path, format: 'jsonl', record },
    });
  assert.is(named('Troops leave the border', 'feed.jsonl', 3), 'troops-leave-the-border');
  // A title with no ASCII letter or digit names nothing a file system will show well.
  assert.is(named('日本の記事', 'feeds/asia.jsonl', 3), 'asia-3');
  assert.is(named('???', 'page.html'), 'page');
  assert.is(named(null, 'feed.jsonl', 12), 'feed-12');
  assert.is(named(null, '新聞.txt'), 'brief');
});

test('output names never collide, even with a name that looks numbered', async () => {
  const io = captureIo(tempDir());
  const slugs = ['talks', 'talks', 'talks-2', 'talks', 'talks-2', 'b'];
  const names = (await planDestinations(io, 'out/', slugs)).map((d) =>
    d.kind === 'file' ? d.path.slice(d.path.lastIndexOf('/') + 1) : '-',
  );
  assert.equal(names, [
    'talks.pdf',
    'talks-2.pdf',
    'talks-2-2.pdf',
    'talks-3.pdf',
    'talks-2-3.pdf',
    'b.pdf',
  ]);
  assert.is(new Set(names).size, names.length);
});

test('destinations: default folder, collisions numbered, a file, stdout', async () => {
  const dir = tempDir();
  const io = captureIo(dir);
  const many = await planDestinations(io, undefined, ['a', 'b', 'a']);
  assert.equal(
    many.map((d) => (d.kind === 'file' ? d.path : '-')),
    [join(dir, 'output/a.pdf'), join(dir, 'output/b.pdf'), join(dir, 'output/a-2.pdf')],
  );
  assert.equal(await planDestinations(io, 'x.pdf', ['a']), [
    { kind: 'file', path: join(dir, 'x.pdf') },
  ]);
  assert.equal(await planDestinations(io, '-', ['a']), [{ kind: 'stdout' }]);
  await planDestinations(io, '-', ['a', 'b']).then(
    () => assert.unreachable(),
    (e) => assert.instance(e, UsageError),
  );
  await planDestinations(io, 'x.pdf', ['a', 'b']).then(
    () => assert.unreachable(),
    (e) => assert.instance(e, UsageError),
  );
});

test('files are written atomically into created folders; no temp file is left behind', async () => {
  const dir = tempDir();
  const io = captureIo(dir);
  const path = join(dir, 'deep/er/brief.fake.pdf');
  await deliver(io, { kind: 'file', path }, new TextEncoder().encode('%PDF-1'));
  assert.is(readFileSync(path, 'utf8'), '%PDF-1');
  assert.equal(readdirSync(join(dir, 'deep/er')), ['brief.fake.pdf']);
});

test('a folder removed between two briefs is made again', async () => {
  const dir = tempDir();
  const io = captureIo(dir);
  const first = join(dir, 'out/a.fake.pdf');
  await deliver(io, { kind: 'file', path: first }, new TextEncoder().encode('%PDF-a'));
  rmSync(join(dir, 'out'), { recursive: true });
  const second = join(dir, 'out/b.fake.pdf');
  await deliver(io, { kind: 'file', path: second }, new TextEncoder().encode('%PDF-b'));
  assert.is(readFileSync(second, 'utf8'), '%PDF-b');
  assert.equal(readdirSync(join(dir, 'out')), ['b.fake.pdf']);
});

test('an unwritable destination is a delivery error (exit 7) that names the file', async () => {
  if (process.getuid?.() === 0) {
    // root ignores permissions: use a path whose parent is a file instead
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    const error = await deliver(
      captureIo(dir),
      { kind: 'file', path: join(dir, 'file/brief.pdf') },
      new Uint8Array(),
    ).catch((e) => e);
    assert.instance(error, DeliveryError);
    assert.is(error.exitCode, 7);
    return;
  }
  const dir = tempDir();
  mkdirSync(join(dir, 'ro'));
  chmodSync(join(dir, 'ro'), 0o500);
  const error = await deliver(
    captureIo(dir),
    { kind: 'file', path: join(dir, 'ro/brief.pdf') },
    new Uint8Array(),
  ).catch((e) => e);
  assert.instance(error, DeliveryError);
  assert.match(error.message, /permission denied/);
});

test.run();
