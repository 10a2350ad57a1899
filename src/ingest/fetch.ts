import { InputError } from '../diagnostics.ts';

/** Limits for fetching one article; every one has a default. */
export interface FetchOptions {
  /** Whole request, body included; default 15 s. */
  timeoutMs?: number;
  /** Largest body in bytes; default 10 MB (the `--max-input` default). */
  maxBytes?: number;
  /** Redirects followed before giving up; default 5. */
  maxRedirects?: number;
  /** A `fetch` to use instead of the global one (tests, proxies). */
  fetchImpl?: typeof fetch;
}

/** A fetched page: its bytes, the URL after redirects, and its media type as the server sent it. */
export interface Fetched {
  bytes: Uint8Array;
  finalUrl: string;
  contentType: string;
}

/** Media types Briefsmith can read from the web, and the reader each one goes to. */
const ACCEPTED: Record<string, 'html' | 'text'> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/plain': 'text',
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The reader format for a fetched page's content type: `html` or `text`. */
export function formatForContentType(contentType: string): 'html' | 'text' {
  return ACCEPTED[mediaType(contentType)] ?? 'html';
}

function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

function fail(
  code: string,
  message: string,
  url: string,
  hint: string,
  cause?: unknown,
): InputError {
  return new InputError(code, message, {
    place: { file: url },
    hint,
    ...(cause === undefined ? {} : { cause }),
  });
}

function httpUrl(text: string, base?: string): URL | null {
  try {
    const url = new URL(text, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** Reads a body up to `max` bytes, cancelling the stream as soon as it goes over. */
async function readCapped(response: Response, max: number, url: string): Promise<Uint8Array> {
  const tooLarge = () =>
    fail(
      'input-too-large',
      `the page at ${url} is over the ${max}-byte limit`,
      url,
      'raise the limit with --max-input BYTES',
    );
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/**
 * Fetches an article page over HTTP(S). Redirects are followed by hand (`redirect: 'manual'`)
 * so each hop is counted and checked to stay on http/https; one timeout covers the whole
 * exchange; the body is capped while it streams; only HTML and plain text are accepted.
 * Every failure is an `InputError` naming the URL.
 */
export async function fetchArticle(url: string, options: FetchOptions = {}): Promise<Fetched> {
  const {
    timeoutMs = 15_000,
    maxBytes = 10 * 1024 * 1024,
    maxRedirects = 5,
    fetchImpl = fetch,
  } = options;
  const start = httpUrl(url);
  if (!start) {
    throw fail(
      'bad-url',
      `\`${url}\` is not an http or https URL`,
      url,
      'give a URL such as https://example.org/story',
    );
  }
  let current: URL = start;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    for (let hops = 0; ; hops++) {
      const response: Response = await fetchImpl(current, {
        redirect: 'manual',
        signal,
        headers: {
          accept: 'text/html,application/xhtml+xml,text/plain;q=0.9',
          'user-agent': 'Briefsmith/0.1',
        },
      });
      if (REDIRECTS.has(response.status)) {
        await response.body?.cancel().catch(() => {});
        if (hops >= maxRedirects) {
          throw fail(
            'too-many-redirects',
            `more than ${maxRedirects} redirects fetching ${url}`,
            url,
            'fetch the final address directly',
          );
        }
        const location: string | null = response.headers.get('location');
        const next: URL | null = location === null ? null : httpUrl(location, current.href);
        if (!next) {
          throw fail(
            'bad-redirect',
            `${current} redirects to ${location ?? 'nowhere'}, which is not an http or https URL`,
            url,
            'fetch the page in a browser and save it',
          );
        }
        current = next;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        throw fail(
          'http-status',
          `${current} answered ${response.status} ${response.statusText}`.trim(),
          url,
          'check the URL; the page may need a login or may be gone',
        );
      }
      const contentType = response.headers.get('content-type') ?? '';
      if (!(mediaType(contentType) in ACCEPTED)) {
        await response.body?.cancel().catch(() => {});
        throw fail(
          'bad-content-type',
          `${current} is ${contentType || 'of no stated type'}, not a web page or text`,
          url,
          'Briefsmith reads text/html, application/xhtml+xml and text/plain pages',
        );
      }
      const bytes = await readCapped(response, maxBytes, url);
      return { bytes, finalUrl: current.href, contentType };
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (signal.aborted) {
      throw fail(
        'fetch-timeout',
        `no complete answer from ${url} within ${timeoutMs} ms`,
        url,
        'try again, or save the page and give Briefsmith the file',
        error,
      );
    }
    const reason =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    throw fail(
      'fetch-failed',
      `could not fetch ${url}: ${reason}`,
      url,
      'check the address and the network connection',
      error,
    );
  }
}
