/**
 * Direct quotations and who said them. Quote marks are paired in one pass per
 * paragraph (so 100,000 quote marks cost 100,000 steps); a quote's speaker is the
 * attribution right after it ("…,” Manning said), or right before it in its sentence
 * (Manning thinks “…”), or — for a quote standing alone — the speaker of the quote
 * just before it.
 */
import type { Attribution } from './attribution.ts';
import type { Doc } from './text.ts';

/** A quotation: the text between its marks, paragraph-local. */
export interface QuoteSpan {
  paragraph: number;
  /** Offsets of the opening and closing marks. */
  open: number;
  close: number;
  /** The attribution that names its speaker, when there is one. */
  attribution: Attribution | null;
  /** True when the speaker was carried over from the quote before. */
  carried: boolean;
  /** The quote before it whose speaker it carries. */
  carriedFrom: QuoteSpan | null;
}

const OPEN = '“';
const CLOSE = '”';
const STRAIGHT = '"';

/**
 * Pairs the double quotation marks of a paragraph. Curly marks say their direction; a
 * straight mark opens after a space, a bracket or the start, and closes otherwise — so one
 * stray mark cannot flip every quote after it.
 */
export function pairQuotes(text: string): { open: number; close: number }[] {
  const out: { open: number; close: number }[] = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== OPEN && ch !== CLOSE && ch !== STRAIGHT) continue;
    const opening = ch === OPEN || (ch === STRAIGHT && (i === 0 || /[\s([{—–-]/.test(text[i - 1])));
    if (opening && (ch === OPEN || open < 0 || !/[\s.,;:!?)\]]/.test(text[i + 1] ?? ' '))) {
      open = i;
    } else if (open >= 0) {
      out.push({ open, close: i });
      open = -1;
    }
  }
  return out;
}

/** Every quotation of the article, linked to its attribution. */
export function findQuotes(doc: Doc, attributions: readonly Attribution[]): QuoteSpan[] {
  const byParagraph = new Map<number, Attribution[]>();
  for (const a of attributions) {
    const list = byParagraph.get(a.paragraph) ?? [];
    list.push(a);
    byParagraph.set(a.paragraph, list);
  }
  const out: QuoteSpan[] = [];
  let previous: QuoteSpan | null = null;
  for (const p of doc.paragraphs) {
    const local = byParagraph.get(p.index) ?? [];
    for (const { open, close } of pairQuotes(p.text)) {
      const q: QuoteSpan = {
        paragraph: p.index,
        open,
        close,
        attribution: null,
        carried: false,
        carriedFrom: null,
      };
      q.attribution = attributionAfter(doc, local, q) ?? attributionBefore(doc, local, q);
      if (!q.attribution && previous?.attribution && follows(doc, previous, q)) {
        q.attribution = previous.attribution;
        q.carried = true;
        q.carriedFrom = previous;
      }
      out.push(q);
      previous = q;
    }
  }
  return out;
}

/** "…,” said X" / "…,” X said": a cue within a few words after the closing mark. */
function attributionAfter(
  doc: Doc,
  list: readonly Attribution[],
  q: QuoteSpan,
): Attribution | null {
  const tokens = doc.paragraphs[q.paragraph].tokens;
  for (const a of list) {
    const cue = tokens[a.cueAt];
    if (cue.start <= q.close) continue;
    const gap = doc.paragraphs[q.paragraph].text.slice(q.close + 1, cue.start);
    if (gap.length > 200 || /["“”]/.test(gap)) continue;
    // The cue must be in the sentence the quote ends in: "…correspondence." Ricketts' office did not respond.
    // …except a bare attribution split off by the quote's own "?" or "!": “… ?” Gause said.
    const bare =
      a.sentence.start <= q.close + 2 &&
      a.sentence.text.length <= 60 &&
      /[?!]$/.test(doc.paragraphs[q.paragraph].text.slice(q.open, q.close).trim());
    if (doc.sentenceAt(q.paragraph, q.close).index !== a.sentence.index && !bare) continue;
    if (a.claimEnd <= q.open) continue;
    return a;
  }
  return null;
}

/** "Manning thinks “…”": the last cue before the opening mark, in the same sentence. */
function attributionBefore(
  doc: Doc,
  list: readonly Attribution[],
  q: QuoteSpan,
): Attribution | null {
  const tokens = doc.paragraphs[q.paragraph].tokens;
  const sentence = doc.sentenceAt(q.paragraph, q.open);
  let best: Attribution | null = null;
  for (const a of list) {
    const cue = tokens[a.cueAt];
    if (cue.start >= q.open || a.sentence !== sentence) continue;
    const gap = doc.paragraphs[q.paragraph].text.slice(cue.end, q.open);
    if (/["“”]/.test(gap)) continue;
    best = a;
  }
  return best;
}

/** The quote right after another: the next sentence, or the next paragraph's start. */
function follows(doc: Doc, prev: QuoteSpan, q: QuoteSpan): boolean {
  if (prev.paragraph === q.paragraph) {
    const a = doc.sentenceAt(prev.paragraph, prev.close).index;
    const b = doc.sentenceAt(q.paragraph, q.open).index;
    const between = doc.paragraphs[q.paragraph].text.slice(prev.close + 1, q.open);
    return b - a <= 1 && between.length < 200;
  }
  return q.paragraph === prev.paragraph + 1 && q.open <= 1;
}
