import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deliver } from '../src/deliver/index.ts';
import { BriefsmithError, DeliveryError } from '../src/diagnostics.ts';
import { buildBrief } from '../src/index.ts';
import { run } from '../src/main.ts';
import { buildDocument } from '../src/render/document.ts';
import { renderPdf } from '../src/render/pdf.ts';
import { defaultTheme } from '../src/render/theme.ts';
import { captureIo, pdfText, qpdfCheck, ROOT, SAMPLE, tempDir } from './helpers.ts';

const BIN = join(ROOT, 'bin/briefsmith.cjs');

const ATTACKS = [
  '# Not a heading',
  '[click](javascript:alert(1))',
  '[passwd](file:///etc/passwd)',
  '![x](/etc/passwd)',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '| a | b |\n|---|---|\n| c | d |',
  '{{title}} {{#each actors}}x{{/each}}',
  '\\newpage',
  ':::box Injected\nboxed\n:::',
  'www.example.org and mail@example.org',
];

/** Every object in the PDF, uncompressed, as text: to look for annotations and images. */
function pdfObjects(pdf: Uint8Array): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'in.pdf'), pdf);
  execFileSync('qpdf', [
    '--qdf',
    '--object-streams=disable',
    join(dir, 'in.pdf'),
    join(dir, 'out.pdf'),
  ]);
  return readFileSync(join(dir, 'out.pdf'), 'latin1');
}

async function build(args: string[], cwd = tempDir()) {
  const io = captureIo(cwd);
  const code = await run(['build', ...args, '--date', '2026-11-29'], io);
  return { code, err: io.err(), cwd };
}

test('Markdown, HTML and Handlebars in article text print literally; no link, image or page break appears', async () => {
  const dir = tempDir();
  const text = `Injection test\n\n${ATTACKS.join('\n\n')}\n\nAbout 12,000 soldiers moved.\n`;
  writeFileSync(join(dir, 'attack.txt'), text);
  const { code, err } = await build(['attack.txt', '-o', 'a.pdf'], dir);
  assert.is(code, 0, err);
  const pdf = readFileSync(join(dir, 'a.pdf'));
  const shown = await pdfText(pdf);
  for (const attack of [
    '# Not a heading',
    '[click](javascript:alert(1))',
    '![x](/etc/passwd)',
    '<script>alert(1)</script>',
    '{{title}}',
    '\\newpage',
    ':::box Injected',
  ]) {
    assert.ok(shown.includes(attack), `not literal: ${attack}`);
  }
  const objects = pdfObjects(pdf);
  assert.not.match(objects, /\/Subtype \/Link|\/URI|\/Subtype \/Image|\/JavaScript|\/Launch/);
});

test('front-matter values are untrusted too', async () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'fm.md'),
    `---\ntitle: "# [x](javascript:alert(1)) <b>bold</b> {{title}}"\nsource: "![x](/etc/passwd)"\n---\nBody text.\n`,
  );
  const { code, err } = await build(['fm.md', '-o', 'fm.pdf'], dir);
  assert.is(code, 0, err);
  const pdf = readFileSync(join(dir, 'fm.pdf'));
  const shown = await pdfText(pdf);
  assert.ok(shown.includes('# [x](javascript:alert(1)) <b>bold</b> {{title}}'));
  assert.ok(shown.includes('![x](/etc/passwd)'));
  assert.not.match(pdfObjects(pdf), /\/Subtype \/Link|\/Subtype \/Image/);
});

test('__proto__ and constructor keys pollute nothing (front-matter, --summary, JSON records)', async () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'p.md'),
    '---\n__proto__:\n  polluted: yes\nconstructor:\n  prototype:\n    polluted: yes\ntitle: Proto\n---\nBody about 12 ships.\n',
  );
  writeFileSync(
    join(dir, 's.json'),
    '{"__proto__": {"polluted": "yes"}, "bottomLine": ["Reviewed."], "constructor": {"prototype": {"polluted": "yes"}}}',
  );
  writeFileSync(
    join(dir, 'r.jsonl'),
    '{"title": "Record", "text": "Body of the record.", "__proto__": {"polluted": "yes"}}\n',
  );
  for (const args of [['p.md'], ['p.md', '--summary', 's.json'], ['r.jsonl']]) {
    const { code, err } = await build([...args, '-o', 'out/'], dir);
    assert.is(code, 0, `${args.join(' ')}: ${err}`);
  }
  assert.is(({} as Record<string, unknown>).polluted, undefined);
  assert.is((Object.prototype as Record<string, unknown>).polluted, undefined);
});

test('templates and partials cannot be reached by traversal; images only from allowed folders', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 't.hbs'), '# {{title}}\n\n{{> ../../../etc/passwd}}\n');
  const partial = await build([SAMPLE, '-t', join(dir, 't.hbs'), '-o', 'x.pdf'], dir);
  assert.is(partial.code, 5, partial.err);
  assert.match(partial.err, /partial/i);
  const name = await build([SAMPLE, '-t', '../../etc/passwd.hbs', '-o', 'x.pdf'], dir);
  assert.is(name.code, 5);
  writeFileSync(
    join(dir, 'img.hbs'),
    '# {{title}}\n\n![p](../../../../etc/passwd)\n\n![q](/etc/hostname)\n',
  );
  const image = await build([SAMPLE, '-t', join(dir, 'img.hbs'), '-o', 'i.pdf'], dir);
  assert.is(image.code, 0, image.err);
  assert.is(image.err.match(/warning\[image-refused\]/g)?.length, 2);
});

test('an output that is an input is refused before anything is written', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'story.fake.pdf'), 'North Korea sent about 12,000 soldiers.');
  const r = await build(['story.fake.pdf', '--from', 'text', '-o', 'story.fake.pdf'], dir);
  assert.is(r.code, 2);
  assert.match(r.err, /error\[output-is-input\]/);
  assert.is(
    readFileSync(join(dir, 'story.fake.pdf'), 'utf8'),
    'North Korea sent about 12,000 soldiers.',
  );
});

test('oversized, binary, NUL-laden and invalid UTF-8 input: clear errors or a brief, never a crash', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'big.txt'), Buffer.alloc(50 * 1024 * 1024, 'a'));
  writeFileSync(
    join(dir, 'bin.txt'),
    Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]),
  );
  writeFileSync(
    join(dir, 'latin.txt'),
    Buffer.from('Caf\xe9 story\n\nThe caf\xe9 hired about 40 workers.\n', 'latin1'),
  );
  const big = await build(['big.txt'], dir);
  assert.is(big.code, 4);
  assert.match(big.err, /error\[input-too-large\]/);
  // A --max-input that is not a number of bytes is refused, not read as "no limit".
  for (const limit of ['0', '-5', '2.5']) {
    const typo = await build(['big.txt', '--max-input', limit], dir);
    assert.is(typo.code, 2, limit);
    assert.match(
      typo.err,
      `error[bad-max-input] --max-input takes a whole number of bytes, 1 or more (got ${limit})`,
    );
  }
  const word = await build(['big.txt', '--max-input', '10MB'], dir);
  assert.is(word.code, 2);
  assert.match(
    word.err,
    /error\[bad-max-input\] --max-input takes a whole number of bytes, 1 or more\n/,
  );
  const bin = await build(['bin.txt'], dir);
  assert.is(bin.code, 4);
  assert.match(bin.err, /error\[binary-input\]/);
  const latin = await build(['latin.txt', '-o', 'l.pdf'], dir);
  assert.is(latin.code, 0, latin.err);
  assert.match(await pdfText(readFileSync(join(dir, 'l.pdf'))), /The café hired about 40 workers/);
});

test('pathological text finishes: a 100,000-character word, 100,000 quotes, 1 MB of one token, deep nesting', async () => {
  const dir = tempDir();
  const cases: [string, string, number][] = [
    ['word.txt', `Long word\n\nThe ${'a'.repeat(100_000)} word. About 5,000 troops moved.\n`, 0],
    ['quotes.txt', `Quotes\n\n${'"'.repeat(100_000)}\n`, 0],
    ['token.txt', `Token\n\n${'troops '.repeat(150_000)}\n`, 0],
    ['deep-quote.md', `# Deep\n\n${'>'.repeat(10_000)} text\n`, 4],
    [
      'deep-list.md',
      `# Deep\n\n${Array.from({ length: 10_000 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n')}\n`,
      4,
    ],
  ];
  for (const [file, text, exit] of cases) {
    writeFileSync(join(dir, file), text);
    const r = await build([file, '-o', 'out/', '-q'], dir);
    assert.is(r.code, exit, `${file}: ${r.err}`);
    assert.not.match(r.err, /internal|\n\s+at /, file);
  }
  assert.match(readFileSync(join(dir, 'deep-list.md'), 'utf8'), /- item/);
  const token = readdirSync(join(dir, 'out')).find((f) => f.startsWith('token'));
  assert.ok(token);
  qpdfCheck(readFileSync(join(dir, 'out', token)));
});

test('the renderer reads no local file and fetches no URL, whatever a document definition asks', async () => {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.end('x');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const base = buildDocument({
      markdown: 'x',
      file: 'x',
      theme: defaultTheme,
      banner: null,
      info: {
        title: 'T',
        author: 'A',
        subject: 'S',
        keywords: 'K',
        creator: 'B',
        date: new Date(0),
      },
    }).value;
    const attempts = [
      { content: [{ image: '/etc/passwd', width: 10 }] },
      { content: [{ image: `${url}/a.png`, width: 10 }] },
      { content: [{ image: 'logo', width: 10 }], images: { logo: `${url}/logo.png` } },
      { content: ['x'], files: { f: { src: '/etc/passwd' } } },
      { content: ['x'], attachments: { a: { src: `${url}/a.txt` } } },
      { content: ['x'], files: { f: { src: `${url}/f.txt` } } },
    ];
    for (const extra of attempts) {
      const pdf = await renderPdf({ ...base, ...extra }).catch((e: unknown) => e);
      if (pdf instanceof Uint8Array) {
        assert.not.ok(Buffer.from(pdf).includes('root:x:0:0'), JSON.stringify(extra));
      } else {
        assert.instance(pdf, BriefsmithError, JSON.stringify(extra));
      }
    }
    assert.is(requests, 0, 'no request reached the server');
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('a full disk and an unwritable folder are delivery errors (exit 7)', async () => {
  const io = captureIo(tempDir());
  const full = {
    ...io,
    writeFileAtomic: async () =>
      Promise.reject(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' })),
  };
  const error = await deliver(full, { kind: 'file', path: '/tmp/x.pdf' }, new Uint8Array()).catch(
    (e) => e,
  );
  assert.instance(error, DeliveryError);
  assert.match(error.message, /the disk is full/);
});

test('a batch killed with SIGKILL leaves only complete PDFs', async () => {
  const corpus = join(ROOT, '../shared/corpus/voa_stories.jsonl');
  if (!existsSync(corpus)) return;
  const dir = tempDir();
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin/briefsmith.cjs'),
      'build',
      corpus,
      '-o',
      join(dir, 'out/'),
      '-q',
      '--jobs',
      '2',
    ],
    {
      stdio: 'ignore',
    },
  );
  // Kill once a few briefs exist: mid-batch, with workers busy writing.
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const done = existsSync(join(dir, 'out'))
      ? readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.pdf')).length
      : 0;
    if (done >= 3) break;
  }
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const pdfs = readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.pdf'));
  assert.ok(pdfs.length >= 3 && pdfs.length < 77, `${pdfs.length} PDFs`);
  for (const f of pdfs) qpdfCheck(readFileSync(join(dir, 'out', f)));
});

test('property: any article text builds a brief or fails with a typed error', async () => {
  await fc.assert(
    fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 300 }), async (text) => {
      try {
        const { briefs } = await buildBrief(`Title\n\n${text}`, { date: new Date(0) });
        for (const b of briefs) assert.is(Buffer.from(b.pdf.subarray(0, 5)).toString(), '%PDF-');
      } catch (error) {
        assert.instance(error, BriefsmithError, String(error));
      }
    }),
    { numRuns: 25, seed: 7 },
  );
});

test('an input the system will not let us read is that input’s error (exit 4), and the rest build', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'ok.txt'), 'A story\n\nAbout 40 workers were hired.\n');
  for (const name of ['locked.txt', 'locked.json', 'locked.jsonl'])
    writeFileSync(join(dir, name), '[]');
  // Tests run as root here, where permissions do not bite: the Io refuses instead.
  const denied = (path: string) =>
    Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
  const base = captureIo(dir);
  const io = {
    ...base,
    readFile: async (path: string) => {
      if (path.includes('locked')) throw denied(path);
      return base.readFile(path);
    },
    readFileChunks: (path: string) => {
      if (path.includes('locked')) throw denied(path);
      return base.readFileChunks!(path);
    },
  };
  const args = ['build', 'locked.txt', 'locked.json', 'locked.jsonl', 'ok.txt', '-o', 'out/'];
  const code = await run([...args, '--date', '2026-11-29'], io);
  assert.is(code, 4, base.err());
  for (const name of ['locked.txt', 'locked.json', 'locked.jsonl']) {
    assert.match(
      base.err(),
      `${name}: error[unreadable-input] cannot read ${name}: permission denied`,
    );
  }
  assert.not.match(base.err(), /error\[internal\]/);
  assert.equal(readdirSync(join(dir, 'out')), ['a-story.pdf']);
});

test('as a user without the right to read them: an input is that input’s error, a template a template error', () => {
  // Permissions do not bite root: drop to `nobody` where the tests run as root (CI).
  const setpriv = '/usr/bin/setpriv';
  if (process.getuid?.() !== 0 || !existsSync(setpriv)) {
    console.log('\n  permission test SKIPPED: needs root and setpriv to run as nobody\n');
    return;
  }
  const nobody = ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath];
  // nobody must reach the package and a folder: not the tests' own (private) temp root.
  const reach = spawnSync(setpriv, [
    ...nobody,
    '-e',
    `require('fs').accessSync(${JSON.stringify(BIN)})`,
  ]);
  if (reach.status !== 0) {
    console.log(`\n  permission test SKIPPED: nobody cannot reach ${BIN}\n`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'briefsmith-perm-'));
  try {
    chmodSync(dir, 0o777);
    writeFileSync(join(dir, 'ok.txt'), 'A story\n\nAbout 40 workers were hired.\n');
    writeFileSync(join(dir, 'locked.txt'), 'A story\n\nText.\n', { mode: 0o000 });
    mkdirSync(join(dir, 'tdir'), { mode: 0o755 });
    writeFileSync(join(dir, 'tdir', 'locked.hbs'), '{{article.title}}', { mode: 0o000 });
    const asNobody = (args: string[]) =>
      spawnSync(setpriv, [...nobody, BIN, ...args], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
      });
    const inputs = asNobody([
      'build',
      'locked.txt',
      'ok.txt',
      '-o',
      'out/',
      '--date',
      '2026-11-29',
    ]);
    assert.is(inputs.status, 4, inputs.stderr);
    assert.match(
      inputs.stderr,
      'locked.txt: error[unreadable-input] cannot read locked.txt: permission denied',
    );
    assert.equal(readdirSync(join(dir, 'out')), ['a-story.pdf']);
    const template = asNobody(['build', 'ok.txt', '--templates-dir', 'tdir', '-t', 'locked']);
    assert.is(template.status, 5, template.stderr);
    assert.match(
      template.stderr,
      'error[unreadable-template] cannot read tdir/locked.hbs: permission denied',
    );
    assert.not.match(inputs.stderr + template.stderr, /error\[internal\]/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
