/**
 * Who said what: finds reporting verbs ("said", "noted that", "according to") and the
 * speaker on either side of them, and the stretch of the sentence they report. Quotes,
 * views and sources are all read off these attributions.
 */
import type { Entity } from './entities.ts';
import {
  EXPERT_NOUNS,
  FUNCTION_WORDS,
  KNOWN_OUTLETS,
  MEDIA_WORDS,
  PERSON_PRONOUNS,
  SPEECH_CUES,
} from './lexicon.ts';
import type { Mention } from './mentions.ts';
import { nameLexicon } from './name-lexicon.ts';
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
  /** The attribution itself when it sits inside the claim (", experts said,"): left out of the claim text. */
  skip?: { from: number; to: number };
  /** Token index range of the speaker phrase, to keep it out of the claim. */
  speakerFrom: number;
  speakerTo: number;
}

const SKIP_BEFORE_CUE = new Set(
  (
    'also has have had is are was were will would could may might did does do not never previously later ' +
    'recently repeatedly reportedly quickly then publicly privately earlier often still further been ' +
    "once already even just long widely n’t n't generally"
  ).split(' '),
);
const DETERMINERS = new Set([
  'a',
  'an',
  'the',
  'some',
  'many',
  'several',
  'most',
  'other',
  'few',
  'two',
  'three',
]);
const TELL_CUES = new Set([
  'told',
  'tells',
  'tell',
  'telling',
  'warned',
  'warns',
  'assured',
  'reminded',
  'informed',
]);
const POSSESSIVES = new Set(['his', 'her', 'their', 'its', 'our']);
/** Bodies that speak as one: "the military said", "the ministry said". */
const INSTITUTIONS = new Set([
  'military',
  'army',
  'government',
  'ministry',
  'police',
  'embassy',
  'statement',
  'spokesperson',
  'office',
  'council',
  'court',
  'agency',
  'committee',
  'group',
  'company',
  'campaign',
  'diplomats',
  'officials',
  'authorities',
  'report',
  'study',
  'survey',
  'assessment',
  'investigation',
]);
const SPOKESPEOPLE = new Set([
  'spokesperson',
  'spokesman',
  'spokeswoman',
  'official',
  'officer',
  'representative',
  'statement',
  'source',
]);

/** Cues that are nouns as often as verbs: they need a named speaker right before them. */
const NOUN_LIKE_CUES = new Set([
  'calls',
  'reports',
  'claims',
  'comments',
  'questions',
  'fears',
  'watch',
  'notes',
  'doubts',
  'estimates',
  'states',
  'claim',
  'praise',
  'fear',
  'worry',
  'worries',
  'points',
  'expected',
  'found',
  'called',
  'described',
  'reported',
  'thought',
  'determined',
]);

export interface AttributionInput {
  doc: Doc;
  /** Whether a paragraph-local offset lies inside a quotation. */
  quoted?: (paragraph: number, at: number) => boolean;
  mentionsBySentence: readonly Mention[][];
  entityOf: (m: Mention) => Entity | undefined;
  entities: readonly Entity[];
}

/** The last person and organisation named, for "he said" and "it said". */
interface Memory {
  person: Entity | null;
  org: Entity | null;
  /** People named so far, the most recent last: "she" may skip a man named after her. */
  recent?: Entity[];
}

/** Every attribution of the article, in text order, with pronouns resolved. */
export function findAttributions(input: AttributionInput): Attribution[] {
  const { doc } = input;
  const out: Attribution[] = [];
  const memory: Memory = { person: null, org: null, recent: [] };
  const remember = (e: Entity) => {
    memory.person = e;
    const recent = memory.recent!;
    const at = recent.indexOf(e);
    if (at >= 0) recent.splice(at, 1);
    recent.push(e);
    if (recent.length > 6) recent.shift();
  };
  for (const s of doc.sentences) {
    const tokens = doc.paragraphs[s.paragraph].tokens;
    const mentions = input.mentionsBySentence[s.index];
    for (let c = s.from; c < s.to; c++) {
      const t = tokens[c];
      if (t.cap && !(c === s.from && t.lower === 'according')) continue;
      // Reporting verbs inside a quotation belong to the quoted speaker's own words.
      if (input.quoted?.(s.paragraph, t.start)) continue;
      const according = t.lower === 'according' && tokens[c + 1]?.lower === 'to';
      if (!according && !SPEECH_CUES.has(t.lower) && !unlistedCue(tokens, c, mentions)) continue;
      const a: Attribution | null = according
        ? accordingTo(input, s, c, mentions)
        : reported(input, s, c, mentions, memory);
      if (!a) continue;
      if (a.speaker.entity?.kind === 'person') remember(a.speaker.entity);
      out.push(a);
      if (according) c++;
    }
    // A person named in the sentence (outside quotes) is the likeliest "he" of the next one.
    for (const m of mentions) {
      if (input.quoted?.(m.paragraph, m.start)) continue;
      const e = input.entityOf(m);
      if (e?.kind === 'organization') memory.org = e;
      if (
        e?.kind === 'person' &&
        !out.some((a) => a.sentence === s && a.speaker.entity === memory.person)
      ) {
        remember(e);
      }
    }
  }
  return out;
}

/**
 * A reporting verb no list has, known by its place next to a quote: "…,” fretted Muslima
 * Abdullahi" or "…,” Abdullahi fretted.".
 */
function unlistedCue(tokens: readonly Token[], c: number, mentions: readonly Mention[]): boolean {
  const t = tokens[c];
  if (!t.word || t.cap || !/(?:ed|s)$/.test(t.lower) || FUNCTION_WORDS.has(t.lower)) return false;
  const closesQuote = (i: number) =>
    (tokens[i]?.text === '”' || tokens[i]?.text === '"') &&
    /^[,?!]$/.test(tokens[i - 1]?.text ?? '');
  if (closesQuote(c - 1) && mentions.some((m) => m.from === c + 1)) return true;
  const before = mentions.find((m) => m.to === c);
  return (
    before !== undefined && closesQuote(before.from - 1) && /^[.,]$/.test(tokens[c + 1]?.text ?? '')
  );
}

/** "According to X, …" and "…, according to X." */
function accordingTo(
  input: AttributionInput,
  s: SentenceUnit,
  c: number,
  mentions: readonly Mention[],
): Attribution | null {
  const { doc } = input;
  const tokens = doc.paragraphs[s.paragraph].tokens;
  const np = phraseAfter(tokens, c + 2, s.to);
  if (!np) return null;
  const speaker = speakerOf(input, tokens, np.from, np.to, mentions, { person: null, org: null });
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
  memory: Memory,
): Attribution | null {
  const { doc } = input;
  const tokens = doc.paragraphs[s.paragraph].tokens;
  const cue = tokens[c];
  const prev = tokens[c - 1];
  const afterQuoteOrComma =
    prev && (prev.text === ',' || prev.text === '”' || prev.text === '"' || prev.text === '’');
  const afterNp = speakerAfter(tokens, c + 1, s.to, mentions);
  let np: { from: number; to: number } | null = null;
  let after = false;
  let aux = c;
  // "…, declaring that", "Trump … dodged a question, but said": the sentence's subject speaks.
  const participle =
    (/ing$/.test(cue.lower) && prev?.text === ',') ||
    (prev !== undefined && /^(?:and|but)$/.test(prev.lower));
  if (afterQuoteOrComma && afterNp && prev.text !== ',') {
    np = afterNp;
    after = true;
  } else if (participle) {
    // "Kim was seen embracing his commanders, declaring that …": the sentence's subject speaks.
    const subject = mentions.find(
      (m) => m.to <= c && (m.kind === 'person' || m.kind === 'unknown'),
    );
    if (subject) np = { from: subject.from, to: subject.to };
  } else {
    np = phraseBefore(tokens, c, s.from, mentions);
    if (np) aux = np.to;
    else if (afterNp) {
      np = afterNp;
      after = true;
    }
  }
  if (!np) return null;
  // "the calls", "its reports": a noun-like cue needs a name or pronoun as its speaker.
  if (
    NOUN_LIKE_CUES.has(cue.lower) &&
    !after &&
    !mentions.some((m) => m.from === np.from) &&
    !PERSON_PRONOUNS.has(tokens[np.from].lower)
  ) {
    return null;
  }
  const speaker = speakerOf(input, tokens, np.from, np.to, mentions, memory);
  if (!speaker) return null;
  // Helper verbs right before the cue belong to it: "are praising", "has called".
  const helpers: string[] = [];
  for (let k = c - 1; k >= aux && SKIP_BEFORE_CUE.has(tokens[k].lower); k--)
    helpers.unshift(tokens[k].text);
  const cueText = [...(after ? [] : helpers), cue.text].join(' ');

  // The reported stretch.
  let claimStart: number;
  let claimEnd: number;
  let skip: { from: number; to: number } | undefined;
  const next = tokens[c + 1];
  const endsHere = !next || next.text === '.' || next.text === ',' || next.index >= s.to;
  if (after) {
    claimStart = s.start;
    claimEnd = prev ? prev.start : cue.start;
  } else if (
    !endsHere &&
    np.from > s.from + 1 &&
    (tokens[np.from - 1].text === ',' ||
      tokens[np.from - 1].text === '”' ||
      tokens[np.from - 1].text === '"') &&
    isObjectThenEnd(tokens, c, s.to)
  ) {
    // "…, Kelly told VOA.", "…, C. Raja Mohan wrote in the Indian Express."
    claimStart = s.start;
    claimEnd = tokens[np.from - 1].start;
  } else if (endsHere && np.from > s.from) {
    // "…, Kelly said." or, mid-sentence, "…, experts said, after …" (the insertion is skipped).
    claimStart = s.start;
    claimEnd = tokens[np.from - 1].text === ',' ? tokens[np.from - 1].start : tokens[np.from].start;
    if (next && next.text === ',' && c + 2 < s.to) {
      skip = { from: claimEnd, to: tokens[c + 2].start };
      claimEnd = s.end;
    }
  } else {
    let k = c + 1;
    // "told VOA there was …", "told reporters that …": the listener is not part of the claim.
    if (TELL_CUES.has(cue.lower)) {
      const listener = mentions.find((m) => m.from === k);
      if (listener) {
        k = listener.to;
        // "told VOA’s Russian Service"
        if (
          (tokens[k]?.text === '’s' || tokens[k]?.text === "'s") &&
          mentions.some((m) => m.from === k + 1)
        ) {
          k = mentions.find((m) => m.from === k + 1)!.to;
        }
      } else if (
        tokens[k] &&
        (PERSON_PRONOUNS.has(tokens[k].lower) ||
          /^(?:reporters|journalists|lawmakers|them|us|me)$/.test(tokens[k].lower))
      )
        k++;
    }
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
    ...(skip ? { skip } : {}),
    speakerFrom: Math.min(np.from, c),
    speakerTo: Math.max(np.to, c + 1),
  };
}

/** "told VOA." / "told reporters." — an object and then the end of the sentence. */
function isObjectThenEnd(tokens: readonly Token[], c: number, end: number): boolean {
  let k = c + 1;
  // "told VOA’s Russian Service", "wrote in the Indian Express newspaper"
  const limit = PREPOSITIONS.has(tokens[k]?.lower ?? '') ? c + 8 : c + 5;
  while (
    k < end &&
    k < limit &&
    (tokens[k].word || tokens[k].text === '’s' || tokens[k].text === "'s")
  ) {
    if (k > c + 1 && (tokens[k].lower === 'that' || SPEECH_CUES.has(tokens[k].lower))) return false;
    k++;
  }
  return k >= end || tokens[k].text === '.' || tokens[k].text === ',';
}

const PREPOSITIONS = new Set([
  'in',
  'on',
  'at',
  'to',
  'for',
  'via',
  'during',
  'from',
  'with',
  'by',
]);

/** The noun phrase ending right before a cue (over helper verbs), or before an appositive. */
function phraseBefore(
  tokens: readonly Token[],
  c: number,
  first: number,
  mentions: readonly Mention[],
): { from: number; to: number } | null {
  let j = c - 1;
  while (j >= first && SKIP_BEFORE_CUE.has(tokens[j].lower)) j--;
  if (j < first) return null;
  const end = j + 1;
  const mention = mentions.find((m) => m.to === end);
  if (mention) {
    // "Martin Kelly of EOS Risk Group determined", "Andrew Lebovich of the … think tank Clingendael said".
    if (mention.kind === 'organization' || mention.kind === 'unknown') {
      for (let k = mention.from - 1; k >= first && k >= mention.from - 10; k--) {
        const t = tokens[k];
        if (!t.word) break;
        if (t.lower !== 'of') {
          // Only a description may stand between: "of the Dutch … think tank Clingendael".
          const inName =
            mentions.some((x) => x.from <= k && k < x.to) || tokens[k + 1]?.lower === 'tank';
          const clause =
            t.cap ||
            (FUNCTION_WORDS.has(t.lower) && t.lower !== 'the') ||
            SPEECH_CUES.has(t.lower) ||
            nameLexicon().verbs.has(t.lower);
          if (!inName && clause) break;
          continue;
        }
        const person = mentions.find(
          (x) => x.to === k && (x.kind === 'person' || x.kind === 'unknown'),
        );
        if (person) return { from: person.from, to: person.to };
        break;
      }
    }
    return { from: mention.from, to: mention.to };
  }
  if (tokens[j].text === ',') {
    // "Michael Madden, a North Korea expert at the Stimson Center, noted …"; with two
    // appositives ("X, an analyst at Y, a consultancy, said") the person comes first.
    let found: { from: number; to: number } | null = null;
    for (let k = j - 1; k >= first && k >= j - 40; k--) {
      if (tokens[k].text !== ',') continue;
      const m = mentions.find((x) => x.to === k);
      if (m && (m.kind === 'person' || m.kind === 'unknown')) return { from: m.from, to: m.to };
      if (m && m.kind === 'organization') {
        found ??= { from: m.from, to: m.to };
        continue;
      }
      const lowerNp = nounPhraseEndingAt(tokens, k - 1, first, mentions);
      if (lowerNp) return found ?? lowerNp;
      if (found) continue;
      break;
    }
    return found;
  }
  return nounPhraseEndingAt(tokens, j, first, mentions);
}

/** A lower-case noun phrase whose head is at `j`: "experts", "the chief minister", "a U.S. State Department press officer". */
function nounPhraseEndingAt(
  tokens: readonly Token[],
  j: number,
  first: number,
  mentions: readonly Mention[],
): { from: number; to: number } | null {
  if (j < first) return null;
  const head = tokens[j];
  if (!head.word) return null;
  const h = head.lower;
  if (PERSON_PRONOUNS.has(h) || h === 'they' || h === 'it') return { from: j, to: j + 1 };
  const roleHead = EXPERT_NOUNS.has(h) || ROLE_NOUNS.has(h) || isRoleLike(h);
  if (!roleHead && (FUNCTION_WORDS.has(h) || nameLexicon().verbs.has(h) || head.cap)) return null;
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
  // "a move analysts say …": an "a/an" phrase cannot modify a plural head; it ends before it.
  if (/s$/.test(h) && (tokens[i]?.lower === 'a' || tokens[i]?.lower === 'an'))
    i = Math.min(j, i + 2);
  // Without a role word, only "the/a/one …" makes a speaker: "the diplomats", "one user".
  if (!roleHead && !DETERMINERS.has(tokens[i]?.lower ?? '')) return null;
  return { from: i, to: j + 1 };
}

/** A person's gender as far as a known given name tells: "m", "f", or null. */
function genderOf(e: Entity): 'm' | 'f' | null {
  const first = e.name.split(/\s+/)[0].toLowerCase();
  const lex = nameLexicon();
  const m = lex.maleNames.has(first);
  const f = lex.femaleNames.has(first);
  return m === f ? null : m ? 'm' : 'f';
}

/** A news outlet by name: "VOA", "Reuters", "The New York Times". */
function isOutlet(name: string): boolean {
  const ws = name.toLowerCase().split(/\s+/);
  return KNOWN_OUTLETS.has(ws[0]) || MEDIA_WORDS.has(ws[ws.length - 1]);
}

/** A plural or occupational role word: "diplomats", "officials", "researchers". */
function isRoleLike(word: string): boolean {
  const singular = word.endsWith('s') ? word.slice(0, -1) : word;
  return (
    ROLE_NOUNS.has(singular) ||
    EXPERT_NOUNS.has(singular) ||
    nameLexicon().occupations.has(singular) ||
    INSTITUTIONS.has(word)
  );
}

/**
 * The speaker right after a cue ("said Adamu.", "said Robert Manning, a senior fellow",
 * "said the chief minister"): a name, pronoun or role phrase followed by punctuation.
 */
function speakerAfter(
  tokens: readonly Token[],
  k: number,
  end: number,
  mentions: readonly Mention[],
): { from: number; to: number } | null {
  if (k >= end) return null;
  const t = tokens[k];
  let np: { from: number; to: number } | null = null;
  // "said Secretary General Christopher Lockyear", "said his daughter Linda Wu", "said
  // disaster management department spokesperson Chipiliro Khamula": a name within a few
  // words of description.
  const describing = (w: Token) =>
    (w.word || w.text === '’s' || w.text === "'s") &&
    !SPEECH_CUES.has(w.lower) &&
    (!FUNCTION_WORDS.has(w.lower) ||
      DETERMINERS.has(w.lower) ||
      POSSESSIVES.has(w.lower) ||
      w.lower === 'and');
  // The last name in the window is the speaker ("Jakarta-based social worker and activist Ryan Febrianto").
  const inWindow = mentions.filter(
    (x) => x.from >= k && x.from <= k + 7 && tokens.slice(k, x.from).every(describing),
  );
  const named =
    inWindow.filter((x) => x.kind === 'person' || x.kind === 'unknown').at(-1) ?? inWindow.at(-1);
  if (named) np = { from: k, to: named.to };
  else if (PERSON_PRONOUNS.has(t.lower)) np = { from: k, to: k + 1 };
  else if (DETERMINERS.has(t.lower) || t.word) {
    const p = phraseAfter(tokens, k, end);
    if (p) {
      const head = tokens[p.to - 1];
      if (
        EXPERT_NOUNS.has(head.lower) ||
        ROLE_NOUNS.has(head.lower) ||
        isRoleLike(head.lower) ||
        (DETERMINERS.has(t.lower) && p.to - p.from <= 4)
      )
        np = p;
    }
  }
  if (!np) return null;
  const next = tokens[np.to];
  if (
    np.to < end &&
    next &&
    next.word &&
    next.lower !== 'in' &&
    next.lower !== 'on' &&
    next.lower !== 'at' &&
    next.lower !== 'of'
  )
    return null;
  return np;
}

/** The phrase right after a cue: a name, a pronoun or a noun phrase ("the chief minister"). */
function phraseAfter(
  tokens: readonly Token[],
  k: number,
  end: number,
): { from: number; to: number } | null {
  if (k >= end) return null;
  const t = tokens[k];
  if (!t.word) return null;
  if (PERSON_PRONOUNS.has(t.lower) || t.lower === 'they') return { from: k, to: k + 1 };
  let i = k;
  while (i < end && i < k + 12) {
    const w = tokens[i];
    if (!w.word && w.text !== '’s' && w.text !== "'s" && w.text !== '-') break;
    if (
      i > k &&
      (SPEECH_CUES.has(w.lower) ||
        (FUNCTION_WORDS.has(w.lower) && !DETERMINERS.has(w.lower) && w.lower !== 'of'))
    )
      break;
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
  memory: Memory,
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

  if (
    from + 1 === to &&
    (PERSON_PRONOUNS.has(head.lower) || head.lower === 'they' || head.lower === 'it')
  ) {
    if (head.lower === 'it') {
      // "…,” it said: the last organisation named before, outside quotes.
      const org =
        mentions
          .filter((m) => m.to <= from && !input.quoted?.(m.paragraph, m.start))
          .map((m) => input.entityOf(m))
          .filter((e) => e?.kind === 'organization')
          .at(-1) ?? memory.org;
      return org ? { name: org.name, entity: org, genericExpert: false, phrase } : null;
    }
    if (!PERSON_PRONOUNS.has(head.lower)) return null;
    // The nearest person before the pronoun in its own sentence, else the last one before it.
    const local = mentions
      .filter((m) => m.to <= from && !input.quoted?.(m.paragraph, m.start))
      .map((m) => input.entityOf(m))
      .filter((e) => e?.kind === 'person');
    // "she" is not a man's name, "he" not a woman's, when the given name tells.
    const wanted = /^(?:she|her)$/.test(head.lower) ? 'f' : 'm';
    const fits = (e: Entity | null | undefined) =>
      !!e && genderOf(e) !== (wanted === 'f' ? 'm' : 'f');
    const candidates = [...(memory.recent ?? (memory.person ? [memory.person] : [])), ...local];
    let antecedent: Entity | null = null;
    for (let k = candidates.length - 1; k >= 0 && !antecedent; k--)
      if (fits(candidates[k])) antecedent = candidates[k]!;
    antecedent ??= local.length > 0 ? local[local.length - 1]! : memory.person;
    if (!antecedent) return null;
    return { name: antecedent.name, entity: antecedent, genericExpert: false, phrase };
  }
  // A name: the first person in the phrase, else the first organisation.
  const person = inPhrase.map((m) => input.entityOf(m)).find((e) => e?.kind === 'person');
  if (person) return { name: person.name, entity: person, genericExpert: false, phrase };
  const headIsRole =
    EXPERT_NOUNS.has(head.lower) || ROLE_NOUNS.has(head.lower) || isRoleLike(head.lower);
  if (
    EXPERT_NOUNS.has(head.lower) &&
    /s$/.test(head.lower) &&
    inPhrase.every((m) => m.kind === 'country')
  ) {
    return {
      name: phrase.replace(/^(?:the|some|many|several|most|other)\s+/i, ''),
      entity: null,
      genericExpert: true,
      phrase,
    };
  }
  // "the Somali Military Command": the organisation, not the country named inside it.
  const named = inPhrase.map((m) => input.entityOf(m));
  const org =
    named.find((e) => e?.kind === 'organization') ?? named.find((e) => e && e.kind !== 'person');
  if (org && (!headIsRole || org.kind === 'organization'))
    return { name: org.name, entity: org, genericExpert: false, phrase };
  if (headIsRole) {
    // "the chief minister", "the military spokesperson": the person with that title or role.
    const described = describedEntity(
      input.entities,
      words.map((w) => w.lower),
    );
    if (described) return { name: described.name, entity: described, genericExpert: false, phrase };
    // "A spokesperson said the State Department …": an unnamed spokesperson speaks for the organisation named with them.
    if (SPOKESPEOPLE.has(head.lower)) {
      // …but not for the outlet they spoke to ("a defense official, who spoke to VOA").
      const near = mentions
        .map((m) => input.entityOf(m))
        .find((e) => e?.kind === 'organization' && !isOutlet(e.name));
      if (near) return { name: near.name, entity: near, genericExpert: false, phrase };
    }
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
