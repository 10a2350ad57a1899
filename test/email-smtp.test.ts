import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type EmailArgs, email, emailArgsFrom } from '../src/commands/email.ts';
import { envelopeOf } from '../src/deliver/email.ts';
import { captureIo, SAMPLE, tempDir } from './helpers.ts';

/*
 * Email against a real SMTP server: smtp-server on 127.0.0.1, port 0, started and closed
 * by each test. Messages are parsed back with mailparser. Nothing here touches any other
 * address, and every wait is bounded by a timeout.
 */

const PDF = new URL('fixtures/email/brief.pdf', import.meta.url).pathname;
const PASSWORD = 's3cret-Pa55';

interface Received {
  from: string;
  to: string[];
  raw: Buffer;
  secure: boolean;
  user: unknown;
}

interface TestServer {
  port: number;
  messages: Received[];
  auths: { method: string; username: string }[];
  connections: number;
  close(): Promise<void>;
}

/** Starts smtp-server on 127.0.0.1 with a free port; `close()` ends it and every open connection. */
async function startServer(options: Partial<SMTPServerOptions> = {}): Promise<TestServer> {
  const messages: Received[] = [];
  const auths: TestServer['auths'] = [];
  const state = { connections: 0 };
  const server = new SMTPServer({
    disableReverseLookup: true,
    logger: false,
    authOptional: true,
    onConnect(_session, cb) {
      state.connections++;
      cb();
    },
    onAuth(auth, _session, cb) {
      auths.push({ method: auth.method, username: auth.username ?? '' });
      if (auth.username === 'alice' && auth.password === PASSWORD) cb(null, { user: 'alice' });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          secure: session.secure,
          user: session.user,
        });
        cb();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as net.AddressInfo).port;
  return {
    port,
    messages,
    auths,
    get connections() {
      return state.connections;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function args(extra: Record<string, unknown>): EmailArgs {
  return emailArgsFrom({ template: 'intel', retryDelay: 1, ...extra });
}

/** Runs `email` with a captured Io; the sleep hook records backoff delays instead of waiting long. */
async function run(a: EmailArgs, options: { cwd?: string; env?: Record<string, string> } = {}) {
  const io = captureIo(options.cwd ?? tempDir(), { env: options.env });
  const delays: number[] = [];
  const result = await email(a, io, {
    sleep: async (ms) => {
      delays.push(ms);
    },
  });
  const printed = result.diagnostics.items
    .map((d) => `${d.severity}[${d.code}] ${d.message}\n  hint: ${d.hint ?? ''}`)
    .join('\n');
  return { ...result, io, delays, printed, codes: result.diagnostics.items.map((d) => d.code) };
}

function outbox(cwd: string): string[] {
  const dir = join(cwd, 'output', 'outbox');
  return existsSync(dir) ? readdirSync(dir).map((f) => join(dir, f)) : [];
}

test('plain SMTP: an article becomes a message with a text body, an HTML body and the PDF', async () => {
  const server = await startServer({ disabledCommands: ['STARTTLS'] });
  try {
    const r = await run(
      args({
        input: SAMPLE,
        to: ['Desk <desk@example.org>', 'b@example.org'],
        cc: ['c@example.org'],
        bcc: ['hidden@example.org'],
        from: 'Analyst <analyst@example.org>',
        replyTo: ['replies@example.org'],
        smtp: `smtp://127.0.0.1:${server.port}`,
        eml: 'copy.eml',
        date: '2026-11-27T15:30:00Z',
      }),
    );
    assert.is(r.exitCode, 0, r.printed);
    assert.is(server.messages.length, 1);
    const got = server.messages[0];
    assert.is(got.from, 'analyst@example.org');
    assert.equal(got.to.sort(), [
      'b@example.org',
      'c@example.org',
      'desk@example.org',
      'hidden@example.org',
    ]);
    assert.not.match(got.raw.toString('latin1'), /^Bcc:/im, 'Bcc never goes on the wire');
    assert.match(
      readFileSync(join(r.io.cwd, 'copy.eml'), 'latin1'),
      /^Bcc: hidden@example\.org/m,
      'the .eml draft keeps Bcc',
    );

    const mail = await simpleParser(got.raw);
    assert.match(mail.subject ?? '', /^\[UNCLASSIFIED\] Kim withdraws his troops from Ukraine/);
    assert.is(mail.replyTo?.text, 'replies@example.org');
    assert.ok(mail.text?.startsWith('UNCLASSIFIED\n'), mail.text);
    assert.ok(mail.text?.trimEnd().endsWith('UNCLASSIFIED'));
    for (const expected of [
      'Bottom line up front',
      'Key figures',
      'about 12,000 soldiers',
      'Key actors',
      'Kim Jong-un',
      '271530Z NOV 26',
    ]) {
      assert.ok(mail.text?.includes(expected), `text body lacks ${expected}`);
      assert.ok(String(mail.html).includes(expected), `HTML body lacks ${expected}`);
    }
    assert.match(String(mail.html), /<h2>Bottom line up front<\/h2>/);
    assert.is(mail.attachments.length, 1);
    const [pdf] = mail.attachments;
    assert.is(pdf.contentType, 'application/pdf');
    assert.is(pdf.filename, 'kim-withdraws-his-troops-from-ukraine-a-symbolic-gesture-or.pdf');
    assert.is(pdf.content.subarray(0, 5).toString(), '%PDF-');
    assert.match(
      r.io.err(),
      /wrote copy\.eml\nsent to .*desk@example\.org.* via smtp:\/\/127\.0\.0\.1:\d+\n$/,
    );
    assert.equal(outbox(r.io.cwd), [], 'nothing left in the outbox');
  } finally {
    await server.close();
  }
});

test('an existing PDF is attached byte for byte; the subject comes from the file name or --subject', async () => {
  const server = await startServer({ disabledCommands: ['STARTTLS'] });
  try {
    const bytes = readFileSync(PDF);
    const r = await run(
      args({
        input: PDF,
        to: ['a@example.org'],
        smtp: `smtp://127.0.0.1:${server.port}`,
        tlp: 'amber',
      }),
    );
    assert.is(r.exitCode, 0, r.printed);
    const mail = await simpleParser(server.messages[0].raw);
    assert.is(mail.subject, '[TLP:AMBER] Brief');
    assert.match(mail.text ?? '', /^TLP:AMBER\n/);
    assert.match(mail.text ?? '', /The brief is attached as brief\.pdf \(654 bytes\)/);
    assert.not.match(mail.text ?? '', /Bottom line up front/);
    assert.ok(mail.attachments[0].content.equals(bytes));

    const named = await run(
      args({
        input: PDF,
        to: ['a@example.org'],
        smtp: `smtp://127.0.0.1:${server.port}`,
        subject: 'Weekly brief',
      }),
    );
    assert.is(named.exitCode, 0, named.printed);
    assert.ok(named.codes.includes('pdf-marking'), 'an unknown marking is a warning');
    assert.is((await simpleParser(server.messages[1].raw)).subject, '[UNCLASSIFIED] Weekly brief');
  } finally {
    await server.close();
  }
});

test('AUTH PLAIN and AUTH LOGIN log in with the password from the environment', async () => {
  for (const method of ['PLAIN', 'LOGIN']) {
    const server = await startServer({
      authMethods: [method],
      allowInsecureAuth: true,
      authOptional: false,
      disabledCommands: ['STARTTLS'],
    });
    try {
      const r = await run(
        args({ input: PDF, to: ['a@example.org'], smtp: `smtp://alice@127.0.0.1:${server.port}` }),
        {
          env: { BRIEFSMITH_SMTP_PASSWORD: PASSWORD },
        },
      );
      assert.is(r.exitCode, 0, r.printed);
      assert.equal(server.auths, [{ method, username: 'alice' }]);
      assert.is(server.messages[0].user, 'alice');
      assert.not.ok(r.io.err().includes(PASSWORD));
    } finally {
      await server.close();
    }
  }
});

test('a wrong password: exit 7, not retried, saved to the outbox, and the password printed nowhere', async () => {
  const server = await startServer({
    allowInsecureAuth: true,
    authOptional: false,
    disabledCommands: ['STARTTLS'],
  });
  try {
    const wrong = 'Wr0ng-horse-battery';
    const r = await run(
      args({
        input: PDF,
        to: ['a@example.org'],
        smtp: `smtp://alice:${wrong}@127.0.0.1:${server.port}`,
      }),
    );
    assert.is(r.exitCode, 7);
    assert.ok(r.codes.includes('smtp-auth'), r.printed);
    assert.ok(r.codes.includes('password-on-command-line'), 'a password in --smtp is warned about');
    assert.match(r.printed, /refused the login for `alice`/);
    assert.match(r.printed, /smtp:\/\/alice@127\.0\.0\.1/);
    assert.is(server.auths.length, 1, 'authentication failures are not retried');
    const saved = outbox(r.io.cwd);
    assert.is(saved.length, 1);
    assert.match(saved[0], /output\/outbox\/brief-20261129T120000Z\.eml$/);
    if (process.platform !== 'win32') {
      assert.is(
        statSync(saved[0]).mode & 0o777,
        0o600,
        'the saved message is private to its owner',
      );
    }
    assert.ok(
      r.printed.includes('output/outbox/brief-20261129T120000Z.eml'),
      'the message says where the copy is',
    );
    assert.ok(
      r.printed.includes('briefsmith email --resend output/outbox/brief-20261129T120000Z.eml'),
    );
    for (const text of [r.printed, r.io.err(), r.io.out(), JSON.stringify(r.diagnostics.items)]) {
      assert.not.ok(text.includes(wrong), 'the password leaked');
      assert.not.ok(
        text.includes(Buffer.from(wrong).toString('base64')),
        'the encoded password leaked',
      );
    }
  } finally {
    await server.close();
  }
});

test('server down: connection refused is retried with backoff, then exit 7 and the outbox keeps the message', async () => {
  const port = await closedPort();
  const r = await run(
    args({
      input: PDF,
      to: ['a@example.org'],
      smtp: `smtp://127.0.0.1:${port}`,
      retries: 3,
      retryDelay: 5,
    }),
  );
  assert.is(r.exitCode, 7);
  assert.ok(r.codes.includes('smtp-refused'), r.printed);
  assert.match(r.printed, /refused the connection after 4 tries/);
  assert.equal(r.delays, [5, 10, 20], 'exponential backoff between the tries');
  assert.is(r.codes.filter((c) => c === 'smtp-retry').length, 3);
  const [saved] = outbox(r.io.cwd);
  assert.ok(saved, 'saved to the outbox');

  // The server comes back: --resend sends the saved message as it is.
  const server = await startServer({ disabledCommands: ['STARTTLS'] });
  try {
    const again = await run(
      emailArgsFrom({ resend: saved, smtp: `smtp://127.0.0.1:${server.port}` }),
      { cwd: r.io.cwd },
    );
    assert.is(again.exitCode, 0, again.printed);
    assert.ok(server.messages[0].raw.equals(readFileSync(saved)), 'resent byte for byte');
    assert.equal(server.messages[0].to, ['a@example.org']);
  } finally {
    await server.close();
  }
});

test('a timeout is a delivery error with a clear message', async () => {
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((s) => void sockets.add(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  try {
    const { port } = silent.address() as net.AddressInfo;
    const r = await run(
      args({
        input: PDF,
        to: ['a@example.org'],
        smtp: `smtp://127.0.0.1:${port}?timeout=0.2`,
        retries: 1,
      }),
    );
    assert.is(r.exitCode, 7);
    assert.ok(r.codes.includes('smtp-timeout'), r.printed);
    assert.match(r.printed, /did not answer in time .* after 2 tries/);
    assert.is(outbox(r.io.cwd).length, 1);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  }
});

test('a temporary 4xx reply is retried and then delivered once', async () => {
  let busy = 1;
  const server = await startServer({
    disabledCommands: ['STARTTLS'],
    onRcptTo(_address, _session, cb) {
      if (busy-- > 0)
        return cb(Object.assign(new Error('Greylisted, try again later'), { responseCode: 451 }));
      cb();
    },
  });
  try {
    const r = await run(
      args({ input: PDF, to: ['a@example.org'], smtp: `smtp://127.0.0.1:${server.port}` }),
    );
    assert.is(r.exitCode, 0, r.printed);
    assert.equal(r.delays, [1]);
    assert.is(server.messages.length, 1);
    assert.match(r.io.err(), /\(try 2\)/);
  } finally {
    await server.close();
  }
});

test('a recipient the server rejects: exit 7, and --resend --to sends to the corrected address alone', async () => {
  const server = await startServer({
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith('nobody@'))
        return cb(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      cb();
    },
  });
  try {
    const url = `smtp://127.0.0.1:${server.port}`;
    const all = await run(args({ input: PDF, to: ['nobody@example.org'], smtp: url }));
    assert.is(all.exitCode, 7);
    assert.ok(all.codes.includes('smtp-rejected'), all.printed);
    assert.match(
      all.printed,
      /rejected the recipient nobody@example\.org \(550 No such user here\)/,
    );
    assert.equal(all.delays, [], 'a permanent rejection is not retried');
    assert.is(server.messages.length, 0);

    const some = await run(
      args({ input: PDF, to: ['a@example.org', 'nobody@example.org'], smtp: url }),
    );
    assert.is(some.exitCode, 7);
    assert.match(
      some.printed,
      /sent to a@example\.org, but the SMTP server .* rejected nobody@example\.org/,
    );
    assert.is(server.messages.length, 1);
    const [saved] = outbox(some.io.cwd);
    assert.ok(some.printed.includes(`--to nobody@example.org`));
    const fixed = await run(
      emailArgsFrom({ resend: saved, to: ['somebody@example.org'], smtp: url }),
      { cwd: some.io.cwd },
    );
    assert.is(fixed.exitCode, 0, fixed.printed);
    assert.equal(server.messages[1].to, ['somebody@example.org']);
  } finally {
    await server.close();
  }
});

test('STARTTLS: the certificate is verified unless --insecure', async () => {
  // smtp-server's built-in certificate is self-signed (and expired): verification must refuse it.
  const server = await startServer({});
  try {
    const url = `smtp://127.0.0.1:${server.port}`;
    const refused = await run(args({ input: PDF, to: ['a@example.org'], smtp: url }));
    assert.is(refused.exitCode, 7);
    assert.ok(refused.codes.includes('smtp-tls'), refused.printed);
    assert.match(
      refused.printed,
      /TLS with smtp:\/\/127\.0\.0\.1:\d+ failed: certificate has expired/,
    );
    assert.match(refused.printed, /--insecure/);
    assert.is(server.messages.length, 0);

    const r = await run(args({ input: PDF, to: ['a@example.org'], smtp: url, insecure: true }));
    assert.is(r.exitCode, 0, r.printed);
    assert.ok(server.messages[0].secure, 'the message went over TLS');
  } finally {
    await server.close();
  }
});

/** A fresh self-signed certificate for 127.0.0.1, or null when openssl is not installed. */
function makeCertificate(dir: string): { key: string; cert: string; certPath: string } | null {
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'pipe' },
    );
  } catch {
    return null;
  }
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), certPath };
}

test('STARTTLS with a private CA (BRIEFSMITH_SMTP_CA) verifies, with AUTH over the encrypted channel', async () => {
  const dir = tempDir();
  const made = makeCertificate(dir);
  if (!made) return; // openssl missing: the --insecure test above still covers STARTTLS.
  const server = await startServer({ key: made.key, cert: made.cert, authOptional: false });
  try {
    const r = await run(
      args({
        input: PDF,
        to: ['a@example.org'],
        smtp: `smtp://alice@127.0.0.1:${server.port}?starttls=required`,
      }),
      {
        env: { BRIEFSMITH_SMTP_PASSWORD: PASSWORD, BRIEFSMITH_SMTP_CA: made.certPath },
      },
    );
    assert.is(r.exitCode, 0, r.printed);
    assert.ok(server.messages[0].secure);
    assert.is(server.messages[0].user, 'alice');
  } finally {
    await server.close();
  }
});

test('implicit TLS (smtps://) with --insecure', async () => {
  const server = await startServer({ secure: true, disabledCommands: ['STARTTLS'] });
  try {
    const r = await run(
      args({
        input: PDF,
        to: ['a@example.org'],
        smtp: `smtps://127.0.0.1:${server.port}`,
        insecure: true,
      }),
    );
    assert.is(r.exitCode, 0, r.printed);
    assert.ok(server.messages[0].secure);
  } finally {
    await server.close();
  }
});

test('smtps:// against a plain server is a TLS failure with advice', async () => {
  const server = await startServer({ disabledCommands: ['STARTTLS'] });
  try {
    const r = await run(
      args({
        input: PDF,
        to: ['a@example.org'],
        smtp: `smtps://127.0.0.1:${server.port}`,
        insecure: true,
        retries: 0,
      }),
    );
    assert.is(r.exitCode, 7);
    assert.ok(r.codes.includes('smtp-tls'), r.printed);
    assert.match(r.printed, /for STARTTLS on port 587 use smtp:\/\//);
  } finally {
    await server.close();
  }
});

test('a 10 MB attachment arrives intact', async () => {
  const server = await startServer({ disabledCommands: ['STARTTLS'] });
  try {
    const dir = tempDir();
    const big = Buffer.alloc(10 * 1024 * 1024);
    let x = 2463534242;
    for (let i = 0; i < big.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      big[i] = x & 0xff;
    }
    big.write('%PDF-1.4\n', 0, 'latin1');
    writeFileSync(join(dir, 'big.fake.pdf'), big);
    const r = await run(
      args({
        input: 'big.fake.pdf',
        to: ['a@example.org'],
        smtp: `smtp://127.0.0.1:${server.port}`,
      }),
      { cwd: dir },
    );
    assert.is(r.exitCode, 0, r.printed);
    const mail = await simpleParser(server.messages[0].raw);
    assert.match(mail.text ?? '', /\(10\.5 MB\)/);
    assert.ok(mail.attachments[0].content.equals(big), 'attachment bytes differ');
  } finally {
    await server.close();
  }
});

test('the SMTP URL can come from the environment or a config file; the flag wins', async () => {
  const server = await startServer({
    allowInsecureAuth: true,
    authOptional: false,
    disabledCommands: ['STARTTLS'],
  });
  try {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'secret'), `${PASSWORD}\n`);
    writeFileSync(
      join(cwd, 'briefsmith.config.yaml'),
      `email:\n  smtp: smtp://alice@127.0.0.1:${server.port}\n  passwordFile: secret\n  from: Desk <desk@example.org>\n`,
    );
    const fromConfig = await run(args({ input: PDF, to: ['a@example.org'] }), { cwd });
    assert.is(fromConfig.exitCode, 0, fromConfig.printed);
    assert.is(server.messages[0].from, 'desk@example.org');

    const down = await closedPort();
    const fromEnv = await run(args({ input: PDF, to: ['a@example.org'], retries: 0 }), {
      cwd,
      env: { BRIEFSMITH_SMTP_URL: `smtp://127.0.0.1:${down}` },
    });
    assert.is(fromEnv.exitCode, 7, 'the environment beats the config file');
    assert.match(fromEnv.printed, new RegExp(`127\\.0\\.0\\.1:${down}`));

    const fromFlag = await run(
      args({ input: PDF, to: ['a@example.org'], smtp: `smtp://alice@127.0.0.1:${server.port}` }),
      {
        cwd,
        env: { BRIEFSMITH_SMTP_URL: `smtp://127.0.0.1:${down}` },
      },
    );
    assert.is(fromFlag.exitCode, 0, fromFlag.printed);
    assert.is(server.messages.length, 2);
  } finally {
    await server.close();
  }
});

test('envelopeOf reads the saved message the way resend uses it', async () => {
  const cwd = tempDir();
  const r = await run(
    args({
      input: PDF,
      to: ['a@example.org'],
      cc: ['c@example.org'],
      bcc: ['b@example.org'],
      eml: 'x.eml',
      from: 'me@example.org',
    }),
    { cwd },
  );
  assert.is(r.exitCode, 0, r.printed);
  assert.equal(envelopeOf(readFileSync(join(cwd, 'x.eml'))), {
    from: 'me@example.org',
    to: ['a@example.org', 'c@example.org', 'b@example.org'],
  });
});

test.run();
