/**
 * Direct quotes of four words or more, with their speaker: the attribution next to
 * the quote, a pronoun resolved to the last person named, or the speaker of the
 * quote just before.
 */
import type { Quote } from '../../types.ts';
import type { Analysis } from '../context.ts';

/** Shorter quotations are scare quotes or names ("recapture"), not statements. */
export const MIN_QUOTE_WORDS = 4;

/** Every direct quote in text order. */
export function extractQuotes(a: Analysis): Quote[] {
  const out: Quote[] = [];
  for (const q of a.quotes) {
    // The comma before the closing mark belongs to the sentence around the quote, not to it.
    const text = a.doc.paragraphs[q.paragraph].text
      .slice(q.open + 1, q.close)
      .trim()
      .replace(/[\s,;:]+$/, '');
    if (wordCount(text) < MIN_QUOTE_WORDS) continue;
    const start = a.doc.paragraphs[q.paragraph].text.indexOf(text, q.open + 1);
    out.push({
      speaker: q.attribution?.speaker.name ?? null,
      text,
      span: a.doc.span(q.paragraph, start, start + text.length),
    });
  }
  return out;
}

function wordCount(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(/[\p{L}\p{N}]+/gu)) n++;
  return n;
}
