// The startup snapshot (dist/snapshot.blob, built by `npm run build` and `prepare`) must behave
// exactly like the CLI without it: same exit code, stdout, stderr and output bytes.
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { minBriefsForWorkers } from '../src/commands/batch.ts';
import { ROOT, SAMPLE, tempDir } from './helpers.ts';

const BIN = join(ROOT, 'bin/briefsmith.cjs');
const BLOB = join(ROOT, 'dist/snapshot.blob');
const HTML = join(ROOT, 'test/fixtures/ingest/html/saved-page.html');
const KENYA = join(ROOT, 'test/fixtures/map/kenya-article.txt');
const JSONL = join(ROOT, 'test/fixtures/ingest/jsonl/input.jsonl');

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  files: Record<string, string>;
}

/** The environment of a user without Node options or glibc tunables; `extra` on top. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env };
  const unset = [
    'NODE_OPTIONS',
    'BRIEFSMITH_NO_SNAPSHOT',
    'BRIEFSMITH_STOCK_RENDER',
    'BRIEFSMITH_SNAPSHOT_TRACE',
    'GLIBC_TUNABLES',
  ];
  for (const key of unset) delete e[key];
  return { ...e, ...extra };
}

/** Every file under `dir`, by relative path, as base64 (PDFs compared byte for byte). */
function filesUnder(dir: string, base = dir, out: Record<string, string> = {}) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(path, base, out);
    else if (entry.name.endsWith('.eml')) out[relative(base, path)] = sameEml(readFileSync(path));
    else out[relative(base, path)] = readFileSync(path).toString('base64');
  }
  return out;
}

/** A message without what differs in every message: its date, Message-ID and MIME boundaries. */
const sameEml = (bytes: Buffer) =>
  bytes
    .toString('latin1')
    .replace(/^Date: .*$/m, 'Date: (date)')
    .replace(/briefsmith[.-][0-9a-f]{16,32}/g, 'briefsmith-(random)');

/** Output with durations ("built 3, failed 2 in 0.4 s") taken out. */
const timeless = (text: string) => text.replace(/\bin \d+(?:\.\d+)? m?s\b/g, 'in (time)');

/**
 * Runs the installed command in a fresh folder (outputs are relative to it); with `direct`,
 * Node started from the blob itself, as the launcher would (it does not for `--help`).
 */
function run(
  args: string[],
  extra: Record<string, string>,
  stdin?: string,
  bin: string | 'direct' = BIN,
): Run {
  const cwd = tempDir('snapshot-');
  const argv =
    bin === 'direct'
      ? [...snapshotFlags(), '--snapshot-blob', BLOB, '--', ...args]
      : [bin, ...args];
  const r = spawnSync(process.execPath, argv, {
    cwd,
    env: env(extra),
    input: stdin ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return {
    status: r.status,
    signal: r.signal,
    stdout: timeless(r.stdout),
    stderr: timeless(r.stderr),
    files: filesUnder(cwd),
  };
}

function snapshotFlags(): string[] {
  return JSON.parse(readFileSync(join(ROOT, 'dist/snapshot.json'), 'utf8')).flags;
}

/** As `run`, without blocking this process (for a test that serves HTTP). */
async function runAsync(args: string[], extra: Record<string, string>): Promise<Run> {
  const cwd = tempDir('snapshot-');
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: env(extra), stdio: 'pipe' });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
    child.on('close', (code, sig) => done([code, sig])),
  );
  return {
    status,
    signal,
    stdout: timeless(stdout),
    stderr: timeless(stderr),
    files: filesUnder(cwd),
  };
}

function assertSame(args: string[], stdin?: string, direct = false): Run {
  const fast = run(args, {}, stdin, direct ? 'direct' : BIN);
  return compare(args, fast, run(args, { BRIEFSMITH_NO_SNAPSHOT: '1' }, stdin));
}

function compare(args: string[], fast: Run, slow: Run): Run {
  const what = `briefsmith ${args.join(' ')}`;
  assert.is(fast.signal, null, `${what}: ${fast.stderr}`);
  assert.is(fast.status, slow.status, `${what}: exit code\n${fast.stderr}`);
  assert.is(fast.stdout, slow.stdout, `${what}: stdout`);
  assert.is(fast.stderr, slow.stderr, `${what}: stderr`);
  assert.equal(Object.keys(fast.files).sort(), Object.keys(slow.files).sort(), `${what}: files`);
  for (const [name, bytes] of Object.entries(slow.files)) {
    assert.ok(fast.files[name] === bytes, `${what}: ${name} differs`);
  }
  return fast;
}

/** Whether the launcher takes the snapshot, or why not. */
function trace(bin = BIN, extra: Record<string, string> = {}, args = ['inspect', SAMPLE]): string {
  const r = run(args, { ...extra, BRIEFSMITH_SNAPSHOT_TRACE: '1' }, undefined, bin);
  return r.stderr.split('\n')[0]!;
}

/** A run with the launcher's trace on stderr. */
const traced = (args: string[]) => run(args, { BRIEFSMITH_SNAPSHOT_TRACE: '1' });

/**
 * A feed large enough for the workers on any number of cores (minBriefsForWorkers): these
 * stories, then records with no text, each a bad record (exit 4) that costs no brief.
 */
function largeFeed(...titles: string[]): string {
  const feed = join(tempDir('feed-'), 'feed.jsonl');
  const records = titles.map((title) =>
    JSON.stringify({ title, text: 'The army withdrew 4,000 troops.' }),
  );
  const fillers = Array.from({ length: minBriefsForWorkers(2) }, () => '{"note":"no story"}');
  writeFileSync(feed, `${[...records, ...fillers].join('\n')}\n`);
  return feed;
}

/** The launcher builds a batch on workers only where there are two cores or more. */
const severalCores = availableParallelism() > 1;

const DATE = ['--date', '2026-11-29'];
const usable = existsSync(BLOB) ? trace() : 'dist/snapshot.blob not built';

if (!usable.endsWith('snapshot used')) {
  // CI builds the snapshot in `npm ci` (prepare) and .ci/run checks that it exists; locally a
  // build older than the sources is not used, so these tests have nothing to compare.
  const why = usable.replace(/^briefsmith: /, '');
  if (process.env.CI) {
    test('the startup snapshot is used in CI', () => assert.unreachable(why));
  } else console.log(`\n  snapshot tests SKIPPED: ${why} (run \`npm run build\`)\n`);
} else {
  test('the launcher starts from the snapshot', () => {
    assert.is(usable, 'briefsmith: startup snapshot used');
  });

  test('sample brief: intel, executive, press', () => {
    for (const template of ['intel', 'executive', 'press']) {
      const r = assertSame(['build', SAMPLE, '-o', 'x.pdf', ...DATE, '--template', template]);
      assert.is(r.status, 0, r.stderr);
    }
  });

  test('sample brief: --no-map, --pdfa, --tlp', () => {
    assertSame(['build', SAMPLE, '-o', 'x.pdf', ...DATE, '--no-map']);
    assertSame(['build', SAMPLE, '-o', 'x.pdf', ...DATE, '--pdfa']);
    assertSame(['build', SAMPLE, '-o', 'x.pdf', ...DATE, '--tlp', 'AMBER']);
  });

  test('a map with a city (the cities table is read at run time, not kept in the blob)', () => {
    const r = assertSame(['build', KENYA, '-o', 'x.pdf', ...DATE]);
    assert.is(r.status, 0, r.stderr);
  });

  test('HTML input (linkedom and Readability load at run time)', () => {
    assert.is(assertSame(['build', HTML, '-o', 'x.pdf', ...DATE]).status, 0);
  });

  test('JSONL batch with -j 1, and with worker threads', () => {
    // The fixture has two bad records among good ones: exit 4, three briefs.
    for (const jobs of ['1', '2']) {
      const r = assertSame(['build', JSONL, '-o', 'out/', ...DATE, '-j', jobs]);
      assert.is(r.status, 4, r.stderr);
      assert.is(Object.keys(r.files).length, 3);
    }
  });

  test('a large batch on worker threads runs without the snapshot; a small one, -j 1 or --combine, from it', () => {
    const feed = largeFeed('One story');
    assert.match(
      trace(BIN, {}, ['build', feed, '-o', 'out/', ...DATE]),
      severalCores ? /large batch/ : /snapshot used/,
    );
    assert.match(
      trace(BIN, {}, ['build', feed, '-o', 'out/', '-j', '1', ...DATE]),
      /snapshot used/,
    );
    assert.match(
      trace(BIN, {}, ['build', feed, '--combine', '-o', 'd.pdf', ...DATE]),
      /snapshot used/,
    );
    assert.match(trace(BIN, {}, ['build', JSONL, '-o', 'out/', ...DATE]), /snapshot used/);
    // 70,000 blank lines (a feed of 70 KB) hold two records: built in this thread.
    const blank = join(tempDir('feed-'), 'blank.jsonl');
    writeFileSync(
      blank,
      `${'\n'.repeat(70_000)}{"title":"A","text":"B."}\n{"title":"C","text":"D."}\n`,
    );
    assert.match(trace(BIN, {}, ['build', blank, '-o', 'out/', ...DATE]), /snapshot used/);
    // With --jobs given, build starts workers for any feed of 64 KB or more: so does this.
    assert.match(trace(BIN, {}, ['build', blank, '-o', 'out/', '-j', '2', ...DATE]), /large batch/);
    // Read as text, a feed is one article.
    assert.match(
      trace(BIN, {}, ['build', feed, '--from', 'text', '-o', 'out/', ...DATE]),
      /snapshot used/,
    );
    // Separate files count one brief each (these are empty: each fails at once, exit 4).
    const dir = tempDir('files-');
    const files = Array.from({ length: minBriefsForWorkers(2) }, (_, i) => join(dir, `${i}.txt`));
    for (const file of files) writeFileSync(file, '');
    assert.match(
      trace(BIN, {}, ['build', ...files, '-o', 'out/', ...DATE]),
      severalCores ? /large batch/ : /snapshot used/,
    );
    assert.match(
      trace(BIN, {}, ['build', ...files.slice(1), '-o', 'out/', ...DATE]),
      /snapshot used/,
    );
    // With --jobs given, build starts workers for several inputs: so does this.
    assert.match(
      trace(BIN, {}, ['build', ...files.slice(0, 2), '-j', '2', ...DATE]),
      /large batch/,
    );
    assert.match(trace(BIN, {}, ['build', files[0]!, '-j', '2', ...DATE]), /snapshot used/);
    // A feed over --max-input is refused (exit 4) whatever its size; a raised limit admits it.
    const big = largeFeed('One story');
    appendFileSync(big, '\n'.repeat(10 * 1024 * 1024));
    assert.match(trace(BIN, {}, ['build', big, '-o', 'out/', ...DATE]), /snapshot used/);
    assert.match(
      trace(BIN, {}, ['build', big, '--max-input', '20000000', '-o', 'out/', ...DATE]),
      severalCores ? /large batch/ : /snapshot used/,
    );
    assert.match(
      trace(BIN, {}, ['build', big, '--max-input=20000000', '-o', 'out/', ...DATE]),
      severalCores ? /large batch/ : /snapshot used/,
    );
  });

  test('a large batch on every core runs in a child Node with --single-threaded-gc', () => {
    if (!severalCores) return;
    const feed = largeFeed('One story', 'Two story');
    const child = /child Node with --single-threaded-gc/;
    const batch = traced(['build', feed, '-o', 'out/', ...DATE]);
    assert.is(batch.status, 4, batch.stderr);
    assert.match(batch.stderr, child);
    assert.equal(Object.keys(batch.files).sort(), ['out/one-story.pdf', 'out/two-story.pdf']);
    // The same bytes as the batch run here, without the flag.
    const here = run(['build', feed, '-o', 'out/', ...DATE], { NODE_OPTIONS: '--no-warnings' });
    assert.equal(here.files, batch.files);
    // Fewer workers than cores leave V8 its helper threads.
    assert.not.match(traced(['build', feed, '-o', 'out/', '-j', '1', ...DATE]).stderr, child);
  });

  test('the launcher returns on the child’s report: its exit code, all its output', () => {
    const done = (code: number) =>
      new RegExp(`the child reported the command done \\(exit ${code}\\)`);
    const ok = traced(['build', SAMPLE, '-o', 'b.pdf', ...DATE]);
    assert.is(ok.status, 0, ok.stderr);
    assert.match(ok.stderr, done(0));
    const missing = traced(['build', 'missing.txt']);
    assert.is(missing.status, 4);
    assert.match(missing.stderr, done(4));
    assert.match(missing.stderr, /no such file: missing\.txt/);
    // A whole PDF on stdout (a pipe) is written before the report.
    const piped = traced(['build', SAMPLE, '-o', '-', ...DATE]);
    assert.match(piped.stderr, done(0));
    assert.ok(piped.stdout.startsWith('%PDF-') && piped.stdout.trimEnd().endsWith('%%EOF'));
    // A large batch's child reports too (its records with no text: exit 4).
    const batch = traced(['build', largeFeed('One story'), '-o', 'out/', ...DATE]);
    assert.is(batch.status, 4, batch.stderr);
    assert.match(batch.stderr, done(4));
  });

  test('NODE_EXTRA_CA_CERTS reaches the child only for a command that may use TLS', () => {
    // Node warns as it starts when the file is missing: once per process that read it.
    const ca = { NODE_EXTRA_CA_CERTS: join(tempDir('ca-'), 'missing.pem') };
    const warnings = (r: Run) => r.stderr.split('Ignoring extra certs from').length - 1;
    const build = run(['build', SAMPLE, '-o', 'b.pdf', ...DATE], ca);
    assert.is(build.status, 0, build.stderr);
    assert.is(warnings(build), 1, build.stderr);
    const eml = run(
      [
        'email',
        SAMPLE,
        '--to',
        'a@example.com',
        '--from',
        'b@example.com',
        '--eml',
        'm.eml',
        ...DATE,
      ],
      ca,
    );
    assert.is(warnings(eml), 2, eml.stderr);
    const url = run(['build', 'http://127.0.0.1:9/none', '-o', 'u.pdf', ...DATE], ca);
    assert.is(warnings(url), 2, url.stderr);
  });

  test("the snapshot child's malloc uses huge pages, and a GLIBC_TUNABLES the user set is kept", () => {
    const tunables = (extra: Record<string, string>) => {
      const r = run(['inspect', SAMPLE], { ...extra, BRIEFSMITH_SNAPSHOT_TRACE: '1' });
      assert.is(r.status, 0, r.stderr);
      return /GLIBC_TUNABLES: (.*)/.exec(r.stderr)?.[1];
    };
    assert.is(tunables({}), 'glibc.malloc.hugetlb=1');
    assert.is(
      tunables({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }),
      'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1',
    );
    assert.is(tunables({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }), 'glibc.malloc.hugetlb=0');
  });

  test('--combine and --emit summary', () => {
    assert.is(assertSame(['build', SAMPLE, HTML, '--combine', '-o', 'd.pdf', ...DATE]).status, 0);
    const r = assertSame(['build', SAMPLE, ...DATE, '--emit', 'summary']);
    assert.ok(r.stdout.length > 100, r.stderr);
  });

  test('a URL input (fetch) from a local server', async () => {
    const html = readFileSync(HTML);
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const { port } = server.address() as AddressInfo;
      const args = ['build', `http://127.0.0.1:${port}/article.html`, '-o', 'x.pdf', ...DATE];
      const fast = await runAsync(args, {});
      const slow = await runAsync(args, { BRIEFSMITH_NO_SNAPSHOT: '1' });
      assert.is(compare(args, fast, slow).status, 0, fast.stderr);
    } finally {
      server.close();
    }
  });

  test('email to an .eml file', () => {
    const args = ['email', SAMPLE, '--to', 'a@example.com', '--from', 'b@example.com'];
    assert.is(assertSame([...args, '--eml', 'm.eml', ...DATE]).status, 0);
  });

  test('inspect, templates, --help (the last two from the blob directly)', () => {
    assertSame(['inspect', SAMPLE]);
    assertSame(['inspect', SAMPLE, '--format', 'json']);
    for (const args of [['templates'], ['--help'], ['build', '--help'], ['--version']]) {
      assert.match(trace(BIN, {}, args), /not worth it/);
      assert.is(assertSame(args, undefined, true).status, 0);
    }
    assert.match(assertSame(['--help'], undefined, true).stdout, /Commands:/);
  });

  test('errors: a missing file and a bad option', () => {
    assert.is(assertSame(['build', 'missing.txt']).status, 4);
    assert.is.not(assertSame(['build', SAMPLE, '--template', 'nope']).status, 0);
    assert.is.not(assertSame(['frobnicate']).status, 0);
  });

  test("messages in the user's locale (yargs reads it at run time)", () => {
    const de = { LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' };
    const args = ['build'];
    const fast = run(args, de);
    const slow = run(args, { ...de, BRIEFSMITH_NO_SNAPSHOT: '1' });
    assert.match(compare(args, fast, slow).stderr, /Argumente/);
  });

  test('stdin input', () => {
    const text = readFileSync(SAMPLE, 'utf8');
    assert.is(assertSame(['build', '-', '-o', 'x.pdf', ...DATE], text).status, 0);
    assertSame(['inspect', '-'], text);
  });

  test('a snapshot.json that does not fit is not used, and the CLI still works', () => {
    // A copy of the package whose dist/ has its own snapshot.json (the blob is a link).
    const copy = tempDir('snapshot-pkg-');
    for (const name of ['src', 'templates', 'node_modules', 'package.json']) {
      symlinkSync(join(ROOT, name), join(copy, name));
    }
    mkdirSync(join(copy, 'bin'));
    copyFileSync(BIN, join(copy, 'bin/briefsmith.cjs'));
    mkdirSync(join(copy, 'dist'));
    for (const entry of readdirSync(join(ROOT, 'dist'), { withFileTypes: true })) {
      const from = join(ROOT, 'dist', entry.name);
      if (entry.name === 'snapshot.blob' || entry.isDirectory()) {
        symlinkSync(from, join(copy, 'dist', entry.name));
      } else copyFileSync(from, join(copy, 'dist', entry.name));
    }
    const bin = join(copy, 'bin/briefsmith.cjs');
    const meta = JSON.parse(readFileSync(join(ROOT, 'dist/snapshot.json'), 'utf8'));
    const write = (m: object | string) =>
      writeFileSync(
        join(copy, 'dist/snapshot.json'),
        typeof m === 'string' ? m : JSON.stringify(m),
      );
    const expected = run(['build', SAMPLE, '-o', 'x.pdf', ...DATE], {
      BRIEFSMITH_NO_SNAPSHOT: '1',
    });
    const cases: [object | string, RegExp][] = [
      [{ ...meta, root: copy }, /snapshot used/],
      [{ ...meta, root: copy, node: 'v0.0.1' }, /another Node/],
      [{ ...meta, root: copy, execPath: '/nowhere/node' }, /another Node/],
      [{ ...meta, root: copy, size: meta.size + 1 }, /not the one built/],
      [{ ...meta, root: copy, built: statSync(SAMPLE).mtimeMs - 1e9 }, /changed since/],
      [{ ...meta }, /another Node or folder/],
      ['{ not json', /no snapshot built/],
    ];
    for (const [m, reason] of cases) {
      write(m);
      assert.match(trace(bin), reason);
      const r = run(['build', SAMPLE, '-o', 'x.pdf', ...DATE], {}, undefined, bin);
      assert.is(r.status, 0, r.stderr);
      assert.is(r.stderr, expected.stderr);
      assert.ok(r.files['x.pdf'] === expected.files['x.pdf'], `x.pdf differs (${reason})`);
    }
    // Other V8 flags than the blob was built with: Node refuses it (exit 14) before any of our
    // code runs, and the launcher says so and runs the CLI itself.
    write({ ...meta, root: copy, flags: ['--initial-old-space-size=64'] });
    assert.match(trace(bin), /snapshot used/);
    const r = run(['build', SAMPLE, '-o', 'x.pdf', ...DATE], {}, undefined, bin);
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stderr, /startup snapshot did not load; running without it/);
    assert.ok(r.files['x.pdf'] === expected.files['x.pdf'], 'x.pdf differs (refused blob)');
  });

  test('Node options, BRIEFSMITH_NO_SNAPSHOT and BRIEFSMITH_STOCK_RENDER turn the snapshot off', () => {
    assert.match(trace(BIN, { NODE_OPTIONS: '--no-warnings' }), /Node options/);
    assert.match(trace(BIN, { BRIEFSMITH_NO_SNAPSHOT: '1' }), /BRIEFSMITH_NO_SNAPSHOT/);
    assert.match(trace(BIN, { BRIEFSMITH_STOCK_RENDER: '1' }), /BRIEFSMITH_STOCK_RENDER/);
  });
}

test.run();
