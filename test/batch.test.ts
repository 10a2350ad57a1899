import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultJobs, minBriefsForWorkers, runBatch } from '../src/commands/batch.ts';
import type { BriefJob, BriefJobResult } from '../src/commands/brief-job.ts';
import { estimatedBriefs, threadCount } from '../src/commands/build.ts';
import { DEFAULT_MAX_INPUT } from '../src/ingest/index.ts';
import { DEFAULT_FIELDS, WRAPPER_KEYS } from '../src/ingest/readers/json.ts';
import { run } from '../src/main.ts';
import { captureIo, pdfText, tempDir } from './helpers.ts';

function record(title: string, text: string) {
  return JSON.stringify({ title, text, url: `https://example.org/${title.length}` });
}

const FEED = [
  record(
    'Troops withdrawn from the border',
    'The army withdrew about 4,000 troops from the border on Monday, officials said.',
  ),
  '{"title": "Broken record", "text": ',
  record(
    'Troops withdrawn from the border',
    'A second story with the same title, about 300 vehicles.',
  ),
  record('Ceasefire talks resume', 'Negotiators met in Geneva for a third round of talks.'),
].join('\n');

test('a brief built in this thread writes through the command’s Io, not straight to disk', async () => {
  // The startup snapshot's warm-up runs a build through an in-memory Io: a brief written to
  // the real disk there made the warm-up fail wherever its folder could not be made.
  const dir = tempDir();
  writeFileSync(
    join(dir, 'story.txt'),
    'Troops withdrawn\n\nThe army pulled back 3,000 troops on Monday.\n',
  );
  const written: string[] = [];
  const io = {
    ...captureIo(dir),
    writeFileAtomic: async (path: string) => void written.push(path),
  };
  for (const jobs of ['1', '2']) {
    written.length = 0;
    const code = await run(
      ['build', 'story.txt', '-o', 'never/', '--jobs', jobs, '--date', '2026-11-29'],
      io,
    );
    assert.is(code, 0, io.err());
    assert.equal(written, [join(dir, 'never/troops-withdrawn.pdf')]);
    assert.equal(readdirSync(dir), ['story.txt']);
  }
});

test('a JSONL batch on worker threads: a bad record is reported with its line, the rest build, exit 4', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'feed.jsonl'), `${FEED}\n`);
  const io = captureIo(dir);
  const code = await run(
    ['build', 'feed.jsonl', '-o', 'out/', '--jobs', '2', '--date', '2026-11-29'],
    io,
  );
  assert.is(code, 4, io.err());
  assert.match(io.err(), /^feed\.jsonl:2(:\d+)?: (error|warning)\[bad-record\]/m);
  assert.match(io.err(), /built 3, failed 1 in \d+\.\d s/);
  const files = readdirSync(join(dir, 'out')).sort();
  assert.equal(files, [
    'ceasefire-talks-resume.pdf',
    'troops-withdrawn-from-the-border-2.pdf',
    'troops-withdrawn-from-the-border.pdf',
  ]);
  assert.match(
    await pdfText(readFileSync(join(dir, 'out', 'troops-withdrawn-from-the-border-2.pdf'))),
    /300 vehicles/,
  );
});

test('threads and one thread produce byte-identical briefs', async () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'feed.jsonl'),
    [
      record('One story', 'About 12 ships sailed.'),
      record('Two story', 'Some 40 aircraft flew.'),
    ].join('\n'),
  );
  for (const [jobs, out] of [
    ['1', 'a/'],
    ['2', 'b/'],
  ]) {
    const io = captureIo(dir);
    assert.is(
      await run(
        ['build', 'feed.jsonl', '-o', out, '--jobs', jobs, '--date', '2026-11-29', '-q'],
        io,
      ),
      0,
      io.err(),
    );
  }
  for (const f of ['one-story.pdf', 'two-story.pdf']) {
    assert.ok(readFileSync(join(dir, 'a', f)).equals(readFileSync(join(dir, 'b', f))), f);
  }
});

test('a feed built on worker threads is read as the batch goes, with what one thread builds', async () => {
  // Two inputs start the workers before the inputs are read: the feed is then read a line at
  // a time (src/ingest/feed-stream.ts). One thread reads it whole. Both must agree on every
  // name, message and byte; a record titled like a renamed duplicate must not collide.
  const dir = tempDir();
  writeFileSync(
    join(dir, 'feed.jsonl'),
    `${FEED}\r\n\r\n${record('Troops withdrawn from the border-2', 'About 50 tanks moved.')}\r\n`,
  );
  writeFileSync(join(dir, 'story.txt'), 'Ceasefire talks resume\n\nAbout 20 envoys met.\n');
  writeFileSync(join(dir, 'bad.jsonl'), '{"title": "no text"}\nnot json\n');
  const runs: Record<string, { code: number; err: string }> = {};
  for (const [jobs, out] of [
    ['1', 'one'],
    ['2', 'two'],
  ]) {
    const io = captureIo(dir);
    const args = ['build', 'feed.jsonl', 'bad.jsonl', 'story.txt', '-o', `${out}/`];
    const code = await run([...args, '--jobs', jobs, '--date', '2026-11-29'], io);
    runs[out] = {
      code,
      err: io
        .err()
        .replaceAll(`${out}/`, 'OUT/')
        .replace(/in [\d.]+ s/, ''),
    };
  }
  assert.equal(runs.two, runs.one);
  assert.is(runs.two.code, 4);
  assert.match(runs.two.err, /^feed\.jsonl:2:1: error\[bad-record\]/m);
  assert.match(runs.two.err, /^bad\.jsonl:1:1: error\[no-good-record\]/m);
  assert.match(runs.two.err, /built 5, failed 2/);
  const files = readdirSync(join(dir, 'two')).sort();
  assert.equal(files, [
    'ceasefire-talks-resume-2.pdf',
    'ceasefire-talks-resume.pdf',
    'troops-withdrawn-from-the-border-2-2.pdf',
    'troops-withdrawn-from-the-border-2.pdf',
    'troops-withdrawn-from-the-border.pdf',
  ]);
  assert.equal(readdirSync(join(dir, 'one')).sort(), files);
  for (const f of files) {
    assert.ok(readFileSync(join(dir, 'one', f)).equals(readFileSync(join(dir, 'two', f))), f);
  }
  assert.match(
    await pdfText(readFileSync(join(dir, 'two', 'troops-withdrawn-from-the-border-2-2.pdf'))),
    /50 tanks/,
  );
});

test('on worker threads, an output that is an input, or a bug reading one, stops the command before any brief is built', async () => {
  const dir = tempDir();
  const stories = Array.from({ length: 12 }, (_, i) =>
    record(i === 8 ? 'Talks' : `Story ${i}`, `About ${i + 2} ministers met on Monday.`),
  );
  writeFileSync(join(dir, 'feed.jsonl'), `${stories.join('\n')}\n`);
  mkdirSync(join(dir, 'out'));
  writeFileSync(join(dir, 'out', 'talks.pdf'), 'Talks\n\nAbout 3 envoys met.\n');
  const io = captureIo(dir);
  const code = await run(
    ['build', 'feed.jsonl', 'out/talks.pdf', '-o', 'out', '--jobs', '2', '--date', '2026-11-29'],
    io,
  );
  assert.is(code, 2, io.err());
  assert.match(io.err(), /error\[output-is-input\]/);
  assert.equal(readdirSync(join(dir, 'out')), ['talks.pdf']);
  // Not a PDF: the sweep that checks every PDF the tests wrote must not find it.
  rmSync(join(dir, 'out'), { recursive: true });

  // A read that fails in an unexpected way (not the system refusing it, which is that
  // input's error) is a bug (exit 1), found before building.
  writeFileSync(join(dir, 'locked.txt'), 'Locked\n\nText.\n');
  const failing = {
    ...captureIo(dir),
    readFile: async (path: string) => {
      if (path.endsWith('locked.txt')) throw new TypeError('a bug in reading');
      return readFileSync(path);
    },
  };
  const internal = await run(
    ['build', 'feed.jsonl', 'locked.txt', '-o', 'built', '--jobs', '2', '--date', '2026-11-29'],
    failing,
  );
  assert.is(internal, 1, failing.err());
  assert.match(failing.err(), /error\[internal\]/);
  assert.not.ok(existsSync(join(dir, 'built')), 'no brief was built');
});

test('jobs from an iterable are taken as the pool asks for them', async () => {
  let made = 0;
  let most = 0;
  async function* jobs() {
    for (let i = 0; i < 30; i++) {
      made++;
      yield { path: `brief-${i}.pdf` } as BriefJob;
    }
  }
  const workers = {
    threads: 2,
    async run(job: BriefJob): Promise<BriefJobResult> {
      // Jobs made but not yet finished: two per thread running, one more being made.
      most = Math.max(most, made - Number(job.path.match(/\d+/)![0]));
      await new Promise((done) => setTimeout(done, 5));
      return { path: job.path, diagnostics: [] };
    },
    destroy: async () => {},
  };
  const totals: number[] = [];
  const results = await runBatch(jobs(), 2, {
    workers,
    total: 30,
    onProgress: (p) => totals.push(p.total),
  });
  assert.equal(
    results.map((r) => r.path),
    Array.from({ length: 30 }, (_, i) => `brief-${i}.pdf`),
  );
  assert.ok(most <= 4, `at most four jobs made ahead of the one running, saw ${most}`);
  assert.ok(totals.every((t) => t === 30));
});

test('--combine: one digest with contents, a section per article and a merged actor index', async () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'feed.jsonl'),
    [
      record(
        'Putin meets envoy',
        'Russian President Vladimir Putin met the U.S. envoy in Moscow on Thursday, the Kremlin said.',
      ),
      record('Markets fall', 'Stocks fell about 3% in Tokyo as investors weighed new tariffs.'),
      record(
        'Putin warns West',
        'Vladimir Putin warned Western governments against sending about 5,000 troops to Ukraine.',
      ),
    ].join('\n'),
  );
  const io = captureIo(dir);
  assert.is(
    await run(['build', 'feed.jsonl', '--combine', '-o', 'digest.pdf', '--date', '2026-11-29'], io),
    0,
    io.err(),
  );
  assert.match(io.err(), /wrote digest\.pdf \(3 articles\)/);
  const text = await pdfText(readFileSync(join(dir, 'digest.pdf')));
  for (const s of [
    'Daily digest',
    '3 articles',
    'Contents',
    '1. Putin meets envoy',
    '2. Markets fall',
    '3. Putin warns West',
    'Index of actors',
  ]) {
    assert.ok(text.includes(s), s);
  }
  // The index groups actors by kind, a table a kind headed by it, one entry listing every article.
  assert.match(text, /Index of actors Each name is followed by the numbers of the articles/);
  assert.match(text, /People (\S+ )+1, 3/);
  assert.match(text, /Vladimir Putin 1, 3/);
  const intel = captureIo(dir);
  assert.is(await run(['build', 'feed.jsonl', '--combine', '-t', 'press'], intel), 2);
  assert.match(intel.err(), /error\[template-kind\]/);
});

test('--jobs must be a whole number', async () => {
  const io = captureIo(tempDir());
  assert.is(await run(['build', 'x.txt', '--jobs', '0'], io), 2);
  assert.match(io.err(), /error\[bad-jobs\]/);
});

/** An article's text long enough to be one (20 words or more). */
const newsText = (i: number) =>
  `About ${i + 2} ministers met in Geneva on Monday to discuss the ceasefire, the exchange of prisoners and the reopening of the border crossings, officials said.`;

/** A feed with every kind of bad record among good ones: 7 briefs, 5 failures. */
function badFeed(dir: string): void {
  const good = (i: number) => record(`Story ${i}`, newsText(i));
  writeFileSync(
    join(dir, 'bad.jsonl'),
    `${[
      good(1),
      good(2),
      good(3),
      '{"title": "Broken", "text": ',
      '',
      JSON.stringify({ title: 'No text' }),
      JSON.stringify({ title: 'Empty', text: '' }),
      good(4),
      good(4),
      '[1,2,3]',
      '"a bare string"',
      JSON.stringify({ text: newsText(9) }),
      good(5),
    ].join('\n')}\n`,
  );
  writeFileSync(join(dir, 'empty.txt'), '');
}

/**
 * What a terminal shows after the bytes: carriage returns, newlines, and the escape
 * sequences a progress bar moves the cursor and clears with (cursor up and down, to a
 * column, saved and restored; clear the line or below).
 */
function screen(bytes: string): string[] {
  const lines = [''];
  let row = 0;
  let col = 0;
  let saved = [0, 0];
  const line = () => (lines[row] ??= '');
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i] as string;
    if (c === '\x1b') {
      if (bytes[i + 1] === '7' || bytes[i + 1] === '8') {
        if (bytes[i + 1] === '7') saved = [row, col];
        else [row, col] = saved as [number, number];
        i++;
        continue;
      }
      const m = /^\x1b\[(\??)(\d*)([A-Za-z])/.exec(bytes.slice(i, i + 12));
      if (!m) throw new Error(`unknown escape at ${JSON.stringify(bytes.slice(i, i + 8))}`);
      i += m[0].length - 1;
      if (m[1] === '?') continue; // cursor shown or hidden, line wrapping: nothing drawn
      const n = m[2] === '' ? undefined : Number(m[2]);
      if (m[3] === 'G') col = (n ?? 1) - 1;
      else if (m[3] === 'A') row = Math.max(0, row - (n ?? 1));
      else if (m[3] === 'B') row += n ?? 1;
      else if (m[3] === 'C') col += n ?? 1;
      else if (m[3] === 'D') col = Math.max(0, col - (n ?? 1));
      else if (m[3] === 'K') {
        if (n === 2) lines[row] = '';
        else if (n === 1) lines[row] = ' '.repeat(col) + line().slice(col);
        else lines[row] = line().slice(0, col);
      } else if (m[3] === 'J') {
        lines[row] = line().slice(0, col);
        lines.length = row + 1;
      } else throw new Error(`unknown escape ${JSON.stringify(m[0])}`);
    } else if (c === '\r') col = 0;
    else if (c === '\n') {
      row++;
      col = 0;
      line();
    } else {
      const text = line().padEnd(col);
      lines[row] = text.slice(0, col) + c + text.slice(col + 1);
      col++;
    }
  }
  for (let r = 0; r < lines.length; r++) lines[r] ??= '';
  return lines.map((l) => l.trimEnd());
}

/** An Io whose standard error is a terminal. */
function terminalIo(dir: string) {
  const io = captureIo(dir);
  const write = io.stderr.write;
  io.stderr = { write, isTTY: true, columns: 120 } as typeof io.stderr;
  return io;
}

test('the progress bar counts what the closing line counts, on one thread and on workers', async () => {
  const dir = tempDir();
  badFeed(dir);
  const screens: string[][] = [];
  for (const jobs of ['1', '2']) {
    const io = terminalIo(dir);
    const args = ['build', 'bad.jsonl', 'empty.txt', '-o', `out${jobs}/`, '--jobs', jobs];
    assert.is(await run([...args, '--date', '2026-11-29'], io), 4, io.err());
    const bars = [...io.err().matchAll(/building \[[=-]+\] (\d+)\/(\d+) briefs, (\d+) failed/g)];
    assert.ok(bars.length > 0, io.err());
    const [, done, total, failed] = (bars.at(-1) as RegExpMatchArray).map(Number);
    // 12 records (the blank line is none) and the empty input: 7 built, 6 failed.
    assert.equal([done, total, failed], [13, 13, 6], `-j ${jobs}: ${bars.at(-1)?.[0]}`);
    for (const bar of bars) assert.is(Number(bar[2]), 13, `-j ${jobs}: ${bar[0]}`);
    const shown = screen(io.err());
    assert.match(shown.at(-2) as string, /^built 7, failed 6 in \d+\.\d s$/);
    assert.is(shown.at(-1), '', 'the bar is gone at the end');
    screens.push(shown.map((l) => l.replace(/in [\d.]+ s$/, '')));
  }
  // Failures print above the bar, in input order, each once, the same on any number of threads.
  assert.equal(screens[0], screens[1]);
  const errors = (screens[0] as string[]).filter((l) => /error\[/.test(l));
  assert.equal(
    errors.map((l) => l.split(' ')[0]),
    [
      'bad.jsonl:4:1:',
      'bad.jsonl:6:1:',
      'bad.jsonl:7:1:',
      'bad.jsonl:10:1:',
      'bad.jsonl:11:1:',
      'empty.txt:',
    ],
  );
  assert.not.ok(screens[0]?.some((l) => l.includes('building')));
});

test('a batch prints each failure when it happens, between the briefs it falls between', async () => {
  const dir = tempDir();
  badFeed(dir);
  const events: string[] = [];
  const base = captureIo(dir);
  const io = {
    ...base,
    stderr: {
      write: (c: string | Uint8Array) => {
        base.stderr.write(c);
        const text = String(c);
        for (const m of text.matchAll(/^(\S+): error\[/gm)) events.push(`error ${m[1]}`);
        for (const m of text.matchAll(/^wrote (\S+)/gm)) events.push(`wrote ${m[1]}`);
      },
    },
    writeFileAtomic: async (path: string) => void events.push(`write ${path.split('/').pop()}`),
  };
  const code = await run(['build', 'bad.jsonl', '-o', 'out/', '--jobs', '1'], io);
  assert.is(code, 4, base.err());
  // The record on line 4 is reported before the brief of line 8 is built, not at the end.
  assert.equal(events.slice(0, 10), [
    'write story-1.pdf',
    'wrote out/story-1.pdf',
    'write story-2.pdf',
    'wrote out/story-2.pdf',
    'write story-3.pdf',
    'wrote out/story-3.pdf',
    'error bad.jsonl:4:1',
    'error bad.jsonl:6:1',
    'error bad.jsonl:7:1',
    'write story-4.pdf',
  ]);
  // …each once, with the tally last.
  assert.is(base.err().match(/bad\.jsonl:4:1:/g)?.length, 1);
  assert.match(base.err(), /\nbuilt 7, failed 5 in \d+\.\d s\n$/);
});

test('a write the system refuses stops the batch: one error, exit 7, on one thread and on workers', async () => {
  const dir = tempDir();
  const stories = Array.from({ length: 6 }, (_, i) => record(`Story ${i}`, newsText(i)));
  writeFileSync(join(dir, 'feed.jsonl'), `${stories.join('\n')}\n`);
  // A folder inside a file cannot be made (ENOTDIR), for root too.
  writeFileSync(join(dir, 'plain'), 'a file');
  for (const jobs of ['1', '2']) {
    const io = captureIo(dir);
    const args = ['build', 'feed.jsonl', '-o', 'plain/briefs/', '--jobs', jobs];
    assert.is(await run(args, io), 7, io.err());
    assert.is(io.err().match(/error\[write-failed\]/g)?.length, 1, io.err());
    assert.match(io.err(), /^plain\/briefs\/story-\d\.pdf: error\[write-failed\] cannot write /m);
    assert.match(
      io.err(),
      /\nbuilt 0, failed 1, not built 5 \(stopped at the write the system refused\) in/,
    );
  }
  // In this thread, the briefs after the refused write are not even built.
  const tried: string[] = [];
  const refusing = {
    ...captureIo(dir),
    writeFileAtomic: async (path: string) => {
      tried.push(path);
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    },
  };
  assert.is(await run(['build', 'feed.jsonl', '-o', 'ro/', '-j', '1'], refusing), 7);
  assert.is(tried.length, 1);
  assert.match(refusing.err(), /cannot write story-0\.pdf: permission denied/);
  // A digest and one brief exit 7 as well.
  const digest = captureIo(dir);
  assert.is(await run(['build', 'feed.jsonl', '--combine', '-o', 'plain/digest.pdf'], digest), 7);
  assert.match(digest.err(), /^plain\/digest\.pdf: error\[write-failed\]/m);
  assert.match(digest.err(), /\nno digest written\n$/);
  writeFileSync(join(dir, 'one.txt'), `One story\n\n${newsText(3)}\n`);
  const single = captureIo(dir);
  assert.is(await run(['build', 'one.txt', '-o', 'plain/one.pdf'], single), 7, single.err());
  assert.is(single.err().match(/error\[write-failed\]/g)?.length, 1, single.err());
});

test('after a refused write, one thread and workers report the same: what comes later is not built', async () => {
  const dir = tempDir();
  for (const name of ['a', 'b', 'c']) {
    writeFileSync(join(dir, `${name}.txt`), `Story ${name}\n\n${newsText(name.charCodeAt(0))}\n`);
  }
  writeFileSync(join(dir, 'plain'), 'a file');
  const outputs: string[] = [];
  for (const jobs of ['1', '2']) {
    const io = captureIo(dir);
    const args = ['build', 'a.txt', 'b.txt', 'missing.txt', 'c.txt', '-o', 'plain/x/', '-j', jobs];
    assert.is(await run(args, io), 7, io.err());
    outputs.push(io.err().replace(/in [\d.]+ s\n$/, ''));
  }
  assert.is(outputs[0], outputs[1]);
  assert.not.match(outputs[0] as string, /missing\.txt/);
  assert.match(outputs[0] as string, /\nbuilt 0, failed 1, not built 3 \(stopped/);
});

test('a JSON array says what it skipped between the briefs around it, as a JSONL feed does', async () => {
  const dir = tempDir();
  const records = [
    record('First', newsText(1)),
    '{"title": "No text"}',
    record('Third', newsText(3)),
  ];
  writeFileSync(join(dir, 'arr.json'), `[\n${records.join(',\n')}\n]\n`);
  writeFileSync(join(dir, 'feed.jsonl'), `${records.join('\n')}\n`);
  for (const input of ['arr.json', 'feed.jsonl']) {
    for (const jobs of ['1', '2']) {
      const io = captureIo(dir);
      assert.is(await run(['build', input, '-o', `out-${jobs}/`, '-j', jobs], io), 4, io.err());
      const said = io
        .err()
        .split('\n')
        .filter((l) => /^(wrote|\S+: error)/.test(l));
      assert.equal(
        said.map((l) => l.split(' ')[0]),
        ['wrote', `${input}:${input === 'arr.json' ? 3 : 2}:1:`, 'wrote'],
        `${input} -j ${jobs}`,
      );
    }
  }
});

test('--combine says how many went in and how many failed; with none left, that no digest was written', async () => {
  const dir = tempDir();
  badFeed(dir);
  const io = captureIo(dir);
  assert.is(
    await run(['build', 'bad.jsonl', '--combine', '-o', 'd.pdf', '--date', '2026-11-29'], io),
    4,
  );
  assert.match(
    io.err(),
    /error\[bad-record\][\s\S]*\nwrote d\.pdf \(7 articles\)\ncombined 7, failed 5\n$/,
  );
  writeFileSync(join(dir, 'ws.txt'), '  \n\n');
  const none = captureIo(dir);
  assert.is(await run(['build', 'empty.txt', 'ws.txt', '--combine', '-o', 'n.pdf'], none), 4);
  assert.match(none.err(), /ws\.txt: error\[empty-input\][\s\S]*\nno digest written: failed 2\n$/);
  assert.not.ok(existsSync(join(dir, 'n.pdf')));
  writeFileSync(join(dir, 'one.jsonl'), `${record('Only story', newsText(4))}\n`);
  const one = captureIo(dir);
  assert.is(await run(['build', 'one.jsonl', '--combine', '-o', 'o.pdf'], one), 0, one.err());
  assert.is(one.err(), 'wrote o.pdf (1 article)\n');
});

test('--emit on several briefs prints JSON Lines; one brief stays pretty-printed JSON', async () => {
  const dir = tempDir();
  badFeed(dir);
  for (const stage of ['summary', 'article', 'docdef']) {
    const io = captureIo(dir);
    assert.is(await run(['build', 'bad.jsonl', '--emit', stage, '--date', '2026-11-29'], io), 4);
    const lines = io.out().split('\n');
    assert.is(lines.pop(), '', 'ends with a newline');
    assert.is(lines.length, 7, stage);
    for (const line of lines) assert.type(JSON.parse(line), 'object');
  }
  const summaries = captureIo(dir);
  await run(['build', 'bad.jsonl', '--emit', 'summary'], summaries);
  const titles = summaries
    .out()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).title);
  assert.equal(titles.slice(0, 3), ['Story 1', 'Story 2', 'Story 3']);
  // A digest's articles too.
  const combined = captureIo(dir);
  await run(['build', 'bad.jsonl', '--combine', '--emit', 'summary'], combined);
  assert.is(combined.out().trim().split('\n').length, 7);
  writeFileSync(join(dir, 'one.jsonl'), `${record('Only story', newsText(4))}\n`);
  const one = captureIo(dir);
  assert.is(await run(['build', 'one.jsonl', '--emit', 'summary'], one), 0);
  assert.match(one.out(), /^\{\n {2}"title": "Only story",\n/);
  const pdfs = captureIo(dir);
  assert.is(await run(['build', 'bad.jsonl', '--emit', 'pdf'], pdfs), 2);
  assert.match(pdfs.err(), /error\[stdout-many\] --emit pdf prints one PDF, not 7/);
  assert.is(pdfs.outBytes().length, 0);
});

test("several inputs start workers early: a directory or a missing file among them is that input's error", async () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'one.txt'),
    'One story\n\nThe army withdrew about 4,000 troops on Monday.\n',
  );
  writeFileSync(join(dir, 'two.txt'), 'Two story\n\nNegotiators met in Geneva for talks.\n');
  const io = captureIo(dir);
  const code = await run(
    [
      'build',
      'one.txt',
      'two.txt',
      '.',
      'missing.txt',
      '-o',
      'out/',
      '--jobs',
      '2',
      '--date',
      '2026-11-29',
    ],
    io,
  );
  assert.is(code, 4, io.err());
  assert.match(io.err(), /error\[not-a-file\]/);
  assert.match(io.err(), /missing\.txt/);
  assert.not.match(io.err(), /error\[internal\]/);
  assert.equal(readdirSync(join(dir, 'out')).sort(), ['one-story.pdf', 'two-story.pdf']);
});

test('one directory as the only input is a usage error on any number of cores, never an internal one', async () => {
  const dir = tempDir();
  for (const jobs of ['1', '2']) {
    const io = captureIo(dir);
    assert.is(await run(['build', '.', '--jobs', jobs], io), 4, io.err());
    assert.match(io.err(), /error\[not-a-file\]/);
  }
});

test('the pool is fed a few jobs at a time, each dropped once handed out; results keep job order', async () => {
  const jobs: (BriefJob | undefined)[] = Array.from(
    { length: 40 },
    (_, i) => ({ path: `brief-${i}.pdf` }) as BriefJob,
  );
  const handed = new Set<BriefJob>();
  let running = 0;
  let most = 0;
  const workers = {
    threads: 2,
    async run(job: BriefJob): Promise<BriefJobResult> {
      handed.add(job);
      running++;
      most = Math.max(most, running);
      // Later jobs finish sooner, so completion order is not job order.
      await new Promise((done) => setTimeout(done, 40 - Number(job.path.match(/\d+/)![0])));
      assert.ok(
        jobs.every((j) => j === undefined || !handed.has(j)),
        'a job handed out is no longer held in the list',
      );
      running--;
      return { path: job.path, diagnostics: [] };
    },
    destroy: async () => {},
  };
  const done: number[] = [];
  // Eight threads asked for, but the pool was started with two (a batch of two small feeds).
  const results = await runBatch(jobs, 8, { onProgress: (p) => done.push(p.done), workers });
  assert.is(most, 4, 'two jobs per worker thread at most');
  assert.equal(
    results.map((r) => r.path),
    Array.from({ length: 40 }, (_, i) => `brief-${i}.pdf`),
  );
  assert.ok(jobs.every((j) => j === undefined));
  assert.equal(
    done,
    Array.from({ length: 40 }, (_, i) => i + 1),
  );
});

test('without --jobs, a batch builds on workers only when it is large enough to repay their start', () => {
  assert.is(minBriefsForWorkers(1), Infinity);
  assert.is(minBriefsForWorkers(2), 138);
  for (let threads = 2; threads < 64; threads++)
    assert.ok(minBriefsForWorkers(threads + 1) <= minBriefsForWorkers(threads));
  // bin/briefsmith.cjs applies the same rule to choose the snapshot (it runs only as main).
  for (let threads = 1; threads <= 64; threads++)
    assert.is(launcher.minBriefsForWorkers(threads), minBriefsForWorkers(threads), `${threads}`);

  const cores = defaultJobs();
  const least = minBriefsForWorkers(cores);
  if (least !== Infinity) {
    assert.is(threadCount({}, least - 1), 1);
    assert.is(threadCount({}, least), cores);
  }
  assert.is(threadCount({ jobs: 3 }, 2), 3, '--jobs is taken as given');
  assert.is(threadCount({ jobs: 1 }, 10_000), 1);
});

test('a batch’s briefs are estimated before reading: JSONL lines with a record, JSON records, one per other input', async () => {
  const dir = tempDir();
  // Blank and white-space lines are no records; CRLF ends lines; the last line has no newline.
  writeFileSync(join(dir, 'feed.jsonl'), '{"a":1}\r\n\n  \t\n{"a":2}\n\n{"a":3}');
  const record = (i: number) => ({ title: `T${i}`, text: 'x'.repeat(i * 1000) });
  const records = Array.from({ length: 5 }, (_, i) => record(i));
  writeFileSync(join(dir, 'feed.json'), JSON.stringify(records));
  writeFileSync(join(dir, 'wrapped.json'), JSON.stringify({ total: 5, articles: records }));
  // One long article is one brief, however large (its text holds a list named like a wrapper).
  const long = { title: 'Long', text: 'x'.repeat(800_000), items: records };
  writeFileSync(join(dir, 'long.json'), JSON.stringify(long));
  writeFileSync(join(dir, 'mapped.json'), JSON.stringify({ copy: 'Text', items: records }));
  writeFileSync(join(dir, 'broken.json'), '[{"text": "a"}, {');
  writeFileSync(join(dir, 'story.txt'), 'A story.\n\nIts text.\n');
  const io = captureIo(dir);
  const count = (inputs: string[], enough = Infinity, from?: string) =>
    estimatedBriefs(io, { inputs, ...(from ? { from } : {}) }, enough);
  assert.is(await count(['feed.jsonl']), 3);
  assert.is(await count(['feed.json']), 5);
  assert.is(await count(['wrapped.json']), 5);
  assert.is(await count(['long.json']), 1);
  assert.is(await count(['mapped.json']), 5, 'no text field: a wrapper');
  const mapped = { inputs: ['mapped.json'], field: ['text=copy'] };
  assert.is(await estimatedBriefs(io, mapped, Infinity), 1, '--field text=copy: one article');
  assert.is(await count(['broken.json']), 1, 'not JSON: one, which reading reports');
  // UTF-16 with its byte-order mark, as the reader decodes it.
  const utf16 = Buffer.from(`\ufeff${JSON.stringify(records)}`, 'utf16le');
  writeFileSync(join(dir, 'utf16.json'), utf16);
  writeFileSync(join(dir, 'bom.json'), `\ufeff${JSON.stringify(records)}`);
  assert.is(await count(['utf16.json']), 5);
  assert.is(await count(['bom.json']), 5);
  // The launcher counts each of these files as build does.
  for (const [name, field] of [
    ['feed.jsonl'],
    ['feed.json'],
    ['wrapped.json'],
    ['long.json'],
    ['mapped.json'],
    ['mapped.json', 'copy'],
    ['broken.json'],
    ['utf16.json'],
    ['bom.json'],
  ] as [string, string?][]) {
    const path = join(dir, name);
    const format = name.endsWith('.jsonl') ? 'jsonl' : 'json';
    const expected = await estimatedBriefs(
      io,
      { inputs: [name], ...(field ? { field: [`text=${field}`] } : {}) },
      Infinity,
    );
    const got = launcher.feedRecords([{ path, format }], Infinity, DEFAULT_MAX_INPUT, field);
    assert.is(got, expected, `${name} ${field ?? ''}`);
  }
  assert.is(await count(['story.txt', 'missing.txt', 'https://example.org/a', '-']), 4);
  assert.is(
    await count(['missing.jsonl', 'story.txt']),
    2,
    'a feed that cannot be read counts one',
  );
  assert.is(await count(['story.txt'], Infinity, 'jsonl'), 2, '--from jsonl counts lines');
  assert.is(await count(['feed.jsonl'], Infinity, 'text'), 1, '--from text reads one article');
  // Not regular files (a FIFO would block), or over --max-input: one each, never read.
  execFileSync('mkfifo', [join(dir, 'fifo.jsonl')]);
  symlinkSync('/dev/zero', join(dir, 'zero.jsonl'));
  assert.is(await count(['fifo.jsonl', 'zero.jsonl']), 2);
  assert.is(await estimatedBriefs(io, { inputs: ['feed.jsonl'], maxInput: 10 }, Infinity), 1);
  // Counting stops once there are enough.
  writeFileSync(join(dir, 'long.jsonl'), '{"a":1}\n'.repeat(100_000));
  const counted = await count(['long.jsonl', 'story.txt'], 10);
  assert.ok(counted >= 10 && counted < 100_000, `${counted}`);
});
const launcher = createRequire(import.meta.url)('../bin/briefsmith.cjs') as {
  BUILD_VALUE_OPTIONS: Map<string, 'one' | 'array'>;
  DEFAULT_MAX_INPUT: number;
  JSON_TEXT_FIELDS: string[];
  JSON_WRAPPER_KEYS: string[];
  batchOnWorkers(args: string[]): boolean;
  feedRecords(
    feeds: { path: string; format: string }[],
    enough: number,
    maxInput: number,
    textField?: string,
  ): number;
  minBriefsForWorkers(threads: number): number;
};

test("the launcher knows which of build's options take a value, as `build --help` shows them", async () => {
  const io = captureIo(tempDir());
  assert.is(await run(['build', '--help'], io), 0);
  const help = io.out();
  // One entry per option: its names, then its description and [type] (perhaps wrapped).
  const entries = help.split(/\n(?=\s+-)/).filter((e) => /^\s+-/.test(e));
  const shown = new Set<string>();
  assert.ok(entries.length > 20, help);
  for (const entry of entries) {
    const names = entry.trim().split(/\s+/)[0]!.includes(',')
      ? entry.trim().split(/,?\s+/).slice(0, 2)
      : [entry.trim().split(/\s+/)[0]!];
    const type = /\[(boolean|string|number|array|choices:[^\]]*)\]/.exec(entry)?.[1];
    assert.ok(type, entry);
    const kind = type === 'boolean' ? undefined : type === 'array' ? 'array' : 'one';
    for (const name of names) {
      assert.is(launcher.BUILD_VALUE_OPTIONS.get(name), kind, `${name} (${type})`);
      shown.add(name);
    }
  }
  // And no option the help does not show (camel-case spellings aside).
  for (const name of launcher.BUILD_VALUE_OPTIONS.keys())
    assert.ok(shown.has(name) || /[A-Z]/.test(name), name);
  assert.is(launcher.DEFAULT_MAX_INPUT, DEFAULT_MAX_INPUT);
  assert.equal(launcher.JSON_TEXT_FIELDS, DEFAULT_FIELDS.text);
  assert.equal(launcher.JSON_WRAPPER_KEYS, WRAPPER_KEYS);
});

test('the launcher finds a batch on workers where build starts them, from the arguments alone', () => {
  const dir = tempDir();
  const feed = join(dir, 'feed.jsonl');
  writeFileSync(feed, `${'{"title":"A","text":"B."}\n'.repeat(3000)}`);
  for (const name of ['a.txt', 'b.txt', 'notes.json', 'brief.out'])
    writeFileSync(join(dir, name), 'x');
  const [a, b] = [join(dir, 'a.txt'), join(dir, 'b.txt')];
  const cases: [string[], boolean][] = [
    [[a, b, '-j', '2'], true],
    [[a, b, '-j2'], true],
    [[a, '-j', '2'], false],
    [[a, b, '-j', '1'], false],
    // The last --jobs counts, as build takes it; one with no value or a word is refused there.
    [[a, b, '-j', '1', '-j', '2'], true],
    [[a, b, '-j', '2', '--jobs', '1'], false],
    [[a, b, '-j'], false],
    [[a, b, '-j', 'abc'], false],
    [['-', a, '-j', '2'], true],
    // One brief to a named file or standard output builds in the main thread.
    [[a, b, '-o', join(dir, 'brief.out'), '-j', '2'], false],
    [[a, b, '-o', '-', '-j', '2'], false],
    [[a, b, '-o', `${dir}/`, '-j', '2'], true],
    // Option values are not inputs, even when they name files (an existing output, a summary).
    [[a, '-o', join(dir, 'brief.out'), '-j', '2'], false],
    [[a, '--summary', join(dir, 'notes.json'), '-j', '2'], false],
    [[a, '--set', 'k=v', b, '-j', '2'], false],
    [[a, '--set=k=v', b, '-j', '2'], false],
    [[a, '--', b, '-j', '2'], false],
    // A big feed, unless it is over --max-input or read as text.
    [[feed, '-j', '2'], true],
    [[feed, '--max-input', '1000', '-j', '2'], false],
    [[feed, '--from', 'text', '-j', '2'], false],
    [[feed, '--combine', '-j', '2'], false],
    [[feed, '--combine=true', '-j', '2'], false],
    [[feed, '--emailTo', 'a@example.org', '-j', '2'], false],
    // A boolean's value and camel-case spellings are no inputs either.
    [[a, '--pdfa', 'true', '-j', '2'], false],
    [[a, '--templatesDir', dir, b, '-j', '2'], false],
    [[a, '--maxInput', '1000', '-j', '2'], false],
  ];
  for (const [args, expected] of cases)
    assert.is(launcher.batchOnWorkers(['build', ...args]), expected, args.join(' '));
  // Without --jobs, by the count of briefs (3,000 records, or as many separate inputs).
  const many = minBriefsForWorkers(defaultJobs()) !== Infinity;
  assert.is(launcher.batchOnWorkers(['build', feed]), many);
  assert.is(launcher.batchOnWorkers(['build', feed, '--max-input', '1000']), false);
  assert.is(launcher.batchOnWorkers(['build', feed, '--max-input=100000000']), many);
  assert.is(launcher.batchOnWorkers(['build', feed, '--maxInput', '1000']), false);
  // --from jsonl reads any file as a feed; a JSON array of as many records counts them all.
  const renamed = join(dir, 'feed.txt');
  writeFileSync(renamed, readFileSync(feed));
  assert.is(launcher.batchOnWorkers(['build', renamed]), false);
  assert.is(launcher.batchOnWorkers(['build', renamed, '--from', 'jsonl']), many);
  const array = join(dir, 'array.json');
  writeFileSync(array, JSON.stringify(Array.from({ length: 3000 }, () => ({ text: 'B.' }))));
  assert.is(launcher.batchOnWorkers(['build', array]), many);
  const inputs = Array.from({ length: 200 }, () => a);
  assert.is(launcher.batchOnWorkers(['build', ...inputs]), many);
  assert.is(launcher.batchOnWorkers(['build', ...inputs, '-o', '-']), false);
});

test.run();
