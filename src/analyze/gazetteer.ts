/**
 * Country gazetteer: tells whether a surface string names a country (or a
 * common variant), a demonym/adjective, a capital used as a metonym, or a
 * region. Data: ./data/countries.generated.ts (MIT packages, see its header)
 * plus the hand-curated ./data/gazetteer-supplement.ts. Tables are built on
 * first use; importing this module does no work.
 */
import { CONTINENTS, COUNTRY_ROWS } from './data/countries.generated.ts';
import {
  AMBIGUOUS,
  CANONICAL_NAMES,
  CAPITALS,
  DEMONYMS,
  DROP_CODES,
  DROP_FORMS,
  NAMES,
  NO_ASCII_VARIANT,
  NO_PLURAL,
  NOT_PLACES,
  PREFER,
  REGIONS,
  TERRITORIES,
} from './data/gazetteer-supplement.ts';

export type GazetteerKind = 'country' | 'demonym' | 'capital' | 'region';

export interface GazetteerHit {
  /** Canonical short English name ("North Korea", "United States"); for a region, the region's name. */
  readonly country: string;
  /** ISO 3166-1 alpha-2 code; '' for regions. */
  readonly code: string;
  readonly kind: GazetteerKind;
  /** The surface often means something else (a person, a US place, another country): require context. */
  readonly ambiguous?: boolean;
  /** A dependent territory or special area rather than a sovereign state. */
  readonly territory?: boolean;
}

interface Tables {
  readonly map: Map<string, GazetteerHit>;
  /** Prefixes, cut at a space or hyphen, of every multi-word key and NOT_PLACES phrase. */
  readonly prefixes: Set<string>;
  readonly notPlaces: Set<string>;
  readonly maxWords: number;
  readonly names: readonly string[];
}

let tables: Tables | undefined;

/** Lower rank wins a surface claimed by two entries. */
const RANK = {
  country: 0,
  territoryCountry: 1,
  capital: 2,
  demonym: 3,
  territoryDemonym: 4,
  region: 5,
} as const;

interface Candidate {
  hit: GazetteerHit;
  rank: number;
  /** Another entry of the same rank (a different country) also claims it. */
  contested: boolean;
}

const COMBINING_MARKS = /\p{M}/gu;
const NON_ASCII = /[^\x20-\x7E]/;
const INNER_HYPHEN = /(\p{L})-(?=\p{L})/gu;

/** Spelling variants of one surface form: diacritics, Saint/St., and/&, hyphen/space. */
function variants(surface: string): string[] {
  const out = [surface];
  if (NON_ASCII.test(surface) && !NO_ASCII_VARIANT.has(surface)) {
    const plain = surface.normalize('NFD').replace(COMBINING_MARKS, '').normalize('NFC');
    if (plain !== surface) out.push(plain);
  }
  if (surface.startsWith('Saint ')) {
    for (let i = 0, n = out.length; i < n; i++) {
      const r = out[i].slice(6);
      out.push(`St. ${r}`, `St ${r}`);
    }
  } else if (surface.startsWith('St. ')) {
    for (let i = 0, n = out.length; i < n; i++) {
      const r = out[i].slice(4);
      out.push(`Saint ${r}`, `St ${r}`);
    }
  }
  if (surface.includes(' and ')) {
    for (let i = 0, n = out.length; i < n; i++) out.push(out[i].replace(' and ', ' & '));
  }
  if (surface.includes('-')) {
    for (let i = 0, n = out.length; i < n; i++) {
      const v = out[i].replace(INNER_HYPHEN, '$1 ');
      if (v !== out[i]) out.push(v);
    }
  }
  return out;
}

/** Plural "-s" form of a demonym, when it takes one ("Iranians", "Czechs"; not "Chinese", "Swiss"). */
function plural(demonym: string): string | undefined {
  if (NO_PLURAL.has(demonym)) return undefined;
  if (demonym !== 'Czech' && /(ese|ish|ss|sh|ch|[sxyz]|ic|wana)$/.test(demonym)) return undefined;
  return `${demonym}s`;
}

function build(): Tables {
  const candidates = new Map<string, Candidate>();
  const droppedForms = new Set(DROP_FORMS.map(([, form]) => form));
  const dropped = new Set(DROP_FORMS.map(([code, form]) => `${code}\t${form}`));
  const hits = new Map<string, GazetteerHit>();
  const hitFor = (
    country: string,
    code: string,
    kind: GazetteerKind,
    ambiguous: boolean,
  ): GazetteerHit => {
    const key = `${code}\t${country}\t${kind}\t${ambiguous}`;
    let hit = hits.get(key);
    if (!hit) {
      const h: { -readonly [K in keyof GazetteerHit]: GazetteerHit[K] } = { country, code, kind };
      if (ambiguous) h.ambiguous = true;
      if (code && TERRITORIES.has(code)) h.territory = true;
      hit = Object.freeze(h);
      hits.set(key, hit);
    }
    return hit;
  };

  const add = (
    surface: string,
    country: string,
    code: string,
    kind: GazetteerKind,
    rank: number,
  ) => {
    if (droppedForms.has(surface) && dropped.has(`${code}\t${surface}`)) return;
    const amb = AMBIGUOUS.has(surface);
    const preferred = PREFER[surface] === code;
    const hit = hitFor(country, code, kind, amb);
    for (const form of variants(surface)) {
      const h = amb || !AMBIGUOUS.has(form) ? hit : hitFor(country, code, kind, true);
      put(form, h, rank, preferred);
    }
    const p = kind === 'demonym' ? plural(surface) : undefined;
    // A plural loses to any real entry with the same spelling ("Philippines").
    if (p) for (const form of variants(p)) put(form, hit, rank + 0.5, preferred);
  };
  const put = (form: string, hit: GazetteerHit, rank: number, preferred: boolean) => {
    const prev = candidates.get(form);
    if (!prev || rank < prev.rank) {
      candidates.set(form, { hit, rank, contested: false });
    } else if (rank === prev.rank && prev.hit.code !== hit.code) {
      prev.contested = true;
      if (preferred) prev.hit = hit;
    }
  };

  // Package data.
  const names: string[] = [];
  const canonical = new Map<string, string>();
  for (const line of COUNTRY_ROWS.split('\n')) {
    if (!line.trim()) continue;
    const [code, name, others, demonyms, capitals] = line.split('\t');
    if (DROP_CODES.has(code)) continue;
    const country = CANONICAL_NAMES[code] ?? name;
    canonical.set(code, country);
    names.push(country);
    const territory = TERRITORIES.has(code);
    const split = (s: string | undefined) => (s ? s.split('|') : []);
    for (const n of [country, name, ...split(others)]) {
      add(n, country, code, 'country', territory ? RANK.territoryCountry : RANK.country);
    }
    for (const d of split(demonyms)) {
      add(d, country, code, 'demonym', territory ? RANK.territoryDemonym : RANK.demonym);
    }
    if (!territory) for (const c of split(capitals)) add(c, country, code, 'capital', RANK.capital);
  }

  // Hand-curated supplements.
  const curated = (
    list: ReadonlyArray<readonly [string, string]>,
    kind: GazetteerKind,
    rank: number,
  ) => {
    for (const [code, surface] of list) {
      const country = canonical.get(code);
      if (!country) throw new Error(`gazetteer supplement: unknown code ${code}`);
      const r = kind === 'capital' ? rank : TERRITORIES.has(code) ? rank + 1 : rank;
      add(surface, country, code, kind, r);
    }
  };
  curated(NAMES, 'country', RANK.country);
  curated(CAPITALS, 'capital', RANK.capital);
  curated(DEMONYMS, 'demonym', RANK.demonym);
  for (const name of Object.values(CONTINENTS)) add(name, name, '', 'region', RANK.region);
  for (const [name, ...rest] of REGIONS) {
    for (const s of [name, ...rest]) add(s, name, '', 'region', RANK.region);
  }

  const map = new Map<string, GazetteerHit>();
  for (const [form, c] of candidates) {
    map.set(
      form,
      c.contested && !c.hit.ambiguous ? hitFor(c.hit.country, c.hit.code, c.hit.kind, true) : c.hit,
    );
  }

  const notPlaces = new Set(NOT_PLACES);
  const prefixes = new Set<string>();
  let maxWords = 1;
  for (const phrase of [...map.keys(), ...notPlaces]) {
    let words = 1;
    for (let i = nextBreak(phrase, 1); i > 0; i = nextBreak(phrase, i + 1)) {
      prefixes.add(phrase.slice(0, i));
      if (phrase[i] === '-') prefixes.add(phrase.slice(0, i + 1));
      words++;
    }
    if (words > maxWords) maxWords = words;
  }
  return { map, prefixes, notPlaces, maxWords, names: Object.freeze(names) };
}

/** Index of the next space or hyphen at or after `from`, or -1. */
function nextBreak(s: string, from: number): number {
  const space = s.indexOf(' ', from);
  const hyphen = s.indexOf('-', from);
  return space < 0 ? hyphen : hyphen < 0 ? space : Math.min(space, hyphen);
}

function getTables(): Tables {
  if (!tables) tables = build();
  return tables;
}

const QUOTES = /[\u2018\u2019\u201B\u02BC\u0060\u00B4]/g;
const SPACES = /[\s\u00A0\u2009\u202F]+/g;
const HYPHENS = /[\u2010\u2011\u2012\u2013]/g;

function normalize(s: string): string {
  return s.normalize('NFC').replace(QUOTES, "'").replace(HYPHENS, '-').replace(SPACES, ' ').trim();
}

function stripPossessive(s: string): string | undefined {
  if (s.endsWith("'s")) return s.slice(0, -2);
  if (s.endsWith("s'")) return s.slice(0, -1);
  return undefined;
}

const LEADING_THE = /^the /i;
const EDGE_PUNCT_END = /[.,;:!?)\]}"\u201C\u201D']+$/;
const EDGE_PUNCT_START = /^[(["\u201C\u201D']+/;

function find(map: Map<string, GazetteerHit>, s: string): GazetteerHit | undefined {
  for (const base of LEADING_THE.test(s) ? [s, s.replace(LEADING_THE, '')] : [s]) {
    const hit = map.get(base);
    if (hit) return hit;
    const bare = stripPossessive(base);
    if (bare) {
      const h = map.get(bare);
      if (h) return h;
    }
  }
  return undefined;
}

const TRAILING_SOFT = /[,;:!?)\]}"\u201C\u201D]+$/;

/** Tries the surface as is, then without edge punctuation ("U.S.," -> "U.S.", "Russia." -> "Russia"). */
function resolve(map: Map<string, GazetteerHit>, s: string): GazetteerHit | undefined {
  const hit = find(map, s);
  if (hit) return hit;
  const lead = s.replace(EDGE_PUNCT_START, '');
  const soft = lead.replace(TRAILING_SOFT, '');
  const hard = lead.replace(EDGE_PUNCT_END, '');
  return (
    (soft !== s && soft ? find(map, soft) : undefined) ??
    (hard !== soft && hard ? find(map, hard) : undefined)
  );
}

/**
 * Exact, case-sensitive lookup of a proper-noun form. Tolerates a leading
 * "the ", curly vs straight apostrophes, a trailing possessive ('s / s'),
 * plural demonyms ("Iranians") and stray edge punctuation.
 */
export function lookupPlace(surface: string): GazetteerHit | undefined {
  return resolve(getTables().map, normalize(surface));
}

/** Canonical names of every country and territory in the gazetteer. */
export function countryNames(): readonly string[] {
  return getTables().names;
}

/** True when `name` names a country or territory (any known variant, not a demonym/capital/region). */
export function isCountryName(name: string): boolean {
  return lookupPlace(name)?.kind === 'country';
}

function isThe(word: string | undefined): boolean {
  return word === 'the' || word === 'The' || word === 'THE';
}

/** Appends a token, gluing hyphens and split-off possessives to their neighbours. */
function append(phrase: string, word: string, prev: string | undefined): string {
  if (phrase === '') return word;
  if (word === '-' || prev === '-' || word === "'s") return phrase + word;
  return `${phrase} ${word}`;
}

function isBlocked(t: Tables, phrase: string): boolean {
  if (t.notPlaces.has(phrase)) return true;
  const bare = stripPossessive(phrase.replace(EDGE_PUNCT_END, ''));
  return (
    t.notPlaces.has(phrase.replace(EDGE_PUNCT_END, '')) ||
    (bare !== undefined && t.notPlaces.has(bare))
  );
}

/**
 * Longest gazetteer entry that begins at words[start] (whole words only).
 * A leading "the" is consumed when a place follows it ("the United States" has
 * length 3). Hyphens split off as their own tokens are glued back
 * (["Guinea", "-", "Bissau"]). Returns undefined when words[start] is an inner
 * part of a longer entry or of a NOT_PLACES phrase that began earlier
 * ("Sudan" in "South Sudan", "Mexico" in "New Mexico"), or when a NOT_PLACES
 * phrase begins here.
 */
export function longestPlaceAt(
  words: string[],
  start: number,
): { length: number; hit: GazetteerHit } | undefined {
  if (!Number.isInteger(start) || start < 0 || start >= words.length) return undefined;
  const t = getTables();
  const span = t.maxWords * 2;
  const lo = Math.max(0, start - span);
  const hi = Math.min(words.length, start + span + 1);
  const cache: (string | undefined)[] = [];
  const word = (i: number): string => {
    let w = cache[i - lo];
    if (w === undefined) {
      w = normalize(words[i] ?? '');
      cache[i - lo] = w;
    }
    return w;
  };

  // Inner part of a longer phrase that began earlier?
  for (let b = start - 1; b >= lo; b--) {
    if (isThe(word(b)) || !t.prefixes.has(word(b))) continue;
    let phrase = word(b);
    for (let i = b + 1; i < start; i++) phrase = append(phrase, word(i), word(i - 1));
    if (!t.prefixes.has(phrase)) continue;
    for (let i = start; i < hi; i++) {
      phrase = append(phrase, word(i), word(i - 1));
      if (isBlocked(t, phrase) || resolve(t.map, phrase)) return undefined;
      if (!t.prefixes.has(phrase)) break;
    }
  }

  const the = isThe(word(start));
  let full = '';
  let bare = '';
  let best: { length: number; hit: GazetteerHit } | undefined;
  for (let i = start; i < hi; i++) {
    full = append(full, word(i), i > start ? word(i - 1) : undefined);
    if (the && i > start) bare = append(bare, word(i), i > start + 1 ? word(i - 1) : undefined);
    // "New Mexico": the "Mexico" inside is no country
    if (isBlocked(t, full) || (bare !== '' && isBlocked(t, bare))) return undefined;
    const hit = the && i === start ? undefined : resolve(t.map, full);
    if (hit) best = { length: i - start + 1, hit };
    const more = t.prefixes.has(full) || (the && (i === start || t.prefixes.has(bare)));
    if (!more) break;
  }
  return best;
}
