/**
 * Markdown escaping for untrusted text (anything that came from an article).
 *
 * Every character that can start Markdown structure is backslash-escaped, and line breaks
 * fold to spaces, so an escaped value can never add a heading, list, link, image, table,
 * HTML, container or page break to a brief — it can only ever be text. CommonMark lets any
 * ASCII punctuation be escaped, and marked gives it back as the plain character. The dot is
 * escaped too, which stops GFM from turning `www.x.org` or `a@b.org` into links.
 */
const SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&:=^$"]/g;

export function mdEscape(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(SPECIAL, '\\$&');
}

/**
 * Escapes every string in a value, deeply: the view model's article-derived parts go
 * through this once, so no template can forget to escape.
 */
export function escapeDeep<T>(value: T): T {
  if (typeof value === 'string') return mdEscape(value) as T;
  if (Array.isArray(value)) return value.map(escapeDeep) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = escapeDeep(v);
    return out as T;
  }
  return value;
}
