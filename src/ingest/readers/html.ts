import { createRequire } from 'node:module';
import type { Readability as ReadabilityClass } from '@mozilla/readability';
import type { parseHTML as ParseHTML } from 'linkedom';
import { BriefsmithError, InputError } from '../../diagnostics.ts';
import type { Article, ArticleMeta, BlockKind, Result } from '../../types.ts';
import { assembleArticle, emptyMeta } from '../article.ts';
import { type Block, clutterRule } from '../clean.ts';
import type { SourceText } from '../source.ts';
import type { Reader, ReaderInput } from './registry.ts';

const require = createRequire(import.meta.url);
/**
 * linkedom and Readability cost ~130 ms to load; only HTML input needs them, so they are
 * required on first use (their CommonJS builds, since readers are synchronous).
 */
let dom: { parseHTML: typeof ParseHTML; Readability: typeof ReadabilityClass } | undefined;
function htmlLibraries() {
  dom ??= {
    parseHTML: (require('linkedom') as { parseHTML: typeof ParseHTML }).parseHTML,
    Readability: (require('@mozilla/readability') as { Readability: typeof ReadabilityClass })
      .Readability,
  };
  return dom;
}

const words = (list: string) => list.split(' ');

/** Elements whose content is never article text. */
const SKIP = new Set(
  words(
    'script style noscript template svg iframe object embed canvas button select textarea form head img video audio picture source',
  ),
);
/** Page furniture, skipped only when Readability finds no article and the whole body is read. */
const FURNITURE = new Set(words('nav header footer aside'));
/** Elements that hold one paragraph of text. */
const TEXT_BLOCKS = new Set(words('p pre figcaption dt dd address caption summary'));
/** Elements that start a new line: text inside a paragraph is split around them. */
const BLOCK_LEVEL = new Set([
  ...TEXT_BLOCKS,
  ...words(
    'div section article main header footer aside nav figure ul ol li table thead tbody tfoot',
  ),
  ...words('tr td th blockquote dl h1 h2 h3 h4 h5 h6 hr details'),
]);

/** The small part of the DOM the walker uses; linkedom's nodes have it. */
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

const tag = (n: DomNode) => n.nodeName.toLowerCase();
const children = (n: DomNode) => Array.from(n.childNodes);
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Visible text of a node: `<br>` and nested blocks become spaces, skipped elements vanish. */
function textOf(node: DomNode): string {
  if (node.nodeType === 3) return node.textContent ?? '';
  if (node.nodeType !== 1 || SKIP.has(tag(node))) return '';
  if (tag(node) === 'br') return ' ';
  const inner = children(node).map(textOf).join('');
  return BLOCK_LEVEL.has(tag(node)) ? ` ${inner} ` : inner;
}

function hasBlockChild(node: DomNode): boolean {
  return children(node).some(
    (c) => c.nodeType === 1 && (BLOCK_LEVEL.has(tag(c)) || hasBlockChild(c)),
  );
}

interface Piece {
  kind: BlockKind;
  text: string;
  caption: boolean;
}

/** Walks the article's DOM into paragraphs, headings, list items and quotes, in reading order. */
function walk(node: DomNode, out: Piece[], quote: boolean, skipFurniture: boolean): void {
  const push = (kind: BlockKind, text: string, caption = false) => {
    const t = squash(text);
    if (t) out.push({ kind: quote && kind === 'paragraph' ? 'quote' : kind, text: t, caption });
  };
  let inline = '';
  const flushInline = () => {
    push('paragraph', inline);
    inline = '';
  };
  for (const child of children(node)) {
    if (child.nodeType === 3) {
      inline += child.textContent ?? '';
      continue;
    }
    if (child.nodeType !== 1) continue;
    const name = tag(child);
    if (SKIP.has(name) || (skipFurniture && FURNITURE.has(name))) continue;
    if (!BLOCK_LEVEL.has(name)) {
      if (hasBlockChild(child)) {
        flushInline();
        walk(child, out, quote, skipFurniture);
      } else inline += textOf(child);
      continue;
    }
    flushInline();
    if (/^h[1-6]$/.test(name)) push('heading', textOf(child));
    else if (name === 'li') {
      const own = children(child).filter((c) => !['ul', 'ol'].includes(tag(c)));
      push('list-item', own.map(textOf).join(''));
      for (const list of children(child).filter((c) => ['ul', 'ol'].includes(tag(c))))
        walk(list, out, quote, skipFurniture);
    } else if (name === 'blockquote') walk(child, out, true, skipFurniture);
    else if (name === 'tr')
      push(
        'paragraph',
        children(child)
          .filter((c) => c.nodeType === 1)
          .map((c) => squash(textOf(c)))
          .filter(Boolean)
          .join(' | '),
      );
    else if (TEXT_BLOCKS.has(name) && !hasBlockChild(child))
      push('paragraph', textOf(child), name === 'figcaption');
    else walk(child, out, quote, skipFurniture);
  }
  flushInline();
}

/** Minimal DOM queries over linkedom's document, typed loosely on purpose. */
interface Doc {
  querySelector(selector: string): (DomNode & { getAttribute(name: string): string | null }) | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
  documentElement: (DomNode & { getAttribute(name: string): string | null }) | null;
  title: string;
  body: DomNode | null;
}

function metaContent(doc: Doc, ...selectors: string[]): string | null {
  for (const selector of selectors) {
    const el = doc.querySelector(selector);
    const value =
      el?.getAttribute(el.nodeName.toLowerCase() === 'link' ? 'href' : 'content') ??
      el?.getAttribute('datetime');
    if (value?.trim()) return squash(value);
  }
  return null;
}

/** Fields of the page's JSON-LD NewsArticle, when it has one. Own properties only. */
function jsonLd(doc: Doc): {
  headline?: string;
  datePublished?: string;
  author?: string;
  publisher?: string;
} {
  const own = (o: unknown, k: string): unknown =>
    o && typeof o === 'object' && Object.hasOwn(o, k)
      ? (o as Record<string, unknown>)[k]
      : undefined;
  const name = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return v.map(name).filter(Boolean).join(', ') || undefined;
    const n = own(v, 'name');
    return typeof n === 'string' ? n : undefined;
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const graph = own(data, '@graph');
    const items: unknown[] = Array.isArray(data) ? data : Array.isArray(graph) ? graph : [data];
    const article = items.find((i) => /Article|Posting|Report/.test(String(own(i, '@type') ?? '')));
    if (!article) continue;
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return {
      headline: str(own(article, 'headline')),
      datePublished: str(own(article, 'datePublished')),
      author: name(own(article, 'author')),
      publisher: name(own(article, 'publisher')),
    };
  }
  return {};
}

/** Page metadata, read before Readability rewrites the document. */
function pageMeta(doc: Doc): ArticleMeta {
  const ld = jsonLd(doc);
  return {
    ...emptyMeta(),
    title:
      metaContent(doc, 'meta[property="og:title"]', 'meta[name="twitter:title"]') ??
      ld.headline ??
      (squash(doc.title || '') || null),
    source:
      metaContent(doc, 'meta[property="og:site_name"]', 'meta[name="application-name"]') ??
      ld.publisher ??
      null,
    url: metaContent(doc, 'link[rel="canonical"]', 'meta[property="og:url"]'),
    author:
      metaContent(
        doc,
        'meta[name="author"]',
        'meta[property="article:author"]',
        'meta[name="byl"]',
      ) ??
      ld.author ??
      null,
    published:
      metaContent(
        doc,
        'meta[property="article:published_time"]',
        'meta[name="pubdate"]',
        'meta[name="date"]',
        'meta[itemprop="datePublished"]',
        'meta[name="dc.date"]',
      ) ??
      ld.datePublished ??
      metaContent(doc, 'time[datetime]'),
    language: doc.documentElement?.getAttribute('lang')?.trim() || null,
  };
}

/**
 * HTML spans: the DOM keeps no source positions, so each block is looked up in the raw HTML by
 * a run of plain words near its start (then its last words, for the length), searching forward
 * from the previous block; the span then starts just after the tag that opens the text. A block
 * that cannot be found (entities or markup among its first words) points at the start of
 * `<body>` with length 0.
 */
function locator(source: SourceText): (text: string) => { offset: number; length: number } {
  const html = source.text;
  const bodyAt = Math.max(0, html.search(/<body\b/i));
  let from = bodyAt;
  const pattern = (words: string[]) =>
    new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'), 'g');
  const plain = (w: string) => /^[\p{L}\p{N},.;:!?%()-]+$/u.test(w);
  const notFound = { offset: bodyAt, length: 0 };
  // A short text ("News", "Related") is found only as the whole content of an element.
  const short = (text: string) => {
    if (!text.split(' ').every(plain)) return notFound;
    const re = new RegExp(`>\\s*(${pattern(text.split(' ')).source})\\s*<`, 'g');
    re.lastIndex = from;
    const found = re.exec(html);
    if (!found) return notFound;
    const offset = found.index + found[0].indexOf(found[1]);
    from = offset + found[1].length;
    return { offset, length: found[1].length };
  };
  return (text) => {
    const words = text.split(' ');
    // The first run of up to five plain words among the first twelve.
    const first = words.findIndex((w, i) => i < 12 && plain(w));
    if (first === -1) return short(text);
    let last = first;
    while (last + 1 < words.length && last - first < 4 && plain(words[last + 1])) last++;
    const head = words.slice(first, last + 1);
    if (head.join(' ').length < 8) return short(text);
    const re = pattern(head);
    re.lastIndex = from;
    const found = re.exec(html);
    if (!found) return notFound;
    // Back up over what precedes the run inside the element (an opening quote as &ldquo;).
    const tagEnd = html.lastIndexOf('>', found.index);
    const start =
      tagEnd !== -1 && found.index - tagEnd <= 60 && first > 0 ? tagEnd + 1 : found.index;
    let end = found.index + found[0].length;
    const tail = words.slice(Math.max(last + 1, words.length - 4));
    if (tail.length > 0 && tail.every(plain)) {
      const tailRe = pattern(tail);
      tailRe.lastIndex = end;
      const t = tailRe.exec(html);
      // Only when the tail is near: otherwise it matched another element's text.
      if (t && t.index - start < text.length * 3 + 200) end = t.index + t[0].length;
    }
    from = end;
    return { offset: start, length: end - start };
  };
}

/**
 * The blocks of an HTML fragment (a JSON record's `content` that holds markup), read whole:
 * no Readability, page furniture skipped.
 */
export function htmlFragmentBlocks(
  html: string,
): { kind: BlockKind; text: string; caption: boolean }[] {
  const doc = htmlLibraries().parseHTML(asDocument(html)).document as unknown as Doc;
  const pieces: Piece[] = [];
  if (doc.body) walk(doc.body, pieces, false, true);
  return pieces;
}

/** linkedom builds no `<html>`/`<body>` for a fragment; give it a whole document to parse. */
function asDocument(text: string): string {
  return /<html[\s>]/i.test(text)
    ? text
    : `<!DOCTYPE html><html><head></head><body>${text}</body></html>`;
}

function readHtml(input: ReaderInput): Result<Article[]> {
  try {
    return readHtmlDocument(input);
  } catch (error) {
    if (error instanceof BriefsmithError) throw error;
    throw new InputError('bad-html', 'the page could not be parsed as HTML', {
      place: { file: input.path },
      hint: 'save the page again, or convert it to text and read it with --from text',
      cause: error,
    });
  }
}

const toBlock = (p: Piece, source: SourceText, at: { offset: number; length: number }): Block => ({
  kind: p.kind,
  text: p.text,
  offset: at.offset,
  fixedSpan: source.span(at.offset, at.length),
  ...(p.caption ? { role: 'caption' as const } : {}),
});

/**
 * Spans for the article's pieces, and the page text that is not article text. The whole body
 * is walked once more, furniture included, and located in document order; each article piece
 * takes the span of the same text there. What is left over (navigation, related links, the
 * footer …) is returned as removed by `outside-main-text`, so `--emit article` shows it: the
 * main-text extraction drops nothing silently either.
 */
function placeBlocks(
  source: SourceText,
  pieces: readonly Piece[],
  title: string | null,
): { blocks: Block[]; outside: { block: Block; rule: string }[] } {
  const page = htmlLibraries().parseHTML(asDocument(source.text)).document as unknown as Doc;
  const all: Piece[] = [];
  if (page.body) walk(page.body, all, false, false);
  const locate = locator(source);
  const spans = all.map((p) => locate(p.text));
  const matched = new Array<boolean>(all.length).fill(false);
  const fallback = locator(source);
  let next = 0;
  const blocks = pieces.map((p) => {
    // Readability keeps the page order; look a little ahead for the same text.
    for (let k = next; k < Math.min(all.length, next + 500); k++) {
      if (!matched[k] && all[k].text === p.text) {
        matched[k] = true;
        next = k + 1;
        return toBlock(p, source, spans[k]);
      }
    }
    return toBlock(p, source, fallback(p.text));
  });
  const titleKey = title?.replace(/\s+/g, ' ').trim().toLowerCase();
  const outside = all
    .map((p, k) => ({ p, k }))
    .filter(({ p, k }) => !matched[k] && p.text.toLowerCase() !== titleKey)
    .map(({ p, k }) => ({
      block: toBlock(p, source, spans[k]),
      rule: (p.caption ? 'caption' : clutterRule(p.text)) ?? 'outside-main-text',
    }));
  return { blocks, outside };
}

function readHtmlDocument({ source, path, options }: ReaderInput): Result<Article[]> {
  const { document } = htmlLibraries().parseHTML(asDocument(source.text));
  const doc = document as unknown as Doc;
  const meta = pageMeta(doc);
  let pieces: Piece[] = [];
  let parsed: ReturnType<ReadabilityClass<DomNode>['parse']> = null;
  try {
    const { Readability } = htmlLibraries();
    parsed = new Readability<DomNode>(document as unknown as Document, {
      serializer: (node) => node as unknown as DomNode,
    }).parse();
  } catch {
    // Readability gives up on some malformed pages; the whole body is read instead.
    parsed = null;
  }
  if (parsed?.content) walk(parsed.content, pieces, false, false);
  if (pieces.length === 0) {
    const fallback = htmlLibraries().parseHTML(asDocument(source.text)).document as unknown as Doc;
    if (fallback.body) walk(fallback.body, pieces, false, true);
    // A document without <body> (a fragment): walk whatever linkedom built.
    if (pieces.length === 0 && fallback.documentElement)
      walk(fallback.documentElement, pieces, false, true);
  }
  if (parsed) {
    meta.title ??= parsed.title?.trim() || null;
    meta.author ??= parsed.byline?.replace(/^By\s+/i, '').trim() || null;
    meta.source ??= parsed.siteName?.trim() || null;
    meta.published ??= parsed.publishedTime?.trim() || null;
    meta.language ??= parsed.lang?.trim() || null;
  }
  // Readability drops a leading <h1> equal to the title; a remaining one is the title too.
  if (meta.title === null && pieces[0]?.kind === 'heading') {
    meta.title = pieces[0].text;
    pieces = pieces.slice(1);
  }
  const { blocks, outside } = placeBlocks(source, pieces, meta.title);
  const { value, diagnostics } = assembleArticle(
    source,
    blocks,
    meta,
    { path, format: 'html', record: null },
    {},
    { ...options, removed: outside },
  );
  return { value: [value], diagnostics };
}

/** A saved web page: the main text by Readability, metadata from the page's meta tags. */
export const htmlReader: Reader = {
  format: 'html',
  extensions: ['.html', '.htm', '.xhtml'],
  description: 'a saved web page: main text by Readability, title/byline/date/site from meta tags',
  read: readHtml,
};
