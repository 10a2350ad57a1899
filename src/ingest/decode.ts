import { InputError } from '../diagnostics.ts';

/** Windows-1252's 0x80–0x9F block; the rest of the byte range is Latin-1. */
const CP1252_HIGH =
  '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd' +
  '\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178';

function decodeCp1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes)
    out += b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

/** True when the bytes look like a binary file rather than text: NULs or many control bytes. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return n > 0 && control / n > 0.1;
}

/** How the bytes say what they are, besides a BOM. */
export interface DecodeHints {
  /** A charset declared outside the bytes: the `charset` of an HTTP Content-Type. */
  charset?: string;
  /** Look for an HTML `<meta charset>` (or `http-equiv` Content-Type) near the start. */
  html?: boolean;
  /** Called with a declared charset this Node cannot decode (it is then passed over). */
  onUnknownCharset?: (label: string) => void;
}

/** A decoder for a declared encoding label, or null for a label TextDecoder does not know. */
function decoderFor(label: string): TextDecoder | null {
  try {
    return new TextDecoder(label.trim());
  } catch {
    return null;
  }
}

/** A tag's attributes (names in lower case, the first of each name), values unquoted. */
function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  // Matched in sequence from the tag name on, so text inside a quoted value is never taken
  // for an attribute of its own.
  const pattern = /\s+([^\s=>"'/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/gy;
  pattern.lastIndex = tag.search(/[\s>]/);
  for (let m = pattern.exec(tag); m; m = pattern.exec(tag)) {
    const name = m[1].toLowerCase();
    if (!out.has(name)) out.set(name, m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/** The `charset=` parameter of a Content-Type value, quoted or not. */
export function contentTypeCharset(contentType: string): string | null {
  return /;\s*charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1] ?? null;
}

/**
 * The charset an HTML page declares in its first 1,024 bytes, as browsers find it, comments
 * skipped: `<meta charset="…">`, or `<meta http-equiv="Content-Type" content="…; charset=…">`.
 */
export function htmlCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1')
    .decode(bytes.subarray(0, 1024))
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  for (const meta of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const attrs = attributes(meta);
    const charset = attrs.get('charset')?.trim();
    if (charset) return charset;
    const content = attrs.get('content');
    if (content && attrs.get('http-equiv')?.trim().toLowerCase() === 'content-type') {
      const declared = contentTypeCharset(content);
      if (declared) return declared;
    }
  }
  return null;
}

/**
 * Bytes to text. The encoding is, in order: a BOM (UTF-8, UTF-16); the charset declared
 * by the HTTP response; an HTML page's own `<meta charset>`; UTF-8 when the bytes are
 * valid UTF-8; Windows-1252 otherwise. A declared charset TextDecoder does not know is
 * passed over, and a declared UTF-8 the bytes break falls back as undeclared text does.
 * Line ends become LF and text is NFC-normalised, so every offset later on refers to this
 * one string.
 */
export function decode(bytes: Uint8Array, file: string, hints: DecodeHints = {}): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff)
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    if (looksBinary(bytes)) {
      throw new InputError('binary-input', 'the input is a binary file, not text', {
        place: { file },
        hint: 'give Briefsmith a .txt, .md, .html, .json or .jsonl article',
      });
    }
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const body = bom ? bytes.subarray(3) : bytes;
    // The server's charset outranks the page's own. A declared UTF-8 (or UTF-16, which a
    // page can only mean as UTF-8) takes the UTF-8 path below, which checks the bytes.
    const declared = bom
      ? undefined
      : [hints.charset, hints.html ? htmlCharset(body) : null]
          .map((label) => {
            if (!label) return null;
            const decoder = decoderFor(label);
            if (!decoder) hints.onUnknownCharset?.(label);
            return decoder;
          })
          .find((d) => d !== null);
    if (declared && !declared.encoding.startsWith('utf-')) text = declared.decode(body);
    else {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(body);
      } catch {
        text = decodeCp1252(body);
      }
    }
  }
  return cleanText(text.replace(/\r\n?/g, '\n'));
}

/**
 * The rest of `decode`'s clean-up, once line ends are LF: control characters other than tab
 * and newline go (they have no place in an article and break PDF text), and the text is
 * NFC-normalised. Line by line gives the same as all at once: neither step crosses a newline.
 */
export function cleanText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').normalize('NFC');
}
