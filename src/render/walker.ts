import { readFileSync, statSync } from 'node:fs';
import { extname, isAbsolute, resolve, sep } from 'node:path';
import type { Token, Tokens } from 'marked';
import type { Diagnostic } from '../types.ts';
import type { FontPlan } from './fonts.ts';
import { mapNode } from './map/index.ts';
import type { ContainerToken } from './markdown.ts';
import { PORTION_MARK } from './markdown.ts';
import type { Theme } from './theme.ts';
import { contentWidth } from './theme.ts';

/** A pdfmake content node. Kept loose here; the document builder hands it to pdfmake as is. */
export type PdfNode = Record<string, unknown>;
/** An inline run: a string or a styled text node. */
type Run = string | PdfNode;

export interface WalkContext {
  theme: Theme;
  /** The Markdown file name for diagnostics. */
  file: string;
  diagnostics: Diagnostic[];
  /** Line of the token being walked, for diagnostics. */
  line: number;
  /** Headings become PDF bookmarks; ids let level-3 headings nest under level 2. */
  outline: { counter: number; parent: string | null };
  /** Splits runs by which font can draw them. */
  fonts: FontPlan;
  /** Folders images may come from; relative image paths resolve against the first. */
  assetDirs: readonly string[];
  /** The document has a `:::toc`, so section headings are listed in it. */
  hasToc: boolean;
}

const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const IMAGE_TYPES: Record<string, { mime: string; magic: number[] }> = {
  '.png': { mime: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
  '.jpg': { mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  '.jpeg': { mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
};

/**
 * An image from an allowed folder, embedded as a data URL so pdfmake itself never reads
 * the file system. Anything else is a warning and prints as its alt text.
 */
function image(t: Tokens.Image, ctx: WalkContext): PdfNode | null {
  const refuse = (why: string) => {
    warn(
      ctx,
      'image-refused',
      `image \`${t.href}\` not included: ${why}`,
      "images must be PNG or JPEG files in the template's or the input's folder, at most 5 MB",
    );
    return null;
  };
  if (/^[a-z][a-z0-9+.-]*:/i.test(t.href)) return refuse('only local files are allowed');
  const path = isAbsolute(t.href) ? resolve(t.href) : resolve(ctx.assetDirs[0] ?? '.', t.href);
  if (!ctx.assetDirs.some((dir) => path.startsWith(resolve(dir) + sep)))
    return refuse('outside the allowed folders');
  const type = IMAGE_TYPES[extname(path).toLowerCase()];
  if (!type) return refuse('not a PNG or JPEG file');
  let bytes: Buffer;
  try {
    if (statSync(path).size > MAX_IMAGE_BYTES) return refuse('larger than 5 MB');
    bytes = readFileSync(path);
  } catch {
    return refuse('no such file');
  }
  if (!type.magic.every((b, i) => bytes[i] === b))
    return refuse('the file is not what its extension says');
  return {
    image: `data:${type.mime};base64,${bytes.toString('base64')}`,
    fit: [contentWidth(ctx.theme), 320],
    alignment: 'center',
    margin: [0, 4, 0, 8],
  };
}

const SAFE_LINK = /^(?:https?:|mailto:)/i;

function warn(ctx: WalkContext, code: string, message: string, hint?: string) {
  ctx.diagnostics.push({
    severity: 'warning',
    code,
    message,
    file: ctx.file,
    span: { line: ctx.line, column: 1 },
    ...(hint ? { hint } : {}),
  });
}

/**
 * Joins neighbouring runs of the same style. Escapes split text into many tokens, and
 * pdfmake treats a run boundary as a possible word break, which shows up in justified text.
 */
function coalesce(runs: readonly Run[]): Run[] {
  const out: Run[] = [];
  const styleOf = (r: Run) =>
    typeof r === 'string' ? '' : JSON.stringify({ ...r, text: undefined });
  for (const r of runs) {
    const last = out[out.length - 1];
    const text = typeof r === 'string' ? r : r.text;
    if (last !== undefined && typeof text === 'string' && styleOf(last) === styleOf(r)) {
      out[out.length - 1] =
        typeof last === 'string' ? last + text : { ...last, text: `${last.text as string}${text}` };
    } else out.push(r);
  }
  return out;
}

/** Gives characters the main font lacks to a fallback font that has them, run by run. */
function withFallbackFonts(runs: readonly Run[], ctx: WalkContext): Run[] {
  return runs.flatMap((run) => {
    const text = typeof run === 'string' ? run : run.text;
    if (typeof text !== 'string') return [run];
    const parts = ctx.fonts.split(text);
    if (parts.length === 1 && parts[0].font === undefined) return [run];
    const style = typeof run === 'string' ? {} : run;
    return parts.map((p) =>
      p.font === undefined && typeof run === 'string' ? p.text : { ...style, ...p },
    );
  });
}

/** A word longer than this gets invisible break opportunities, so it can wrap. */
const LONG_WORD = 40;
/** A run of more than LONG_WORD characters without a space or a break opportunity. */
const LONG_WORDS = new RegExp(`[^\\s\u200b]{${LONG_WORD + 1},}`, 'g');
/** Each LONG_WORD characters of such a run (global: `replace` starts each search from 0). */
const LONG_WORD_PIECES = new RegExp(`(.{${LONG_WORD}})`, 'gsu');
/** pdfmake's line breaking is quadratic in a paragraph's length; longer ones are laid out in pieces. */
const LONG_PARAGRAPH = 2500;

/**
 * Inserts zero-width spaces into words too long for a line. pdfmake breaks lines only at
 * break opportunities, and cuts an unbreakable word in time quadratic in its length.
 */
function breakLongWords(text: string): string {
  if (text.length <= LONG_WORD) return text;
  return text.replace(LONG_WORDS, (word) => word.replace(LONG_WORD_PIECES, '$1\u200b'));
}

const runText = (r: Run): string => (typeof r === 'string' ? r : String(r.text));
const withText = (r: Run, text: string): Run => (typeof r === 'string' ? text : { ...r, text });

/**
 * A paragraph node. A very long paragraph (scraped text with no breaks, adversarial input)
 * becomes a stack of consecutive pieces cut at sentence or word ends, which keeps layout
 * time linear in its length.
 */
function paragraphNode(runs: Run[], style: string): PdfNode {
  const total = runs.reduce((n, r) => n + runText(r).length, 0);
  if (total <= LONG_PARAGRAPH) return { text: runs, style };
  const pieces: Run[][] = [[]];
  let length = 0;
  for (const run of runs) {
    let rest = runText(run);
    while (length + rest.length > LONG_PARAGRAPH) {
      const room = LONG_PARAGRAPH - length;
      const window = rest.slice(0, room);
      // Prefer the end of a sentence, then of a word; with neither, cut where the room ends.
      const sentence = window.search(/[.!?]["”’)]?\s(?!.*[.!?]["”’)]?\s)/s);
      const space = window.lastIndexOf(' ');
      const cut =
        sentence > room / 2
          ? window.indexOf(' ', sentence) + 1
          : space > 0
            ? space + 1
            : Math.max(room, 1);
      pieces[pieces.length - 1].push(withText(run, rest.slice(0, cut)));
      pieces.push([]);
      length = 0;
      rest = rest.slice(cut);
    }
    if (rest) pieces[pieces.length - 1].push(withText(run, rest));
    length += rest.length;
  }
  const nodes = pieces.filter((p) => p.length > 0);
  return {
    stack: nodes.map((p, i) => ({
      text: p,
      style,
      ...(i < nodes.length - 1 ? { margin: [0, 0, 0, 0] } : {}),
    })),
  };
}

/** Inline tokens to pdfmake runs; styles accumulate as the walk goes down. */
function inline(
  tokens: readonly Token[] | undefined,
  ctx: WalkContext,
  style: PdfNode = {},
): Run[] {
  if (!tokens) return [];
  const runs: Run[] = [];
  const text = (raw: string, extra: PdfNode = {}) => {
    const t = breakLongWords(raw);
    const merged = { ...style, ...extra };
    runs.push(Object.keys(merged).length === 0 ? t : { text: t, ...merged });
  };
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
        if ('tokens' in t && t.tokens && t.tokens.length > 0)
          runs.push(...inline(t.tokens, ctx, style));
        else text(t.text);
        break;
      case 'escape':
        text(t.text);
        break;
      case 'strong':
        runs.push(...inline(t.tokens, ctx, { ...style, bold: true }));
        break;
      case 'em':
        runs.push(...inline(t.tokens, ctx, { ...style, italics: true }));
        break;
      case 'del':
        runs.push(...inline(t.tokens, ctx, { ...style, decoration: 'lineThrough' }));
        break;
      case 'codespan':
        text(t.text, { background: ctx.theme.colors.boxFill });
        break;
      case 'br':
        text('\n');
        break;
      case 'link': {
        const link = t as Tokens.Link;
        // Only web and mail links become annotations; anything else stays plain text.
        const target = SAFE_LINK.test(link.href)
          ? { link: link.href, color: ctx.theme.colors.link }
          : {};
        runs.push(...inline(link.tokens, ctx, { ...style, ...target }));
        break;
      }
      case 'image':
        // An image inside running text cannot be laid out inline; block images are handled in `block`.
        warn(
          ctx,
          'inline-image',
          `image "${t.text}" inside text is shown as its alt text`,
          'put the image in a paragraph of its own',
        );
        text(`[${t.text}]`);
        break;
      case 'html':
        warn(ctx, 'unsupported-html', 'raw HTML is printed as text');
        text(t.raw);
        break;
      default:
        warn(
          ctx,
          'unsupported-inline',
          `unsupported inline Markdown \`${t.type}\` printed as text`,
        );
        text(t.raw);
    }
  }
  return withFallbackFonts(coalesce(runs), ctx);
}

/** A leading `(U)`-style portion mark becomes its own bold run so it reads as a marking. */
function withPortionMark(raw: string, runs: Run[], ctx: WalkContext): Run[] {
  const m = PORTION_MARK.exec(raw);
  if (!m || typeof runs[0] !== 'string' || !runs[0].startsWith(m[0])) return runs;
  return [
    { text: m[0], bold: true, color: ctx.theme.colors.muted },
    runs[0].slice(m[0].length),
    ...runs.slice(1),
  ];
}

function plain(runs: readonly Run[]): string {
  return runs.map((r) => (typeof r === 'string' ? r : plain([r.text as Run]))).join('');
}

/** Widths of a number's characters in ems (Roboto's; near enough for the fonts used). */
const NUMBER_EMS: Record<string, number> = { '.': 0.26, ' ': 0.25 };

/**
 * A contents entry that wraps continues under its title, not under its number: the entry is
 * indented by the width of its number ("41. ") and its first line pulled back by as much (a
 * negative `leadingIndent`). An entry without a number hangs by one em.
 */
function tocHang(text: string, ctx: WalkContext): PdfNode {
  const number = /^\d+[.)]? /.exec(text)?.[0];
  const ems = number ? [...number].reduce((n, c) => n + (NUMBER_EMS[c] ?? 0.562), 0) : 1;
  const indent = Math.round(ems * ctx.theme.fontSize * 100) / 100;
  return { tocMargin: [indent, 0, 0, 0], tocStyle: { leadingIndent: -indent } };
}

function heading(t: Tokens.Heading, ctx: WalkContext): PdfNode {
  const runs = withPortionMark(t.raw.replace(/^#+\s*/, ''), inline(t.tokens, ctx), ctx);
  const node: PdfNode = { text: runs, style: `h${Math.min(t.depth, 4)}` };
  if (t.depth === 2 || t.depth === 3) {
    const id = `h${++ctx.outline.counter}`;
    node.id = id;
    node.outline = true;
    node.outlineText = plain(runs);
    node.headlineLevel = t.depth;
    if (ctx.hasToc && t.depth === 2)
      Object.assign(node, { tocItem: true, ...tocHang(node.outlineText as string, ctx) });
    if (t.depth === 2) ctx.outline.parent = id;
    else if (ctx.outline.parent) node.outlineParentId = ctx.outline.parent;
  }
  return node;
}

function list(t: Tokens.List, ctx: WalkContext): PdfNode {
  const items = t.items.map((item) => {
    const blocks = blocksOf(item.tokens, ctx, true);
    return blocks.length === 1 ? blocks[0] : { stack: blocks };
  });
  return t.ordered
    ? { ol: items, start: typeof t.start === 'number' ? t.start : 1, style: 'list' }
    : { ul: items, style: 'list' };
}

/**
 * Column widths that fit the page: each column gets a share of the width in proportion to
 * its longest cell (square-rooted, so one long column cannot starve the others), with a floor.
 */
export function fitColumnWidths(columns: readonly number[][], available: number): number[] {
  const weights = columns.map((lengths) => Math.sqrt(Math.max(4, ...lengths)));
  const total = weights.reduce((a, b) => a + b, 0);
  const floor = Math.min(48, available / columns.length);
  const rest = available - floor * columns.length;
  return weights.map((w) => Math.floor((floor + (w / total) * rest) * 100) / 100);
}

/**
 * The relative column widths a table's delimiter row gives by its dashes, as in Pandoc:
 * `|:------|:--|` makes the first column three times as wide as the second. Null when every
 * column has as many dashes, which leaves the widths to the content.
 */
export function dashWidths(raw: string, available: number): number[] | null {
  const delimiter = raw
    .split('\n')
    .find((line) => /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(line));
  const dashes = (delimiter ?? '')
    .split('|')
    .map((cell) => (cell.match(/-/g) ?? []).length)
    .filter((n) => n > 0);
  if (dashes.length === 0 || dashes.every((n) => n === dashes[0])) return null;
  const total = dashes.reduce((a, b) => a + b, 0);
  return dashes.map((n) => Math.floor((n / total) * available * 100) / 100);
}

function table(t: Tokens.Table, ctx: WalkContext): PdfNode {
  const { colors } = ctx.theme;
  const cell = (c: Tokens.TableCell, header: boolean): PdfNode => ({
    text: inline(c.tokens, ctx),
    ...(header ? { style: 'tableHeader' } : {}),
    ...(c.align ? { alignment: c.align } : {}),
  });
  const header = t.header.map((c) => cell(c, true));
  // A header row that is one title ("| People | | |", a digest's index section) is a
  // bookmark under the section it is in; pdfmake repeats the row on each page, not the mark.
  const [title, ...rest] = t.header;
  const [titleCell] = header;
  if (
    title &&
    titleCell &&
    rest.length > 0 &&
    title.text.trim() !== '' &&
    rest.every((c) => c.text.trim() === '')
  ) {
    Object.assign(titleCell, {
      id: `h${++ctx.outline.counter}`,
      outline: true,
      outlineText: plain(titleCell.text as Run[]).trim(),
      ...(ctx.outline.parent ? { outlineParentId: ctx.outline.parent } : {}),
    });
  }
  const rows = t.rows.map((r) => r.map((c) => cell(c, false)));
  const lengths = t.header.map((h, i) => [
    h.text.length,
    ...t.rows.map((r) => r[i]?.text.length ?? 0),
  ]);
  // Cell padding and rules take 8 points a column.
  const available = contentWidth(ctx.theme) - 8 * t.header.length - 1;
  const given = dashWidths(t.raw, available);
  const widths = given?.length === t.header.length ? given : fitColumnWidths(lengths, available);
  return {
    // The header row never stands alone at the foot of a page.
    table: {
      headerRows: 1,
      keepWithHeaderRows: 1,
      dontBreakRows: true,
      widths,
      body: [header, ...rows],
    },
    layout: {
      fillColor: (row: number) =>
        row === 0 ? colors.tableHeaderFill : row % 2 === 0 ? colors.tableStripe : null,
      hLineWidth: (i: number, node: { table: { body: unknown[] } }) =>
        i === 0 || i === node.table.body.length ? 0.8 : 0.4,
      vLineWidth: () => 0,
      hLineColor: () => colors.rule,
      paddingLeft: () => 4,
      paddingRight: () => 4,
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
    style: 'table',
  };
}

/** A one-cell table: the simplest way to draw a filled, bordered box that can break across pages. */
function box(content: PdfNode[], fill: string, border: string, leftOnly: boolean): PdfNode {
  return {
    table: { widths: ['*'], body: [[{ stack: content }]] },
    layout: {
      fillColor: () => fill,
      hLineWidth: () => (leftOnly ? 0 : 0.8),
      vLineWidth: (i: number) => (leftOnly ? (i === 0 ? 2.5 : 0) : i === 0 ? 3 : 0.8),
      hLineColor: () => border,
      vLineColor: () => border,
      paddingLeft: () => 10,
      paddingRight: () => 10,
      paddingTop: () => 7,
      paddingBottom: () => 7,
    },
    margin: [0, 4, 0, 10],
  };
}

function containerNode(t: ContainerToken, ctx: WalkContext): PdfNode | null {
  if (t.name === 'map') {
    // The block's lines, Markdown escapes resolved: "kind | name | mentions".
    const lines = t.tokens.flatMap((b) =>
      b.type === 'paragraph' || b.type === 'text'
        ? plain(inline((b as Tokens.Paragraph).tokens, ctx)).split('\n')
        : [],
    );
    const { node, diagnostics } = mapNode(lines, {
      theme: ctx.theme,
      width: contentWidth(ctx.theme),
    });
    for (const d of diagnostics)
      ctx.diagnostics.push({ ...d, file: ctx.file, span: { line: ctx.line, column: 1 } });
    return node;
  }
  const inner = blocksOf(t.tokens, ctx, false);
  const { colors } = ctx.theme;
  switch (t.name) {
    case 'box': {
      const title = t.title ? [{ text: t.title.toUpperCase(), style: 'boxTitle' }] : [];
      return box([...title, ...inner], colors.boxFill, colors.boxBorder, false);
    }
    case 'note':
      return box(
        inner.map((n) => ({ ...n, style: 'note' })),
        '#f7f7f5',
        colors.rule,
        true,
      );
    case 'meta': {
      const node = { stack: inner.map((n) => ({ ...n, style: 'meta' })), margin: [0, 0, 0, 8] };
      LEAD_INS.add(node);
      return node;
    }
    case 'keep':
      // Kept on one page when it fits one (a table read down its columns, say).
      return { stack: inner, unbreakable: true };
    case 'toc':
      return {
        toc: {
          title: { text: t.title || 'Contents', style: 'h2' },
          numberStyle: { color: colors.muted },
        },
        margin: [0, 0, 0, 8],
      };
    default:
      warn(
        ctx,
        'unknown-container',
        `unknown block \`:::${t.name}\` shown as plain text`,
        'use :::box, :::note, :::meta, :::keep or :::toc',
      );
      return { stack: inner };
  }
}

function block(t: Token, ctx: WalkContext, tight: boolean): PdfNode | null {
  switch (t.type) {
    case 'space':
      return null;
    case 'heading':
      return heading(t as Tokens.Heading, ctx);
    case 'paragraph': {
      const only = t.tokens?.length === 1 ? t.tokens[0] : undefined;
      if (only?.type === 'image')
        return image(only as Tokens.Image, ctx) ?? { text: `[${only.text}]`, style: 'p' };
      return paragraphNode(
        withPortionMark(t.raw, inline(t.tokens, ctx), ctx),
        tight ? 'listItem' : 'p',
      );
    }
    case 'text':
      return {
        text: inline(t.tokens ?? [{ type: 'text', raw: t.raw, text: t.text }], ctx),
        style: tight ? 'listItem' : 'p',
      };
    case 'list':
      return list(t as Tokens.List, ctx);
    case 'table':
      return table(t as Tokens.Table, ctx);
    case 'blockquote':
      return box(
        blocksOf((t as Tokens.Blockquote).tokens, ctx, false).map((n) => ({
          ...n,
          style: 'quote',
        })),
        '#ffffff',
        ctx.theme.colors.accent,
        true,
      );
    case 'code':
      return box(
        [{ text: (t as Tokens.Code).text, style: 'code', preserveLeadingSpaces: true }],
        ctx.theme.colors.boxFill,
        ctx.theme.colors.rule,
        true,
      );
    case 'hr':
      return {
        canvas: [
          {
            type: 'line',
            x1: 0,
            y1: 0,
            x2: contentWidth(ctx.theme),
            y2: 0,
            lineWidth: 0.6,
            lineColor: ctx.theme.colors.rule,
          },
        ],
        margin: [0, 6, 0, 8],
      };
    case 'container':
      return containerNode(t as unknown as ContainerToken, ctx);
    case 'pagebreak':
      return { text: '', pageBreak: 'after' };
    case 'html':
      warn(ctx, 'unsupported-html', 'raw HTML block printed as text');
      return { text: t.raw.trim(), style: 'p' };
    default:
      warn(ctx, 'unsupported-block', `unsupported Markdown block \`${t.type}\` printed as text`);
      return { text: t.raw.trim(), style: 'p' };
  }
}

function blocksOf(tokens: readonly Token[], ctx: WalkContext, tight: boolean): PdfNode[] {
  const out: PdfNode[] = [];
  for (const t of tokens) {
    const node = block(t, ctx, tight);
    if (node) out.push(node);
  }
  return out;
}

/**
 * Walks top-level tokens to pdfmake content. Line numbers for diagnostics come from
 * the tokens' `raw` text, which joins back into the Markdown.
 */
export function walk(tokens: readonly Token[], ctx: WalkContext): PdfNode[] {
  const out: PdfNode[] = [];
  for (const t of tokens) {
    const node = block(t, ctx, false);
    if (node) out.push(node);
    ctx.line += (t.raw.match(/\n/g) ?? []).length;
  }
  return keepHeadingsWithNext(out);
}

/** Roughly how tall a block is, in lines: enough to tell a short block from a long one. */
function roughLines(node: PdfNode): number {
  if (Array.isArray(node.stack))
    return (node.stack as PdfNode[]).reduce((n, c) => n + roughLines(c), 0);
  const table = node.table as { body?: unknown[][] } | undefined;
  // A row is as tall as its tallest cell: a box is a one-cell table holding paragraphs.
  if (table?.body)
    return table.body.reduce<number>(
      (n, row) => n + Math.max(2, ...row.map((cell) => roughLines(cell as PdfNode))),
      0,
    );
  const items = (node.ul ?? node.ol) as unknown[] | undefined;
  if (items) return items.length * 2;
  const text = node.text;
  const length =
    typeof text === 'string' ? text.length : Array.isArray(text) ? plain(text as Run[]).length : 40;
  return Math.ceil(length / 90) + 1;
}

/** A heading and a block shorter than this stay on one page together. */
const KEEP_WITH_HEADING_LINES = 24;

/** The line under a heading that belongs to it (a `:::meta` source line), not to what follows. */
const LEAD_INS = new WeakSet<PdfNode>();

const isHeading = (node: PdfNode) => typeof node.style === 'string' && /^h[2-4]$/.test(node.style);

/**
 * A section heading stays on the same page as the start of its section: the heading, the
 * headings and `:::meta` lines right under it, and the first block after them when it is
 * short, become one unbreakable stack. A digest article's number and title, its source line
 * and its bottom-line box then move to the next page together rather than leave the heading
 * at a page foot. (pdfmake's `pageBreakBefore` would do this for any length, but its second
 * layout pass moves canvas drawings — the map — twice.)
 */
function keepHeadingsWithNext(nodes: PdfNode[]): PdfNode[] {
  const out: PdfNode[] = [];
  for (let i = 0; i < nodes.length; i++) {
    if (!isHeading(nodes[i])) {
      out.push(nodes[i]);
      continue;
    }
    let end = i + 1;
    while (end < nodes.length && (isHeading(nodes[end]) || LEAD_INS.has(nodes[end]))) end++;
    const next = nodes[end];
    const lines = (group: PdfNode[]) => group.reduce((n, node) => n + roughLines(node), 0);
    const withNext =
      next !== undefined &&
      !next.pageBreak &&
      lines(nodes.slice(i, end + 1)) <= KEEP_WITH_HEADING_LINES;
    const group = nodes.slice(i, withNext ? end + 1 : end);
    out.push(group.length === 1 ? group[0] : { stack: group, unbreakable: true });
    i += group.length - 1;
  }
  return out;
}
