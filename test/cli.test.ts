import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseArgs } from '../src/cli.ts';
import { run } from '../src/main.ts';
import {
  captureIo,
  pdfInfo,
  pdfPages,
  pdfText,
  qpdfCheck,
  ROOT,
  SAMPLE,
  tempDir,
} from './helpers.ts';

const SLUG = 'kim-withdraws-his-troops-from-ukraine-a-symbolic-gesture-or.pdf';

async function cli(
  args: string[],
  options: { cwd?: string; stdin?: string; env?: Record<string, string> } = {},
) {
  const io = captureIo(options.cwd ?? tempDir(), options);
  const code = await run(args, io);
  return { code, out: io.out(), outBytes: io.outBytes(), err: io.err(), cwd: io.cwd };
}

test('build: the sample becomes an intelligence brief with everything a reader needs', async () => {
  const { code, err, cwd } = await cli(['build', SAMPLE, '--date', '2026-11-27T15:30:00Z']);
  assert.is(code, 0, err);
  assert.is(err, `wrote output/${SLUG}\n`);
  const pdf = readFileSync(join(cwd, 'output', SLUG));
  qpdfCheck(pdf);
  const text = await pdfText(pdf);
  const pages = await pdfPages(pdf);
  assert.is(
    text.match(/UNCLASSIFIED/g)?.length,
    pages * 2,
    'a banner at the top and bottom of every page',
  );
  assert.ok(text.includes(`Page ${pages} of ${pages}`));
  for (const expected of [
    'Kim withdraws his troops from Ukraine',
    '271530Z NOV 26',
    'BOTTOM LINE UP FRONT',
    'Key actors',
    'Kim Jong-un',
    'Kim Yong Bok',
    'Sin Kom Chol',
    'Michael Madden',
    'Stimson Center',
    'New York Post',
    'Key figures',
    'about 12,000 soldiers',
    'an additional 6,000 workers',
    'more than a dozen senior officers',
    'Analyst views',
    'our army is a heroic army',
    'extracted by machine',
    'Annex A',
    'These developments carry a dual message',
  ]) {
    assert.ok(text.includes(expected), `missing: ${expected}`);
  }
  for (const clutter of [
    'The game of absence',
    'What would happen if the North Korean leader died',
    'Title: North Korean Leader',
  ]) {
    assert.not.ok(text.includes(clutter), `clutter left in: ${clutter}`);
  }
  const info = await pdfInfo(pdf);
  assert.match(String(info.Title), /^Kim withdraws his troops/);
  assert.match(String(info.Keywords), /Kim Jong-un/);
  assert.is(info.Creator, 'Briefsmith');
});

test('build: the same input and date give byte-identical PDFs', async () => {
  const env = { SOURCE_DATE_EPOCH: '1764417600' };
  const a = await cli(['build', SAMPLE, '-o', '-'], { env });
  const b = await cli(['build', SAMPLE, '-o', '-'], { env });
  assert.is(a.code, 0, a.err);
  assert.ok(a.outBytes.length > 10_000);
  assert.ok(a.outBytes.equals(b.outBytes));
  assert.is(a.outBytes.subarray(0, 5).toString(), '%PDF-');
});

test('build: -o names a file, a directory, or stdout; stdin is -', async () => {
  const dir = tempDir();
  const file = await cli(['build', SAMPLE, '-o', 'brief.pdf', '-q'], { cwd: dir });
  assert.is(file.code, 0, file.err);
  assert.is(file.err, '');
  assert.ok(existsSync(join(dir, 'brief.pdf')));
  const folder = await cli(['build', SAMPLE, '-o', 'briefs/'], { cwd: dir });
  assert.is(folder.code, 0, folder.err);
  assert.ok(existsSync(join(dir, 'briefs', SLUG)));
  const piped = await cli(['build', '-', '-o', '-'], { stdin: readFileSync(SAMPLE, 'utf8') });
  assert.is(piped.code, 0, piped.err);
  assert.match(await pdfText(piped.outBytes), /Kim Yong Bok/);
});

test('build: Markdown with front-matter sets banner, judgments and source grade', async () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'story.md'),
    `---\ntitle: Recall of commanders\nsource: Example Wire\ntlp: amber\nsourceGrade: B2\nkeyJudgments:\n  - text: Pyongyang will keep supplying artillery.\n    likelihood: very likely\n    confidence: moderate\nindicators:\n  - New troop rotations\n---\n\n${readFileSync(SAMPLE, 'utf8').split('\n').slice(2).join('\n')}`,
  );
  const { code, err } = await cli(
    ['build', 'story.md', '-o', 'story.pdf', '--date', '2026-11-29'],
    { cwd: dir },
  );
  assert.is(code, 0, err);
  const text = await pdfText(readFileSync(join(dir, 'story.pdf')));
  for (const expected of [
    'TLP:AMBER',
    'Recall of commanders',
    'Key judgments',
    'Very likely',
    'moderate confidence',
    'Indicators to watch',
    'New troop rotations',
    'B2 — usually reliable, probably true',
    'Example Wire',
  ]) {
    assert.ok(text.includes(expected), `missing: ${expected}`);
  }
  assert.not.ok(text.includes('UNCLASSIFIED'));
});

test('build --emit prints each stage', async () => {
  const article = JSON.parse((await cli(['build', SAMPLE, '--emit', 'article'])).out);
  assert.is(article.removed.length, 16);
  assert.is(article.paragraphs.length, 9);
  const summary = JSON.parse((await cli(['build', SAMPLE, '--emit', 'summary'])).out);
  assert.ok(summary.figures.some((f: { value: number }) => f.value === 12000));
  const markdown = (await cli(['build', SAMPLE, '--emit', 'markdown', '--date', '2026-11-29'])).out;
  assert.match(markdown, /^# Kim withdraws/);
  assert.match(markdown, /:::box Bottom line up front/);
  const docdef = JSON.parse(
    (await cli(['build', SAMPLE, '--emit', 'docdef', '--date', '2026-11-29'])).out,
  );
  assert.is(docdef.pageSize, 'A4');
  assert.is(docdef.info.creationDate, '2026-11-29T00:00:00.000Z');
});

test('inspect prints the summary as YAML or JSON, and a reviewed summary wins', async () => {
  const yaml = await cli(['inspect', SAMPLE]);
  assert.is(yaml.code, 0, yaml.err);
  assert.match(yaml.out, /^title: Kim withdraws/m);
  const json = JSON.parse((await cli(['inspect', SAMPLE, '--format', 'json'])).out);
  assert.equal(Object.keys(json), [
    'title',
    'bottomLine',
    'actors',
    'figures',
    'views',
    'quotes',
    'sources',
  ]);
  const dir = tempDir();
  writeFileSync(
    join(dir, 'reviewed.yaml'),
    'bottomLine:\n  - "Reviewed bottom line, by hand."\nsourceGrade: C3\n',
  );
  const reviewed = JSON.parse(
    (await cli(['inspect', SAMPLE, '--format', 'json', '--summary', 'reviewed.yaml'], { cwd: dir }))
      .out,
  );
  assert.equal(reviewed.bottomLine, ['Reviewed bottom line, by hand.']);
  const built = await cli(['build', SAMPLE, '--summary', 'reviewed.yaml', '-o', 'r.pdf'], {
    cwd: dir,
  });
  assert.is(built.code, 0, built.err);
  const text = await pdfText(readFileSync(join(dir, 'r.pdf')));
  assert.ok(text.includes('Reviewed bottom line, by hand.'));
  assert.ok(text.includes('C3 — fairly reliable, possibly true'));
});

test('inspect and --help never load pdfmake', () => {
  const script = `
    import { createRequire } from 'node:module';
    const { run } = await import(${JSON.stringify(join(ROOT, 'src/main.ts'))});
    const io = { cwd: process.cwd(), env: {}, stdout: { write() {} }, stderr: { write() {} }, readStdin: async () => new Uint8Array(), readFile: (p) => import('node:fs/promises').then((f) => f.readFile(p)), fileSize: async (p) => (await import('node:fs/promises')).stat(p).then((s) => s.size), isDirectory: async () => false, writeFileAtomic: async () => {}, now: () => new Date(0) };
    await run(['--help'], io);
    await run(['inspect', ${JSON.stringify(SAMPLE)}], io);
    const cache = createRequire(import.meta.url).cache;
    console.log(Object.keys(cache).some((k) => k.includes('/pdfmake/')) ? 'loaded' : 'not loaded');
  `;
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.is(out.trim(), 'not loaded');
});

test('templates lists the shipped templates', async () => {
  const { code, out } = await cli(['templates', '--format', 'json']);
  assert.is(code, 0);
  const names = JSON.parse(out).map((t: { name: string }) => t.name);
  assert.ok(names.includes('intel'));
});

test('errors: clear message, hint and exit code, no stack trace', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'empty.txt'), '  \n');
  writeFileSync(join(dir, 'bad.md'), '---\ntitle: [unclosed\n---\nBody.\n');
  writeFileSync(join(dir, 'story.txt'), 'Talks resume\n\nAbout 20 envoys met in Geneva.\n');
  mkdirSync(join(dir, 'folder'));
  const cases: [string[], number, RegExp][] = [
    [
      ['build', 'missing.txt'],
      4,
      /^missing\.txt: error\[no-such-file\] no such file: missing\.txt\n {2}hint: /,
    ],
    [['build', 'empty.txt'], 4, /^empty\.txt: error\[empty-input\] the input is empty\n {2}hint: /],
    [['build', 'bad.md'], 4, /^bad\.md:2:\d+: error\[bad-yaml\] invalid front-matter/],
    [
      ['build', SAMPLE, '-t', 'nonexistent'],
      5,
      /error\[unknown-template\] no template named `nonexistent`\n {2}hint: available templates: .*intel/,
    ],
    [['build', SAMPLE, '--tlp', 'purple'], 2, /error\[bad-tlp\]/],
    [['build', SAMPLE, '--date', 'yesterday'], 2, /error\[bad-date\]/],
    [
      ['build'],
      2,
      /^error\[usage\] no input given\n {2}hint: name the article: `briefsmith build article\.txt` \(- reads standard input; run `briefsmith build --help` for its inputs and options\)\n$/,
    ],
    [
      ['frobnicate'],
      2,
      /^error\[usage\] unknown command `frobnicate`\n {2}hint: the commands are /,
    ],
    [
      ['buidl', SAMPLE],
      2,
      /^error\[usage\] unknown command `buidl`\n {2}hint: did you mean `briefsmith build`\?/,
    ],
    // An option of one value given twice is refused, not joined ("a.pdf,b.pdf"); a list
    // option takes both, and a flag its last word.
    [
      ['build', SAMPLE, '-o', 'a.pdf', '-o', 'b.pdf'],
      2,
      /^error\[usage\] -o is given twice \(a\.pdf, b\.pdf\)\n {2}hint: give it once: a file for one brief, or a folder for several \(`-o briefs\/`\)\n$/,
    ],
    [
      ['build', SAMPLE, '--template', 'intel', '-t', 'press', '--emit', 'summary'],
      2,
      /^error\[usage\] --template is given twice \(intel, press\)\n {2}hint: give it once\n$/,
    ],
    [
      ['inspect', SAMPLE, '--format', 'json', '--format', 'yaml'],
      2,
      /^error\[usage\] --format is given twice \(json, yaml\)/,
    ],
    // An unknown option: the nearest known one (a swap of two letters is one edit), and the
    // command's own help.
    [
      ['build', SAMPLE, '--jbos', '2'],
      2,
      /^error\[usage\] unknown option --jbos\n {2}hint: did you mean --jobs\? \(run `briefsmith build --help` for its inputs and options\)\n$/,
    ],
    [
      ['build', SAMPLE, '--tempalte', 'press'],
      2,
      /^error\[usage\] unknown option --tempalte\n {2}hint: did you mean --template\?/,
    ],
    // As typed, negation included; a name begun is the name.
    [
      ['build', SAMPLE, '--no-mapp'],
      2,
      /^error\[usage\] unknown option --no-mapp\n {2}hint: did you mean --no-map\?/,
    ],
    [
      ['build', SAMPLE, '--out', 'x.pdf'],
      2,
      /^error\[usage\] unknown option --out\n {2}hint: did you mean --output\?/,
    ],
    [
      ['build', SAMPLE, '--frobnicate'],
      2,
      /^error\[usage\] unknown option --frobnicate\n {2}hint: run `briefsmith build --help` for its inputs and options\n$/,
    ],
    [
      ['inspect', SAMPLE, 'b.txt'],
      2,
      /^error\[usage\] unexpected argument: b\.txt\n {2}hint: run `briefsmith inspect --help`/,
    ],
    // A list option takes the inputs after it: the hint says so.
    [
      ['build', '--set', 'k=v', SAMPLE],
      2,
      /^error\[usage\] no input given\n {2}hint: --set takes every word after it up to the next option: put the inputs before it \(`briefsmith build a\.txt --set …`\)$/m,
    ],
    // …and when there are inputs before it, the word it took is named as the likely input.
    [
      ['build', 'empty.txt', '--set', 'k=v', 'b.txt'],
      2,
      /^error\[bad-set\] `--set b\.txt` is not key=value\n {2}hint: b\.txt was probably meant as an input: --set takes every word after it up to the next option, so put the inputs before it \(`briefsmith build empty\.txt b\.txt --set k=v`\)/,
    ],
    [
      ['build', 'empty.txt', '--set', 'k'],
      2,
      /^error\[bad-set\] `--set k` is not key=value\n {2}hint: write --set preparedFor=/,
    ],
    // --jobs: what was typed, and what is wrong with it.
    [
      ['build', SAMPLE, '-j', 'abc'],
      2,
      /^error\[bad-jobs\] --jobs takes a number of threads, not `abc`\n {2}hint: /,
    ],
    [
      ['build', SAMPLE, '--jobs=abc'],
      2,
      /^error\[bad-jobs\] --jobs takes a number of threads, not `abc`/,
    ],
    [
      ['build', SAMPLE, '-j', '0'],
      2,
      /^error\[bad-jobs\] --jobs 0: a batch needs at least 1 thread\n/,
    ],
    [
      ['build', SAMPLE, '-j', '2.5'],
      2,
      /^error\[bad-jobs\] --jobs takes a whole number of threads, not 2\.5\n/,
    ],
    [
      ['build', SAMPLE, '-j'],
      2,
      /^error\[usage\] -j needs a value\n {2}hint: give a number of threads, e.g\. -j 2/,
    ],
    [['build', SAMPLE, '--jobs', '-q'], 2, /^error\[usage\] --jobs needs a value\n/],
    // A folder is not an article: the hint names its files.
    [
      ['build', 'folder'],
      4,
      /^folder: error\[not-a-file\] folder is a folder, not an article\n {2}hint: name the articles in it, e\.g\. folder\/\*\.txt/,
    ],
    // Several briefs to one file: a trailing / makes -o a folder; a .pdf could be a digest.
    [
      ['build', SAMPLE, 'story.txt', '-o', 'briefs.d'],
      2,
      /^error\[file-many\] cannot write 2 briefs to the one file briefs\.d\n {2}hint: end -o with a \/ to make it a folder: -o briefs\.d\/ /,
    ],
    [
      ['build', SAMPLE, 'story.txt', '-o', 'one.pdf'],
      2,
      /^error\[file-many\] cannot write 2 briefs to the one file one\.pdf\n {2}hint: give -o a folder \(-o one\/\) for one PDF each, or add --combine for one digest of them all in one\.pdf\n$/,
    ],
    // What follows `--` would be dropped unread: refused instead.
    [
      ['build', SAMPLE, '--', 'b.txt', '-o', 'out/'],
      2,
      /error\[stray-arguments\] arguments after -- are not read: b\.txt -o out\/\n {2}hint: /,
    ],
  ];
  for (const [args, exit, message] of cases) {
    const r = await cli(args, { cwd: dir });
    assert.is(r.code, exit, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, message);
    assert.not.match(r.err, /\n\s+at /, 'no stack trace');
  }
});

test('an option of one value given twice: refused, but --help still helps; --jobs and lists take every one', async () => {
  const help = await cli(['build', SAMPLE, '-o', 'a.pdf', '-o', 'b.pdf', '--help']);
  assert.is(help.code, 0, help.err);
  assert.match(help.out, /--output/);
  const twice = await cli(['build', SAMPLE, '-j', '1', '-j', '1', '--emit', 'summary']);
  assert.is(twice.code, 0, twice.err);
  const { args } = await parseArgs([
    'build',
    SAMPLE,
    '--set',
    'a=1',
    '--set',
    'b=2',
    '-j',
    '1',
    '-j',
    '2',
  ]);
  assert.equal(args.set, ['a=1', 'b=2']);
  assert.is(args.jobs, 2);
});

test('build --help: the inputs come first, required and with no default; --emit says how several briefs print', async () => {
  const { code, out } = await cli(['build', '--help']);
  assert.is(code, 0);
  const groups = out.split('\n').filter((l) => /^\S.*:$/.test(l));
  assert.equal(groups.slice(0, 2), ['Positionals:', 'Input:']);
  const inputs = out.split('\n').find((l) => l.trimStart().startsWith('inputs'));
  assert.ok(inputs?.includes('[required]'), inputs);
  assert.not.ok(inputs?.includes('[default'), inputs);
  assert.match(out.replace(/\s+/g, ' '), /several as JSON Lines/);
});

test('a batch goes on past a bad input and exits 4', async () => {
  const r = await cli(['build', 'missing.txt', SAMPLE, '-o', 'out/']);
  assert.is(r.code, 4);
  assert.match(r.err, /no such file: missing\.txt/);
  assert.ok(existsSync(join(r.cwd, 'out', SLUG)));
});

test('--strict turns warnings into exit 3; without it they are printed once and the build succeeds', async () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'kj.md'),
    '---\ntitle: T\nkeyJudgments:\n  - text: It will rain.\n    likelihood: pretty sure\n---\nThe navy said on Monday that about 12 ships had left the port, and that more would follow once the storm passed.\n',
  );
  const lenient = await cli(['build', 'kj.md', '-o', 'a.pdf'], { cwd: dir });
  assert.is(lenient.code, 0, lenient.err);
  assert.is(lenient.err.match(/warning\[likelihood-term\]/g)?.length, 1);
  const strict = await cli(['build', 'kj.md', '-o', 'b.pdf', '--strict'], { cwd: dir });
  assert.is(strict.code, 3, strict.err);
  assert.match(strict.err, /error\[strict\] 1 warning\(s\) under --strict/);
});

test('--diagnostics json prints one JSON object per diagnostic', async () => {
  const r = await cli(['build', 'missing.txt', '--diagnostics', 'json']);
  assert.equal(JSON.parse(r.err.trim()), {
    severity: 'error',
    code: 'no-such-file',
    message: 'no such file: missing.txt',
    file: 'missing.txt',
    hint: 'check the path (it is relative to the current folder)',
  });
});

test('the installed command runs end to end in a child process', () => {
  const dir = tempDir();
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'bin/briefsmith.cjs'), 'build', SAMPLE, '-o', join(dir, 'x.pdf'), '--quiet'],
    { encoding: 'utf8' },
  );
  assert.is(r.status, 0, r.stderr);
  assert.ok(readFileSync(join(dir, 'x.pdf')).subarray(0, 5).toString() === '%PDF-');
  const bad = spawnSync(
    process.execPath,
    [join(ROOT, 'bin/briefsmith.cjs'), 'build', join(dir, 'nope.txt')],
    { encoding: 'utf8' },
  );
  assert.is(bad.status, 4);
});

test('a FIFO or a device named like a feed is refused at once, never read to count its records', () => {
  const dir = tempDir();
  execFileSync('mkfifo', [join(dir, 'fifo.jsonl')]);
  symlinkSync('/dev/zero', join(dir, 'zero.jsonl'));
  for (const feed of ['fifo.jsonl', 'zero.jsonl']) {
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'bin/briefsmith.cjs'), 'build', feed, '-o', 'out/'],
      { cwd: dir, encoding: 'utf8', timeout: 20_000 },
    );
    assert.is(r.signal, null, `${feed}: still running after 20 s`);
    assert.is(r.status, 4, r.stderr);
    assert.match(r.stderr, /not a regular file/);
  }
});

test('a reader that closes the pipe early ends the command quietly, exit 0', async () => {
  for (const env of [{}, { BRIEFSMITH_NO_SNAPSHOT: '1' }]) {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/briefsmith.cjs'), 'build', SAMPLE, '-o', '-', '--date', '2026-11-29'],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    // Like `| head -c 0`: the reader is gone before the brief is written.
    child.stdout.destroy();
    const code = await new Promise<number | null>((done) => child.on('close', done));
    assert.is(code, 0, err);
    assert.not.match(err, /EPIPE|Error/);
  }
});

test.run();
