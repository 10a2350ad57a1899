/**
 * Finds name mentions: runs of capitalised words, cut into their parts (a country
 * adjective, a title, the name itself) and typed by their words and context. No
 * statistical model: capitalisation, closed word lists, the gazetteer and the
 * words around a name decide, which keeps it fast and explainable.
 */
import { lookupPlace } from './gazetteer.ts';
import {
  EXPERT_NOUNS,
  FUNCTION_WORDS,
  GENERIC_NOUNS,
  MONTHS,
  NON_NAMES,
  ORG_CONNECTOR_HEADS,
  ORG_DESCRIPTORS,
  ORG_HEADS,
  PLACE_HEADS,
  PLACE_NOUNS,
  TITLE_HEADS,
  TITLE_MODIFIERS,
  WEEKDAYS,
} from './lexicon.ts';
import type { Doc, SentenceUnit, Token } from './text.ts';

export type MentionKind = 'person' | 'organization' | 'country' | 'place' | 'unknown';

/** How a gazetteer name was used: the country itself, its adjective, or its capital. */
export type PlaceForm = 'country' | 'demonym' | 'capital' | 'region';

/** One occurrence of a name in the text. */
export interface Mention {
  text: string;
  kind: MentionKind;
  paragraph: number;
  sentence: number;
  /** Paragraph-local offsets. */
  start: number;
  end: number;
  /** Token indexes in the paragraph, `[from, to)`. */
  from: number;
  to: number;
  /** For gazetteer names: the canonical country or region, and how it was used. */
  place?: { name: string; form: PlaceForm };
  /** A title written before a person's name ("Lieutenant General"). */
  title?: string;
  /** A country or organisation written before the title ("U.S." in "U.S. President X"). */
  titleOf?: string;
  /** The name starts its sentence, where capitalisation proves nothing. */
  sentenceStart: boolean;
}

const LOWER_PARTICLES = new Set(['al', 'bin', 'ibn', 'bint', 'de', 'del', 'della', 'da', 'di', 'du', 'van', 'von', 'der', 'den', 'la', 'le', 'el', 'dos', 'das']);
const CONNECTORS = new Set(['of', 'for', 'on', 'to', 'in']);
const OPENERS = new Set(['“', '"', '‘', "'", '(', '[', '—', '–', ':', '-']);
const LOCATIVE = new Set(['in', 'at', 'near', 'outside', 'across', 'throughout', 'around', 'inside', 'toward', 'towards']);
const ACRONYM = /^(?:\p{Lu}\.){2,}$|^\p{Lu}[\p{Lu}\d&]+$/u;
const HYPHEN_SUFFIX = /^(.+?)-(based|born|led|backed|run|owned|funded|made|style|era)$/u;

/** A single capitalised word used as an ordinary word: months, days, "Islamic", … */
function isNonName(t: Token): boolean {
  return NON_NAMES.has(t.lower) || MONTHS.has(t.lower.replace(/\.$/, '')) || WEEKDAYS.has(t.lower);
}

export function isAcronym(text: string): boolean {
  return text.length >= 2 && text.length <= 10 && ACRONYM.test(text);
}

/** True when the token is where a sentence, quotation or clause starts, so its capital proves nothing. */
function atSentenceStart(tokens: readonly Token[], i: number, first: number): boolean {
  let j = i - 1;
  while (j >= first && OPENERS.has(tokens[j].text)) j--;
  return j < first || (j < i - 1 && tokens[j + 1].text !== '(');
}

interface Chunk {
  from: number;
  to: number;
}

/**
 * The capitalised runs of one sentence. Connectors ("of", "for", "on", "to", "in",
 * "the") continue a run only after an organisation or place head ("Council on Foreign
 * Relations", "Gulf of Guinea"); "and" only inside such a name already joined by one.
 */
function chunks(tokens: readonly Token[], first: number, last: number, doc: Doc): Chunk[] {
  const out: Chunk[] = [];
  let i = first;
  while (i < last) {
    if (!isNameToken(tokens, i, first, doc)) {
      i++;
      continue;
    }
    let j = i + 1;
    let joined = false;
    while (j < last) {
      const n = tokens[j];
      if (n.start !== tokens[j - 1].end + 1 && n.start !== tokens[j - 1].end) break;
      if (n.cap && n.word && !isNonNameInside(n)) {
        j++;
        continue;
      }
      if (n.word && LOWER_PARTICLES.has(n.lower) && tokens[j + 1]?.cap && j + 1 < last) {
        j++;
        continue;
      }
      const prevLower = tokens[j - 1].lower;
      if (CONNECTORS.has(n.lower) && (ORG_CONNECTOR_HEADS.has(prevLower) || TITLE_HEADS.has(prevLower))) {
        let k = j + 1;
        if (tokens[k]?.lower === 'the') k++;
        if (k < last && tokens[k].cap && tokens[k].word && !isNonName(tokens[k])) {
          j = k;
          joined = true;
          continue;
        }
      }
      if (joined && n.lower === 'and' && j + 1 < last && tokens[j + 1].cap && tokens[j + 1].word) {
        j++;
        continue;
      }
      break;
    }
    out.push({ from: i, to: j });
    i = j;
  }
  return out;
}

/** A capitalised word inside a run that still ends the name: months and days ("United States in January"). */
function isNonNameInside(t: Token): boolean {
  return MONTHS.has(t.lower.replace(/\.$/, '')) || WEEKDAYS.has(t.lower);
}

/** Whether token `i` can start a name. */
function isNameToken(tokens: readonly Token[], i: number, first: number, doc: Doc): boolean {
  const t = tokens[i];
  if (!t.word || !t.cap) return false;
  if (isNonName(t) && !lookupPlace(t.text)) {
    // "Islamic State", "Democratic Party": an adjective that starts a longer name.
    const next = tokens[i + 1];
    return next !== undefined && next.cap && next.word && next.start === t.end + 1 && !MONTHS.has(t.lower);
  }
  if (atSentenceStart(tokens, i, first)) {
    if (FUNCTION_WORDS.has(t.lower) || GENERIC_NOUNS.has(t.lower) || EXPERT_NOUNS.has(t.lower)) return false;
    if (/-\p{Ll}/u.test(t.text) && !lookupPlace(t.text)) return false; // "Ship-tracking", "Resource-rich"
    const next = tokens[i + 1];
    const runs = next?.cap && next.word && next.start === t.end + 1;
    // A capitalised sentence opener the article also uses in lower case is an ordinary word.
    if (!runs && doc.lowerWords.has(t.lower) && !lookupPlace(t.text)) return false;
    if (runs && doc.lowerWords.has(t.lower) && !lookupPlace(t.text) && !TITLE_HEADS.has(t.lower) && !TITLE_MODIFIERS.has(t.lower)) {
      // "Security analysts" no; "Security Council" yes — keep it when an org head follows.
      return ORG_HEADS.has(next.lower) || PLACE_HEADS.has(next.lower);
    }
  }
  return true;
}

/** Classifies the words of a name by their head word alone. */
function kindByWords(words: readonly Token[]): MentionKind {
  const last = words[words.length - 1].lower;
  const firstWord = words[0].lower;
  if (ORG_HEADS.has(last)) return 'organization';
  if (PLACE_HEADS.has(last) && words.length > 1) return 'place';
  if (words.length > 2 && PLACE_HEADS.has(firstWord) && words[1].lower === 'of') return 'place';
  if (words.some((w) => ORG_HEADS.has(w.lower) && w.lower !== 'post' && w.lower !== 'times')) {
    // "Council on Foreign Relations", "Islamic Republic of Iran Shipping Lines"
    if (words.some((w) => w.lower === 'of' || w.lower === 'on' || w.lower === 'for' || w.lower === 'to' || w.lower === 'in')) return 'organization';
  }
  if (words.length === 1 && isAcronym(words[0].text)) return 'organization';
  return 'unknown';
}

/** What the words just before and after a name say about its kind. */
function kindByContext(tokens: readonly Token[], from: number, to: number, first: number): MentionKind {
  const before = tokens[from - 1];
  const before2 = tokens[from - 2];
  const after = tokens[to];
  if (before && before.word && !before.cap) {
    if (ORG_DESCRIPTORS.has(before.lower)) return 'organization';
    if (TITLE_HEADS.has(before.lower) || EXPERT_NOUNS.has(before.lower)) return 'person';
    if (PLACE_NOUNS.has(before.lower) && before2?.lower !== 'the') return 'place';
    if (before.lower === 'of' && before2 && PLACE_NOUNS.has(before2.lower.replace(/s$/, '')) && before2.lower !== 'state') return 'place';
    if (before.lower === 'of' && before2 && /^(cities|towns|villages|provinces|regions|ports|islands)$/.test(before2.lower)) return 'place';
  }
  if (before?.text === ',' && before2 && (before2.lower === 'capital' || before2.lower === 'city')) return 'place';
  if (after && after.word && !after.cap && PLACE_NOUNS.has(after.lower)) return 'place';
  if (before && LOCATIVE.has(before.lower) && from - 1 >= first) return 'place';
  return 'unknown';
}

/** The longest run of title words at the start of `words` (after any country adjective). */
function titleLength(words: readonly Token[], from: number): number {
  let end = from;
  let lastHead = -1;
  for (let i = from; i < words.length; i++) {
    const w = words[i].lower.replace(/\.$/, '');
    if (TITLE_HEADS.has(w)) {
      lastHead = i;
      end = i + 1;
    } else if (TITLE_MODIFIERS.has(w) || ((w === 'of' || w === 'for') && lastHead >= 0)) {
      end = i + 1;
    } else {
      break;
    }
  }
  if (lastHead < 0) return 0;
  // "Secretary of State Marco Rubio": the words after the head that are portfolio words belong to it.
  return end - from;
}

/**
 * Every name mention of a sentence, in text order. A run like "Nigerian Defense Minister
 * Mohammed Badaru Abubakar" yields the country adjective and the person, with the title
 * kept on the person's mention.
 */
export function sentenceMentions(doc: Doc, sentence: SentenceUnit): Mention[] {
  const tokens = doc.paragraphs[sentence.paragraph].tokens;
  const out: Mention[] = [];
  const make = (from: number, to: number, kind: MentionKind, extra: Partial<Mention> = {}): Mention => ({
    text: doc.paragraphs[sentence.paragraph].text.slice(tokens[from].start, tokens[to - 1].end),
    kind,
    paragraph: sentence.paragraph,
    sentence: sentence.index,
    start: tokens[from].start,
    end: tokens[to - 1].end,
    from,
    to,
    sentenceStart: atSentenceStart(tokens, from, sentence.from),
    ...extra,
  });

  for (const { from, to } of chunks(tokens, sentence.from, sentence.to, doc)) {
    splitChunk(tokens, from, to, sentence.from, make, out);
  }
  return out;
}

type Make = (from: number, to: number, kind: MentionKind, extra?: Partial<Mention>) => Mention;

/** Cuts one capitalised run into mentions and types each. */
function splitChunk(tokens: readonly Token[], from: number, to: number, first: number, make: Make, out: Mention[]): void {
  if (to <= from) return;
  const words = tokens.slice(from, to);
  const text = words.map((w) => w.text).join(' ');

  // "Dubai-based", "New York-based": the place before the suffix.
  const lastWord = words[words.length - 1];
  const suffix = HYPHEN_SUFFIX.exec(lastWord.text);
  if (suffix) {
    const base = words.slice(0, -1).map((w) => w.text).concat(suffix[1]).join(' ');
    const hit = lookupPlace(base);
    const m = make(from, to, hit ? (hit.kind === 'region' ? 'place' : 'country') : 'place');
    m.text = base;
    m.end = m.start + base.length;
    if (hit) m.place = { name: hit.country, form: hit.kind === 'capital' ? 'capital' : hit.kind };
    out.push(m);
    return;
  }

  // The whole run is a gazetteer name.
  const whole = lookupPlace(text);
  if (whole) {
    out.push(placeMention(make(from, to, 'country'), whole.country, whole.kind));
    return;
  }

  const byWords = kindByWords(words);
  // A country adjective or name in front: "Chinese Foreign Ministry" stays one organisation
  // (and also counts as a mention of China); "Nigerian Defense Minister X" is cut.
  const lead = leadingPlace(words);
  if (lead > 0 && lead < words.length) {
    const hit = lookupPlace(words.slice(0, lead).map((w) => w.text).join(' '))!;
    out.push(placeMention(make(from, from + lead, 'country'), hit.country, hit.kind));
    if (byWords === 'organization' || byWords === 'place') {
      out.push(make(from, to, byWords));
      return;
    }
    splitTitled(tokens, from + lead, to, first, make, out, hit.country);
    return;
  }
  if (byWords === 'organization' || byWords === 'place') {
    out.push(make(from, to, byWords));
    return;
  }
  splitTitled(tokens, from, to, first, make, out, null);
}

/** Number of leading words that form a gazetteer name ("North Korean", "U.S."). */
function leadingPlace(words: readonly Token[]): number {
  for (let n = Math.min(4, words.length - 1); n >= 1; n--) {
    const hit = lookupPlace(words.slice(0, n).map((w) => w.text).join(' '));
    if (hit && hit.kind !== 'region') return n;
  }
  return 0;
}

function placeMention(m: Mention, name: string, form: PlaceForm): Mention {
  m.kind = form === 'region' ? 'place' : 'country';
  m.place = { name, form };
  return m;
}

/** Cuts a title off the front of a run: "Lieutenant General Kim Yong Bok" → title + person. */
function splitTitled(
  tokens: readonly Token[],
  from: number,
  to: number,
  first: number,
  make: Make,
  out: Mention[],
  titleOf: string | null,
): void {
  const words = tokens.slice(from, to);
  let start = 0;
  // An organisation or place before the title: "Balochistan Chief Minister Sarfraz Bugti".
  const titleAt = words.findIndex((w, i) => i > 0 && TITLE_HEADS.has(w.lower.replace(/\.$/, '')) && i < words.length - 1);
  let owner = titleOf;
  if (titleAt > 0 && titleLength(words, 0) === 0) {
    let modStart = titleAt;
    while (modStart > 0 && TITLE_MODIFIERS.has(words[modStart - 1].lower)) modStart--;
    if (modStart > 0) {
      const ownerMention = make(from, from + modStart, 'unknown');
      const k = kindByWords(words.slice(0, modStart));
      ownerMention.kind = k === 'unknown' ? 'place' : k;
      out.push(ownerMention);
      owner = ownerMention.text;
      start = modStart;
    }
  }
  const tlen = titleLength(words, start);
  if (tlen > 0) {
    const title = words
      .slice(start, start + tlen)
      .map((w) => w.text)
      .join(' ');
    if (start + tlen >= words.length) return; // a bare title: "the Deputy Secretary of State"
    const nameFrom = from + start + tlen;
    const m = make(nameFrom, to, 'person', { title, ...(owner ? { titleOf: owner } : {}) });
    out.push(m);
    return;
  }
  const m = make(from + start, to, 'unknown');
  const ctx = kindByContext(tokens, from + start, to, first);
  m.kind = ctx;
  out.push(m);
}
