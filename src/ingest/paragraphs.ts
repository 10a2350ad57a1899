import type { Block } from './clean.ts';
import { SENTENCE_STARTERS, splitSentences } from './sentences.ts';

/** Sentences that open a new topic: a paragraph break goes before them. */
const TOPIC_CUES =
  /^(Meanwhile|Separately|Elsewhere|In addition|Additionally|Earlier|Later|Last (week|month|year)|This (week|month|year)|In a statement|On (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|Since then|At the same time|In response|Speaking to|In an interview)\b/;

/** Last words that leave a phrase unfinished, so it cannot be a subhead. */
const DANGLING = new Set(
  (
    'the a an of to for and or but nor in on at with by from as that which who whom whose said says told ' +
    'former senior other than then like because while when since if so its his her their our my your this ' +
    'these those about into over under after before between against during without within including ' +
    'is are was were be been has have had will would could should can may might must not also very more most'
  ).split(' '),
);
/** Words that make a phrase a clause (it has a verb or a subject pronoun), not a subhead. */
const CLAUSE_WORDS = new Set(
  (
    'said says told also which who is are was were has have had will would could can did does do not am ' +
    "i we he she they it's that's there's don't didn't won't isn't according"
  ).split(' '),
);
/** First words of sentence openers rather than subheads. */
const OPENERS = new Set(
  (
    'but and so or yet in on at for with by from to if when while since after before as because although ' +
    'though earlier later meanwhile also then there here he she they we i it this that these those however'
  ).split(' '),
);

const clean = (w: string) => w.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

/**
 * Length of a run-in subhead at the start of a sentence ("Definition, limits The constitution
 * defines …" → 18), or 0. Conservative: a short phrase with no verb-like word and no sentence
 * punctuation, followed by a word that usually starts a sentence.
 */
export function runInSubhead(sentence: string): number {
  const words = sentence.split(' ');
  for (let n = 1; n <= 7; n++) {
    if (words.length < n + 5) return 0;
    const phrase = words.slice(0, n);
    const starter = words[n].replace(/^["“]/, '');
    if (!SENTENCE_STARTERS.has(starter)) continue;
    const text = phrase.join(' ');
    if (text.length > 60 || !/^["“‘']?\p{Lu}/u.test(text) || /[.!?:;]|[,—–-]$/.test(text)) return 0;
    if (OPENERS.has(clean(phrase[0])) || DANGLING.has(clean(phrase[n - 1]))) return 0;
    if (phrase.some((w) => CLAUSE_WORDS.has(clean(w)))) return 0;
    // "Trump attacked The Wall Street Journal": a verb before a name that starts with "The".
    if (starter === 'The' && /^\p{Lu}/u.test(words[n + 1]) && /ed$/.test(clean(phrase[n - 1])))
      return 0;
    return text.length;
  }
  return 0;
}

/** How many sentences a paragraph gets at most, and when it is long enough to close early. */
const MAX_SENTENCES = 3;
const LONG_PARAGRAPH = 320;

/**
 * True when a block is run-together text that lost its paragraph breaks: many sentences in one
 * block, in a document with few blocks, or so long no writer would make it one paragraph.
 */
export function needsRecovery(block: Block, blockCount: number): boolean {
  if (block.kind !== 'paragraph' || block.text.length < 600) return false;
  const sentences = splitSentences(block.text).length;
  return sentences >= 6 && (blockCount <= 3 || block.text.length > 1500);
}

const startsQuote = (s: string) => /^["“]/.test(s);

/**
 * Splits run-together text into paragraphs of two to three sentences, breaking before a
 * quotation that opens a sentence and before topic cues; run-in subheads become headings.
 * Offsets stay in the block's coordinates, so spans still point into the input.
 */
export function recoverParagraphs(block: Block): Block[] {
  const out: Block[] = [];
  let current: [number, number][] = [];
  const flush = () => {
    if (current.length === 0) return;
    const start = current[0][0];
    const end = current[current.length - 1][1];
    out.push({
      ...block,
      kind: 'paragraph',
      text: block.text.slice(start, end),
      offset: block.offset + start,
    });
    current = [];
  };
  for (const [s, e] of splitSentences(block.text)) {
    let start = s;
    const head = runInSubhead(block.text.slice(s, e));
    if (head > 0) {
      flush();
      out.push({
        ...block,
        kind: 'heading',
        text: block.text.slice(s, s + head),
        offset: block.offset + s,
      });
      start = s + head + 1;
    }
    const sentence = block.text.slice(start, e);
    const length = current.length > 0 ? start - current[0][0] : 0;
    const first = current.length > 0 ? block.text.slice(...current[0]) : '';
    const previous = current.length > 0 ? block.text.slice(...current[current.length - 1]) : '';
    // A quotation with no attribution yet is continued by the next quoted sentence.
    const bareQuote = startsQuote(previous) && /[.!?,]["”]$/.test(previous);
    if (
      current.length >= MAX_SENTENCES ||
      (current.length >= 2 && length > LONG_PARAGRAPH) ||
      (current.length >= 1 && startsQuote(sentence) && !bareQuote) ||
      (current.length >= 1 && startsQuote(first) && !startsQuote(sentence)) ||
      (current.length >= 2 && TOPIC_CUES.test(sentence))
    ) {
      flush();
    }
    current.push([start, e]);
  }
  flush();
  return out;
}

/**
 * Marks stand-alone subheads in plain text, where nothing else says a line is a heading: a
 * short capitalised line with no closing punctuation, between a paragraph and a paragraph of
 * at least fifteen words. Runs after cleaning, so teaser headlines are already gone.
 */
export function markSubheads(blocks: readonly Block[]): Block[] {
  const words = (b: Block | undefined) => (b ? b.text.split(/\s+/).length : 0);
  return blocks.map((b, i) => {
    const prev = blocks[i - 1];
    const next = blocks[i + 1];
    const subhead =
      b.kind === 'paragraph' &&
      prev?.kind === 'paragraph' &&
      next?.kind === 'paragraph' &&
      b.text.length <= 60 &&
      words(b) <= 8 &&
      words(next) >= 15 &&
      /^["“‘']?\p{Lu}/u.test(b.text) &&
      !/[.,;:!?…"”'’)\]]$/.test(b.text);
    return subhead ? { ...b, kind: 'heading' } : b;
  });
}
