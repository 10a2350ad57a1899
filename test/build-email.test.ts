import { readFileSync } from 'node:fs';
import type net from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from '../src/main.ts';
import { captureIo, SAMPLE, tempDir } from './helpers.ts';

test('build --email-to builds the brief, then sends it with the PDF attached', async () => {
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
    const port = (server.server.address() as net.AddressInfo).port;
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
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
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
