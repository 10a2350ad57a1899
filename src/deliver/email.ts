import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import Handlebars from 'handlebars';
import { Marked, type Token, type Tokens } from 'marked';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { mdEscape } from '../compose/escape.ts';
import { helpers } from '../compose/helpers.ts';
import { buildViewModel, type ComposeOptions } from '../compose/index.ts';
import { bannerFor } from '../compose/markings.ts';
import { loadPartials, type Template } from '../compose/template.ts';
import { DeliveryError, TemplateError, UsageError } from '../diagnostics.ts';
import { decodeEntities } from '../html-entities.ts';
import type { Io } from '../io.ts';
import { type Article, type Diagnostic, emptyFindings, type PublicSummary } from '../types.ts';

/**
 * Email delivery, the message half: the body rendered from the `email` template, the
 * .eml built with nodemailer's MailComposer, and the outbox that keeps unsent messages.
 * Sending lives in `email-smtp.ts`.
 */

/** One mailbox: a display name (possibly empty) and an address. */
export interface Mailbox {
  name: string;
  address: string;
}

/** Everything a message needs except its date, Message-ID and boundary. */
export interface EmailContent {
  from: Mailbox;
  replyTo?: Mailbox[];
  to: Mailbox[];
  cc?: Mailbox[];
  bcc?: Mailbox[];
  subject: string;
  text: string;
  html: string;
  attachment: { filename: string; content: Uint8Array };
}

/** What makes a message's bytes reproducible. Message-ID and boundary default to hashes of the content. */
export interface EmlOptions {
  date: Date;
  messageId?: string;
  boundary?: string;
}

// A plausible address: no spaces or brackets, one @, something on both sides. Anything
// stricter rejects real addresses; the server has the last word anyway.
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;

/**
 * Parses address options (`--to a@x.org --to "B <b@x.org>, c@x.org"`) into mailboxes.
 * Anything that is not an address is a usage error naming the option.
 */
export function parseAddresses(values: readonly string[], option: string): Mailbox[] {
  const out: Mailbox[] = [];
  for (const value of values) {
    const parsed = addressparser(value, { flatten: true });
    const bad = parsed.length === 0 || parsed.some((m) => !ADDRESS.test(m.address));
    if (bad || /[\r\n]/.test(value)) {
      throw new UsageError('bad-address', `\`${value}\` is not an email address (${option})`, {
        hint: 'write name@example.org or "Name <name@example.org>"; separate several with commas',
      });
    }
    for (const m of parsed) out.push({ name: m.name, address: m.address });
  }
  return out;
}

/** `[UNCLASSIFIED] Title`: the marking first, so mail filters and readers see it before anything else. */
export function subjectLine(label: string | null, title: string): string {
  const clean = title.replace(/\s+/g, ' ').trim() || 'Brief';
  return label ? `[${label}] ${clean}` : clean;
}

/** `1.2 MB`, `840 kB`, `312 bytes` (decimal units, as mail clients show them). */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** What the email body is rendered from: a brief's article and summary, or just an existing PDF. */
export interface EmailBodyInput {
  /** The article and its summary; absent when an existing PDF is attached. */
  article?: Article;
  summary?: PublicSummary;
  /** Title for a message without an article (from `--subject` or the PDF's file name). */
  title: string;
  compose: ComposeOptions;
  attachment: { filename: string; size: number };
}

/** The rendered body: the template's Markdown, its text and HTML forms, and the marking for the subject. */
export interface EmailBody {
  markdown: string;
  text: string;
  html: string;
  /** The banner text (`UNCLASSIFIED`, `TLP:AMBER`), or null when there is none. */
  label: string | null;
  title: string;
  diagnostics: Diagnostic[];
}

/** A stand-in article for a message that only attaches a PDF, so the template sees the same fields. */
function placeholderArticle(title: string, path: string): Article {
  return {
    meta: { title, source: null, url: null, author: null, published: null, language: null },
    paragraphs: [],
    removed: [],
    origin: { path, format: 'pdf', record: null },
    analyst: {},
  };
}

/**
 * Renders the `email` template into Markdown, then into a text and an HTML body. The
 * template sees the same escaped view model as a brief's template, plus `banner`,
 * `attachment` and `pdfOnly`; article text stays Markdown-escaped all the way.
 */
export async function renderEmailBody(
  input: EmailBodyInput,
  template: Template,
): Promise<EmailBody> {
  const pdfOnly = input.article === undefined;
  const article = input.article ?? placeholderArticle(input.title, input.attachment.filename);
  const summary = input.summary ?? { ...emptyFindings(), title: input.title };
  const view = buildViewModel(article, summary, template, input.compose);
  const label = bannerFor(view.classification, view.tlp)?.text ?? null;
  const data = {
    ...view.value,
    banner: label === null ? '' : mdEscape(label),
    attachment: {
      filename: mdEscape(input.attachment.filename),
      size: formatSize(input.attachment.size),
    },
    pdfOnly,
  };
  const markdown = await applyTemplate(template, data);
  const title = summary.title ?? article.meta.title ?? input.title;
  return {
    markdown,
    text: markdownToText(markdown),
    html: markdownToHtml(markdown, subjectLine(label, title)),
    label,
    title,
    diagnostics: view.diagnostics,
  };
}

async function applyTemplate(template: Template, data: object): Promise<string> {
  const hbs = Handlebars.create();
  hbs.registerHelper(helpers);
  const compileOptions = { strict: true, noEscape: true, preventIndent: true } as const;
  const fail = (error: unknown, file: string, firstLine: number) => {
    const e = error as Error & { lineNumber?: number; column?: number };
    const line = e.lineNumber === undefined ? undefined : firstLine + e.lineNumber - 1;
    return new TemplateError('template', e.message.split('\n')[0], {
      place: { file, span: line === undefined ? undefined : { line, column: (e.column ?? 0) + 1 } },
      hint: 'see docs/email.md for the fields the email template can use',
      cause: error,
    });
  };
  for (const [name, partial] of await loadPartials(template)) {
    try {
      hbs.parse(partial.source);
      hbs.registerPartial(name, hbs.compile(partial.source, compileOptions));
    } catch (error) {
      throw fail(error, partial.path, 1);
    }
  }
  try {
    const markdown = hbs.compile(template.body, compileOptions)(data);
    return `${markdown.replace(/\n{3,}/g, '\n\n').trim()}\n`;
  } catch (error) {
    throw fail(error, template.path, template.bodyLine);
  }
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Markdown → HTML for the email body. Raw HTML in the Markdown is shown as text, links
 * keep only http(s) and mailto targets, and images become their alt text (no remote
 * fetches, no tracking pixels). Article text is escaped before it gets here; this is
 * the second wall, for templates.
 */
export function markdownToHtml(markdown: string, title: string): string {
  const marked = new Marked({ gfm: true, async: false });
  marked.use({
    renderer: {
      html: (token: Tokens.HTML | Tokens.Tag) => escapeHtml(token.text),
      image: (token: Tokens.Image) => escapeHtml(token.text),
      link(token: Tokens.Link) {
        const text = this.parser.parseInline(token.tokens);
        if (!/^(https?:|mailto:)/i.test(token.href)) return text;
        return `<a href="${escapeHtml(token.href)}">${text}</a>`;
      },
    },
  });
  const body = marked.parse(markdown) as string;
  return (
    '<!doctype html>\n<html><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(title)}</title></head>\n` +
    '<body style="font-family: Helvetica, Arial, sans-serif; font-size: 15px; line-height: 1.45; color: #1a1a1a; max-width: 680px;">\n' +
    `${body}</body></html>\n`
  );
}

function inlineText(tokens: readonly Token[] | undefined): string {
  let out = '';
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'escape':
        out += t.text;
        break;
      case 'br':
        out += '\n';
        break;
      case 'link': {
        const text = inlineText(t.tokens);
        out +=
          t.href && t.href !== text && t.href !== `mailto:${text}` ? `${text} <${t.href}>` : text;
        break;
      }
      case 'image':
        out += t.text;
        break;
      case 'codespan':
      case 'html':
        out += t.text;
        break;
      default:
        out +=
          'tokens' in t && Array.isArray(t.tokens)
            ? inlineText(t.tokens)
            : decodeEntities(String((t as { text?: unknown }).text ?? ''));
    }
  }
  return out;
}

function blockText(tokens: readonly Token[], indent = ''): string[] {
  const blocks: string[] = [];
  for (const t of tokens) {
    switch (t.type) {
      case 'space':
        break;
      case 'heading': {
        const text = inlineText(t.tokens);
        const rule = t.depth === 1 ? '=' : t.depth === 2 ? '-' : '';
        blocks.push(rule ? `${text}\n${rule.repeat(Math.min(text.length, 72))}` : text);
        break;
      }
      case 'paragraph':
      case 'text':
        blocks.push(t.tokens ? inlineText(t.tokens) : decodeEntities(t.text));
        break;
      case 'list': {
        const list = t as Tokens.List;
        const start = typeof list.start === 'number' ? list.start : 1;
        const items = list.items.map((item, i) => {
          const marker = list.ordered ? `${start + i}. ` : '- ';
          const body = blockText(item.tokens).join('\n');
          return marker + body.replace(/\n/g, `\n${' '.repeat(marker.length)}`);
        });
        blocks.push(items.join('\n'));
        break;
      }
      case 'blockquote':
        blocks.push(
          blockText(t.tokens ?? [])
            .join('\n\n')
            .replace(/^/gm, '> '),
        );
        break;
      case 'code':
        blocks.push(t.text.replace(/^/gm, '    '));
        break;
      case 'hr':
        blocks.push('----');
        break;
      case 'table': {
        const table = t as Tokens.Table;
        const row = (cells: Tokens.TableCell[]) =>
          cells.map((c) => inlineText(c.tokens)).join(' | ');
        blocks.push([row(table.header), ...table.rows.map(row)].join('\n'));
        break;
      }
      case 'html':
        blocks.push(t.text.trim());
        break;
      default:
        blocks.push(
          inlineText('tokens' in t && Array.isArray(t.tokens) ? t.tokens : []) ||
            String(t.raw ?? ''),
        );
    }
  }
  return blocks.map((b) => (indent ? b.replace(/^/gm, indent) : b));
}

/** Markdown → plain text: headings underlined, lists and quotes kept, emphasis and escapes gone. */
export function markdownToText(markdown: string): string {
  const tokens = new Marked({ gfm: true }).lexer(markdown);
  return `${blockText(tokens)
    .join('\n\n')
    .replace(/[ \t]+$/gm, '')}\n`;
}

function hashHex(parts: readonly (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

const formatMailbox = (m: Mailbox) => ({ name: m.name, address: m.address });

/**
 * Builds the .eml bytes. The Bcc header is kept: the file is a draft that can be resent
 * from the outbox, and sending strips the header (see `withoutBcc`). Without a given
 * Message-ID and boundary both are derived from the content and date, so the same message
 * composed at the same instant is byte-identical.
 */
export async function composeEml(content: EmailContent, options: EmlOptions): Promise<Buffer> {
  const recipients = [...content.to, ...(content.cc ?? []), ...(content.bcc ?? [])].map(
    (m) => m.address,
  );
  const digest = hashHex([
    options.date.toISOString(),
    content.from.address,
    recipients.join(','),
    content.subject,
    createHash('sha256').update(content.attachment.content).digest('hex'),
  ]);
  const domain = content.from.address.split('@').pop() || 'briefsmith.invalid';
  const composer = new MailComposer({
    from: formatMailbox(content.from),
    ...(content.replyTo?.length ? { replyTo: content.replyTo.map(formatMailbox) } : {}),
    to: content.to.map(formatMailbox),
    ...(content.cc?.length ? { cc: content.cc.map(formatMailbox) } : {}),
    ...(content.bcc?.length ? { bcc: content.bcc.map(formatMailbox) } : {}),
    subject: content.subject.replace(/[\r\n]+/g, ' '),
    date: options.date,
    messageId: options.messageId ?? `<briefsmith.${digest.slice(0, 32)}@${domain}>`,
    baseBoundary: options.boundary ?? `briefsmith-${digest.slice(32, 48)}`,
    text: content.text,
    html: content.html,
    attachments: [
      {
        filename: content.attachment.filename,
        content: Buffer.from(content.attachment.content),
        contentType: 'application/pdf',
      },
    ],
    xMailer: false,
    // CRLF throughout, as on the wire: a saved message resends byte for byte.
    newline: 'win',
    // Nothing in a message may make nodemailer read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const node = composer.compile();
  node.keepBcc = true;
  return node.build();
}

/** The header block of a raw message (up to the first blank line) and where the body starts. */
function splitHeader(eml: Uint8Array): { header: string; bodyStart: number } {
  const bytes = Buffer.from(eml);
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  const [end, sep] =
    crlf !== -1 && (lf === -1 || crlf < lf) ? [crlf, 4] : lf !== -1 ? [lf, 2] : [bytes.length, 0];
  return { header: bytes.subarray(0, end).toString('latin1'), bodyStart: end + sep };
}

/** The unfolded values of one header field, case-insensitive (`To` may appear once per line given). */
function headerValues(header: string, name: string): string[] {
  const unfolded = header.replace(/\r?\n[ \t]+/g, ' ');
  const re = new RegExp(`^${name}:[ \\t]*(.*)$`, 'gim');
  return [...unfolded.matchAll(re)].map((m) => m[1].trim());
}

/** The SMTP envelope of a raw message, from its From/Sender and To/Cc/Bcc headers. */
export function envelopeOf(eml: Uint8Array): { from: string; to: string[] } {
  const { header } = splitHeader(eml);
  const addresses = (name: string) =>
    headerValues(header, name).flatMap((v) =>
      addressparser(v, { flatten: true }).map((m) => m.address),
    );
  const from = addresses('Sender')[0] ?? addresses('From')[0] ?? '';
  const to = [...new Set(['To', 'Cc', 'Bcc'].flatMap(addresses).filter(Boolean))];
  return { from, to };
}

/** The message as it goes on the wire: the same bytes without the Bcc header (and its folded lines). */
export function withoutBcc(eml: Uint8Array): Buffer {
  const bytes = Buffer.from(eml);
  const { header, bodyStart } = splitHeader(bytes);
  const kept = header.replace(/^Bcc:.*(?:\r?\n[ \t].*)*(?:\r?\n|$)/gim, '');
  if (kept === header) return bytes;
  const sep = bytes.subarray(Buffer.byteLength(header, 'latin1'), bodyStart);
  return Buffer.concat([
    Buffer.from(kept.replace(/\r?\n$/, ''), 'latin1'),
    sep,
    bytes.subarray(bodyStart),
  ]);
}

/** The decoded Subject of a raw message (RFC 2047 encoded words), for messages about it. */
export function subjectOf(eml: Uint8Array): string {
  const raw = headerValues(splitHeader(eml).header, 'Subject')[0] ?? '';
  return raw
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([QB])\?([^?]*)\?=/gi,
      (_m, _charset: string, enc: string, data: string) =>
        enc.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64').toString('utf8')
          : Buffer.from(
              data
                .replace(/_/g, ' ')
                .replace(/=([0-9A-F]{2})/gi, (_x, h: string) =>
                  String.fromCharCode(Number.parseInt(h, 16)),
                ),
              'latin1',
            ).toString('utf8'),
    );
}

/** `20261129T120000Z`: sortable, file-name safe. */
function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/**
 * Keeps a message that could not be sent: `output/outbox/<slug>-<UTC time>.eml`, written
 * atomically, numbered when that name is taken. Returns the path.
 */
export async function saveToOutbox(
  io: Io,
  slug: string,
  eml: Uint8Array,
  outboxDir?: string,
): Promise<string> {
  const dir = resolve(io.cwd, outboxDir ?? join('output', 'outbox'));
  const base = `${slug}-${stamp(io.now())}`;
  for (let n = 1; n <= 1000; n++) {
    const path = join(dir, `${n === 1 ? base : `${base}-${n}`}.eml`);
    let taken: boolean;
    try {
      taken = (await io.fileSize(path)) !== null;
    } catch {
      taken = true;
    }
    if (taken) continue;
    try {
      // A message holds its recipients and the brief: only its owner may read the copy.
      await io.writeFileAtomic(path, eml, { mode: 0o600 });
    } catch (error) {
      throw new DeliveryError(
        'outbox-write-failed',
        `the message was not sent, and could not be saved to ${path}`,
        {
          hint: (error as Error).message,
          cause: error,
        },
      );
    }
    return path;
  }
  throw new DeliveryError(
    'outbox-full',
    `the message was not sent, and no free outbox name was found for ${base}`,
  );
}
