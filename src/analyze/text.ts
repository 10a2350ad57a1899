/**
 * The analysed article as a document model: paragraphs split into sentences and tokens,
 * with every position kept paragraph-local so any piece can become a `Span`.
 *
 * Everything here is linear in the input: one sticky-free global regex per paragraph,
 * whose alternatives each need a separator character before they repeat, so no
 * input can make them backtrack.
 */
import type { Article, Span } from '../types.ts';

/** One word, number or punctuation mark. `start`/`end` are offsets in the paragraph text. */
export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  /** Index of the token in its paragraph. */
  index: number;
  /** Starts with an upper-case letter. */
  cap: boolean;
  /** Starts with a digit. */
  num: boolean;
  /** Letters and digits (a word or a number), not punctuation. */
  word: boolean;
}

/** A sentence: a run of tokens in one paragraph. */
export interface SentenceUnit {
  /** Position among all sentences of the article. */
  index: number;
  paragraph: number;
  /** Offsets in the paragraph text. */
  start: number;
  end: number;
  text: string;
  /** Token indexes in the paragraph, `[first, last)`. */
  from: number;
  to: number;
}

export interface ParagraphUnit {
  index: number;
  text: string;
  span: Span;
  tokens: Token[];
  /** Sentence indexes (global), `[first, last)`. */
  sentenceFrom: number;
  sentenceTo: number;
}

// A number with thousands separators or decimals; a word of letters/digits with inner
// joiners (hyphen, apostrophe, dot: "Jong-un", "O’Brien", "U.S"); or any other mark.
const TOKEN = /\d+(?:[.,]\d+)*|[\p{L}\p{M}\p{N}]+(?:[-‐‑'’.][\p{L}\p{M}\p{N}]+)*|\S/gu;
const POSSESSIVE = /^(.+?)(['’][sS])$/u;
const UPPER = /^\p{Lu}/u;
const DIGIT = /^\d/;
const WORDISH = /^[\p{L}\p{M}\p{N}]/u;

/** Abbreviations after which a full stop does not end a sentence. */
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof gen lt col maj capt sgt adm cmdr gov sen rep sr jr st mt ft no vs etc inc corp ltd co ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec est approx dept univ rev hon pres'
  ).split(' '),
);

/** Words that start sentences; used to decide whether "U.S." ended one. */
const SENTENCE_OPENERS = new Set(
  (
    'the a an in on at but and he she it they we i this that these those there his her their its our ' +
    'however after before as with for while when if since although though because so then meanwhile ' +
    'according speaking last next earlier later yet still also both some many most several'
  ).split(' '),
);

function makeToken(text: string, start: number, index: number): Token {
  return {
    text,
    lower: text.toLowerCase(),
    start,
    end: start + text.length,
    index,
    cap: UPPER.test(text),
    num: DIGIT.test(text),
    word: WORDISH.test(text),
  };
}

/** Splits paragraph text into tokens; a possessive "’s" becomes its own token, "U.S." keeps its dot. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    let word = m[0];
    const at = m.index;
    // An initialism with inner dots ("U.S", "U.N") takes its closing dot.
    if (word.length <= 12 && /^(?:\p{L}\.)+\p{L}$/u.test(word) && text[at + word.length] === '.') {
      word += '.';
      TOKEN.lastIndex = at + word.length;
    }
    const possessive = word.length > 2 && !DIGIT.test(word) ? POSSESSIVE.exec(word) : null;
    if (possessive && possessive[1].length > 1) {
      tokens.push(makeToken(possessive[1], at, tokens.length));
      tokens.push(makeToken(possessive[2], at + possessive[1].length, tokens.length));
    } else {
      tokens.push(makeToken(word, at, tokens.length));
    }
  }
  return tokens;
}

const CLOSERS = new Set(['"', '”', '’', "'", ')', ']', '»']);
const TERMINATORS = new Set(['.', '!', '?', '…']);

/**
 * Token indexes where sentences start. A sentence ends at . ! ? (plus closing quotes or
 * brackets) before a word that starts with a capital, a digit or an opening quote, unless
 * the stop belongs to an abbreviation ("Feb.", "Gen.") or an initial ("J.").
 * `knownNames` are capitalised words seen inside names elsewhere: "at the U.N. Wong will"
 * ends a sentence when "Wong" is such a word.
 */
function sentenceStarts(tokens: readonly Token[], knownNames: ReadonlySet<string>): number[] {
  const starts = [0];
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i];
    let end = -1;
    if (TERMINATORS.has(t.text)) {
      const prev = tokens[i - 1];
      const abbreviation =
        t.text === '.' &&
        prev !== undefined &&
        prev.end === t.start &&
        (ABBREVIATIONS.has(prev.lower) || (prev.text.length === 1 && prev.cap));
      if (abbreviation) continue;
      end = i;
    } else if (t.text.endsWith('.') && t.text.length > 2 && /^(?:\p{L}\.)+$/u.test(t.text)) {
      // "U.S." or "U.N." at the end of a sentence: only when a sentence plainly follows.
      const next = tokens[i + 1];
      if (next && (SENTENCE_OPENERS.has(next.lower) || (knownNames.has(next.text) && next.cap)))
        end = i;
      else continue;
    } else {
      continue;
    }
    let j = end + 1;
    while (j < tokens.length && CLOSERS.has(tokens[j].text)) j++;
    const next = tokens[j];
    if (next === undefined) break;
    if (next.cap || next.num || next.text === '“' || next.text === '"' || next.text === '‘') {
      starts.push(j);
      i = j - 1;
    }
  }
  return starts;
}

/** Capitalised words that follow another capitalised word somewhere: likely parts of names. */
function nameWords(paragraphs: readonly { tokens: Token[] }[]): Set<string> {
  const out = new Set<string>();
  for (const p of paragraphs) {
    const ts = p.tokens;
    for (let i = 1; i < ts.length; i++) {
      // "Alex Wong", not "U.S. President": an initialism is no first name.
      if (
        (ts[i].cap || /^\p{Ll}{1,3}[-‐‑’']\p{Lu}/u.test(ts[i].text)) &&
        ts[i - 1].cap &&
        ts[i - 1].end + 1 === ts[i].start &&
        !ts[i - 1].text.includes('.')
      ) {
        out.add(ts[i].text);
      }
    }
  }
  // "al-Sudani" is also written "Sudani".
  for (const w of [...out]) {
    const m = /^\p{Ll}{1,3}[-‐‑’'](\p{Lu}.+)$/u.exec(w);
    if (m) out.add(m[1]);
  }
  return out;
}

/** The article, split and indexed once for every extractor. */
export class Doc {
  readonly paragraphs: ParagraphUnit[];
  readonly sentences: SentenceUnit[];
  /** Lower-cased words the article uses in lower case somewhere: common words, not names. */
  readonly lowerWords: ReadonlySet<string>;
  /** Capitalised words that follow another capitalised word somewhere: parts of names. */
  readonly nameWords: ReadonlySet<string>;

  constructor(article: Article) {
    this.paragraphs = article.paragraphs.map((p, index) => ({
      index,
      text: p.text,
      span: p.span,
      tokens: tokenize(p.text),
      sentenceFrom: 0,
      sentenceTo: 0,
    }));
    const known = nameWords(this.paragraphs);
    this.nameWords = known;
    const lower = new Set<string>();
    this.sentences = [];
    for (const p of this.paragraphs) {
      for (const t of p.tokens) if (t.word && !t.num && t.text === t.lower) lower.add(t.lower);
      p.sentenceFrom = this.sentences.length;
      const starts = sentenceStarts(p.tokens, known);
      for (let k = 0; k < starts.length; k++) {
        const from = starts[k];
        const to = k + 1 < starts.length ? starts[k + 1] : p.tokens.length;
        if (to <= from) continue;
        const start = p.tokens[from].start;
        const end = p.tokens[to - 1].end;
        this.sentences.push({
          index: this.sentences.length,
          paragraph: p.index,
          start,
          end,
          text: p.text.slice(start, end),
          from,
          to,
        });
      }
      p.sentenceTo = this.sentences.length;
    }
    this.lowerWords = lower;
  }

  /** The span of paragraph-local `[start, end)`. Columns assume the paragraph is one line. */
  span(paragraph: number, start: number, end: number): Span {
    const p = this.paragraphs[paragraph].span;
    return {
      line: p.line,
      column: p.column + start,
      offset: p.offset + start,
      length: end - start,
    };
  }

  /** The sentence containing paragraph-local offset `at`. */
  sentenceAt(paragraph: number, at: number): SentenceUnit {
    const p = this.paragraphs[paragraph];
    let lo = p.sentenceFrom;
    let hi = p.sentenceTo - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.sentences[mid].start <= at) lo = mid;
      else hi = mid - 1;
    }
    return this.sentences[lo];
  }

  /** The tokens of a sentence. */
  tokens(sentence: SentenceUnit): Token[] {
    return this.paragraphs[sentence.paragraph].tokens.slice(sentence.from, sentence.to);
  }
}

/** The tokens' text as written: a space only where the input had a gap ("U.S.-Korea", "Nigeria's"). */
export function joinTokens(tokens: readonly Token[]): string {
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    if (i > 0 && tokens[i].start > tokens[i - 1].end) out += ' ';
    out += tokens[i].text;
  }
  return out;
}
