/**
 * Word lists borrowed from compromise's lexicon — given names, surnames, cities,
 * regions, organisations, occupations — without loading compromise itself (its
 * load costs ~160 ms; reading these lists costs ~10 ms, once, on first use).
 *
 * The lists are read from compromise's packed lexicon file (MIT) and decoded with a
 * port of efrt's `unpack` (MIT, Spencer Kelly). If the file cannot be found, every
 * list is empty and extraction falls back on its other rules.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ORG_HEADS, TITLE_MODIFIERS } from './lexicon.ts';

export interface NameLexicon {
  firstNames: ReadonlySet<string>;
  maleNames: ReadonlySet<string>;
  femaleNames: ReadonlySet<string>;
  lastNames: ReadonlySet<string>;
  /** Cities, regions and other places (lower case, multi-word entries kept whole). */
  places: ReadonlySet<string>;
  organizations: ReadonlySet<string>;
  /** Occupations and roles: "analyst", "diplomat", "spokesperson". */
  occupations: ReadonlySet<string>;
  /** Closed-class words (adverbs, prepositions, conjunctions, pronouns …): never the start of a name. */
  functionWords: ReadonlySet<string>;
  /** Verb forms that are not also nouns: "sent", "fled", "killed". */
  verbs: ReadonlySet<string>;
  /**
   * Ordinary words (adjectives and verb forms as well): a lone capitalised one opening a
   * sentence is no name. compromise lists few plain nouns, so the words institutions are
   * named with (TITLE_MODIFIERS, ORG_HEADS: "security", "intelligence", "air") are added.
   */
  commonWords: ReadonlySet<string>;
}

/** Irregular past tenses (the lexicon derives them by rule, so its list lacks them). */
const IRREGULAR_PAST = (
  'sent fled went came took gave made said told left met held led fought hit shot struck won lost began saw found ' +
  'brought built kept paid put ran sold spent stood threw wrote became fell felt got knew did rose drove broke chose ' +
  'flew grew sought thought bought caught taught sank stole swore withdrew overran laid spoke ' +
  // Irregular past participles.
  'eaten taken given written driven shown seen done gone beaten broken chosen fallen forgotten ' +
  'frozen hidden spoken stolen thrown worn grown drawn flown'
).split(' ');

/** compromise's tags for closed-class words: never the start of a name. */
const FUNCTION_TAGS = [
  'Adverb',
  'Preposition',
  'Conjunction',
  'Determiner',
  'Pronoun',
  'QuestionWord',
  'Expression',
  'Modal',
  'Condition',
  'Negative',
];

const LEXICON_FILE = ['src', '2-two', 'preTagger', 'model', 'lexicon', '_data.js'];

let cached: NameLexicon | undefined;

/** The lists, decoded on first use. */
export function nameLexicon(): NameLexicon {
  cached ??= load();
  return cached;
}

function load(): NameLexicon {
  let packed: Record<string, string> = {};
  try {
    const entry = createRequire(import.meta.url).resolve('compromise');
    let root = dirname(entry);
    for (let i = 0; i < 4 && !root.endsWith('compromise'); i++) root = dirname(root);
    const source = readFileSync(join(root, ...LEXICON_FILE), 'utf8');
    packed = JSON.parse(source.slice(source.indexOf('{'), source.lastIndexOf('}') + 1)) as Record<
      string,
      string
    >;
  } catch {
    packed = {};
  }
  const set = (...tags: string[]) => {
    const out = new Set<string>();
    for (const tag of tags) for (const w of unpack(packed[tag] ?? '')) out.add(w);
    return out;
  };
  return {
    firstNames: set('FirstName', 'MaleName', 'FemaleName'),
    maleNames: set('MaleName'),
    femaleNames: set('FemaleName'),
    lastNames: set('LastName'),
    places: set('City', 'Region', 'Place', 'Country'),
    organizations: set('Organization', 'SportsTeam'),
    occupations: set('Actor'),
    functionWords: set(...FUNCTION_TAGS),
    verbs: new Set([...set('PastTense', 'Modal', 'Infinitive'), ...IRREGULAR_PAST]),
    commonWords: new Set([
      ...set(
        ...FUNCTION_TAGS,
        'Adjective',
        'Comparative',
        'Superlative',
        'PastTense',
        'Participle',
        'Gerund',
        'Infinitive',
        'PresentTense',
        'Adj|Past',
        'Adj|Gerund',
        'Noun|Gerund',
        'Adj|Present',
        'Singular',
        'Actor',
        'Plural',
        'Uncountable',
      ),
      ...TITLE_MODIFIERS,
      ...ORG_HEADS,
    ]),
  };
}

// --- efrt unpack (MIT), trimmed to what the lexicon needs -------------------------

const BASE = 36;
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function fromAlphaCode(s: string): number {
  if (s.length === 1) return DIGITS.indexOf(s);
  let n = 0;
  let places = 1;
  let range = BASE;
  let pow = 1;
  for (; places < s.length; n += range, places++, range *= BASE) {}
  for (let i = s.length - 1; i >= 0; i--, pow *= BASE) {
    let d = s.charCodeAt(i) - 48;
    if (d > 10) d -= 7;
    n += d * pow;
  }
  return n;
}

/** Every word of one packed category ("true¦…" — the lexicon keeps one category per tag). */
function unpack(packedTag: string): string[] {
  if (!packedTag) return [];
  const out: string[] = [];
  for (const part of packedTag.split('|')) {
    const body = part.split('¦')[1];
    if (body) out.push(...unpackTrie(body));
  }
  return out;
}

function unpackTrie(str: string): string[] {
  let nodes = str.split(';');
  const syms: number[] = [];
  let symCount = 0;
  if (str.includes(':')) {
    const symbol = /([0-9A-Z]+):([0-9A-Z]+)/;
    for (let i = 0; i < nodes.length; i++) {
      const m = symbol.exec(nodes[i]);
      if (!m) {
        symCount = i;
        break;
      }
      syms[fromAlphaCode(m[1])] = fromAlphaCode(m[2]);
    }
    nodes = nodes.slice(symCount);
  }
  const out: string[] = [];
  const indexFromRef = (ref: string, index: number): number => {
    const d = fromAlphaCode(ref);
    return d < symCount ? syms[d] : index + d + 1 - symCount;
  };
  // An explicit stack instead of recursion: the trie is deep enough to matter on small stacks.
  const stack: [number, string][] = [[0, '']];
  // The packed trie is a DAG; the cap only guards against a corrupt file looping forever.
  while (stack.length > 0 && out.length < 500_000) {
    const [index, prefix] = stack.pop()!;
    let node = nodes[index];
    if (node === undefined) continue;
    if (node[0] === '!') {
      out.push(prefix);
      node = node.slice(1);
    }
    const parts = node.split(/([A-Z0-9,]+)/g);
    for (let i = 0; i < parts.length; i += 2) {
      const s = parts[i];
      const ref = parts[i + 1];
      if (!s) continue;
      const word = prefix + s;
      if (ref === ',' || ref === undefined) out.push(word);
      else stack.push([indexFromRef(ref, index), word]);
    }
  }
  return out;
}
