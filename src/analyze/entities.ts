/**
 * Turns name mentions into entities: one per real-world actor, with every surface
 * form as an alias. Surnames and family names join the full name they shorten,
 * acronyms join their expansion, demonyms and capitals join their country, and an
 * organisation written with and without its country ("U.S. State Department",
 * "State Department") is one organisation.
 */
import type { ActorKind } from '../types.ts';
import { isAcronym, type Mention } from './mentions.ts';
import { FUNCTION_WORDS, NON_NAMES, SPEECH_CUES } from './lexicon.ts';
import type { Doc } from './text.ts';

/** An actor while it is being assembled. */
export interface Entity {
  key: string;
  name: string;
  kind: ActorKind;
  mentions: Mention[];
  /** Surface forms with how often each was written. */
  forms: Map<string, number>;
  title: string | null;
  role: string | null;
  affiliation: string | null;
  /** The organisation is a think tank, university, consultancy or research body. */
  expertBody: boolean;
}

const CONNECTOR_WORDS = new Set(['of', 'for', 'the', 'and', 'on', 'in', 'to', 'de', 'al']);

/** Lower-cased, spaces and hyphens dropped: "Kim Jong-un" and "Kim Jong Un" meet. */
export function nameKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/['’`]s$/, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function words(text: string): string[] {
  return text.split(/[\s]+/).filter(Boolean);
}

/** The name without a leading "the". */
function bare(text: string): string {
  return text.replace(/^(?:the|The)\s+/, '');
}

/**
 * Whether `acronym` abbreviates `name`: each letter starts a word, or continues the
 * previous word ("ECOWAS" = "ECOnomic Community Of West African States"); connector
 * words may be skipped.
 */
export function abbreviates(acronym: string, name: string): boolean {
  const letters = acronym.replace(/[^\p{L}]/gu, '').toLowerCase();
  const ws = words(name).map((w) => w.toLowerCase().replace(/[^\p{L}]/gu, ''));
  if (letters.length < 2 || ws.length < 2 || ws.length > 12) return false;
  const memo = new Map<string, boolean>();
  // i: next letter, j: current word, k: letters used inside word j so far (0 = word not started).
  const go = (i: number, j: number, k: number): boolean => {
    if (i === letters.length) return ws.slice(k > 0 ? j + 1 : j).every((w) => CONNECTOR_WORDS.has(w));
    if (j >= ws.length) return false;
    const key = `${i},${j},${k}`;
    const seen = memo.get(key);
    if (seen !== undefined) return seen;
    let ok = false;
    const w = ws[j];
    if (k > 0 && k < w.length && w[k] === letters[i] && go(i + 1, j, k + 1)) ok = true;
    if (!ok && j + (k > 0 ? 1 : 0) < ws.length) {
      const nj = k > 0 ? j + 1 : j;
      const nw = ws[nj];
      if (nw[0] === letters[i] && go(i + 1, nj, 1)) ok = true;
      else if (CONNECTOR_WORDS.has(nw) && go(i, nj + 1, 0)) ok = true;
    }
    memo.set(key, ok);
    return ok;
  };
  return go(0, 0, 0);
}

/** Builds the entities of an article from its mentions. */
export function buildEntities(doc: Doc, mentions: readonly Mention[]): Entity[] {
  const byKey = new Map<string, Entity>();
  const order: Entity[] = [];
  const add = (key: string, name: string, kind: ActorKind, m: Mention): Entity => {
    let e = byKey.get(key);
    if (!e) {
      e = { key, name, kind, mentions: [], forms: new Map(), title: null, role: null, affiliation: null, expertBody: false };
      byKey.set(key, e);
      order.push(e);
    }
    e.mentions.push(m);
    const form = bare(m.text);
    e.forms.set(form, (e.forms.get(form) ?? 0) + 1);
    return e;
  };

  const capitals: Mention[] = [];
  const singles: Mention[] = [];
  // Pass 1: gazetteer names, organisations, places and multi-word person names.
  for (const m of mentions) {
    if (m.place) {
      if (m.place.form === 'capital') capitals.push(m);
      else add(`place:${m.place.name}`, m.place.name, m.place.form === 'region' ? 'place' : 'country', m);
      continue;
    }
    const n = words(m.text).length;
    if (m.kind === 'organization') add(`org:${orgKey(m.text)}`, bare(m.text), 'organization', m);
    else if (m.kind === 'place' && n > 1) add(`place:${nameKey(m.text)}`, bare(m.text), 'place', m);
    else if (n > 1 && (m.kind === 'person' || m.kind === 'unknown')) {
      if (words(m.text).some((w) => NON_NAMES.has(w.toLowerCase()) || isAcronym(w))) {
        add(`org:${orgKey(m.text)}`, bare(m.text), 'organization', m);
      } else {
        add(`person:${nameKey(m.text)}`, m.text, 'person', m);
      }
    } else singles.push(m);
  }

  // Pass 2: one-word names. A surname or family name joins its person; otherwise the
  // word's contexts across the article decide, and a word with no telling context is dropped.
  const persons = order.filter((e) => e.kind === 'person');
  const partOf = new Map<string, Entity[]>();
  for (const p of persons) {
    const ws = words(p.name);
    for (const w of [ws[ws.length - 1], ws[0]]) {
      const k = nameKey(w);
      const list = partOf.get(k) ?? [];
      if (!list.includes(p)) list.push(p);
      partOf.set(k, list);
    }
  }
  const contextKind = new Map<string, ActorKind>();
  for (const m of singles) {
    const k = nameKey(m.text);
    const kind = m.kind === 'unknown' ? (followedBySpeech(doc, m) ? 'person' : null) : m.kind;
    if (kind && !contextKind.has(k)) contextKind.set(k, kind);
  }
  for (const m of singles) {
    const k = nameKey(m.text);
    const owners = partOf.get(k);
    if (owners && owners.length > 0) {
      add(bestOwner(owners, m, words).key, '', 'person', m);
      continue;
    }
    if (isAcronym(m.text)) {
      add(`org:${orgKey(m.text)}`, m.text, 'organization', m);
      continue;
    }
    const kind = contextKind.get(k);
    if (!kind) continue;
    if (kind === 'person') add(`person:${k}`, m.text, 'person', m);
    else if (kind === 'place') add(`place:${k}`, m.text, 'place', m);
    else add(`org:${orgKey(m.text)}`, m.text, kind === 'country' ? 'country' : 'organization', m);
  }

  // Capitals: an alias of their country when the article names it, else a place.
  for (const m of capitals) {
    const country = byKey.get(`place:${m.place!.name}`);
    if (country) add(country.key, '', 'country', m);
    else add(`place:${nameKey(m.text)}`, m.text, 'place', m);
  }

  mergeAcronyms(doc, order, byKey);
  const entities = order.filter((e) => byKey.get(e.key) === e);
  for (const e of entities) {
    if (e.kind === 'organization') e.name = canonicalForm(e);
  }
  return entities;
}

/** An organisation's key: without a leading "the" or a country in front ("U.S. State Department"). */
function orgKey(text: string): string {
  const ws = words(bare(text));
  // Drop leading words that are only a place marker, keeping at least two words.
  let i = 0;
  while (i < ws.length - 2 && /^(?:\p{Lu}\.){2,}$/u.test(ws[i])) i++;
  return nameKey(ws.slice(i).join(' '));
}

/** Most written form; ties go to the longer one. */
function canonicalForm(e: Entity): string {
  let best = e.name;
  let count = -1;
  for (const [form, n] of e.forms) {
    if (n > count || (n === count && form.length > best.length)) {
      best = form;
      count = n;
    }
  }
  return best;
}

/** Of several people sharing a name part, the one a bare "Kim" most likely means. */
function bestOwner(owners: Entity[], m: Mention, split: (s: string) => string[]): Entity {
  if (owners.length === 1) return owners[0];
  const k = nameKey(m.text);
  const score = (e: Entity) => {
    const ws = split(e.name);
    const surname = nameKey(ws[ws.length - 1]) === k ? 1 : 0;
    const before = e.mentions.filter((x) => x.paragraph < m.paragraph || (x.paragraph === m.paragraph && x.start < m.start));
    return surname * 0 + e.mentions.length * 2 + (before.length > 0 ? 1 : 0);
  };
  return [...owners].sort((a, b) => score(b) - score(a))[0];
}

/** "Manning said", "Adamu welcomed": a bare name followed by a reporting verb is a person. */
function followedBySpeech(doc: Doc, m: Mention): boolean {
  const tokens = doc.paragraphs[m.paragraph].tokens;
  for (let i = m.to; i < Math.min(tokens.length, m.to + 3); i++) {
    const t = tokens[i];
    if (SPEECH_CUES.has(t.lower)) return true;
    if (!t.word || t.cap || !FUNCTION_WORDS.has(t.lower)) {
      if (t.lower !== 'also' && t.lower !== 'has' && t.lower !== 'had') return false;
    }
  }
  return false;
}

/**
 * Joins an acronym organisation to the long name it abbreviates: written next to it
 * ("Baloch Liberation Army (BLA)", "ECOWAS, the Economic Community …") or matching its
 * initials anywhere in the article.
 */
function mergeAcronyms(doc: Doc, order: Entity[], byKey: Map<string, Entity>): void {
  const orgs = order.filter((e) => e.kind === 'organization');
  const acronyms = orgs.filter((e) => isAcronym(e.name) || isAcronym(e.name.replace(/\./g, '')));
  const longs = orgs.filter((e) => words(e.name).length > 1);
  for (const a of acronyms) {
    const target = longs.find((l) => l !== a && [...l.forms.keys()].some((f) => abbreviates(a.name, f)));
    if (target) absorb(target, a, byKey);
  }
  void doc;
}

/** Moves `from`'s mentions and forms into `into`, and points `from`'s key at `into`. */
export function absorb(into: Entity, from: Entity, byKey: Map<string, Entity>): void {
  if (into === from) return;
  into.mentions.push(...from.mentions);
  for (const [f, n] of from.forms) into.forms.set(f, (into.forms.get(f) ?? 0) + n);
  byKey.set(from.key, into);
}
