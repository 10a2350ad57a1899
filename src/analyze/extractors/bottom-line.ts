/**
 * The bottom line: two or three sentences chosen from the article — the lead, plus
 * the sentences most central to it — never written anew. Centrality is how much of
 * the article's frequent vocabulary, named actors and figures a sentence carries.
 */
import type { Sentence } from '../../types.ts';
import type { Analysis } from '../context.ts';
import { FUNCTION_WORDS } from '../lexicon.ts';

const MIN_WORDS = 8;
const MAX_WORDS = 60;

/** The lead sentence and the most central others, in text order. */
export function extractBottomLine(a: Analysis): Sentence[] {
  const sentences = a.doc.sentences;
  if (sentences.length === 0) return [];
  const freq = new Map<string, number>();
  const wordsOf = sentences.map((s) => contentWords(s.text));
  for (const ws of wordsOf) for (const w of new Set(ws)) freq.set(w, (freq.get(w) ?? 0) + 1);
  const actorWeight = new Map<number, number>();
  for (const e of a.entities) {
    for (const m of e.mentions)
      actorWeight.set(
        m.sentence,
        (actorWeight.get(m.sentence) ?? 0) + Math.min(e.mentions.length, 5),
      );
  }
  const eligible = (i: number) => {
    const n = wordsOf[i].length;
    const t = sentences[i].text;
    return (
      n >= MIN_WORDS / 2 &&
      t.split(/\s+/).length >= MIN_WORDS &&
      t.split(/\s+/).length <= MAX_WORDS &&
      !/[“”"]/.test(t) &&
      !/\?$/.test(t)
    );
  };
  const score = (i: number) => {
    const ws = wordsOf[i];
    if (ws.length === 0) return 0;
    let sum = 0;
    for (const w of new Set(ws)) sum += Math.log(1 + (freq.get(w) ?? 0));
    const position = 1 / (1 + i / 4);
    return sum / Math.sqrt(ws.length) + (actorWeight.get(i) ?? 0) * 0.15 + position;
  };
  const lead = sentences.findIndex((_, i) => eligible(i));
  const leadIndex = Math.max(lead, 0);
  const ranked = sentences
    .map((_, i) => i)
    .filter((i) => i !== leadIndex && eligible(i))
    .map((i) => ({ i, s: score(i) }))
    .sort((x, y) => y.s - x.s || x.i - y.i);
  const chosen = [
    leadIndex,
    ...ranked.slice(0, sentences.length > 12 ? 2 : 1).map((r) => r.i),
  ].sort((x, y) => x - y);
  return chosen.map((i) => {
    const s = sentences[i];
    return { text: s.text, span: a.doc.span(s.paragraph, s.start, s.end) };
  });
}

function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter(
    (w) => w.length > 2 && !FUNCTION_WORDS.has(w),
  );
}
