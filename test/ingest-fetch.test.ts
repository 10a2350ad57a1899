import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadArticles } from '../src/commands/common.ts';
import { InputError } from '../src/diagnostics.ts';
import { fetchArticle, formatForContentType, ingest } from '../src/ingest/index.ts';
import { captureIo, tempDir } from './helpers.ts';
import { fixture } from './ingest-golden.ts';

const page = readFileSync(fixture('html', 'saved-page.html'));
let server: Server;
let base = '';
const open = new Set<import('node:net').Socket>();

/** A local server on 127.0.0.1, one route per failure the fetcher must handle. */
test.before(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    const send = (status: number, type: string | null, body: string | Uint8Array, headers = {}) => {
      res.writeHead(status, { ...(type ? { 'content-type': type } : {}), ...headers });
      res.end(body);
    };
    if (path === '/article') return send(200, 'text/html; charset=utf-8', page);
    if (path === '/cyrillic') {
      // "Москва заявила о переговорах." in Windows-1251, declared only by the header.
      const text = 'Заголовок\n\nМосква заявила о переговорах в среду.\n';
      const bytes = Uint8Array.from([...text], (c) => {
        const cp = c.codePointAt(0) ?? 0;
        return cp >= 0x410 && cp <= 0x44f ? 0xc0 + cp - 0x410 : cp;
      });
      return send(200, 'text/plain; charset=windows-1251', bytes);
    }
    if (path === '/plain')
      return send(200, 'text/plain', 'A headline\n\nA body sentence of the story.\n');
    if (path === '/redirect') return send(302, null, '', { location: '/hop2' });
    if (path === '/hop2') return send(301, null, '', { location: `${base}/article` });
    if (path === '/loop') return send(302, null, '', { location: '/loop' });
    if (path === '/to-file') return send(302, null, '', { location: 'file:///etc/passwd' });
    if (path === '/no-location') return send(302, null, '');
    if (path === '/missing') return send(404, 'text/html', 'not here');
    if (path === '/pdf') return send(200, 'application/pdf', '%PDF-1.7');
    if (path === '/untyped') {
      res.writeHead(200);
      return res.end('x');
    }
    if (path === '/declared-big') return send(200, 'text/html', 'x'.repeat(5000));
    if (path === '/streamed-big') {
      res.writeHead(200, { 'content-type': 'text/html' });
      let n = 0;
      const timer = setInterval(() => {
        if (res.destroyed || n++ > 50) {
          clearInterval(timer);
          res.end();
          return;
        }
        res.write('y'.repeat(1000));
      }, 1);
      return;
    }
    if (path === '/slow') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<p>start');
      return; // never ends
    }
    send(404, 'text/plain', 'unknown route');
  });
  server.on('connection', (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.after(async () => {
  for (const socket of open) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function rejects(promise: Promise<unknown>, code: string): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    assert.instance(error, InputError);
    assert.is((error as InputError).code, code, (error as Error).message);
    return error as InputError;
  }
  assert.unreachable(`expected InputError ${code}`);
  throw new Error('unreachable');
}

test('fetch: a page, read as HTML', async () => {
  const got = await fetchArticle(`${base}/article`);
  assert.is(got.finalUrl, `${base}/article`);
  assert.is(formatForContentType(got.contentType), 'html');
  assert.equal(got.bytes, new Uint8Array(page));
  const [article] = ingest(got.bytes, got.finalUrl, {
    from: formatForContentType(got.contentType),
  }).value;
  assert.is(article.meta.title, 'Ferry operator suspends northern routes after storm damage');
});

test('fetch: text/plain goes to the text reader', async () => {
  const got = await fetchArticle(`${base}/plain`);
  assert.is(formatForContentType(got.contentType), 'text');
});

test('fetch: the charset of the Content-Type header decodes the page', async () => {
  const { articles } = await loadArticles(captureIo(tempDir()), `${base}/cyrillic`, {}, {});
  assert.match(articles[0].paragraphs[0].text, /^Москва заявила о переговорах/);
});

test('fetch: redirects are followed, relative and absolute', async () => {
  const got = await fetchArticle(`${base}/redirect`);
  assert.is(got.finalUrl, `${base}/article`);
});

test('fetch: the redirect limit', async () => {
  await rejects(fetchArticle(`${base}/loop`, { maxRedirects: 3 }), 'too-many-redirects');
  await rejects(fetchArticle(`${base}/redirect`, { maxRedirects: 1 }), 'too-many-redirects');
});

test('fetch: a redirect off http(s), or to nowhere', async () => {
  await rejects(fetchArticle(`${base}/to-file`), 'bad-redirect');
  await rejects(fetchArticle(`${base}/no-location`), 'bad-redirect');
});

test('fetch: HTTP errors and unreadable content types', async () => {
  const error = await rejects(fetchArticle(`${base}/missing`), 'http-status');
  assert.match(error.message, /404/);
  assert.is(error.place.file, `${base}/missing`);
  await rejects(fetchArticle(`${base}/pdf`), 'bad-content-type');
  await rejects(fetchArticle(`${base}/untyped`), 'bad-content-type');
});

test('fetch: the size cap, declared or streamed', async () => {
  await rejects(fetchArticle(`${base}/declared-big`, { maxBytes: 1000 }), 'input-too-large');
  await rejects(fetchArticle(`${base}/streamed-big`, { maxBytes: 10_000 }), 'input-too-large');
});

test('fetch: the timeout covers a body that never ends', async () => {
  await rejects(fetchArticle(`${base}/slow`, { timeoutMs: 200 }), 'fetch-timeout');
});

test('fetch: bad URLs and refused connections', async () => {
  await rejects(fetchArticle('ftp://127.0.0.1/file'), 'bad-url');
  await rejects(fetchArticle('not a url'), 'bad-url');
  // A port nothing listens on: take one from a server that has just closed.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  await rejects(fetchArticle(`http://127.0.0.1:${port}/`), 'fetch-failed');
});

test('fetch: a fetchImpl can be injected', async () => {
  const calls: string[] = [];
  const fake = (async (input: string | URL | Request) => {
    calls.push(String(input));
    return new Response('<p>Injected page body text.</p>', {
      headers: { 'content-type': 'text/html' },
    });
  }) as typeof fetch;
  const got = await fetchArticle('https://example.invalid/story', { fetchImpl: fake });
  assert.equal(calls, ['https://example.invalid/story']);
  assert.is(new TextDecoder().decode(got.bytes), '<p>Injected page body text.</p>');
});

test.run();
