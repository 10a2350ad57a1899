import { Lexer, type Token, type Tokens } from 'marked';
import { InputError } from '../../diagnostics.ts';
import { decodeEntities } from '../../html-entities.ts';
import type { Article, Result } from '../../types.ts';
import { readAnalystFields } from '../analyst.ts';
import { assembleArticle, emptyMeta } from '../article.ts';
import type { Block } from '../clean.ts';
import { splitFrontMatter } from '../front-matter.ts';
import type { SourceText } from '../source.ts';
import type { Reader, ReaderInput } from './registry.ts';

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
function tokensToBlocks(
  tokens: readonly Token[],
  body: string,
  base: number,
  source: SourceText,
): Block[] {
  const blocks: Block[] = [];
  const push = (kind: Block['kind'], text: string, raw: string, at: number) => {
    if (!text) return;
    const found = body.indexOf(text.slice(0, 20), at);
    const local = found >= at && found < at + raw.length ? found : at;
    // With inline markup (`**bold**`, links) the text is no slice of the input, so offsets inside
    // it mean nothing: the block, and any paragraph recovered from it, spans its whole source.
    const exact = body.slice(local, local + text.length).replace(/\n/g, ' ') === text;
    const rawLength = Math.max(0, at + raw.trimEnd().length - local);
    blocks.push({
      kind,
      text,
      offset: base + local,
      ...(exact ? {} : { fixedSpan: source.span(base + local, rawLength) }),
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
            push('table-row', row.map((cell) => inlineText(cell.tokens)).join(' | '), t.raw, start);
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

/**
 * Reads the analyst fields of the front-matter; a field of the wrong type is reported at the
 * line of its top-level key, as a YAML syntax error is.
 */
function frontMatterFields(
  source: SourceText,
  data: Record<string, unknown>,
  path: string,
  bodyOffset: number,
) {
  try {
    return readAnalystFields(data, path);
  } catch (error) {
    if (!(error instanceof InputError) || error.place.span) throw error;
    const key = /^`([^`.[]+)/.exec(error.message)?.[1];
    const escaped = key?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const at = escaped
      ? source.text.slice(0, bodyOffset).search(new RegExp(`^${escaped}[ \t]*:`, 'm'))
      : -1;
    if (at === -1) throw error;
    const { line, column } = source.span(at, 0);
    throw new InputError(error.code, error.message, {
      place: { file: path, span: { line, column } },
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    });
  }
}

/** Deeper nesting than this is no article: marked's recursion would overflow or crawl. */
const MAX_NESTING = 32;

/**
 * Rejects block quotes and lists nested deeper than `MAX_NESTING`, before marked sees them.
 * Depth is read off each line's prefix: quote markers, or a list marker indented by 64
 * columns or more (32 levels of the narrowest, two-space nesting).
 */
function checkNesting(
  body: string,
  bodyOffset: number,
  source: ReaderInput['source'],
  path: string,
): void {
  const deep = /^(?:[ \t]*>){33}|^[ \t]{64,}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/m.exec(body);
  if (!deep) return;
  const { line, column } = source.span(bodyOffset + deep.index, 0);
  throw new InputError(
    'too-deep',
    `block quotes or lists are nested more than ${MAX_NESTING} levels deep`,
    {
      place: { file: path, span: { line, column } },
      hint: 'flatten the nesting, or read the file as plain text with --from text',
    },
  );
}

function readMarkdown({ source, path, options }: ReaderInput): Result<Article[]> {
  const { data, body, bodyOffset } = splitFrontMatter(source.text, path);
  checkNesting(body, bodyOffset, source, path);
  const fields = frontMatterFields(source, data, path, bodyOffset);
  const meta = { ...emptyMeta(), ...fields.meta };
  let blocks = tokensToBlocks(new Lexer({ gfm: true }).lex(body), body, bodyOffset, source);
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
