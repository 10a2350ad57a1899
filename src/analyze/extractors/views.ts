/**
 * Analyst views: judgements attributed to experts, analysts, think-tank or academic
 * people, or to unnamed "observers" and "analysts". Statements by officials are
 * quotes, not views. Quotes that carry on from an expert's attributed quote join
 * that view.
 */
import type { View } from '../../types.ts';
import type { Attribution } from '../attribution.ts';
import type { Analysis } from '../context.ts';
import type { Entity } from '../entities.ts';
import { isExpertDescription } from '../roles.ts';

/** Whether a person speaks as an analyst: by role, or by working at a think tank or research body. */
function isExpert(a: Analysis, e: Entity): boolean {
  if (e.kind !== 'person') return false;
  if (isExpertDescription(e.role)) return true;
  if (!e.affiliation) return false;
  const org = a.entities.find((x) => x.name === e.affiliation);
  return org?.expertBody === true;
}

/** Every attributed analytic statement, in text order. */
export function extractViews(a: Analysis): View[] {
  const out: View[] = [];
  // The quotes each attribution introduces: its own, then those that carry on from it. A
  // carried quote joins the statement when one of the two is short; a long one is a
  // statement of its own (same speaker, same cue).
  const quoted = new Map<Attribution, string[]>();
  const separate: { at: Attribution; text: string }[] = [];
  for (const q of a.quotes) {
    if (!q.attribution) continue;
    const text = a.doc.paragraphs[q.paragraph].text.slice(q.open + 1, q.close).trim();
    const list = quoted.get(q.attribution) ?? [];
    if (q.carried && list.length > 0 && !joinsStatement(list[0], text))
      separate.push({ at: q.attribution, text });
    else list.push(text);
    quoted.set(q.attribution, list);
  }
  const statements: { at: Attribution; quotes: string[] | undefined; own: boolean }[] = [
    ...a.attributions.map((at) => ({ at, quotes: quoted.get(at), own: true })),
    ...separate.map((x) => ({ at: x.at, quotes: [x.text], own: false })),
  ];
  for (const { at, quotes, own } of statements) {
    const sp = at.speaker;
    const expert = sp.genericExpert || (sp.entity !== null && isExpert(a, sp.entity));
    if (!expert) continue;
    const p = a.doc.paragraphs[at.paragraph];
    const region = at.skip
      ? claimText(
          `${p.text.slice(at.claimStart, at.skip.from)} ${p.text.slice(at.skip.to, at.claimEnd)}`,
        )
      : claimText(p.text.slice(at.claimStart, at.claimEnd));
    let claim = region;
    if (quotes) {
      // A quoted statement: the claim is the quotation, whole, even across sentences — unless
      // the quote is a phrase inside a longer reported claim ("… a “free and open” region").
      const quoted = quotes.join(' ');
      const inside =
        quotes.length === 1 &&
        region.includes(quotes[0]) &&
        wordCount(region) > wordCount(quotes[0]) * 1.6;
      claim = inside ? region : quoted;
    }
    if (own) claim = withContinuation(a, at, claim);
    if (claim.split(/\s+/).length < 3) continue;
    const e = sp.entity;
    out.push({
      speaker: sp.name,
      role: e?.role ?? null,
      affiliation: e?.affiliation ?? null,
      cue: at.cue,
      claim,
      span: a.doc.span(
        at.paragraph,
        Math.min(at.claimStart, p.tokens[at.speakerFrom].start),
        Math.max(at.claimEnd, p.tokens[at.speakerTo - 1].end),
      ),
    });
  }
  // Carried-on statements were added after the rest: put every view back in text order.
  return out.sort((x, y) => x.span.offset - y.span.offset);
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Whether a quote that carries on from `first` is part of the same statement. */
function joinsStatement(first: string, next: string): boolean {
  const words = (t: string) => t.split(/\s+/).filter(Boolean).length;
  const sentences = (t: string) => (t.match(/[.!?](?:\s|$)/g) ?? []).length;
  return words(first) < 12 || (words(next) < 25 && sentences(next) <= 1);
}

/** The claim without the quote marks and edge punctuation around it. */
function claimText(raw: string): string {
  return raw
    .replace(/^[\s"“”‘’',:;—–-]+/, '')
    .replace(/[\s"“”‘’',:;—–-]+$/, '')
    .trim();
}

/**
 * "Observers suggest that X. It reflects Y.": a next sentence that opens with a
 * pronoun pointing back, and has no attribution of its own, continues the view.
 */
function withContinuation(a: Analysis, at: Attribution, claim: string): string {
  const next = a.doc.sentences[at.sentence.index + 1];
  if (!next || next.paragraph !== at.sentence.paragraph) return claim;
  if (at.claimEnd < at.sentence.end - 2) return claim;
  if (!/^(?:It|This|That|These|Such|They)\s/.test(next.text)) return claim;
  if (a.attributions.some((x) => x.sentence === next)) return claim;
  return `${claim}. ${next.text}`.replace(/\.\. /, '. ');
}
