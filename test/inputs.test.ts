import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from '../src/main.ts';
import { captureIo, pdfText, tempDir } from './helpers.ts';

const PAGE = readFileSync(new URL('fixtures/ingest/html/saved-page.html', import.meta.url));

test('an http URL is fetched, read as the page it is, and built', async () => {
  const server = createServer((req, res) => {
    if (req.url === '/story') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    } else if (req.url === '/moved') {
      res.writeHead(301, { location: '/story' });
      res.end();
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const dir = tempDir();
    const io = captureIo(dir);
    assert.is(
      await run(['build', `${base}/moved`, '-o', 'page.pdf', '--date', '2026-11-29'], io),
      0,
      io.err(),
    );
    const text = await pdfText(readFileSync(join(dir, 'page.pdf')));
    assert.ok(text.length > 500);
    const summary = JSON.parse(
      await (async () => {
        const s = captureIo(dir);
        assert.is(await run(['build', `${base}/story`, '--emit', 'article'], s), 0, s.err());
        return s.out();
      })(),
    );
    assert.ok(summary.meta.url);
    const missing = captureIo(dir);
    assert.is(await run(['build', `${base}/nope`], missing), 4);
    assert.match(missing.err(), /404/);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('--field maps the fields of JSON records of another shape', async () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'feed.jsonl'),
    `${JSON.stringify({ headline: 'Odd shape', story: 'About 30 ships left port on Monday.' })}\n`,
  );
  const io = captureIo(dir);
  assert.is(
    await run(
      [
        'build',
        'feed.jsonl',
        '--field',
        'text=story',
        '--field',
        'title=headline',
        '--emit',
        'summary',
      ],
      io,
    ),
    0,
    io.err(),
  );
  const summary = JSON.parse(io.out());
  assert.is(summary.title, 'Odd shape');
  assert.is(summary.figures[0]?.value, 30);
  const bad = captureIo(dir);
  assert.is(await run(['build', 'feed.jsonl', '--field', 'nonsense'], bad), 2, bad.err());
});

test.run();
