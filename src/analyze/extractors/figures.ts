/**
 * Key figures: counts, money, percentages, measures and multipliers, each with its
 * qualifier ("about", "more than", "an additional"), the noun phrase it counts and its
 * sentence. Dates, years, times, durations, ages, ordinals and numbers that are part
 * of a name ("G7", "S-400", "Resolution 2231") are not figures.
 */
import type { Figure } from '../../types.ts';
import type { Analysis } from '../context.ts';
import { FUNCTION_WORDS, MONTHS, SPEECH_CUES, WEEKDAYS } from '../lexicon.ts';
import { nameLexicon } from '../name-lexicon.ts';
import { digitValue, multiplierValue, SCALES, wordValue } from '../numbers.ts';
import type { SentenceUnit, Token } from '../text.ts';

/** Qualifiers as written before a number, longest first; the value is the normalised form. */
const QUALIFIERS: readonly [string[], string][] = [
  [['as', 'many', 'as'], 'as many as'],
  [['as', 'much', 'as'], 'as much as'],
  [['as', 'few', 'as'], 'as few as'],
  [['more', 'than'], 'more than'],
  [['less', 'than'], 'less than'],
  [['fewer', 'than'], 'fewer than'],
  [['greater', 'than'], 'greater than'],
  [['at', 'least'], 'at least'],
  [['at', 'most'], 'at most'],
  [['up', 'to'], 'up to'],
  [['close', 'to'], 'close to'],
  [['upwards', 'of'], 'upwards of'],
  [['just', 'over'], 'just over'],
  [['just', 'under'], 'just under'],
  [['an', 'additional'], 'additional'],
  [['an', 'estimated'], 'estimated'],
  [['a', 'further'], 'further'],
  [['about'], 'about'],
  [['around'], 'around'],
  [['approximately'], 'approximately'],
  [['roughly'], 'roughly'],
  [['nearly'], 'nearly'],
  [['almost'], 'almost'],
  [['over'], 'over'],
  [['under'], 'under'],
  [['some'], 'some'],
  [['additional'], 'additional'],
  [['another'], 'another'],
  [['estimated'], 'estimated'],
  [['only'], 'only'],
  [['just'], 'just'],
];

const TIME_UNITS = new Set(
  'second seconds minute minutes hour hours day days week weeks month months year years decade decades century centuries night nights weekend weekends term a.m. p.m. am pm gmt utc'.split(
    ' ',
  ),
);
const MEASURES = new Set(
  'ton tons tonne tonnes metric kilogram kilograms kg pound pounds meter meters metre metres kilometer kilometers kilometre kilometres km mile miles foot feet acre acres hectare hectares barrel barrels liter liters litre litres gallon gallons square cubic'.split(
    ' ',
  ),
);
const ORDINAL_SUFFIX = new Set(['st', 'nd', 'rd', 'th']);
const CURRENCIES: Readonly<Record<string, string>> = {
  $: 'dollars',
  '€': 'euros',
  '£': 'pounds',
  '¥': 'yen',
};
const CURRENCY_WORDS = new Set([
  'dollars',
  'dollar',
  'euros',
  'euro',
  'pounds',
  'yen',
  'yuan',
  'rubles',
  'roubles',
  'rupees',
  'naira',
]);
/** Adverbs and directions that follow a count without being counted: "300 kilometers north", "$28 billion worth". */
const ADVERBS = new Set(
  'nearly almost about roughly approximately around some over under only just away ago apart apiece each respectively worth total alone overall north south east west northeast northwest southeast southwest north-east north-west south-east south-west northward southward eastward westward'.split(
    ' ',
  ),
);
/** Labels before a number that make it a name or a grade, not a count: "type 2 diabetes", "size 40". */
const LABELS = new Set(
  'type category level phase grade size number no page chapter section article stage class tier'.split(
    ' ',
  ),
);
const NP_STOP = new Set(
  (
    'is are was were be been being has have had will would could can may might must should do does did ' +
    'said says say told according whom whose which who that than as per each ' +
    'near outside inside via off aboard past prior long wide high deep tall thick ' +
    'himself herself itself themselves ourselves'
  ).split(' '),
);
/** Verbs of change: "deaths rose from 88 to 388". */
const CHANGE_VERBS = new Set(
  'rose risen surged jumped climbed increased grew fell dropped declined decreased doubled tripled soared plunged'.split(
    ' ',
  ),
);

/** Nouns that end in -ly, which otherwise marks an adverb ending the phrase. */
const LY_NOUNS = new Set(
  'supply supply-chain family assembly rally reply ally monopoly anomaly'.split(' '),
);
/** Adverbs between a number and its noun: "173 mostly women and children". */
const LEADING_ADVERBS = new Set(
  'mostly mainly largely chiefly primarily predominantly overwhelmingly'.split(' '),
);

/** What happens to people, right after a bare count: "2,000 died", "300 were displaced". */
const HUMAN_FATES = new Set(
  'died killed dead wounded injured missing displaced fled detained arrested evacuated rescued hospitalized hospitalised drowned'.split(
    ' ',
  ),
);

/** "fails", "remains", "comes": a verb form with -s, known by its stem. */
function isPresentVerb(w: string): boolean {
  const verbs = nameLexicon().verbs;
  return verbs.has(w.slice(0, -1)) || (/es$/.test(w) && verbs.has(w.slice(0, -2)));
}

/** Words that read as numbers but rarely count anything worth a table row. */
const TOO_COMMON = new Set(['one', 'zero']);

interface NumberAt {
  value: number;
  /** Token range of the number itself, including a scale word ("1.5 million"). */
  from: number;
  to: number;
  multiplier: boolean;
  /** The unit glued to the number by a hyphen ("1,600-kilometer"), if any. */
  glued: string | null;
}

const SCALE_ABBREVIATIONS: Readonly<Record<string, number>> = {
  k: 1e3,
  m: 1e6,
  mn: 1e6,
  bn: 1e9,
  b: 1e9,
  tn: 1e12,
};

const FRACTIONS: Readonly<Record<string, number>> = {
  half: 2,
  halves: 2,
  third: 3,
  thirds: 3,
  quarter: 4,
  quarters: 4,
  fifth: 5,
  fifths: 5,
};

/** "two-thirds" → 0.667, "one-quarter" → 0.25; bare "half" is too common to count. */
function fractionValue(word: string): number | null {
  const m = /^([a-z]+)[-‐‑]([a-z]+)$/.exec(word);
  if (!m || !(m[2] in FRACTIONS)) return null;
  const n = wordValue(m[1]);
  return n === null ? null : n / FRACTIONS[m[2]];
}

/** Every figure of the article, in text order. */
export function extractFigures(a: Analysis): Figure[] {
  const out: Figure[] = [];
  for (const s of a.doc.sentences) {
    // A table's cells are no sentence: a bare number there has nothing to say what it counts.
    if (a.article.paragraphs[s.paragraph]?.kind === 'table-row') continue;
    const p = a.doc.paragraphs[s.paragraph];
    const tokens = p.tokens;
    // "1,542 prisoners … and there are now 1,125": a bare count takes the sentence's last unit.
    const earlier: { value: number; unit: string }[] = [];
    const first = out.length;
    for (let i = s.from; i < s.to; i++) {
      const n = readNumber(tokens, i, s.to);
      if (!n) continue;
      i = n.to - 1;
      if (isNotAFigure(tokens, n, s)) continue;
      const found = describe(a, s, tokens, n, inheritable(earlier, n.value));
      if (found) {
        out.push(...found.figures);
        i = Math.max(i, found.lastNumber - 1);
        for (const f of found.figures) if (f.unit) earlier.push({ value: f.value, unit: f.unit });
      }
    }
    // "less than 20 million of the 150 million chickens": a bare count may take a later unit too.
    const later: { value: number; unit: string }[] = [];
    for (let k = out.length - 1; k >= first; k--) {
      const f = out[k];
      if (f.unit === null) f.unit = inheritable(later, f.value);
      else later.push({ value: f.value, unit: f.unit });
    }
  }
  return out;
}

/**
 * The unit a bare count shares with an earlier figure of its sentence: the nearest one of
 * a similar size ("1,542 prisoners … now 1,125"), never a percentage or a sum of money.
 */
function inheritable(
  earlier: readonly { value: number; unit: string }[],
  value: number,
): string | null {
  // The nearest few only: a unit is shared between neighbours, and the cost stays linear.
  for (let k = earlier.length - 1; k >= 0 && k >= earlier.length - 8; k--) {
    const e = earlier[k];
    if (/^(?:percent|dollars|euros|pounds|yen)\b/.test(e.unit)) continue;
    const ratio = Math.max(e.value, value) / Math.max(1, Math.min(e.value, value));
    if (ratio <= 20) return e.unit;
  }
  return null;
}

/** A number starting at token `i`: digits, number words, "a dozen", a multiplier. */
function readNumber(tokens: readonly Token[], i: number, end: number): NumberAt | null {
  if (i >= end) return null;
  const t = tokens[i];
  let value: number | null = null;
  let to = i + 1;
  let multiplier = false;
  let glued: string | null = null;
  if (t.num) {
    value = digitValue(t.text);
  } else if (t.word) {
    const lower = t.lower;
    const fold = multiplierValue(lower);
    if (fold !== null) {
      value = fold;
      multiplier = true;
    } else if (fractionValue(lower) !== null) {
      value = fractionValue(lower);
    } else if (
      lower === 'dozen' &&
      (tokens[i - 1]?.lower === 'a' || tokens[i - 1]?.lower === 'one')
    ) {
      value = 12;
    } else {
      const hyphen = /^(.+?)[-‐‑](.+)$/.exec(lower);
      const whole = wordValue(lower);
      if (whole !== null) value = whole;
      else if (
        hyphen &&
        wordValue(hyphen[1]) !== null &&
        wordValue(hyphen[2]) === null &&
        /^\p{L}+$/u.test(hyphen[2]) &&
        !FUNCTION_WORDS.has(hyphen[2])
      ) {
        value = wordValue(hyphen[1]);
        glued = hyphen[2];
      }
      if (value !== null && tokens[i + 1]?.lower === 'dozen') {
        value *= 12;
        to++;
      }
    }
  }
  if (value === null) return null;
  // Scale abbreviations glued to digits: "$5bn", "20m".
  const abbr = tokens[to];
  if (t.num && abbr && abbr.start === t.end && abbr.lower in SCALE_ABBREVIATIONS) {
    value *= SCALE_ABBREVIATIONS[abbr.lower];
    to++;
  }
  // Scale words: "1.5 million", "two hundred thousand".
  while (to < end && tokens[to].lower in SCALES && !glued) {
    value *= SCALES[tokens[to].lower];
    to++;
  }
  // A unit glued with a hyphen: "1,600-kilometer", "5,000-man", "19-day".
  if (
    !glued &&
    tokens[to]?.text === '-' &&
    tokens[to].start === tokens[to - 1].end &&
    tokens[to + 1]?.word &&
    tokens[to + 1].start === tokens[to].end
  ) {
    glued = tokens[to + 1].lower;
    to += 2;
  }
  return { value, from: i, to, multiplier, glued };
}

/** Dates, years, times, durations, ages, ordinals and numbers inside names. */
function isNotAFigure(tokens: readonly Token[], n: NumberAt, s: SentenceUnit): boolean {
  const t = tokens[n.from];
  const prev = tokens[n.from - 1];
  const next = tokens[n.to];
  const lowerNext = next?.lower ?? '';
  if (!t.num && TOO_COMMON.has(t.lower) && !(n.to - n.from > 1)) return true;
  if (t.num) {
    // Ordinals ("43rd") and numbers glued to letters ("5G").
    if (next && next.start === t.end && (ORDINAL_SUFFIX.has(lowerNext) || next.word)) return true;
    if (
      prev &&
      prev.end === t.start &&
      (prev.word || prev.text === '-' || prev.text === '/' || prev.text === '#')
    )
      return true;
    // Times: "3:30", "10 a.m."
    if (next?.text === ':' && tokens[n.to + 1]?.num) return true;
    if (prev?.text === ':' && tokens[n.from - 2]?.num) return true;
    // Years: four digits, no separator, unless money or a unit makes it a count.
    if (
      /^\d{4}$/.test(t.text) &&
      n.value >= 1800 &&
      n.value <= 2100 &&
      prev?.text !== '$' &&
      !n.glued
    ) {
      if (!(lowerNext && (MEASURES.has(lowerNext) || lowerNext === '%' || lowerNext === 'percent')))
        return true;
    }
    if (/^\d{4}s$/.test(t.text)) return true;
  }
  // Dates: "Feb. 24", "March 3", "3 March".
  const before = prev?.text === '.' ? tokens[n.from - 2] : prev;
  if (before && (MONTHS.has(before.lower) || WEEKDAYS.has(before.lower))) return true;
  if (next && MONTHS.has(lowerNext) && next.cap) return true;
  // Durations and ages: "30 hours", "19-day", "27-year-old", "aged 27".
  if (
    n.glued &&
    (TIME_UNITS.has(n.glued) ||
      /^(?:year|month|week|day)s?[-‐‑]old$/.test(n.glued) ||
      TIME_UNITS.has(n.glued.split(/[-‐‑]/)[0]))
  )
    return true;
  if (TIME_UNITS.has(lowerNext)) return true;
  if (
    (lowerNext === 'of' || lowerNext === 'or' || lowerNext === 'to' || lowerNext === 'and') &&
    TIME_UNITS.has(tokens[n.to + 1]?.lower ?? '')
  ) {
    return true;
  }
  if (prev && (prev.lower === 'aged' || prev.lower === 'age' || LABELS.has(prev.lower)))
    return true;
  // "under the age of 18".
  if (prev?.lower === 'of' && tokens[n.from - 2]?.lower === 'age') return true;
  // "Robert Smith, 45, said": an age between commas after a name.
  if (prev?.text === ',' && next?.text === ',' && tokens[n.from - 2]?.cap && n.value < 120 && t.num)
    return true;
  // Part of a name: "Resolution 2231", "Brigade 155" (a capitalised word right before, mid-sentence).
  if (
    prev?.cap &&
    prev.word &&
    prev.index > s.from &&
    !MONTHS.has(prev.lower) &&
    !FUNCTION_WORDS.has(prev.lower) &&
    prev.end + 1 === t.start &&
    t.num
  ) {
    if (!/^(?:US|U\.S\.|A|An|The)$/.test(prev.text)) return true;
  }
  return false;
}

/**
 * The qualifier, unit and text around a number; two figures for a range "between 1,500
 * and 3,000". `lastNumber` is the token after the last number read.
 */
function describe(
  a: Analysis,
  s: SentenceUnit,
  tokens: readonly Token[],
  n: NumberAt,
  inherited: string | null = null,
): { figures: Figure[]; lastNumber: number } | null {
  const text = a.doc.paragraphs[s.paragraph].text;
  let start = n.from;
  // "a dozen": the article belongs to the number.
  if (tokens[n.from].lower === 'dozen' && start - 1 >= s.from) start--;
  // Money: "$873 billion", "US$5".
  let currency: string | null = null;
  const cur = tokens[start - 1];
  if (cur && CURRENCIES[cur.text] && cur.end === tokens[start].start) {
    currency = CURRENCIES[cur.text];
    start--;
    if (tokens[start - 1]?.text === 'US' && tokens[start - 1].end === tokens[start].start) start--;
  }
  // Qualifier.
  let qualifier: string | null = null;
  for (const [words, normal] of QUALIFIERS) {
    const qFrom = start - words.length;
    if (qFrom < s.from) continue;
    if (words.every((w, k) => tokens[qFrom + k].lower === w)) {
      qualifier = normal;
      start = qFrom;
      break;
    }
  }
  if (
    qualifier === 'additional' &&
    tokens[start]?.lower !== 'an' &&
    tokens[start - 1]?.lower === 'an'
  )
    start--;

  // Range: "between 1,500 and 3,000", "1,500 to 3,000".
  let end = n.to;
  let second: NumberAt | null = null;
  const link = tokens[end]?.lower;
  if (
    (link === 'and' && tokens[start - 1]?.lower === 'between') ||
    link === 'to' ||
    link === '–' ||
    link === '-'
  ) {
    const m = readNumber(tokens, end + 1, s.to);
    if (m && !m.multiplier && (link !== 'to' || !/^(?:to)$/.test(tokens[start - 1]?.lower ?? ''))) {
      second = m;
      end = m.to;
      if (link === 'and') start--;
    }
  }
  const last = second ?? n;
  // "seven additional IS members", "2,000 more troops": a qualifier written after the number.
  if (!qualifier && /^(?:additional|more|further|extra)$/.test(tokens[end]?.lower ?? '')) {
    const nx = tokens[end + 1];
    if (nx?.word && !nx.num && !FUNCTION_WORDS.has(nx.lower) && nx.lower !== 'than')
      qualifier = 'additional';
  }

  // Percent and currency after the number.
  let unitWords: string[] = [];
  if (tokens[end]?.text === '%') {
    unitWords = ['percent'];
    end++;
  } else if (
    tokens[end]?.lower === 'percent' ||
    (tokens[end]?.lower === 'per' && tokens[end + 1]?.lower === 'cent')
  ) {
    unitWords = ['percent'];
    end += tokens[end].lower === 'per' ? 2 : 1;
  }
  if (last.glued && !TIME_UNITS.has(last.glued)) {
    if (last.glued !== 'man' && last.glued !== 'strong' && last.glued !== 'member')
      unitWords.push(last.glued);
  }
  // The noun phrase counted: words up to a preposition, verb, punctuation or another number.
  const np = nounPhrase(tokens, end, s.to, last.glued !== null);
  if (unitWords[0] !== 'percent' || np.words.length > 0) {
    unitWords.push(...np.words);
    end = np.end;
  }
  if (
    unitWords.length > 0 &&
    MEASURES.has(unitWords[unitWords.length - 1].toLowerCase()) &&
    tokens[end]?.lower === 'of'
  ) {
    // "1,000 metric tons of sodium perchlorate": the material belongs to the text, not the unit.
    const of = nounPhrase(tokens, end + 1, s.to);
    if (of.words.length > 0 && of.words.length <= 4) {
      end = of.end;
    }
  }
  if (currency && !unitWords.some((w) => CURRENCY_WORDS.has(w.toLowerCase())))
    unitWords.unshift(currency);
  if (unitWords.length === 0) {
    const inferred = inferUnit(tokens, s, n.from, end) ?? (tokens[n.from].num ? inherited : null);
    if (inferred) unitWords = [inferred];
    // A bare number written in words ("three of them") is too vague to be a figure.
    else if (!tokens[n.from].num && !n.multiplier) return null;
  }
  // "the 5,000-man troops" → unit "troops".
  if (unitWords.length > 0 && /^(?:man|strong|member)$/.test(unitWords[0]) && unitWords.length > 1)
    unitWords.shift();

  const from = tokens[start].start;
  const to = tokens[Math.max(start, end - 1)].end;
  const sentence = s.text;
  const unit = unitWords.length > 0 ? unitWords.join(' ').replace(/ - /g, '-') : null;
  const make = (value: number): Figure => ({
    value,
    text: text.slice(from, to),
    unit,
    qualifier,
    sentence,
    span: a.doc.span(s.paragraph, from, to),
  });
  return {
    figures: second ? [make(n.value), make(second.value)] : [make(n.value)],
    lastNumber: last.to,
  };
}

/** Words of the noun phrase after a number, and where it ends. */
function nounPhrase(
  tokens: readonly Token[],
  from: number,
  end: number,
  afterGlued = false,
): { words: string[]; end: number } {
  const words: string[] = [];
  let i = from;
  while (i < end && words.length < 7) {
    const t = tokens[i];
    if (
      t.text === '-' &&
      words.length > 0 &&
      tokens[i + 1]?.word &&
      tokens[i + 1].start === t.end
    ) {
      words[words.length - 1] += `-${tokens[i + 1].text}`;
      i += 2;
      continue;
    }
    if (!t.word || t.num) break;
    const w = t.lower;
    // "two Iranian cargo ships Tehran is using": a name after a plural noun starts a new phrase.
    if (t.cap && words.length > 0 && /s$/.test(words[words.length - 1])) break;
    if (w === 'and' || w === 'or') {
      const nx = tokens[i + 1];
      if (
        words.length > 0 &&
        nx?.word &&
        !nx.num &&
        wordValue(nx.lower) === null &&
        !FUNCTION_WORDS.has(nx.lower) &&
        !NP_STOP.has(nx.lower)
      ) {
        words.push(w);
        i++;
        continue;
      }
      break;
    }
    if (w === 'of' && words.length === 0) {
      // "12,000 of the soldiers", "one-third of Syria’s territory"; not "37 of whom", "nine of Sudan".
      const nx = tokens[i + 1];
      if (nx && (nx.lower === 'whom' || nx.lower === 'them' || nx.lower === 'those')) break;
      let k = i + 1;
      if (nx && (nx.lower === 'the' || nx.lower === 'its' || nx.lower === 'their')) k++;
      // "20 million of the 150 million chickens": another figure, which keeps its own words.
      if (tokens[k]?.num || wordValue(tokens[k]?.lower ?? '') !== null) break;
      if (tokens[k]?.cap) {
        while (k < end && tokens[k].cap && tokens[k].word) k++;
        if (tokens[k]?.text !== '’s' && tokens[k]?.text !== "'s") break;
        k++;
      }
      i = k;
      continue;
    }
    if (
      words.length === 0 &&
      (/^(?:such|more|other|new|additional|further|extra)$/.test(w) || LEADING_ADVERBS.has(w))
    ) {
      // "60,000 such operations": a determiner-like word before the noun.
      i++;
      continue;
    }
    // ("IS" is an acronym here, not the verb.)
    if ((FUNCTION_WORDS.has(w) && !t.cap) || ADVERBS.has(w)) break;
    if (!t.cap && (NP_STOP.has(w) || (SPEECH_CUES.has(w) && words.length > 0))) break;
    // "18 reached the age", "eight fled": a verb right after the number, not an adjective.
    const nx = tokens[i + 1];
    const verbLike = !t.cap && (/(?:ed|ing)$/.test(w) || nameLexicon().verbs.has(w));
    if (
      words.length === 0 &&
      verbLike &&
      (!nx?.word || FUNCTION_WORDS.has(nx.lower) || NP_STOP.has(nx.lower))
    )
      break;
    // A verb ends the phrase: "Eight senators sent a letter"; but in "three Turkish supply
    // ships" a bare verb form between a singular word and a noun is a noun of a compound.
    const compound =
      !/s$/.test(words[words.length - 1] ?? 's') &&
      !/ed$/.test(w) &&
      nx?.word === true &&
      !nx.cap &&
      !nx.num &&
      !FUNCTION_WORDS.has(nx.lower) &&
      !NP_STOP.has(nx.lower);
    if (words.length > 0 && !t.cap && nameLexicon().verbs.has(w) && !compound) break;
    // "the 53-article document fails to …": a present-tense verb after a singular noun.
    // After a hyphenated count ("a 53-article document") the phrase is one singular noun, so
    // an -s word after it is the verb whatever the lexicon knows.
    if (
      words.length > 0 &&
      !t.cap &&
      /^\p{Ll}+[^s]s$/u.test(w) &&
      !/s$/.test(words[words.length - 1])
    ) {
      const after = tokens[i + 1]?.lower ?? '';
      if (
        (afterGlued || isPresentVerb(w)) &&
        /^(?:to|the|a|an|that|its|their|his|her|no|not|up|down|out)$/.test(after)
      )
        break;
    }
    if (
      words.length > 0 &&
      (/(?:ed|ing)$/.test(w) || (/ly$/.test(w) && !LY_NOUNS.has(w))) &&
      !/^(?:armed|wounded|injured|displaced|detained)$/.test(words[words.length - 1].toLowerCase())
    )
      break;
    // The article's own casing: "Iranian cargo ships", "IS members".
    words.push(t.text);
    i++;
  }
  while (
    words.length > 0 &&
    (words[words.length - 1] === 'and' || words[words.length - 1] === 'or')
  ) {
    words.pop();
    i--;
  }
  // Drop a trailing adjective-like word that is really a verb or adverb ("deeper").
  while (
    words.length > 1 &&
    /(?:er|ly)$/.test(words[words.length - 1]) &&
    words.length > 1 &&
    MEASURES.has(words[words.length - 2].toLowerCase())
  ) {
    words.pop();
    i--;
  }
  return { words: words.map((w) => w.replace(/[’']s$/, '')), end: i };
}

/**
 * A unit from context when the number stands alone: "37 of whom were injured" →
 * "injured"; "the tally of passengers … to 425" → "passengers".
 */
function inferUnit(
  tokens: readonly Token[],
  s: SentenceUnit,
  at: number,
  end: number,
): string | null {
  // "an estimated 2,000 died", "between 1,500 and 3,000 were killed": people, by the verb.
  let v = end;
  if (/^(?:were|are|have|had|was|been|remain|remained)$/.test(tokens[v]?.lower ?? '')) v++;
  if (tokens[v - 1]?.lower === 'have' || tokens[v - 1]?.lower === 'had') {
    if (tokens[v]?.lower === 'been') v++;
  }
  if (v < s.to && HUMAN_FATES.has(tokens[v].lower)) return 'people';
  const next = tokens[at + 1];
  if (next?.lower === 'of' && /^(?:whom|them|those)$/.test(tokens[at + 2]?.lower ?? '')) {
    const verb = tokens[at + 3];
    const adj = tokens[at + 4];
    if (
      verb &&
      /^(?:were|are|was)$/.test(verb.lower) &&
      adj?.word &&
      !adj.cap &&
      !FUNCTION_WORDS.has(adj.lower) &&
      !/^(?:no|not|still)$/.test(adj.lower)
    )
      return adj.lower;
  }
  // "the death toll rose to 63".
  for (let i = at - 1; i > s.from && i > at - 12; i--) {
    if (tokens[i].lower === 'toll' && tokens[i - 1].lower === 'death') return 'deaths';
  }
  // "Deaths surged from 88 in 2023 to 388": the subject of a change counts.
  const link = tokens[at - 1]?.lower;
  if (link === 'from' || link === 'to') {
    let k = s.from;
    while (k < at && /^(?:the|a|an|its|their)$/.test(tokens[k].lower)) k++;
    const subject = tokens[k];
    const verb = tokens.slice(k + 1, at).find((t) => CHANGE_VERBS.has(t.lower));
    if (
      subject?.word &&
      !subject.num &&
      verb &&
      /\p{Ll}s$/u.test(subject.text) &&
      !FUNCTION_WORDS.has(subject.lower)
    )
      return subject.lower;
  }
  for (let i = at - 1; i > s.from + 1 && i > at - 30; i--) {
    if (
      tokens[i - 1].lower === 'of' &&
      /^(?:number|tally|total|count|toll|numbers)$/.test(tokens[i - 2]?.lower ?? '')
    ) {
      // "the number of IS fighters": the first common noun after "of".
      for (let k = i; k < Math.min(at, i + 3); k++) {
        const w = tokens[k];
        if (w.word && !w.cap && !FUNCTION_WORDS.has(w.lower)) return w.lower;
      }
    }
  }
  return null;
}
