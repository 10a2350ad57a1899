/**
 * Sources the article cites: news outlets, agencies, websites, reports and state
 * media — "according to the New York Post", "CNN reported", "seen by Reuters",
 * "North Korean state media announced". Officials and experts are speakers, not
 * sources.
 */
import type { SourceRef } from '../../types.ts';
import type { Analysis } from '../context.ts';
import type { Entity } from '../entities.ts';
import { KNOWN_OUTLET_NAMES, KNOWN_OUTLETS, MEDIA_WORDS } from '../lexicon.ts';
import type { Mention } from '../mentions.ts';
import type { Token } from '../text.ts';

const CREDIT = /\b(?:originated (?:in|on|from|at)|contributed to this (?:report|story))\b/i;
const CITING_BEFORE = new Set(['by', 'in', 'from']);
const CITING_NOUNS = new Set([
  'report',
  'reports',
  'article',
  'articles',
  'analysis',
  'review',
  'investigation',
  'story',
  'stories',
  'data',
  'survey',
  'study',
  'interview',
  'broadcast',
  'footage',
  'images',
]);
const SOURCE_VERBS = new Set([
  'reported',
  'reports',
  'reporting',
  'said',
  'says',
  'announced',
  'cited',
  'cites',
  'named',
  'wrote',
  'published',
  'showed',
  'shows',
  'found',
  'quoted',
  'revealed',
  'claimed',
  'aired',
  'broadcast',
]);
const STATE_MEDIA_NOUNS = new Set([
  'media',
  'television',
  'tv',
  'broadcaster',
  'radio',
  'newspaper',
  'news',
]);

/** Whether an organisation is a publication, broadcaster, agency, website or report. */
function isMedia(e: Entity): boolean {
  const ws = e.name.toLowerCase().split(/\s+/);
  if (ws.length === 1 && KNOWN_OUTLETS.has(ws[0])) return true;
  if (
    [...e.forms.keys()].some(
      (f) => KNOWN_OUTLETS.has(f.toLowerCase()) || KNOWN_OUTLET_NAMES.has(f.toLowerCase()),
    )
  ) {
    return true;
  }
  const role = (e.role ?? '').toLowerCase();
  if (
    /\b(?:website|newspaper|outlet|broadcaster|news|magazine|daily|agency|wire|tracker|index)\b/.test(
      role,
    )
  )
    return true;
  return MEDIA_WORDS.has(ws[ws.length - 1]);
}

/** The last report-like noun in a speaker phrase ("… United Nations report"), or -1. */
function citingNounIn(tokens: readonly Token[], from: number, to: number): number {
  for (let k = to - 1; k >= from; k--) if (CITING_NOUNS.has(tokens[k].lower)) return k;
  return -1;
}

/** Every cited source, once each, in order of first citation. */
export function extractSources(a: Analysis): SourceRef[] {
  const out: SourceRef[] = [];
  const seen = new Set<string>();
  const add = (name: string, cue: string, paragraph: number, start: number, end: number) => {
    const key = name.toLowerCase().replace(/^the /, '');
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ name, cue, span: a.doc.span(paragraph, start, end) });
  };
  const media = (m: Mention) => {
    const e = a.entityOf(m);
    return e && e.kind === 'organization' && isMedia(e) ? e : null;
  };

  for (const at of a.attributions) {
    const e = at.speaker.entity;
    const tokens = a.doc.paragraphs[at.paragraph].tokens;
    if (at.cue === 'according to') {
      // "according to a confidential U.N. report": the report itself is the source.
      const np = tokens.slice(at.speakerFrom, at.speakerTo);
      const head = np.findIndex((t) => CITING_NOUNS.has(t.lower));
      const mentions = a.mentionsBySentence[at.sentence.index].filter(
        (m) => m.from >= at.speakerFrom && m.to <= at.speakerTo,
      );
      if (head >= 0 && mentions.length > 0 && mentions[0].to <= np[head].index) {
        const m = mentions[0];
        const name = `${a.entityOf(m)?.name ?? m.text} ${np[head].text}`;
        add(name, at.cue, at.paragraph, m.start, np[head].end);
        continue;
      }
      if (e && e.kind === 'organization') {
        add(
          e.name,
          at.cue,
          at.paragraph,
          tokens[at.speakerFrom].start,
          tokens[at.speakerTo - 1].end,
        );
      }
    } else if (
      e &&
      e.kind === 'organization' &&
      citingNounIn(tokens, at.speakerFrom, at.cueAt) >= 0
    ) {
      // "A recent United Nations report said …": the report is the source.
      const head = citingNounIn(tokens, at.speakerFrom, at.cueAt);
      const mention = a.mentionsBySentence[at.sentence.index].find(
        (m) => m.from >= at.speakerFrom && m.to <= head && a.entityOf(m) === e,
      );
      if (mention) {
        add(
          `${e.name} ${tokens[head].text}`,
          at.cue,
          at.paragraph,
          mention.start,
          tokens[head].end,
        );
      }
    } else if (
      e &&
      e.kind === 'organization' &&
      isMedia(e) &&
      SOURCE_VERBS.has(tokens[at.cueAt].lower)
    ) {
      add(e.name, at.cue, at.paragraph, tokens[at.speakerFrom].start, tokens[at.speakerTo - 1].end);
    }
  }

  for (const s of a.doc.sentences) {
    // "This story originated in VOA’s Somali Service.", "X contributed to this report.": credits.
    if (CREDIT.test(s.text)) continue;
    const tokens = a.doc.paragraphs[s.paragraph].tokens;
    const mentions = a.mentionsBySentence[s.index];
    // "seen by Reuters", "articles by The Financial Times, The Wall Street Journal and CNN".
    for (let i = 0; i < mentions.length; i++) {
      const m = mentions[i];
      const e = media(m);
      if (!e) continue;
      const before = tokens[m.from - 1]?.lower === 'the' ? tokens[m.from - 2] : tokens[m.from - 1];
      const listed = before && (before.text === ',' || before.lower === 'and');
      const verb = tokens[m.to];
      // "Asked by VOA", "interviewed by CNN": the outlet asked, it is not cited.
      const askedBy =
        before?.lower === 'by' &&
        /^(?:asked|interviewed|contacted|questioned)$/.test(tokens[before.index - 1]?.lower ?? '');
      const cited =
        (before && CITING_BEFORE.has(before.lower) && !askedBy) ||
        (before &&
          /^(?:website|websites|newspaper|outlet|agency|broadcaster)$/.test(before.lower)) ||
        (verb && SOURCE_VERBS.has(verb.lower) && !verb.cap) ||
        (listed &&
          out.some(
            (o) =>
              o.span.offset < a.doc.span(s.paragraph, m.start, m.end).offset &&
              o.span.line === a.doc.span(s.paragraph, m.start, m.end).line,
          ));
      if (cited) add(e.name, before?.lower ?? verb?.lower ?? '', s.paragraph, m.start, m.end);
    }
    // "North Korean state media announced …": a country's adjective, "state", a media noun.
    for (let i = s.from + 1; i < s.to - 1; i++) {
      if (tokens[i].lower !== 'state' || !STATE_MEDIA_NOUNS.has(tokens[i + 1].lower)) continue;
      const country = mentions.find((m) => m.to === i && m.place);
      if (!country) continue;
      const end =
        tokens[i + 1].lower === 'news' && tokens[i + 2]?.lower === 'agency' ? i + 3 : i + 2;
      const text = a.doc.paragraphs[s.paragraph].text.slice(country.start, tokens[end - 1].end);
      add(text, 'state media', s.paragraph, country.start, tokens[end - 1].end);
    }
  }
  return out.sort((x, y) => x.span.offset - y.span.offset);
}
