/**
 * Finds name mentions: runs of capitalised words, cut into their parts (a country
 * adjective, a title, the name itself) and typed by their words and context. No
 * statistical model: capitalisation, closed word lists, the gazetteer and the
 * words around a name decide, which keeps it fast and explainable.
 */
import { lookupPlace } from './gazetteer.ts';
import {
  DOCUMENT_HEADS,
  EVENT_NOUNS,
  EXPERT_NOUNS,
  FUNCTION_WORDS,
  GENERIC_NOUNS,
  KNOWN_OUTLET_NAMES,
  KNOWN_OUTLETS,
  MONTHS,
  NAME_PARTICLES,
  NON_NAMES,
  ORG_CONNECTOR_HEADS,
  ORG_DESCRIPTORS,
  ORG_HEADS,
  PLACE_HEADS,
  PLACE_NOUNS,
  SINGLE_WORD_INSTITUTIONS,
  TITLE_HEADS,
  TITLE_MODIFIERS,
  WEEKDAYS,
} from './lexicon.ts';
import { nameLexicon } from './name-lexicon.ts';
import { type Doc, joinTokens, type SentenceUnit, type Token } from './text.ts';

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
}

const MAX_NAME_TOKENS = 12;
/** Words that end an appositive's head noun phrase. */
const APPOSITIVE_ENDS = new Set([
  'near',
  'in',
  'at',
  'of',
  'for',
  'with',
  'on',
  'from',
  'who',
  'which',
  'that',
  'and',
  'based',
]);
/** Words that open sentences and clauses: capitalised, they end a run of name words. */
const OPENER_WORDS = new Set(
  'the a an in on at beyond despite after before as with while when but and or however meanwhile yet also still since although though because if from by during amid'.split(
    ' ',
  ),
);
const CONNECTORS = new Set(['of', 'for', 'on', 'to', 'in']);
const OPENERS = new Set(['“', '"', '‘', "'", '(', '[', '—', '–', ':', '-']);
const LOCATIVE = new Set([
  'in',
  'at',
  'near',
  'outside',
  'across',
  'throughout',
  'around',
  'inside',
  'toward',
  'towards',
]);
/** "al-Assad", "el-Sisi", "bin-Laden": a lower-case particle glued to a name. */
const PARTICLE_NAME =
  /^(?:al|el|ad|an|as|ash|at|az|bin|ibn|abu|ben|de|di|da|du|van|von)[-‐‑’']\p{Lu}/u;
const PARTICLE_WORD = /^(?:al|el|ad|an|as|ash|at|az|bin|ibn|abu|ben)$/;
const ACRONYM = /^(?:\p{Lu}\.){2,}$|^\p{Lu}[\p{Lu}\d&]+$/u;
const HYPHEN_SUFFIX =
  /^(.+?)-(based|born|led|backed|run|owned|funded|made|style|era|controlled|linked|allied|affiliated|aligned|dominated|held|occupied|flagged|registered|bound)$/u;

/** Nouns before the title of a work: "the book Zero Sum", "a documentary called …". */
const WORK_NOUNS = new Set(
  'book books novel memoir film films movie documentary album song podcast titled entitled'.split(
    ' ',
  ),
);

/** Hyphen suffixes after which the following name is a territory: "Serb-controlled", "rebel-held". */
const CONTROL_SUFFIXES = new Set(['controlled', 'held', 'occupied']);

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
      // "Democratic People’s Republic of Korea", "Kurdistan Workers' Party": a possessive
      // inside a name, when what follows runs on to the head of a state or an organisation
      // and what owns is a people ("China’s Foreign Ministry", "Trump’s Republican Party" are
      // an owner and a name of its own).
      if (
        isPossessive(n) &&
        n.start === tokens[j - 1].end &&
        OWNING_NOUNS.has(tokens[j - 1].lower) &&
        headAhead(tokens, j + 1, last)
      ) {
        j++;
        continue;
      }
      if (
        ((n.cap && n.word) || PARTICLE_NAME.test(n.text)) &&
        !isNonNameInside(n) &&
        n.text !== 'I' &&
        !OPENER_WORDS.has(n.lower)
      ) {
        j++;
        continue;
      }
      // "Bashar al–Assad": a particle joined to the surname by a dash the tokenizer splits on.
      if (
        n.word &&
        PARTICLE_WORD.test(n.lower) &&
        /^[–—‒]$/.test(tokens[j + 1]?.text ?? '') &&
        tokens[j + 1].start === n.end &&
        tokens[j + 2]?.cap &&
        tokens[j + 2].start === tokens[j + 1].end &&
        j + 2 < last
      ) {
        j += 3;
        continue;
      }
      // "Ursula von der Leyen", "Mohammed bin Salman": particles between capitalised words.
      if (n.word && NAME_PARTICLES.has(n.lower)) {
        let k = j + 1;
        while (k < last && NAME_PARTICLES.has(tokens[k].lower) && k < j + 3) k++;
        if (k < last && tokens[k].cap && tokens[k].word) {
          j = k;
          continue;
        }
      }
      // "C. Raja Mohan": an initial and its full stop.
      if (
        n.text === '.' &&
        n.start === tokens[j - 1].end &&
        tokens[j - 1].text.length === 1 &&
        tokens[j - 1].cap &&
        tokens[j + 1]?.cap &&
        j + 1 < last
      ) {
        j++;
        continue;
      }
      const prevLower = tokens[j - 1].lower;
      // Place heads join only with "of" ("Gulf of Guinea", not "Chagos Islands to Mauritius");
      // "in" only after "State" ("Islamic State in the Sahel"); once a run holds an organisation
      // head, "of" keeps it going ("Office for the Coordination of Humanitarian Affairs").
      const placeHead = PLACE_HEADS.has(prevLower) && !ORG_HEADS.has(prevLower);
      const joins =
        n.lower === 'in'
          ? prevLower === 'state'
          : placeHead
            ? n.lower === 'of'
            : ORG_CONNECTOR_HEADS.has(prevLower) ||
              TITLE_HEADS.has(prevLower) ||
              (n.lower === 'of' && tokens.slice(i, j).some((w) => ORG_HEADS.has(w.lower)));
      if (CONNECTORS.has(n.lower) && joins) {
        let k = j + 1;
        if (tokens[k]?.lower === 'the') k++;
        if (k < last && tokens[k].cap && tokens[k].word && !isNonNameInside(tokens[k])) {
          j = k;
          joined = true;
          continue;
        }
      }
      if (
        n.lower === 'and' &&
        j + 1 < last &&
        tokens[j + 1].cap &&
        tokens[j + 1].word &&
        // "… Department of Homeland Security and Secretary X": a title starts another name.
        !TITLE_HEADS.has(tokens[j + 1].lower.replace(/\.$/, '')) &&
        // "NATO and European Union": an acronym is a whole name of its own.
        !(j - i === 1 && isAcronym(tokens[i].text))
      ) {
        if (joined) {
          j++;
          continue;
        }
        // "National Intelligence and Security Agency", "Bosnia and Herzegovina": one name when
        // the run after "and" ends in an organisation head, or the whole is a gazetteer name.
        let k = j + 1;
        while (k < last && tokens[k].cap && tokens[k].word && k < j + 5) k++;
        const left = tokens.slice(i, j);
        const right = tokens.slice(j + 1, k);
        const whole = [...left, n, ...right].map((w) => w.text).join(' ');
        if (
          // ("Oxfam and Amnesty International": a brand ending "International" stands alone.)
          (ORG_HEADS.has(right[right.length - 1].lower) &&
            right[right.length - 1].lower !== 'international' &&
            !left.some((w) => ORG_HEADS.has(w.lower)) &&
            !lookupPlace(left.map((w) => w.text).join(' '))) ||
          lookupPlace(whole)?.kind === 'country'
        ) {
          j = k;
          continue;
        }
      }
      break;
    }
    // A name is a few words long; a longer capitalised run is a title-case headline or noise.
    if (j - i <= MAX_NAME_TOKENS) out.push({ from: i, to: j });
    i = j;
  }
  return out;
}

function isPossessive(t: Token): boolean {
  return t.text === '’s' || t.text === "'s" || t.text === '’' || t.text === "'";
}

/** People by what they are, owning a name: "People’s", "Workers'", "Children’s". */
const OWNING_NOUNS = new Set([...GENERIC_NOUNS, 'children', 'women', 'men', 'peoples']);

/** Parts of a place: what a place owns ("its outskirts", "its eastern districts"). */
const PLACE_PARTS = new Set([
  ...PLACE_NOUNS,
  'outskirts',
  'suburbs',
  'districts',
  'streets',
  'center',
  'centre',
  'downtown',
  'neighborhoods',
  'neighbourhoods',
  'residents',
  'population',
  'north',
  'south',
  'east',
  'west',
]);

/** Whether the words from token `k` ("eastern districts") name a part of a place. */
function ownsAPlacePart(tokens: readonly Token[], k: number): boolean {
  for (let i = k; i < tokens.length && i < k + 3; i++) {
    const w = tokens[i].lower;
    if (PLACE_PARTS.has(w) || PLACE_PARTS.has(w.replace(/s$/, ''))) return true;
    if (
      !/^(?:north|south|east|west)(?:ern|-\w+)?$|^(?:central|northern|southern|eastern|western|old|new)$/.test(
        w,
      )
    )
      return false;
  }
  return false;
}

/** Heads that make a name of the words before them even over a possessive. */
const POSSESSIVE_NAME_HEADS = new Set(['republic']);

/**
 * Whether the capitalised words from token `k` (over "of", "the", "for", "through", "and")
 * reach an organisation, document or state head within a few words: "’s Republic of Korea",
 * "’s Liberation Army", not "’s Noem said".
 */
function headAhead(tokens: readonly Token[], k: number, last: number): boolean {
  if (!(tokens[k]?.cap && tokens[k].word && tokens[k].start === tokens[k - 1].end + 1))
    return false;
  for (let i = k; i < last && i < k + 6; i++) {
    const t = tokens[i];
    if (i > k && t.start !== tokens[i - 1].end + 1) return false;
    if (t.cap && t.word) {
      if (
        ORG_HEADS.has(t.lower) ||
        DOCUMENT_HEADS.has(t.lower) ||
        POSSESSIVE_NAME_HEADS.has(t.lower)
      )
        return true;
      continue;
    }
    if (!/^(?:of|the|for|through|and)$/.test(t.lower)) return false;
  }
  return false;
}

/** A capitalised word inside a run that still ends the name: months and days ("United States in January"). */
function isNonNameInside(t: Token): boolean {
  return MONTHS.has(t.lower.replace(/\.$/, '')) || WEEKDAYS.has(t.lower);
}

/** A word the lexicon knows as a name: a place, an organisation, an outlet, a given or family name. */
function knownName(lower: string): boolean {
  const lex = nameLexicon();
  return (
    lex.places.has(lower) ||
    lex.organizations.has(lower) ||
    KNOWN_OUTLETS.has(lower) ||
    lex.firstNames.has(lower) ||
    lex.lastNames.has(lower)
  );
}

/**
 * Whether a capitalised run from token `i` reaches an organisation head, possibly over
 * "and"/"of"/"for"/"on"/"the" ("Food and Agriculture Organization", "National Security
 * Agency"): then an ordinary word opening a sentence still starts a name. Bounded to a few words.
 */
function orgRunAhead(tokens: readonly Token[], i: number): boolean {
  let lastCap = -1;
  for (let k = i; k < tokens.length && k < i + 7; k++) {
    const t = tokens[k];
    if (k > i && t.start > tokens[k - 1].end + 1) break;
    if (t.cap && t.word) {
      lastCap = k;
      if (ORG_HEADS.has(t.lower) && k > i && !SINGLE_WORD_INSTITUTIONS.has(t.lower)) return true;
      continue;
    }
    if (k > i && (t.lower === 'and' || t.lower === 'of' || t.lower === 'for' || t.lower === 'on'))
      continue;
    if (k > i + 1 && t.lower === 'the' && lastCap === k - 2) continue;
    break;
  }
  return false;
}

/** Whether token `i` can start a name. */
function isNameToken(tokens: readonly Token[], i: number, first: number, doc: Doc): boolean {
  const t = tokens[i];
  if (!t.word || t.text === 'I') return false;
  // "People's parties", "Officials": common nouns capitalised are not names by themselves.
  const alone = !(tokens[i + 1]?.cap && tokens[i + 1].start === t.end + 1);
  if (alone && (GENERIC_NOUNS.has(t.lower) || EXPERT_NOUNS.has(t.lower))) return false;
  // "Environmentalists say …", "Nationalists": a capitalised plural of an -ist noun.
  if (alone && /\p{Ll}ists$/u.test(t.text)) return false;
  // A capitalised "Beyond", "The", "However" inside a sentence: a subhead ran into the text
  // ("Position on China Beyond Ukraine, G7 ministers …"); it starts no name.
  if (t.cap && OPENER_WORDS.has(t.lower)) return false;
  if (!t.cap) return PARTICLE_NAME.test(t.text);
  if (isNonName(t) && !lookupPlace(t.text)) {
    // "Islamic State", "Democratic Party": an adjective that starts a longer name.
    const next = tokens[i + 1];
    return (
      next?.cap &&
      next.word &&
      next.start === t.end + 1 &&
      !MONTHS.has(t.lower) &&
      !WEEKDAYS.has(t.lower)
    );
  }
  if (atSentenceStart(tokens, i, first)) {
    const lex = nameLexicon();
    if (FUNCTION_WORDS.has(t.lower) || GENERIC_NOUNS.has(t.lower) || EXPERT_NOUNS.has(t.lower))
      return false;
    if (lex.functionWords.has(t.lower) && !lex.firstNames.has(t.lower)) return false; // "Sometimes", "Beyond"
    // "Underlining India's role", "Shortly after": a gerund or adverb opening the sentence.
    if (/\p{Ll}(?:ing|ly)$/u.test(t.text) && !doc.nameWords.has(t.text) && !lookupPlace(t.text))
      return false;
    if (/-\p{Ll}/u.test(t.text) && !lookupPlace(t.text) && !HYPHEN_SUFFIX.test(t.text))
      return false; // "Ship-tracking", "Resource-rich"
    const next = tokens[i + 1];
    const runs = next?.cap && next.word && next.start === t.end + 1;
    // A lone capitalised sentence opener that is an ordinary word — the article uses it in
    // lower case, or the lexicon knows it ("Intelligence reports have …") — is no name,
    // unless the article uses it inside one.
    const ordinary =
      doc.lowerWords.has(t.lower) || (lex.commonWords.has(t.lower) && !lex.firstNames.has(t.lower));
    // "Secretary of State …", "Council on Foreign Relations …": a head word joined to more name.
    const joinsOn =
      CONNECTORS.has(next?.lower ?? '') &&
      (TITLE_HEADS.has(t.lower) || ORG_CONNECTOR_HEADS.has(t.lower)) &&
      tokens[i + 2]?.cap === true;
    const orgAhead = orgRunAhead(tokens, i);
    if (
      !runs &&
      !joinsOn &&
      !orgAhead &&
      ordinary &&
      !lookupPlace(t.text) &&
      !doc.nameWords.has(t.text)
    )
      return false;
    // "Regardless, analysts say …": a lone opener before a comma is a discourse word, unless
    // the article uses it inside a name elsewhere.
    if (
      !runs &&
      next?.text === ',' &&
      !/^(?:a|an|the|who)$/.test(tokens[i + 2]?.lower ?? '') &&
      !lookupPlace(t.text) &&
      !doc.nameWords.has(t.text) &&
      !knownName(t.lower) &&
      !isAcronym(t.text)
    ) {
      return false;
    }
    if (
      runs &&
      doc.lowerWords.has(t.lower) &&
      !lookupPlace(t.text) &&
      !TITLE_HEADS.has(t.lower) &&
      !TITLE_MODIFIERS.has(t.lower)
    ) {
      // "Security analysts" no; "Security Council", "National Security Agency" yes — keep it
      // when an org head follows.
      return ORG_HEADS.has(next.lower) || PLACE_HEADS.has(next.lower) || orgAhead;
    }
  }
  return true;
}

/** Classifies the words of a name by their head word alone. */
function kindByWords(words: readonly Token[]): MentionKind {
  const last = words[words.length - 1].lower;
  const firstWord = words[0].lower;
  if (ORG_HEADS.has(last))
    return words.length > 1 || SINGLE_WORD_INSTITUTIONS.has(last) ? 'organization' : 'unknown';
  if (PLACE_HEADS.has(last) && words.length > 1) return 'place';
  if (words.length > 2 && PLACE_HEADS.has(firstWord) && words[1].lower === 'of') return 'place';
  if (words.some((w) => ORG_HEADS.has(w.lower) && w.lower !== 'post' && w.lower !== 'times')) {
    // "Council on Foreign Relations", "Islamic Republic of Iran Shipping Lines"
    if (
      words.some(
        (w) =>
          w.lower === 'of' ||
          w.lower === 'on' ||
          w.lower === 'for' ||
          w.lower === 'to' ||
          w.lower === 'in',
      )
    )
      return 'organization';
  }
  if (words.length === 1 && isAcronym(words[0].text)) return 'organization';
  // "Tehreek-e-Taliban Pakistan": a name built on a one-word movement is that movement.
  if (
    words.length > 1 &&
    words.some((w) => SINGLE_WORD_INSTITUTIONS.has(w.lower.split('-').pop()!))
  )
    return 'organization';
  const joined = words.map((w) => w.lower).join(' ');
  const lex = nameLexicon();
  if (lex.places.has(joined) && !lex.firstNames.has(words[0].lower)) return 'place';
  if (KNOWN_OUTLETS.has(joined) || KNOWN_OUTLET_NAMES.has(joined) || lex.organizations.has(joined))
    return 'organization';
  return 'unknown';
}

/** What the words just before and after a name say about its kind. */
function kindByContext(
  tokens: readonly Token[],
  from: number,
  to: number,
  first: number,
): MentionKind {
  const before = tokens[from - 1];
  const before2 = tokens[from - 2];
  const after = tokens[to];
  if (before?.word && !before.cap) {
    if (ORG_DESCRIPTORS.has(before.lower)) return 'organization';
    if (TITLE_HEADS.has(before.lower) || EXPERT_NOUNS.has(before.lower)) return 'person';
    if (PLACE_NOUNS.has(before.lower) && before2?.lower !== 'the') return 'place';
    if (
      before.lower === 'of' &&
      before2 &&
      PLACE_NOUNS.has(before2.lower.replace(/s$/, '')) &&
      before2.lower !== 'state'
    )
      return 'place';
    if (
      before.lower === 'of' &&
      before2 &&
      /^(cities|towns|villages|provinces|regions|ports|islands)$/.test(before2.lower)
    )
      return 'place';
  }
  if (before?.text === ',' && before2 && (before2.lower === 'capital' || before2.lower === 'city'))
    return 'place';
  // "Jihadist groups, including Boko Haram": the kind of the list's noun.
  if (
    before &&
    (before.lower === 'including' || (before.lower === 'as' && before2?.lower === 'such'))
  ) {
    let k = from - 2;
    if (before.lower === 'as') k--;
    if (tokens[k]?.text === ',') k--;
    const noun = tokens[k]?.lower ?? '';
    if (
      /^(?:groups|organi[sz]ations|militias|factions|movements|parties|agencies|companies|firms|outlets|newspapers|banks)$/.test(
        noun,
      )
    )
      return 'organization';
    if (
      /^(?:countries|nations|states|cities|provinces|regions|towns|villages|territories)$/.test(
        noun,
      )
    )
      return 'place';
    if (
      /^(?:officials|leaders|people|figures|members|politicians|lawmakers|ministers|commanders|officers|generals)$/.test(
        noun,
      )
    )
      return 'person';
  }
  if (after?.word && !after.cap && PLACE_NOUNS.has(after.lower)) return 'place';
  // "Al-Shabab, a U.S.-designated terrorist group,", "Beledweyne, a town near …": the appositive's noun.
  // The head is the last describing noun before a preposition or punctuation: ", the agency’s
  // executive director," describes a person, ", a town near the border," a place.
  if (after?.text === ',') {
    let kind: MentionKind = 'unknown';
    for (let k = to + 1; k < tokens.length && k <= to + 8; k++) {
      const w = tokens[k];
      if (!w.word) {
        if (w.text === '-' || w.text === '’s' || w.text === "'s") continue;
        break;
      }
      if (k > to + 1 && APPOSITIVE_ENDS.has(w.lower)) break;
      if (w.cap && k > to + 1) continue;
      if (ORG_DESCRIPTORS.has(w.lower) && w.lower !== 'network') kind = 'organization';
      else if (PLACE_NOUNS.has(w.lower) || w.lower === 'town' || w.lower === 'village')
        kind = 'place';
      // A singular role describes the name; "Regardless, analysts say" is no appositive.
      else if ((TITLE_HEADS.has(w.lower) || EXPERT_NOUNS.has(w.lower)) && !/s$/.test(w.lower))
        kind = 'person';
    }
    if (kind !== 'unknown') return kind;
  }
  // "in Jose Ruben Zamora’s case": the preposition governs what the name owns, not the name;
  // "in Zolotarivka’s eastern districts" still places it.
  const owns = after !== undefined && isPossessive(after) && !ownsAPlacePart(tokens, to + 1);
  if (before && LOCATIVE.has(before.lower) && from - 1 >= first && !owns) return 'place';
  return 'unknown';
}

/** The longest run of title words at the start of `words` (after any country adjective). */
function titleLength(words: readonly Token[], from: number): number {
  let end = from;
  let lastHead = -1;
  for (let i = from; i < words.length; i++) {
    const w = words[i].lower.replace(/\.$/, '');
    if (TITLE_HEADS.has(w) || TITLE_HEADS.has(w.replace(/ies$/, 'y').replace(/s$/, ''))) {
      lastHead = i;
      end = i + 1;
    } else if (TITLE_MODIFIERS.has(w) || ((w === 'of' || w === 'for') && lastHead >= 0)) {
      end = i + 1;
    } else {
      break;
    }
  }
  if (lastHead < 0) return 0;
  // "Resident Coordinator for Myanmar Andrew Kirkwood": a place after "for"/"of" belongs to the title.
  const tail = words[end - 1].lower;
  if ((tail === 'of' || tail === 'for') && end < words.length - 1) {
    for (let n = Math.min(4, words.length - end - 1); n >= 1; n--) {
      if (
        lookupPlace(
          words
            .slice(end, end + n)
            .map((w) => w.text)
            .join(' '),
        )
      )
        return end + n - from;
    }
    return end - 1 - from;
  }
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
  const make = (
    from: number,
    to: number,
    kind: MentionKind,
    extra: Partial<Mention> = {},
  ): Mention => ({
    text: doc.paragraphs[sentence.paragraph].text.slice(tokens[from].start, tokens[to - 1].end),
    kind,
    paragraph: sentence.paragraph,
    sentence: sentence.index,
    start: tokens[from].start,
    end: tokens[to - 1].end,
    from,
    to,
    ...extra,
  });

  for (const { from, to } of chunks(tokens, sentence.from, sentence.to, doc)) {
    splitChunk(tokens, from, to, sentence.from, make, out);
  }
  // "the cities of Seville and Ceuta": a name listed after a place is a place.
  for (let i = 1; i < out.length; i++) {
    const m = out[i];
    const prev = out[i - 1];
    if (m.kind !== 'unknown' || !(prev.kind === 'place' || prev.kind === 'country')) continue;
    const link = tokens[m.from - 1];
    // After a comma only inside a list ("Kenya, Uganda and Tanzania"), not as a clause's
    // subject ("After arriving in the U.S., David Gee was detained").
    const after = tokens[m.to];
    const listed = link?.text !== ',' || !after || /^(?:,|and|or|\.|;)$/.test(after.lower);
    if (
      prev.to === m.from - 1 &&
      link &&
      (link.lower === 'and' || link.lower === 'or' || link.text === ',') &&
      listed
    )
      m.kind = 'place';
  }
  return out;
}

type Make = (from: number, to: number, kind: MentionKind, extra?: Partial<Mention>) => Mention;

/** Cuts one capitalised run into mentions and types each. */
const EDGE_CONNECTORS = new Set(['and', 'or', 'of', 'the', 'for', 'on', 'to', 'in']);

function splitChunk(
  tokens: readonly Token[],
  from: number,
  to: number,
  first: number,
  make: Make,
  out: Mention[],
): void {
  while (from < to && EDGE_CONNECTORS.has(tokens[from].lower) && !tokens[from].cap) from++;
  while (to > from && EDGE_CONNECTORS.has(tokens[to - 1].lower) && !tokens[to - 1].cap) to--;
  // "Rastafarian Feniya Mbewe": an adjective of a group that no gazetteer lists, before a person's name.
  if (
    to - from >= 3 &&
    /(?:ian|ese|ish)$/.test(tokens[from].lower) &&
    !lookupPlace(tokens[from].text) &&
    !nameLexicon().firstNames.has(tokens[from].lower) &&
    kindByWords(tokens.slice(from + 1, to)) === 'unknown'
  ) {
    from++;
  }
  if (to <= from) return;
  // "David Gee David Gee migrated …": a subhead naming the person ran into the text.
  const half = (to - from) / 2;
  if (
    Number.isInteger(half) &&
    half >= 2 &&
    tokens.slice(from, from + half).every((t, k) => t.text === tokens[from + half + k].text)
  ) {
    splitChunk(tokens, from, from + half, first, make, out);
    splitChunk(tokens, from + half, to, first, make, out);
    return;
  }
  const words = tokens.slice(from, to);
  // As written when a possessive is inside ("People’s Republic"), else word by word.
  const text = words.some(isPossessive) ? joinTokens(words) : words.map((w) => w.text).join(' ');
  // "the book Zero Sum", "a film titled …": the title of a work names no actor.
  let w = from - 1;
  while (w > first && OPENERS.has(tokens[w].text)) w--;
  if (w >= first && !tokens[w].cap && WORK_NOUNS.has(tokens[w].lower)) return;
  // "the Dayton Accords", "Comprehensive Strategic Partnership": a document, not an actor.
  if (DOCUMENT_HEADS.has(words[words.length - 1].lower) && !lookupPlace(text)) return;
  // "Shiite Islam", "Southern Christian": religions, sects and adjectives only, no actor.
  if (words.every((w) => NON_NAMES.has(w.lower)) && !lookupPlace(text)) return;

  // "Germany-based Kurdish Center …": the place, then the rest.
  const firstSuffix = words.length > 1 ? HYPHEN_SUFFIX.exec(words[0].text) : null;
  if (firstSuffix) {
    splitChunk(tokens, from, from + 1, first, make, out);
    const before = out.length;
    splitChunk(tokens, from + 1, to, first, make, out);
    // "Serb-controlled Republika Srpska", "Kurdish-led Syrian Democratic Forces": what is
    // controlled or held is a territory, what is led or backed a force; never a person.
    const rest = out[before];
    if (rest && before === out.length - 1 && (rest.kind === 'unknown' || rest.kind === 'person')) {
      if (CONTROL_SUFFIXES.has(firstSuffix[2])) rest.kind = 'place';
      else if (firstSuffix[2] !== 'based' && firstSuffix[2] !== 'born') rest.kind = 'organization';
      delete rest.title;
    }
    return;
  }
  // "Dubai-based", "New York-based": the place before the suffix.
  const lastWord = words[words.length - 1];
  const suffix = HYPHEN_SUFFIX.exec(lastWord.text);
  if (suffix) {
    const base = words
      .slice(0, -1)
      .map((w) => w.text)
      .concat(suffix[1])
      .join(' ');
    const hit = lookupPlace(base);
    // "Serb-controlled", "Kurdish-led": a people or faction no gazetteer lists is no place;
    // only "X-based" and "X-born" say where something is.
    if (!hit && suffix[2] !== 'based' && suffix[2] !== 'born') return;
    const m = make(from, to, hit ? (hit.kind === 'region' ? 'place' : 'country') : 'place');
    m.text = base;
    m.end = m.start + base.length;
    if (hit) m.place = { name: hit.country, form: hit.kind === 'capital' ? 'capital' : hit.kind };
    out.push(m);
    return;
  }

  // The whole run is a gazetteer name.
  const whole = lookupPlace(text);
  // A name glued into a compound ("U.S.-Korea policy") modifies; it is no mention of its own.
  const glued = tokens[from - 1]?.text === '-' && tokens[from - 1].end === tokens[from].start;
  if (glued && words.length === 1) return;
  if (whole) {
    out.push(placeMention(make(from, to, 'country'), whole.country, whole.kind));
    return;
  }
  // "North African", "Sahelian": the adjective of a region.
  const region = regionAdjective(text);
  if (region) {
    out.push(placeMention(make(from, to, 'place'), region, 'region'));
    return;
  }
  // "Republican U.S. senators": an adjective before a country is not part of a name.
  let skip = 0;
  while (skip < words.length - 1 && NON_NAMES.has(words[skip].lower)) skip++;
  if (
    skip > 0 &&
    lookupPlace(
      words
        .slice(skip)
        .map((w) => w.text)
        .join(' '),
    )
  ) {
    splitChunk(tokens, from + skip, to, first, make, out);
    return;
  }
  // "State of the Union address", "Paris Agreement talks": an event, not an actor.
  const after = tokens[to];
  const isOrg = kindByWords(words) === 'organization';
  if (
    after?.word &&
    !after.cap &&
    EVENT_NOUNS.has(after.lower) &&
    words.length > 1 &&
    (!isOrg || after.lower === 'address' || after.lower === 'speech')
  ) {
    return;
  }

  const byWords = kindByWords(words);
  // A country adjective or name in front: "Chinese Foreign Ministry" stays one organisation
  // (and also counts as a mention of China); "Nigerian Defense Minister X" is cut.
  const lead = leadingPlace(words);
  if (lead > 0 && lead < words.length) {
    const hit = lookupPlace(
      words
        .slice(0, lead)
        .map((w) => w.text)
        .join(' '),
    )!;
    // "the Republic of Congo and Chad": a list of names, each its own.
    if (words[lead].lower === 'and' || words[lead].lower === 'or') {
      out.push(placeMention(make(from, from + lead, 'country'), hit.country, hit.kind));
      splitChunk(tokens, from + lead + 1, to, first, make, out);
      return;
    }
    // "Chinese Foreign Ministry" also mentions China; "Singapore Strait" is only a strait.
    if (byWords !== 'place')
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

/** The region an adjective names: "North African" → North Africa, "Sahelian" → Sahel. */
function regionAdjective(text: string): string | null {
  for (const [suffix, add] of [
    ['n', ''],
    ['ian', ''],
    ['an', ''],
    ['ian', 'ia'],
    ['an', 'a'],
    ['i', ''],
  ] as const) {
    if (!text.endsWith(suffix) || text.length - suffix.length < 3) continue;
    const hit = lookupPlace(text.slice(0, text.length - suffix.length) + add);
    if (hit?.kind === 'region') return hit.country;
  }
  return null;
}

/** Number of leading words that form a gazetteer name ("North Korean", "U.S."). */
function leadingPlace(words: readonly Token[]): number {
  for (let n = Math.min(4, words.length - 1); n >= 1; n--) {
    const hit = lookupPlace(
      words
        .slice(0, n)
        .map((w) => w.text)
        .join(' '),
    );
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
  const titleAt = words.findIndex(
    (w, i) => i > 0 && TITLE_HEADS.has(w.lower.replace(/\.$/, '')) && i < words.length - 1,
  );
  let owner = titleOf;
  if (titleAt > 0 && titleLength(words, 0) === 0) {
    let modStart = titleAt;
    while (modStart > 0 && TITLE_MODIFIERS.has(words[modStart - 1].lower)) modStart--;
    if (modStart > 0 && words.slice(0, modStart).every((w) => NON_NAMES.has(w.lower))) {
      start = modStart; // "Republican Representative X": a party, not an affiliation to list
    } else if (modStart > 0) {
      // "Balochistan Chief Minister", "Former French Ambassador": the owner is its own name.
      let ownerFrom = 0;
      while (ownerFrom < modStart - 1 && TITLE_MODIFIERS.has(words[ownerFrom].lower)) ownerFrom++;
      const before = out.length;
      const ownerWords = words.slice(ownerFrom, modStart);
      if (
        kindByWords(ownerWords) === 'unknown' &&
        !lookupPlace(ownerWords.map((w) => w.text).join(' '))
      ) {
        const m = make(from + ownerFrom, from + modStart, 'place');
        out.push(m);
      } else {
        splitChunk(tokens, from + ownerFrom, from + modStart, first, make, out);
      }
      const ownerMention = out[out.length - 1];
      owner = out.length > before ? (ownerMention.place?.name ?? ownerMention.text) : null;
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
