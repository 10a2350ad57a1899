/**
 * Sources the article cites: news outlets, agencies, websites, reports and state
 * media — "according to the New York Post", "CNN reported", "seen by Reuters",
 * "North Korean state media announced". Officials and experts are speakers, not
 * sources.
 */
import type { SourceRef } from '../../types.ts';
import type { Analysis } from '../context.ts';
import type { Entity } from '../entities.ts';
import { KNOWN_OUTLETS, MEDIA_WORDS } from '../lexicon.ts';
import type { Mention } from '../mentions.ts';

const CITING_BEFORE = new Set(['by', 'in', 'from']);
const CITING_NOUNS = new Set(['report', 'reports', 'article', 'articles', 'analysis', 'review', 'investigation', 'story', 'stories', 'data', 'survey', 'study', 'interview', 'broadcast', 'footage', 'images']);
const SOURCE_VERBS = new Set(['reported', 'reports', 'reporting', 'said', 'says', 'announced', 'cited', 'cites', 'named', 'wrote', 'published', 'showed', 'shows', 'found', 'quoted', 'revealed', 'claimed', 'aired', 'broadcast']);
const STATE_MEDIA = /\b((?:[A-Z][\p{L}-]+ )*[A-Z][\p{L}-]+) state (?:media|television|TV|news agency|broadcaster|radio|newspaper)\b/u;

/** Whether an organisation is a publication, broadcaster, agency, website or report. */
export function isMedia(e: Entity): boolean {
  const ws = e.name.toLowerCase().split(/\s+/);
  if (ws.length === 1 && KNOWN_OUTLETS.has(ws[0])) return true;
  if ([...e.forms.keys()].some((f) => KNOWN_OUTLETS.has(f.toLowerCase()))) return true;
  const role = (e.role ?? '').toLowerCase();
  if (/\b(?:website|newspaper|outlet|broadcaster|news|magazine|daily|agency|wire|tracker|index)\b/.test(role)) return true;
  return MEDIA_WORDS.has(ws[ws.length - 1]);
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
      const mentions = a.mentionsBySentence[at.sentence.index].filter((m) => m.from >= at.speakerFrom && m.to <= at.speakerTo);
      if (head >= 0 && mentions.length > 0 && mentions[0].to <= np[head].index) {
        const m = mentions[0];
        const name = `${m.text} ${np[head].text}`;
        add(name, at.cue, at.paragraph, m.start, np[head].end);
        continue;
      }
      if (e && e.kind === 'organization') {
        add(e.name, at.cue, at.paragraph, tokens[at.speakerFrom].start, tokens[at.speakerTo - 1].end);
        continue;
      }
    } else if (e && e.kind === 'organization' && isMedia(e) && SOURCE_VERBS.has(tokens[at.cueAt].lower)) {
      add(e.name, at.cue, at.paragraph, tokens[at.speakerFrom].start, tokens[at.speakerTo - 1].end);
    }
  }

  for (const s of a.doc.sentences) {
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
      const cited =
        (before && CITING_BEFORE.has(before.lower)) ||
        (before && /^(?:website|websites|newspaper|outlet|agency|broadcaster)$/.test(before.lower)) ||
        (verb && SOURCE_VERBS.has(verb.lower) && !verb.cap) ||
        (listed && out.some((o) => o.span.offset < a.doc.span(s.paragraph, m.start, m.end).offset && o.span.line === a.doc.span(s.paragraph, m.start, m.end).line));
      if (cited) add(e.name, before?.lower ?? verb?.lower ?? '', s.paragraph, m.start, m.end);
    }
    // "North Korean state media announced …"
    const sm = STATE_MEDIA.exec(s.text);
    if (sm) {
      const start = s.start + sm.index;
      add(sm[0], 'state media', s.paragraph, start, start + sm[0].length);
    }
  }
  return out.sort((x, y) => x.span.offset - y.span.offset);
}
