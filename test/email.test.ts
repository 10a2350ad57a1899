import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type EmailArgs, email, emailArgsFrom } from '../src/commands/email.ts';
import { loadTemplate } from '../src/compose/template.ts';
import {
  composeEml,
  type EmailContent,
  envelopeOf,
  markdownToHtml,
  markdownToText,
  parseAddresses,
  renderEmailBody,
  saveToOutbox,
  subjectLine,
  subjectOf,
  withoutBcc,
} from '../src/deliver/email.ts';
import { readEmailConfig } from '../src/deliver/email-config.ts';
import { parseSmtpUrl, redact, resolveSmtpSettings, secretsOf } from '../src/deliver/email-smtp.ts';
import { UsageError } from '../src/diagnostics.ts';
import type { Article, PublicSummary } from '../src/types.ts';
import { captureIo, golden, tempDir } from './helpers.ts';

const FIXTURES = new URL('fixtures/email/', import.meta.url).pathname;
const PDF = join(FIXTURES, 'brief.pdf');

// ---------------------------------------------------------------- redaction

test('redact: passwords vanish in every form SMTP and URLs carry them', () => {
  const pw = 'p@ss w/rd:1';
  const text = [
    `login failed for ${pw}`,
    `url smtp://alice:${encodeURIComponent(pw)}@mail.example.org:587`,
    `AUTH ${Buffer.from(pw).toString('base64')}`,
    `PLAIN ${Buffer.from(`\0alice\0${pw}`).toString('base64')}`,
  ].join('\n');
  const out = redact(text, secretsOf({ user: 'alice', password: pw }));
  assert.not.ok(out.includes(pw));
  assert.not.ok(out.includes(encodeURIComponent(pw)));
  assert.not.ok(out.includes(Buffer.from(pw).toString('base64')));
  assert.not.ok(out.includes(Buffer.from(`\0alice\0${pw}`).toString('base64')));
  assert.match(out, /smtp:\/\/alice:\*\*\*@mail\.example\.org:587/);
  assert.match(out, /login failed for \*\*\*/);
});

test('redact: a URL password is hidden even when the secret is not known; clean text is unchanged', () => {
  assert.is(
    redact('smtps://bob:hunter2@h.example.org and https://x:y@z/'),
    'smtps://bob:***@h.example.org and https://x:***@z/',
  );
  assert.is(
    redact('smtp://bob@h.example.org:587 refused', ['']),
    'smtp://bob@h.example.org:587 refused',
  );
  assert.is(redact('nothing to hide', [undefined, null, 'absent']), 'nothing to hide');
});

// ---------------------------------------------------------------- addresses and subject

test('parseAddresses: names, lists and plain addresses; anything else is a usage error', () => {
  assert.equal(parseAddresses(['a@x.org', 'Desk <desk@x.org>, "Doe, J" <j@x.org>'], '--to'), [
    { name: '', address: 'a@x.org' },
    { name: 'Desk', address: 'desk@x.org' },
    { name: 'Doe, J', address: 'j@x.org' },
  ]);
  for (const bad of [
    'not-an-address',
    'a@',
    '@x.org',
    'a@x.org\r\nBcc: evil@x.org',
    '',
    'a@b@x.org',
  ]) {
    assert.throws(
      () => parseAddresses([bad], '--to'),
      (e: unknown) => e instanceof UsageError && e.exitCode === 2,
      bad,
    );
  }
});

test('subjectLine puts the marking first', () => {
  assert.is(
    subjectLine('UNCLASSIFIED', 'Kim withdraws\n troops'),
    '[UNCLASSIFIED] Kim withdraws troops',
  );
  assert.is(subjectLine('TLP:AMBER', 'X'), '[TLP:AMBER] X');
  assert.is(subjectLine(null, 'X'), 'X');
});

// ---------------------------------------------------------------- body rendering

const hostile =
  '<script>alert(1)</script> **bold** [click](javascript:alert(1)) ![p](http://evil.example/p.png) # no heading';

function article(): Article {
  return {
    meta: {
      title: `Title ${hostile}`,
      source: 'Wire <b>Service</b>',
      url: null,
      author: null,
      published: null,
      language: 'en',
    },
    paragraphs: [],
    removed: [],
    origin: { path: 'hostile.md', format: 'markdown', record: null },
    analyst: {
      classification: 'SECRET//NOFORN',
      keyJudgments: [{ text: `Judgment ${hostile}`, likelihood: 'likely', confidence: 'high' }],
    },
  };
}

function summary(): PublicSummary {
  return {
    title: `Title ${hostile}`,
    bottomLine: [`Bottom line ${hostile}`],
    actors: [
      {
        name: '<img src=x onerror=alert(1)>',
        kind: 'person',
        role: 'leader',
        affiliation: null,
        aliases: [],
        mentions: 2,
      },
    ],
    figures: [
      {
        value: 12000,
        text: '12,000 <u>soldiers</u>',
        unit: 'soldiers',
        qualifier: null,
        sentence: `Sentence ${hostile}`,
      },
    ],
    views: [],
    quotes: [],
    sources: [],
  };
}

test('the email body: article text cannot add HTML, links, images or structure', async () => {
  const template = await loadTemplate('email');
  const body = await renderEmailBody(
    {
      article: article(),
      summary: summary(),
      title: 'ignored',
      compose: { date: new Date('2026-11-27T15:30:00Z') },
      attachment: { filename: 'title.pdf', size: 54_321 },
    },
    template,
  );
  assert.is(body.label, 'SECRET//NOFORN');
  const html = body.html.replace(/^[\s\S]*?<body[^>]*>/, '');
  // The hostile strings are still there, as text: what must not exist is an element or attribute.
  for (const forbidden of ['<script', '<img', '<u>', '<b>', 'href=']) {
    assert.not.ok(html.includes(forbidden), `HTML body contains ${forbidden}`);
  }
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'shown as text instead');
  assert.is((html.match(/<h1>/g) ?? []).length, 1, 'no heading from article text');
  assert.ok(
    body.text.includes(`Bottom line ${hostile}`),
    'the text body shows the article text literally',
  );
  assert.ok(body.text.startsWith('SECRET//NOFORN\n\n'));
  assert.ok(body.text.trimEnd().endsWith('SECRET//NOFORN'));
  assert.match(body.text, /Key judgments\n-+\n\n1\. Likely\. Judgment .* \(high confidence\)/);
  assert.match(body.text, /The full brief is attached as title\.pdf \(54 kB\)/);
  assert.match(body.text, /271530Z NOV 26 · 27 November 2026 · Source: Wire <b>Service<\/b>/);
});

test('Markdown from a template: raw HTML is escaped, unsafe links dropped, images become their alt text', () => {
  const md =
    '# Head\n\n<div onclick="x()">raw</div>\n\nSee [site](https://example.org/a?b=1&c=2), [bad](javascript:void(0)) and ![alt text](http://x/y.png).\n\n- one\n- two\n\n1. first\n\n> quoted\n';
  const html = markdownToHtml(md, 'T <i>');
  assert.not.ok(html.includes('<div'));
  assert.ok(html.includes('&lt;div onclick=&quot;x()&quot;&gt;raw&lt;/div&gt;'));
  assert.ok(html.includes('<a href="https://example.org/a?b=1&amp;c=2">site</a>'));
  assert.not.ok(html.includes('javascript'));
  assert.not.ok(html.includes('<img'));
  assert.ok(html.includes('alt text'));
  assert.ok(html.includes('<title>T &lt;i&gt;</title>'));
  assert.is(
    markdownToText(md),
    'Head\n====\n\n<div onclick="x()">raw</div>\n\nSee site <https://example.org/a?b=1&c=2>, bad <javascript:void(0)> and alt text.\n\n- one\n- two\n\n1. first\n\n> quoted\n',
  );
});

// ---------------------------------------------------------------- the .eml

function content(): EmailContent {
  return {
    from: { name: 'Briefing desk', address: 'desk@example.org' },
    replyTo: [{ name: '', address: 'replies@example.org' }],
    to: [
      { name: 'A. Reader', address: 'a@example.org' },
      { name: '', address: 'b@example.org' },
    ],
    cc: [{ name: '', address: 'c@example.org' }],
    bcc: [{ name: '', address: 'hidden@example.org' }],
    subject: '[UNCLASSIFIED] Kim withdraws his troops from Ukraine… a symbolic gesture?',
    text: 'UNCLASSIFIED\n\nBottom line up front\n--------------------\n\nNorth Korea has recalled its commanders.\n\nUNCLASSIFIED\n',
    html: '<p><strong>UNCLASSIFIED</strong></p>\n<p>North Korea has recalled its commanders.</p>\n',
    attachment: { filename: 'kim-withdraws.pdf', content: readFileSync(PDF) },
  };
}

test('golden .eml: fixed date, Message-ID and boundary give the same bytes every time', async () => {
  const fixed = {
    date: new Date('2026-11-27T15:30:00Z'),
    messageId: '<golden@example.org>',
    boundary: 'golden',
  };
  const eml = await composeEml(content(), fixed);
  assert.is(eml.toString('latin1'), golden(join(FIXTURES, 'golden.eml'), eml.toString('latin1')));
  assert.not.match(eml.toString('latin1'), /[^\r]\n/, 'CRLF line ends throughout');
});

test('without a given Message-ID and boundary, both derive from the content: reproducible, and different per message', async () => {
  const date = new Date('2026-11-27T15:30:00Z');
  const a = await composeEml(content(), { date });
  const b = await composeEml(content(), { date });
  assert.ok(a.equals(b));
  assert.match(a.toString('latin1'), /^Message-ID: <briefsmith\.[0-9a-f]{32}@example\.org>\r$/m);
  const other = await composeEml(
    { ...content(), to: [{ name: '', address: 'z@example.org' }] },
    { date },
  );
  assert.is.not(
    /Message-ID: (.*)/.exec(other.toString())?.[1],
    /Message-ID: (.*)/.exec(a.toString())?.[1],
  );
});

test('envelopeOf, withoutBcc and subjectOf read a saved message', async () => {
  const eml = await composeEml(content(), { date: new Date('2026-11-27T15:30:00Z') });
  assert.equal(envelopeOf(eml), {
    from: 'desk@example.org',
    to: ['a@example.org', 'b@example.org', 'c@example.org', 'hidden@example.org'],
  });
  const wire = withoutBcc(eml);
  assert.not.match(wire.toString('latin1'), /^Bcc:/im);
  assert.is(wire.length, eml.length - 'Bcc: hidden@example.org\r\n'.length);
  assert.ok(
    wire.subarray(wire.indexOf('\r\n\r\n')).equals(eml.subarray(eml.indexOf('\r\n\r\n'))),
    'the body is untouched',
  );
  assert.is(subjectOf(eml), content().subject);
  const folded = Buffer.from(
    'From: x@y.org\r\nBcc: one@y.org,\r\n two@y.org\r\nTo: t@y.org\r\n\r\nBcc: not-a-header@y.org\r\n',
  );
  assert.is(
    withoutBcc(folded).toString(),
    'From: x@y.org\r\nTo: t@y.org\r\n\r\nBcc: not-a-header@y.org\r\n',
  );
  assert.equal(envelopeOf(folded).to, ['t@y.org', 'one@y.org', 'two@y.org']);
});

test('saveToOutbox: output/outbox/<slug>-<time>.eml, numbered when taken', async () => {
  const io = captureIo(tempDir());
  const first = await saveToOutbox(io, 'brief', Buffer.from('one'));
  const second = await saveToOutbox(io, 'brief', Buffer.from('two'));
  assert.is(first, join(io.cwd, 'output/outbox/brief-20261129T120000Z.eml'));
  assert.is(second, join(io.cwd, 'output/outbox/brief-20261129T120000Z-2.eml'));
  assert.is(readFileSync(second, 'utf8'), 'two');
});

// ---------------------------------------------------------------- SMTP settings

test('parseSmtpUrl: schemes, default ports, STARTTLS policy and parameters', () => {
  const remote = parseSmtpUrl('smtp://alice@mail.example.org', '--smtp');
  assert.is(remote.port, 587);
  assert.is(remote.secure, false);
  assert.is(remote.starttls, 'required', 'a login to another host never goes out in the clear');
  assert.is(remote.display, 'smtp://alice@mail.example.org:587');
  const tls = parseSmtpUrl('smtps://alice:pw@mail.example.org', '--smtp');
  assert.equal(
    [tls.port, tls.secure, tls.password, tls.display],
    [465, true, 'pw', 'smtps://alice@mail.example.org:465'],
  );
  assert.is(parseSmtpUrl('smtp://127.0.0.1:2525', 'x').starttls, 'opportunistic');
  assert.is(parseSmtpUrl('smtp://h.example.org:25?starttls=never&timeout=5', 'x').timeoutMs, 5000);
  assert.is(parseSmtpUrl('smtp://[::1]:25', 'x').host, '::1');
  for (const bad of [
    'http://h',
    'smtp://',
    'not a url',
    'smtp://h?starttls=maybe',
    'smtp://h?timeout=-1',
    'smtp://h?pool=1',
  ]) {
    assert.throws(
      () => parseSmtpUrl(bad, 'x'),
      (e: unknown) => e instanceof UsageError,
      bad,
    );
  }
  try {
    parseSmtpUrl('ftp://bob:hunter2@h', '--smtp');
    assert.unreachable();
  } catch (e) {
    assert.not.ok(
      (e as Error).message.includes('hunter2'),
      'the error does not print the password',
    );
  }
});

test('resolveSmtpSettings: flag beats environment beats config; passwords from env, config or a file', async () => {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'pw.txt'), 'from-file\n');
  writeFileSync(
    join(cwd, 'briefsmith.config.yaml'),
    'email:\n  smtp: smtp://carol@config.example.org\n  passwordFile: pw.txt\n  retries: 5\n  bogus: 1\n',
  );
  const io = captureIo(cwd, {
    env: {
      BRIEFSMITH_SMTP_URL: 'smtps://dave@env.example.org',
      BRIEFSMITH_SMTP_PASSWORD: 'from-env',
    },
  });
  const { config, diagnostics } = await readEmailConfig(io);
  assert.equal(
    diagnostics.map((d) => d.code),
    ['config-key'],
  );
  assert.is(config.path, join(cwd, 'briefsmith.config.yaml'));
  const flag = await resolveSmtpSettings(
    io,
    { smtp: 'smtp://erin@flag.example.org', retries: 1 },
    config,
  );
  assert.equal(
    [flag.settings?.host, flag.settings?.password, flag.settings?.retries, flag.settings?.source],
    ['flag.example.org', 'from-env', 1, '--smtp'],
  );
  const env = await resolveSmtpSettings(io, {}, config);
  assert.equal(
    [env.settings?.host, env.settings?.secure, env.settings?.retries],
    ['env.example.org', true, 5],
  );
  const fileOnly = await resolveSmtpSettings(captureIo(cwd), {}, config);
  assert.equal(
    [fileOnly.settings?.host, fileOnly.settings?.password],
    ['config.example.org', 'from-file'],
  );
  assert.equal(await resolveSmtpSettings(captureIo(tempDir()), {}, { path: null }), {
    settings: null,
    diagnostics: [],
  });
  await resolveSmtpSettings(
    captureIo(tempDir()),
    { smtp: 'smtp://frank@h.example.org' },
    { path: null },
  ).then(
    () => assert.unreachable('a user without a password'),
    (e) => assert.is((e as UsageError).code, 'no-smtp-password'),
  );
});

test('a malformed config file is a usage error pointing at it', async () => {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'briefsmith.config.yaml'), 'email:\n  smtp: [unclosed\n');
  await readEmailConfig(captureIo(cwd)).then(
    () => assert.unreachable(),
    (e) => {
      assert.instance(e, UsageError);
      assert.is((e as UsageError).place.file, join(cwd, 'briefsmith.config.yaml'));
    },
  );
  writeFileSync(join(cwd, 'briefsmith.config.yaml'), 'email:\n  retries: three\n');
  await readEmailConfig(captureIo(cwd)).then(
    () => assert.unreachable(),
    (e) => assert.match((e as Error).message, /email\.retries.*must be a number/),
  );
});

// ---------------------------------------------------------------- the command

function args(extra: Record<string, unknown>): EmailArgs {
  return emailArgsFrom({ template: 'intel', ...extra });
}

async function run(a: EmailArgs, env: Record<string, string> = {}) {
  const io = captureIo(tempDir(), { env });
  const result = await email(a, io);
  return {
    ...result,
    io,
    codes: result.diagnostics.items.map((d) => d.code),
    text: JSON.stringify(result.diagnostics.items),
  };
}

test('usage errors exit 2: no --to, a bad address, no input, no server and no --eml', async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ input: PDF, eml: 'x.eml' }, 'no-recipient'],
    [{ input: PDF, eml: 'x.eml', to: ['desk-at-example.org'] }, 'bad-address'],
    [{ input: PDF, eml: 'x.eml', to: ['a@x.org'], cc: ['nope'] }, 'bad-address'],
    [{ input: PDF, eml: 'x.eml', to: ['a@x.org'], from: 'me' }, 'bad-address'],
    [{ to: ['a@x.org'] }, 'no-input'],
    [{ input: PDF, to: ['a@x.org'] }, 'no-smtp'],
    [{ input: PDF, to: ['a@x.org'], smtp: 'smtp://u@h.example.org' }, 'no-smtp-password'],
    [{ input: PDF, to: ['a@x.org'], smtp: 'pop3://u:topsecret@h' }, 'bad-smtp-url'],
    [{ input: PDF, to: ['a@x.org'], smtp: 'smtp://h.example.org', retries: -1 }, 'bad-retries'],
  ];
  for (const [a, code] of cases) {
    const r = await run(args(a));
    assert.is(r.exitCode, 2, `${code}: ${r.text}`);
    assert.ok(r.codes.includes(code), `${code}: ${r.text}`);
    assert.not.ok(r.text.includes('topsecret'));
  }
});

test('--eml writes a reproducible message; --eml - prints it', async () => {
  const a = args({
    input: PDF,
    to: ['desk@example.org'],
    bcc: ['hidden@example.org'],
    eml: 'out.eml',
    classification: 'secret',
  });
  const one = await run(a);
  const two = await run(a);
  assert.is(one.exitCode, 0, one.text);
  assert.is(one.io.err(), 'wrote out.eml\n');
  const bytes = readFileSync(join(one.io.cwd, 'out.eml'));
  assert.ok(
    bytes.equals(readFileSync(join(two.io.cwd, 'out.eml'))),
    'same inputs and clock, same bytes',
  );
  assert.is(subjectOf(bytes), '[SECRET] Brief');
  assert.match(bytes.toString('latin1'), /^From: Briefsmith <briefsmith@localhost>\r$/m);
  assert.match(bytes.toString('latin1'), /^Bcc: hidden@example\.org\r$/m, 'a draft keeps its Bcc');
  const piped = await run({ ...a, eml: '-', quiet: true });
  assert.is(piped.exitCode, 0, piped.text);
  assert.ok(piped.io.outBytes().equals(bytes));
  assert.is(piped.io.err(), '');
});

test('emailArgsFrom maps yargs names (kebab options arrive camel-cased)', () => {
  const a = emailArgsFrom({
    input: 'a.txt',
    to: ['x@y.org'],
    cc: 'c@y.org',
    replyTo: ['r@y.org'],
    retryDelay: 5,
    templatesDir: ['t'],
    inputFormat: 'markdown',
    keepClutter: true,
    insecure: true,
    t: 'ignored',
    template: 'executive',
  });
  assert.equal(
    [
      a.input,
      a.to,
      a.cc,
      a.bcc,
      a.replyTo,
      a.retryDelay,
      a.templatesDir,
      a.inputFormat,
      a.keepClutter,
      a.insecure,
      a.template,
    ],
    [
      'a.txt',
      ['x@y.org'],
      ['c@y.org'],
      [],
      ['r@y.org'],
      5,
      ['t'],
      'markdown',
      true,
      true,
      'executive',
    ],
  );
});

test.run();
