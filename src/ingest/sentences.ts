/**
 * Sentence boundaries in running text, for paragraph recovery and the cleaning property test.
 * Rule-based: abbreviations, initials and quotations do not end a sentence.
 */

/** Words that end with a full stop without ending a sentence: titles, months, and the like. */
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof gen lt col maj capt cmdr adm sgt cpl pvt sen rep gov pres rev hon gen atty supt insp ' +
    'st mt ft jr sr approx dept est jan feb mar apr jun jul aug sep sept oct nov dec ' +
    'mon tue tues wed thu thur thurs fri sat sun vs v op ed al ca cf e.g i.e etc inc corp co ltd bros'
  ).split(' '),
);
/** Abbreviations only before a number ("No. 5", "Art. 24"); elsewhere "no." is the word. */
const NUMBER_ABBREVIATIONS = new Set(['no', 'nos', 'vol', 'vols', 'art', 'fig', 'figs', 'pp', 'p']);
/** Abbreviations that often end a sentence too: a boundary when a typical sentence start follows. */
const MAY_END = new Set(['etc', 'inc', 'corp', 'co', 'ltd', 'bros', 'jr', 'sr', 'al']);

/** Words that typically begin a sentence: they make "U.S. The …" a boundary and "U.S. officials" not. */
export const SENTENCE_STARTERS = new Set(
  (
    'The A An In On At For When While As But He She They It This That These Those Since After Before ' +
    'According Last Despite Some Many Most Other If We Our His Her Their Its Although During Over With ' +
    'Under Amid Meanwhile However Still Yet Now Earlier Later One Two Three Several Officials Both Each ' +
    'Among Following Until Even Such There What Why How Unlike Instead Then Across Between Throughout ' +
    'Separately Elsewhere Also Another No Not Only Asked'
  ).split(' '),
);

const OPEN_QUOTES = '"“«';
const CLOSE_QUOTES = '"”»';

/** Any quotation mark, open or close: the scan jumps from one to the next. */
const QUOTE_MARK = new RegExp(`[${OPEN_QUOTES}${CLOSE_QUOTES}]`, 'g');

/** Ranges `[start, end)` of quotations, paired by their surroundings; unpaired marks are ignored. */
export function quoteRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  let open = -1;
  QUOTE_MARK.lastIndex = 0;
  for (let m = QUOTE_MARK.exec(text); m !== null; m = QUOTE_MARK.exec(text)) {
    const i = m.index;
    const c = m[0];
    const before = i === 0 ? ' ' : text[i - 1];
    const after = i + 1 < text.length ? text[i + 1] : ' ';
    // Loose on the inner side: scraped text has `" very important test "` with spaces inside.
    const canOpen = OPEN_QUOTES.includes(c) && /[\s([{—–-]/.test(before);
    const canClose = CLOSE_QUOTES.includes(c) && /[\s.,;:!?)\]}—–-]/.test(after);
    if (open === -1 && canOpen) open = i;
    else if (open !== -1 && canClose) {
      // A quotation longer than this is more likely a stray mark than a quote.
      if (i - open < 1500) ranges.push([open, i + 1]);
      open = -1;
    }
  }
  return ranges;
}

/** The word right before `end` (which is at a full stop), full stops inside it kept. */
function wordBefore(text: string, end: number): string {
  let i = end;
  while (i > 0 && !/[\s("“']/.test(text[i - 1])) i--;
  return text.slice(i, end);
}

function nextWord(text: string, at: number): string {
  return /^[^\s]+/.exec(text.slice(at, at + 40))?.[0].replace(/[,;:.!?]+$/, '') ?? '';
}

/** True when the full stop ending at `end` (exclusive) closes a sentence, given what follows at `next`. */
function stopEnds(text: string, stop: number, next: number): boolean {
  const word = wordBefore(text, stop);
  const bare = word.toLowerCase().replace(/^[^a-z0-9]+/, '');
  const starter = SENTENCE_STARTERS.has(nextWord(text, next).replace(/^["“'‘(]+/, ''));
  if (/^[A-Z]$/.test(word)) return false; // an initial: "John F. Kennedy"
  if (/^([A-Za-z]\.)+[A-Za-z]$/.test(word)) return starter; // U.S. / a.m. / D.C.
  if (ABBREVIATIONS.has(bare)) return MAY_END.has(bare) && starter;
  if (NUMBER_ABBREVIATIONS.has(bare)) return !/^\d/.test(text.slice(next, next + 1));
  return true;
}

/**
 * Sentence ranges `[start, end)` of `text`, trimmed, covering every non-space character. A
 * boundary is end punctuation (with closing quotes or brackets) followed by space and a capital,
 * digit or opening quote, outside any quotation.
 */
export function splitSentences(text: string): [number, number][] {
  const quotes = quoteRanges(text);
  // A stop inside a quotation does not end the sentence the quotation is part of. Boundaries
  // come in order, so one pointer walks the (ordered) quotations: linear, not quadratic.
  let q = 0;
  const inQuote = (i: number) => {
    while (q < quotes.length && quotes[q][1] <= i) q++;
    return q < quotes.length && i > quotes[q][0] && i < quotes[q][1];
  };
  const out: [number, number][] = [];
  let start = text.search(/\S/);
  if (start === -1) return out;
  const re = /([.!?…]+)(["'”’»)\]]*)(\s+)(?=["“‘'([]{0,2}[\p{Lu}\p{N}])/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const stopAt = m.index;
    const end = m.index + m[1].length + m[2].length;
    const next = end + m[3].length;
    if (inQuote(end)) continue;
    if (m[1] === '.' && !stopEnds(text, stopAt, next)) continue;
    out.push([start, end]);
    start = next;
  }
  const last = text.trimEnd().length;
  if (start < last) out.push([start, last]);
  return out;
}
