import { Lexer, type Token, type Tokens } from 'marked';
import type { Article, Result } from '../../types.ts';
import { readAnalystFields } from '../analyst.ts';
import { assembleArticle, emptyMeta } from '../article.ts';
import type { Block } from '../clean.ts';
import { splitFrontMatter } from '../front-matter.ts';
import type { Reader, ReaderInput } from './registry.ts';

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code =
        e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** The reader-visible text of inline tokens: markup gone, link text kept, images by their alt text. */
export function inlineText(tokens: readonly Token[] | undefined): string {
  if (!tokens) return '';
  let out = '';
  for (const t of tokens) {
    if (t.type === 'br') out += ' ';
    else if (t.type === 'html') out += '';
    else if ('tokens' in t && t.tokens && t.tokens.length > 0) out += inlineText(t.tokens);
    else if (t.type === 'image') out += (t as Tokens.Image).text;
    else if ('text' in t) out += decodeEntities(String(t.text));
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** Walks the block tokens, tracking offsets: joining top-level `raw`s reproduces the body. */
function tokensToBlocks(tokens: readonly Token[], body: string, base: number): Block[] {
  const blocks: Block[] = [];
  const push = (kind: Block['kind'], text: string, raw: string, at: number) => {
    if (!text) return;
    const local = body.indexOf(text.slice(0, 20), at);
    blocks.push({
      kind,
      text,
      offset: base + (local >= at && local < at + raw.length ? local : at),
    });
  };
  const walk = (list: readonly Token[], at: number, quote: boolean) => {
    let pos = at;
    for (const t of list) {
      const start = body.indexOf(t.raw, pos) === -1 ? pos : body.indexOf(t.raw, pos);
      switch (t.type) {
        case 'heading':
          push('heading', inlineText(t.tokens), t.raw, start);
          break;
        case 'paragraph':
        case 'text':
          push(
            quote ? 'quote' : 'paragraph',
            inlineText((t as Tokens.Paragraph).tokens) || decodeEntities(t.text ?? ''),
            t.raw,
            start,
          );
          break;
        case 'list':
          for (const item of (t as Tokens.List).items) {
            const itemStart = body.indexOf(item.raw, start);
            const inner = item.tokens.filter((x) => x.type !== 'list');
            push(
              'list-item',
              inner
                .map((x) =>
                  'tokens' in x ? inlineText(x.tokens) : ((x as Tokens.Text).text ?? ''),
                )
                .join(' ')
                .trim(),
              item.raw,
              itemStart === -1 ? start : itemStart,
            );
            walk(
              item.tokens.filter((x) => x.type === 'list'),
              itemStart === -1 ? start : itemStart,
              quote,
            );
          }
          break;
        case 'blockquote':
          walk((t as Tokens.Blockquote).tokens, start, true);
          break;
        case 'code':
          push('paragraph', (t as Tokens.Code).text, t.raw, start);
          break;
        case 'hr':
          blocks.push({ kind: 'paragraph', text: '-', offset: base + start });
          break;
        case 'html':
          push(
            'paragraph',
            decodeEntities(t.text.replace(/<[^>]*>/g, ' '))
              .replace(/\s+/g, ' ')
              .trim(),
            t.raw,
            start,
          );
          break;
        case 'table': {
          const table = t as Tokens.Table;
          for (const row of [table.header, ...table.rows]) {
            push('paragraph', row.map((cell) => inlineText(cell.tokens)).join(' | '), t.raw, start);
          }
          break;
        }
        default:
          break;
      }
      pos = start + t.raw.length;
    }
  };
  walk(tokens, 0, false);
  return blocks;
}

function readMarkdown({ source, path, options }: ReaderInput): Result<Article[]> {
  const { data, body, bodyOffset } = splitFrontMatter(source.text, path);
  const fields = readAnalystFields(data, path);
  const meta = { ...emptyMeta(), ...fields.meta };
  let blocks = tokensToBlocks(new Lexer({ gfm: true }).lex(body), body, bodyOffset);
  // Without a front-matter title, a leading heading is the title.
  if (meta.title === null && blocks[0]?.kind === 'heading') {
    meta.title = blocks[0].text;
    blocks = blocks.slice(1);
  }
  const { value, diagnostics } = assembleArticle(
    source,
    blocks,
    meta,
    { path, format: 'markdown', record: null },
    fields.analyst,
    options,
  );
  return { value: [value], diagnostics };
}

/** Markdown with optional YAML front-matter; headings, lists and block quotes keep their kind. */
export const markdownReader: Reader = {
  format: 'markdown',
  extensions: ['.md', '.markdown'],
  description:
    'Markdown with optional YAML front-matter (title, source, classification, summary …)',
  read: readMarkdown,
};
