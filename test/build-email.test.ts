import { readFileSync, writeFileSync } from 'node:fs';
import type net from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from '../src/main.ts';
import { captureIo, SAMPLE, tempDir } from './helpers.ts';

/** Runs `fn` with a plain SMTP server on loopback that keeps every message it is sent. */
async function withSmtp(fn: (port: number, received: Buffer[]) => Promise<void>): Promise<void> {
  const received: Buffer[] = [];
  const server = new SMTPServer({
    disableReverseLookup: true,
    logger: false,
    authOptional: true,
    // Plain SMTP on loopback: smtp-server's built-in certificate has expired.
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks));
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  try {
    await fn((server.server.address() as net.AddressInfo).port, received);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

test('build --email-to builds the brief, then sends it with the PDF attached', async () => {
  await withSmtp(async (port, received) => {
    const dir = tempDir();
    const io = captureIo(dir);
    const code = await run(
      [
        'build',
        SAMPLE,
        '-o',
        'brief.pdf',
        '--date',
        '2026-11-29',
        '--email-to',
        'desk@example.org',
        '--smtp',
        `smtp://127.0.0.1:${port}`,
        '--tlp',
        'amber',
      ],
      io,
    );
    assert.is(code, 0, io.err());
    assert.is(received.length, 1);
    const mail = await simpleParser(received[0]);
    assert.match(mail.subject ?? '', /^\[TLP:AMBER\] Kim withdraws his troops/);
    assert.match(mail.text ?? '', /about 12,000 soldiers/);
    const [attachment] = mail.attachments;
    assert.is(attachment.contentType, 'application/pdf');
    assert.ok(
      attachment.content.equals(readFileSync(join(dir, 'brief.pdf'))),
      'the attachment is the PDF written',
    );
  });
});

test('build --email-to of several inputs is a batch: a failure in turn, the rest sent, a tally, exit 4', async () => {
  await withSmtp(async (port, received) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'b.txt'), readFileSync(SAMPLE, 'utf8').replace(/Kim/g, 'Kang'));
    const io = captureIo(dir);
    const smtp = ['--email-to', 'desk@example.org', '--smtp', `smtp://127.0.0.1:${port}`];
    const code = await run(['build', SAMPLE, 'missing.txt', 'b.txt', '-o', 'out/', ...smtp], io);
    assert.is(code, 4, io.err());
    assert.is(received.length, 2);
    const said = io
      .err()
      .split('\n')
      .filter((l) => /^(wrote|\S+: error|built)/.test(l));
    assert.equal(
      said.map((l) => l.replace(/ in [\d.]+ s$/, '').split(' ')[0]),
      ['missing.txt:', 'wrote', 'wrote', 'built'],
    );
    assert.match(io.err(), /\nbuilt 2, failed 1 in [\d.]+ s\n$/);
  });
});

test('build --email-to with a bad address fails before building (exit 2)', async () => {
  const io = captureIo(tempDir());
  assert.is(
    await run(
      ['build', SAMPLE, '--email-to', 'not an address', '--smtp', 'smtp://127.0.0.1:1'],
      io,
    ),
    2,
    io.err(),
  );
});

test('--watch with --email-to is refused', async () => {
  const io = captureIo(tempDir());
  assert.is(await run(['build', SAMPLE, '--watch', '--email-to', 'a@example.org'], io), 2);
  assert.match(io.err(), /error\[watch-email\]/);
});

test.run();
