/**
 * Who said what: finds reporting verbs ("said", "noted that", "according to") and the
 * speaker on either side of them, and the stretch of the sentence they report. Quotes,
 * views and sources are all read off these attributions.
 */
import type { Entity } from './entities.ts';
import { EXPERT_NOUNS, FUNCTION_WORDS, PERSON_PRONOUNS, SPEECH_CUES } from './lexicon.ts';
import type { Mention } from './mentions.ts';
import { ROLE_NOUNS } from './roles.ts';
import type { Doc, SentenceUnit, Token } from './text.ts';

/** The one who speaks in an attribution. */
export interface Speaker {
  /** An entity's name, or the phrase as written for a generic speaker ("analysts"). */
  name: string;
  entity: Entity | null;
  /** "experts", "analysts", "observers": unnamed voices of analysis. */
  genericExpert: boolean;
  /** The phrase as written ("he", "the chief minister", "Manning"). */
  phrase: string;
}

export interface Attribution {
  sentence: SentenceUnit;
  paragraph: number;
  /** The reporting verb as written, with a helper verb: "said", "are praising", "according to". */
  cue: string;
  /** Token index (paragraph) of the cue's main word. */
  cueAt: number;
  speaker: Speaker;
  /** The reported stretch, paragraph-local offsets `[start, end)`. */
  claimStart: number;
  claimEnd: number;
  /** Token index range of the speaker phrase, to keep it out of the claim. */
  speakerFrom: number;
  speakerTo: number;
}

const SKIP_BEFORE_CUE = new Set(
  (
    'also has have had is are was were will would could may might did does do not never previously later ' +
    'recently repeatedly reportedly quickly then publicly privately earlier often still further been ' +
    'once already even just long widely n’t n\'t generally'
  ).split(' '),
);
const DETERMINERS = new Set(['a', 'an', 'the', 'some', 'many', 'several', 'most', 'other', 'few', 'two', 'three']);
/** Cues that are nouns as often as verbs: they need a named speaker right before them. */
const NOUN_LIKE_CUES = new Set(['calls', 'reports', 'claims', 'comments', 'questions', 'fears', 'watch', 'notes', 'doubts', 'estimates', 'states', 'claim', 'praise', 'fear', 'worry', 'worries', 'points', 'expected', 'found', 'called', 'described', 'reported', 'thought', 'determined']);

export interface AttributionInput {
  doc: Doc;
  mentionsBySentence: readonly Mention[][];
  entityOf: (m: Mention) => Entity | undefined;
  entities: readonly Entity[];
}

/** Every attribution of the article, in text order, with pronouns resolved. */
export function findAttributions(input: AttributionInput): Attribution[] {
  const { doc } = input;
  const out: Attribution[] = [];
  let lastPerson: Entity | null = null;
  for (const s of doc.sentences) {
    const tokens = doc.paragraphs[s.paragraph].tokens;
    const mentions = input.mentionsBySentence[s.index];
    for (let c = s.from; c < s.to; c++) {
      const t = tokens[c];
      if (t.cap && !(c === s.from && t.lower === 'according')) continue;
      const according = t.lower === 'according' && tokens[c + 1]?.lower === 'to';
      if (!according && !SPEECH_CUES.has(t.lower)) continue;
      const a: Attribution | null = according ? accordingTo(input, s, c, mentions) : reported(input, s, c, mentions, lastPerson);
      if (!a) continue;
      if (a.speaker.entity?.kind === 'person') lastPerson = a.speaker.entity;
      out.push(a);
      if (according) c++;
    }
    // A person named in the sentence is the likeliest "he" of the next one.
    for (const m of mentions) {
      const e = input.entityOf(m);
      if (e?.kind === 'person' && !out.some((a) => a.sentence === s && a.speaker.entity === lastPerson)) lastPerson = e;
    }
  }
  return out;
}

/** "According to X, …" and "…, according to X." */
function accordingTo(input: AttributionInput, s: SentenceUnit, c: number, mentions: readonly Mention[]): Attribution | null {
  const { doc } = input;
  const tokens = doc.paragraphs[s.paragraph].tokens;
  const np = phraseAfter(tokens, c + 2, s.to);
  if (!np) return null;
  const speaker = speakerOf(input, tokens, np.from, np.to, mentions, null);
  if (!speaker) return null;
  let claimStart: number;
  let claimEnd: number;
  if (c === s.from || tokens[c - 1]?.text === '(' || (c - s.from <= 2 && !tokens[c - 1]?.word)) {
    let k = np.to;
    while (k < s.to && tokens[k].text !== ',') k++;
    claimStart = tokens[Math.min(k + 1, s.to - 1)].start;
    claimEnd = s.end;
  } else {
    claimStart = s.start;
    claimEnd = tokens[c - 1].text === ',' ? tokens[c - 1].start : tokens[c].start;
    if (np.to < s.to - 1 && tokens[np.to].text === ',') {
      // "…, according to experts, and …": keep the rest too.
      claimEnd = s.end;
    }
  }
  return {
    sentence: s,
    paragraph: s.paragraph,
    cue: 'according to',
    cueAt: c,
    speaker,
    claimStart,
    claimEnd: Math.max(claimStart, claimEnd),
    speakerFrom: np.from,
    speakerTo: np.to,
  };
}

/** A reporting verb with its speaker before ("Madden noted that") or after ("said Adamu"). */
function reported(
  input: AttributionInput,
  s: SentenceUnit,
  c: number,
  mentions: readonly Mention[],
  lastPerson: Entity | null,
): Attribution | null {
  const { doc } = input;
  const tokens = doc.paragraphs[s.paragraph].tokens;
  const cue = tokens[c];
  const prev = tokens[c - 1];
  const afterQuoteOrComma = prev && (prev.text === ',' || prev.text === '”' || prev.text === '"' || prev.text === '’');
  const afterNp = speakerAfter(tokens, c + 1, s.to, mentions);
  let np: { from: number; to: number } | null = null;
  let after = false;
  let aux = c;
  if (afterQuoteOrComma && afterNp && prev.text !== ',') {
    np = afterNp;
    after = true;
  } else {
    np = phraseBefore(tokens, c, s.from, mentions);
    if (np) aux = np.to;
    else if (afterNp) {
      np = afterNp;
      after = true;
    }
  }
  if (!np) {
    // "…, declaring that …": a participle's speaker is the sentence's subject.
    if (/ing$/.test(cue.lower) && prev?.text === ',') {
      const subject = mentions.find((m) => m.to <= c && (m.kind === 'person' || m.kind === 'unknown'));
      if (subject) np = { from: subject.from, to: subject.to };
    }
    if (!np) return null;
  }
  // "the calls", "its reports": a noun-like cue needs a name or pronoun as its speaker.
  if (NOUN_LIKE_CUES.has(cue.lower) && !after && !mentions.some((m) => m.from === np.from) && !PERSON_PRONOUNS.has(tokens[np.from].lower)) {
    return null;
  }
  const speaker = speakerOf(input, tokens, np.from, np.to, mentions, lastPerson);
  if (!speaker) return null;
  // Helper verbs right before the cue belong to it: "are praising", "has called".
  const helpers: string[] = [];
  for (let k = c - 1; k >= aux && SKIP_BEFORE_CUE.has(tokens[k].lower); k--) helpers.unshift(tokens[k].text);
  const cueText = [...(after ? [] : helpers), cue.text].join(' ');

  // The reported stretch.
  let claimStart: number;
  let claimEnd: number;
  const next = tokens[c + 1];
  const endsHere = !next || next.text === '.' || next.text === ',' || next.index >= s.to;
  if (after) {
    claimStart = s.start;
    claimEnd = prev.start;
  } else if (!endsHere && np.from > s.from + 1 && np.to === c && tokens[np.from - 1].text === ',' && isObjectThenEnd(tokens, c, s.to)) {
    // "…, Kelly told VOA."
    claimStart = s.start;
    claimEnd = tokens[np.from - 1].start;
  } else if (endsHere && np.from > s.from) {
    // "…, experts said, after …" or "…, Kelly said."
    claimStart = s.start;
    claimEnd = tokens[np.from - 1].text === ',' ? tokens[np.from - 1].start : tokens[np.from].start;
    if (next && next.text === ',' && c + 2 < s.to) claimEnd = s.end;
  } else {
    let k = c + 1;
    if (tokens[k]?.lower === 'that') k++;
    if (tokens[k]?.text === ':' || tokens[k]?.text === ',') k++;
    claimStart = k < s.to ? tokens[k].start : s.end;
    claimEnd = s.end;
  }
  return {
    sentence: s,
    paragraph: s.paragraph,
    cue: cueText,
    cueAt: c,
    speaker,
    claimStart,
    claimEnd: Math.max(claimStart, claimEnd),
    speakerFrom: Math.min(np.from, c),
    speakerTo: Math.max(np.to, c + 1),
  };
}

/** "told VOA." / "told reporters." — an object and then the end of the sentence. */
function isObjectThenEnd(tokens: readonly Token[], c: number, end: number): boolean {
  let k = c + 1;
  while (k < end && k < c + 4 && tokens[k].word) k++;
  return k >= end || tokens[k].text === '.' || tokens[k].text === ',';
}

/** The noun phrase ending right before a cue (over helper verbs), or before an appositive. */
function phraseBefore(tokens: readonly Token[], c: number, first: number, mentions: readonly Mention[]): { from: number; to: number } | null {
  let j = c - 1;
  while (j >= first && SKIP_BEFORE_CUE.has(tokens[j].lower)) j--;
  if (j < first) return null;
  const end = j + 1;
  const mention = mentions.find((m) => m.to === end);
  if (mention) return { from: mention.from, to: mention.to };
  if (tokens[j].text === ',') {
    // "Michael Madden, a North Korea expert at the Stimson Center, noted …"
    for (let k = j - 1; k >= first && k >= j - 30; k--) {
      if (tokens[k].text !== ',') continue;
      const m = mentions.find((x) => x.to === k);
      if (m && (m.kind === 'person' || m.kind === 'unknown' || m.kind === 'organization')) return { from: m.from, to: m.to };
      const lowerNp = nounPhraseEndingAt(tokens, k - 1, first, mentions);
      if (lowerNp) return lowerNp;
      break;
    }
    return null;
  }
  return nounPhraseEndingAt(tokens, j, first, mentions);
}

/** A lower-case noun phrase whose head is at `j`: "experts", "the chief minister", "a U.S. State Department press officer". */
function nounPhraseEndingAt(tokens: readonly Token[], j: number, first: number, mentions: readonly Mention[]): { from: number; to: number } | null {
  if (j < first) return null;
  const head = tokens[j];
  if (!head.word) return null;
  const h = head.lower;
  if (PERSON_PRONOUNS.has(h) || h === 'they' || h === 'it') return { from: j, to: j + 1 };
  if (!(EXPERT_NOUNS.has(h) || ROLE_NOUNS.has(h))) return null;
  let i = j;
  while (i - 1 >= first && j - i < 7) {
    const t = tokens[i - 1];
    if (!t.word) break;
    const m = mentions.find((x) => x.to === i);
    if (m) {
      i = m.from;
      continue;
    }
    if (DETERMINERS.has(t.lower)) {
      i--;
      break;
    }
    if (FUNCTION_WORDS.has(t.lower) || SPEECH_CUES.has(t.lower)) break;
    i--;
  }
  return { from: i, to: j + 1 };
}

/**
 * The speaker right after a cue ("said Adamu.", "said Robert Manning, a senior fellow",
 * "said the chief minister"): a name, pronoun or role phrase followed by punctuation.
 */
function speakerAfter(tokens: readonly Token[], k: number, end: number, mentions: readonly Mention[]): { from: number; to: number } | null {
  if (k >= end) return null;
  const t = tokens[k];
  let np: { from: number; to: number } | null = null;
  if (PERSON_PRONOUNS.has(t.lower)) np = { from: k, to: k + 1 };
  else {
    const m = mentions.find((x) => x.from === k || (x.from === k + 1 && DETERMINERS.has(t.lower)));
    if (m) np = { from: k, to: m.to };
    else if (DETERMINERS.has(t.lower) || t.word) {
      const p = phraseAfter(tokens, k, end);
      if (p) {
        const head = tokens[p.to - 1];
        if (EXPERT_NOUNS.has(head.lower) || ROLE_NOUNS.has(head.lower)) np = p;
      }
    }
  }
  if (!np) return null;
  const next = tokens[np.to];
  if (np.to < end && next && next.word && next.lower !== 'in' && next.lower !== 'on' && next.lower !== 'at') return null;
  return np;
}

/** The phrase right after a cue: a name, a pronoun or a noun phrase ("the chief minister"). */
function phraseAfter(tokens: readonly Token[], k: number, end: number): { from: number; to: number } | null {
  if (k >= end) return null;
  const t = tokens[k];
  if (!t.word) return null;
  if (PERSON_PRONOUNS.has(t.lower) || t.lower === 'they') return { from: k, to: k + 1 };
  let i = k;
  while (i < end && i < k + 12) {
    const w = tokens[i];
    if (!w.word && w.text !== '’s' && w.text !== "'s" && w.text !== '-') break;
    if (i > k && (SPEECH_CUES.has(w.lower) || (FUNCTION_WORDS.has(w.lower) && !DETERMINERS.has(w.lower) && w.lower !== 'of'))) break;
    i++;
  }
  return i > k ? { from: k, to: i } : null;
}

/** Resolves a speaker phrase to an entity, a pronoun's antecedent, or a generic voice. */
function speakerOf(
  input: AttributionInput,
  tokens: readonly Token[],
  from: number,
  to: number,
  mentions: readonly Mention[],
  lastPerson: Entity | null,
): Speaker | null {
  const phrase = tokens
    .slice(from, to)
    .map((t) => t.text)
    .join(' ')
    .replace(/ ([’']s)/g, '$1');
  const inPhrase = mentions.filter((m) => m.from >= from && m.to <= to);
  const words = tokens.slice(from, to).filter((t) => t.word);
  const head = words[words.length - 1];
  if (!head) return null;

  if (from + 1 === to && (PERSON_PRONOUNS.has(head.lower) || head.lower === 'they' || head.lower === 'it')) {
    if (!PERSON_PRONOUNS.has(head.lower)) return null;
    // The nearest person before the pronoun in its own sentence, else the last one before it.
    const local = mentions
      .filter((m) => m.to <= from)
      .map((m) => input.entityOf(m))
      .filter((e) => e?.kind === 'person');
    const antecedent = local.length > 0 ? local[local.length - 1]! : lastPerson;
    if (!antecedent) return null;
    return { name: antecedent.name, entity: antecedent, genericExpert: false, phrase };
  }
  // A name: the first person in the phrase, else the first organisation.
  const person = inPhrase.map((m) => input.entityOf(m)).find((e) => e?.kind === 'person');
  if (person) return { name: person.name, entity: person, genericExpert: false, phrase };
  const headIsRole = EXPERT_NOUNS.has(head.lower) || ROLE_NOUNS.has(head.lower);
  if (EXPERT_NOUNS.has(head.lower) && /s$/.test(head.lower) && inPhrase.every((m) => m.kind === 'country')) {
    return { name: phrase.replace(/^(?:the|some|many|several|most|other)\s+/i, ''), entity: null, genericExpert: true, phrase };
  }
  const org = inPhrase.map((m) => input.entityOf(m)).find((e) => e && e.kind !== 'person');
  if (org && (!headIsRole || org.kind === 'organization')) return { name: org.name, entity: org, genericExpert: false, phrase };
  if (headIsRole) {
    // "the chief minister", "the military spokesperson": the person with that title or role.
    const described = describedEntity(input.entities, words.map((w) => w.lower));
    if (described) return { name: described.name, entity: described, genericExpert: false, phrase };
    return { name: phrase, entity: null, genericExpert: false, phrase };
  }
  return null;
}

/** The person whose title or role has the phrase's words: "the chief minister" → the Chief Minister. */
function describedEntity(entities: readonly Entity[], words: string[]): Entity | null {
  const content = words.filter((w) => !DETERMINERS.has(w));
  if (content.length === 0) return null;
  for (const e of entities) {
    if (e.kind !== 'person') continue;
    const desc = `${e.title ?? ''} ${e.role ?? ''}`.toLowerCase();
    if (content.length >= 2 && content.every((w) => desc.includes(w))) return e;
  }
  return null;
}
