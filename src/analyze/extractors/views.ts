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
export function isExpert(a: Analysis, e: Entity): boolean {
  if (e.kind !== 'person') return false;
  if (isExpertDescription(e.role)) return true;
  if (!e.affiliation) return false;
  const org = a.entities.find((x) => x.name === e.affiliation);
  return org?.expertBody === true;
}

/** Every attributed analytic statement, in text order. */
export function extractViews(a: Analysis): View[] {
  const out: View[] = [];
  const carried = new Map<Attribution, string[]>();
  for (const q of a.quotes) {
    if (q.carried && q.attribution) {
      const list = carried.get(q.attribution) ?? [];
      list.push(a.doc.paragraphs[q.paragraph].text.slice(q.open + 1, q.close).trim());
      carried.set(q.attribution, list);
    }
  }
  for (const at of a.attributions) {
    const sp = at.speaker;
    const expert = sp.genericExpert || (sp.entity !== null && isExpert(a, sp.entity));
    if (!expert) continue;
    const p = a.doc.paragraphs[at.paragraph];
    let claim = claimText(p.text.slice(at.claimStart, at.claimEnd));
    const more = carried.get(at);
    if (more) claim = [claim, ...more].join(' ');
    claim = withContinuation(a, at, claim);
    if (claim.split(/\s+/).length < 3) continue;
    const e = sp.entity;
    out.push({
      speaker: sp.name,
      role: e?.role ?? null,
      affiliation: e?.affiliation ?? null,
      cue: at.cue,
      claim,
      span: a.doc.span(at.paragraph, Math.min(at.claimStart, p.tokens[at.speakerFrom].start), Math.max(at.claimEnd, p.tokens[at.speakerTo - 1].end)),
    });
  }
  return out;
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
