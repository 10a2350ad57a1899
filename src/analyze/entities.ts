/**
 * Turns name mentions into entities: one per real-world actor, with every surface
 * form as an alias. Surnames and family names join the full name they shorten,
 * acronyms join their expansion, demonyms and capitals join their country, and an
 * organisation written with and without its country ("U.S. State Department",
 * "State Department") is one organisation.
 */
import type { ActorKind } from '../types.ts';
import { isCountryName } from './gazetteer.ts';
import {
  EXPERT_NOUNS,
  FUNCTION_WORDS,
  GENERIC_NOUNS,
  NAME_PARTICLES,
  NON_NAMES,
  ORG_HEADS,
  PLACE_HEADS,
  SPEECH_CUES,
  TITLE_HEADS,
} from './lexicon.ts';
import { isAcronym, type Mention } from './mentions.ts';
import { nameLexicon } from './name-lexicon.ts';
import { ROLE_NOUNS } from './roles.ts';
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

/** Acronyms of common nouns and titles, not of actors: "AI", "GDP", "CEO". */
const COMMON_ACRONYMS = new Set(
  'AI EV EVs GDP PCR ICBM ICBMs LLM LLMs CEO CFO COO CTO MP MPs PM DNA HIV AIDS IT TV PhD IPO VAT UAV UAVs GPS SIM ID IDs OK US UK'.split(
    ' ',
  ),
);

const CONNECTOR_WORDS = new Set(['of', 'for', 'the', 'and', 'on', 'in', 'to', 'de', 'al']);

/** Lower-cased, spaces and hyphens dropped: "Kim Jong-un" and "Kim Jong Un" meet. */
function nameKey(text: string): string {
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
    if (i === letters.length)
      return ws.slice(k > 0 ? j + 1 : j).every((w) => CONNECTOR_WORDS.has(w));
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
      e = {
        key,
        name,
        kind,
        mentions: [],
        forms: new Map(),
        title: null,
        role: null,
        affiliation: null,
        expertBody: false,
      };
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
  const named: Entity[] = [];
  // Pass 1: gazetteer names, organisations, places and multi-word names.
  for (const m of mentions) {
    if (m.place) {
      if (m.place.form === 'capital') capitals.push(m);
      else
        add(
          `place:${m.place.name}`,
          m.place.name,
          m.place.form === 'region' ? 'place' : 'country',
          m,
        );
      continue;
    }
    const ws = words(m.text);
    // "AI", "EVs", "GDP": acronyms of common nouns are no actors, whatever their context.
    if (COMMON_ACRONYMS.has(m.text.replace(/\./g, ''))) continue;
    if (isHoliday(ws)) continue;
    if (m.kind === 'organization') add(`org:${orgKey(m.text)}`, bare(m.text), 'organization', m);
    else if (
      m.kind !== 'place' &&
      m.kind !== 'person' &&
      ws.length > 1 &&
      ws.some(
        (w) =>
          (NON_NAMES.has(w.toLowerCase()) && !nameLexicon().firstNames.has(w.toLowerCase())) ||
          isAcronym(w),
      )
    ) {
      add(`org:${orgKey(m.text)}`, bare(m.text), 'organization', m);
    } else if (ws.length > 1) {
      // Person, place or organisation: decided below from all of its mentions.
      const e = add(`name:${nameKey(m.text)}`, bare(m.text), 'person', m);
      if (!named.includes(e)) named.push(e);
    } else singles.push(m);
  }

  // Pass 2: what each multi-word name is, from all of its mentions and from its surname
  // used alone ("Yousafzai said" makes "Malala Yousafzai" a person).
  const singlesByKey = new Map<string, Mention[]>();
  for (const m of singles) {
    const k = nameKey(m.text);
    const list = singlesByKey.get(k) ?? [];
    list.push(m);
    singlesByKey.set(k, list);
  }
  for (const e of named) {
    const ws = words(e.name);
    const surnameUses = singlesByKey.get(nameKey(ws[ws.length - 1])) ?? [];
    e.kind = kindOfName(doc, e, surnameUses);
  }

  // Pass 3: one-word names. A surname — or, for a person, a family name written first
  // ("Kim" of "Kim Jong Un") — joins its full name; otherwise the word's contexts across
  // the article decide, and a word with no telling context is dropped.
  const partOf = new Map<string, Entity[]>();
  const claim = (w: string, e: Entity) => {
    const k = nameKey(w);
    const list = partOf.get(k) ?? [];
    if (!list.includes(e)) list.push(e);
    partOf.set(k, list);
  };
  for (const e of named) {
    if (e.kind !== 'person') continue;
    const ws = words(e.name);
    const last = ws[ws.length - 1];
    claim(last, e);
    claim(ws[0], e);
    // "al-Sudani" is also written "Sudani".
    const particle = /^(?:al|el|ad|an|as|ash|at|az|bin|ibn|abu|ben)[-‐‑–’'](.+)$/i.exec(last);
    if (particle) claim(particle[1], e);
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
      add(bestOwner(owners, m).key, '', 'person', m);
      continue;
    }
    if (isAcronym(m.text)) {
      if (!COMMON_ACRONYMS.has(m.text.replace(/\./g, '')))
        add(`org:${orgKey(m.text)}`, m.text, 'organization', m);
      continue;
    }
    // A word already known as a one-word actor ("Al-Shabab, a … group" made it one).
    const known =
      byKey.get(`org:${orgKey(m.text)}`) ?? byKey.get(`place:${k}`) ?? byKey.get(`person:${k}`);
    if (known) {
      add(known.key, '', known.kind, m);
      continue;
    }
    const kind = contextKind.get(k);
    if (!kind) continue;
    // "Chagossians", "Rohingyas": a plural people no gazetteer lists is a group, not a person.
    if (isPluralPeople(m.text)) {
      add(`group:${k}`, m.text, 'group', m);
      continue;
    }
    if (kind === 'person') add(`person:${k}`, m.text, 'person', m);
    else if (kind === 'place') add(`place:${k}`, m.text, 'place', m);
    else add(`org:${orgKey(m.text)}`, m.text, kind === 'country' ? 'country' : 'organization', m);
  }

  // Capitals: an alias of their country when the article names it, else a place.
  for (const m of capitals) {
    const country = byKey.get(`place:${m.place!.name}`);
    if (country) add(country.key, '', 'country', m);
    else if (capitalAsCountry(doc, m, mentions))
      add(`place:${m.place!.name}`, m.place!.name, 'country', m);
    else add(`place:${nameKey(m.text)}`, m.text, 'place', m);
  }

  mergeAcronyms(doc, order, byKey);
  const entities = order.filter((e) => byKey.get(e.key) === e);
  for (const e of entities) {
    if (e.kind === 'organization') e.name = canonicalForm(e);
    if (e.kind === 'place') nameWithRegionNoun(doc, e);
  }
  return entities;
}

/**
 * A capital standing for its government: "Washington said", "Washington’s ties with …",
 * "between Washington and Beijing". Not "reported from Washington" or "its Washington embassy".
 */
function capitalAsCountry(doc: Doc, m: Mention, mentions: readonly Mention[]): boolean {
  const tokens = doc.paragraphs[m.paragraph].tokens;
  const next = tokens[m.to];
  const before = tokens[m.from - 1];
  if (before && (before.text === '’s' || before.text === "'s")) return false;
  if (next && SPEECH_CUES.has(next.lower) && !next.cap) return true;
  if (next && (next.text === '’s' || next.text === "'s")) {
    const noun = tokens[m.to + 1];
    return !!noun && noun.word && !noun.cap && !PLACE_HEADS.has(noun.lower);
  }
  // Paired with another country or capital by "and"/"or".
  const pairedWith = (x: Mention | undefined) =>
    !!x && !!x.place && x !== m && (x.place.form === 'country' || x.place.form === 'capital');
  if (next && (next.lower === 'and' || next.lower === 'or'))
    return pairedWith(mentions.find((x) => x.paragraph === m.paragraph && x.from === m.to + 1));
  if (before && (before.lower === 'and' || before.lower === 'or'))
    return pairedWith(mentions.find((x) => x.paragraph === m.paragraph && x.to === m.from - 1));
  return false;
}

/** A plural people's name: "Chagossians", "Yazidis", "Uyghurs"; not a surname ("Evans"). */
function isPluralPeople(text: string): boolean {
  if (!/^\p{Lu}\p{Ll}{3,}(?:ians|ans|ites|ese|urs)$/u.test(text)) return false;
  const lower = text.toLowerCase();
  const lex = nameLexicon();
  return !lex.lastNames.has(lower) && !lex.firstNames.has(lower) && !lex.places.has(lower);
}

/** An organisation's key: without a leading "the" or a country in front ("U.S. State Department"). */
function orgKey(text: string): string {
  const ws = words(bare(text));
  // Drop leading words that are only a place marker, keeping at least two words.
  let i = 0;
  while (i < ws.length - 2 && /^(?:\p{Lu}\.){2,}$/u.test(ws[i])) i++;
  return nameKey(ws.slice(i).join(' '));
}

const REGION_NOUNS = new Set([
  'region',
  'province',
  'oblast',
  'district',
  'county',
  'prefecture',
  'governorate',
  'territory',
]);

/** "Russia’s Kursk region": a place written with its region noun is named with it ("Kursk" stays an alias). */
function nameWithRegionNoun(doc: Doc, e: Entity): void {
  for (const m of e.mentions) {
    const next = doc.paragraphs[m.paragraph].tokens[m.to];
    if (
      next &&
      !next.cap &&
      REGION_NOUNS.has(next.lower) &&
      next.start === m.end + 1 &&
      !e.name.includes(' ')
    ) {
      e.name = `${e.name} ${next.text}`;
      return;
    }
  }
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

/** Of several people sharing a name part, the one a bare "Kim" most likely means: the most mentioned. */
function bestOwner(owners: Entity[], m: Mention): Entity {
  if (owners.length === 1) return owners[0];
  const score = (e: Entity) => {
    const before = e.mentions.some(
      (x) => x.paragraph < m.paragraph || (x.paragraph === m.paragraph && x.start < m.start),
    );
    return e.mentions.length * 2 + (before ? 1 : 0);
  };
  return [...owners].sort((a, b) => score(b) - score(a))[0];
}

/**
 * The kind of a multi-word name with no head word to tell: a person when anything
 * says so (a title or role, a reporting verb, an appositive, a known given name), a
 * place or organisation when its context says so, and an organisation otherwise
 * ("Boko Haram"). Context beats a given name: "the port of Bandar Abbas".
 */
function kindOfName(doc: Doc, e: Entity, surnameUses: readonly Mention[]): ActorKind {
  const lex = nameLexicon();
  let person = 0;
  let place = 0;
  let org = 0;
  let located = false;
  let which = false;
  for (const m of e.mentions) {
    if (m.kind === 'person') person += 2;
    else if (m.kind === 'place') place += 2;
    else if (m.kind === 'organization') org += 2;
    if (followedBySpeech(doc, m) || describedAfter(doc, m)) person += 2;
    const tokens = doc.paragraphs[m.paragraph].tokens;
    // "the Jaffar Express", "the Qahira Hotel": people take no article.
    const before = tokens[m.from - 1];
    if (before?.lower === 'the') org += 1;
    if (before && /^(?:in|on|at|to|from|near)$/.test(before.lower)) located = true;
    // "X, which …": a thing or a place, not a person (people take "who").
    if (tokens[m.to]?.text === ',' && tokens[m.to + 1]?.lower === 'which') which = true;
  }
  if (which) {
    if (located) place += 3;
    else org += 3;
  }
  for (const m of surnameUses) if (m.kind === 'person' || followedBySpeech(doc, m)) person += 2;
  const ws = words(e.name);
  const lower = ws.map((w) => w.toLowerCase());
  // "Standard Chartered", "Consolidated …": a participle ends a company's name, not a person's.
  const lastLower = lower[lower.length - 1];
  if (
    /\p{Ll}(?:ered|ated|ited|ized|ised)$/u.test(lastLower) &&
    !lex.lastNames.has(lastLower) &&
    !e.mentions.some((m) => m.kind === 'person')
  )
    return 'organization';
  // "Reporters Without Borders", "Cyclones Chido" (after "the third cyclone"): a plural
  // common noun starts no person's name. A plural only by its singular ("Miles" beside "a
  // mile") gives way to anything that says person (speech, a title, its surname used alone).
  const plural =
    /s$/.test(lower[0]) &&
    (isCommonNoun(doc, lower[0]) ||
      (person === 0 &&
        !lex.firstNames.has(lower[0]) &&
        singulars(lower[0]).some((w) => w.length >= 4 && isCommonNoun(doc, w))));
  if (person > 0 && person >= place && person >= org && !plural) return 'person';
  if (place > 0 && place >= org) return 'place';
  if (org > 0) return 'organization';
  // No context: a known given name makes a person ("Robert Wood"); ordinary words make a name
  // of a thing ("Truth Social", "Zero Sum", "Homeland Security", "Air India"); anything else
  // is most likely a person.
  if (lex.firstNames.has(lower[0]) && !plural) return 'person';
  // "Birdlife Spain", "Amnesty New Zealand": a name ending with a country, and begun by no
  // given name, is an organisation's branch there; not when the country is also a surname
  // ("Anatole France").
  if (endsWithCountry(ws) && !lex.lastNames.has(lastLower) && !COUNTRY_SURNAMES.has(lastLower)) {
    return 'organization';
  }
  const ordinary = lower.some(
    (w) =>
      !NAME_PARTICLES.has(w) &&
      (doc.lowerWords.has(w) || lex.commonWords.has(w) || FUNCTION_WORDS.has(w)) &&
      !lex.firstNames.has(w) &&
      !lex.lastNames.has(w),
  );
  return ordinary || plural ? 'organization' : 'person';
}

/** Countries that are also surnames, which compromise's list of last names lacks. */
const COUNTRY_SURNAMES = new Set([
  'chad',
  'england',
  'france',
  'georgia',
  'holland',
  'israel',
  'jordan',
  'wales',
]);

/** The name's last one to three words, not all of it, name a country ("Birdlife South Africa"). */
function endsWithCountry(ws: readonly string[]): boolean {
  for (let n = 1; n <= 3 && n < ws.length; n++) {
    if (isCountryName(ws.slice(-n).join(' '))) return true;
  }
  return false;
}

/** The singulars a plural may have: "cyclones" (cyclone), "deputies" (deputy), "buses" (bus). */
function singulars(plural: string): string[] {
  const out = [plural.slice(0, -1)];
  if (plural.endsWith('es')) out.push(plural.slice(0, -2));
  if (plural.endsWith('ies')) out.push(`${plural.slice(0, -3)}y`);
  return out;
}

/** A word the article writes in lower case, or a generic noun. */
function isCommonNoun(doc: Doc, word: string): boolean {
  return doc.lowerWords.has(word) || GENERIC_NOUNS.has(word);
}

/**
 * "Christmas Eve", "New Year", "National Day", "Mother's Day": a day is no actor. Not a
 * given name and a surname ("Doris Day").
 */
function isHoliday(ws: readonly string[]): boolean {
  if (ws.length < 2) return false;
  const lower = ws.map((w) => w.toLowerCase().replace(/['’]s$/, ''));
  if (lower[0] === 'new' && lower[1] === 'year') return true;
  const last = lower[lower.length - 1];
  return (last === 'day' || last === 'eve') && !nameLexicon().firstNames.has(lower[0]);
}

/** ", a North Korean defector", ", who was …": an appositive or relative clause that describes a person. */
function describedAfter(doc: Doc, m: Mention): boolean {
  const tokens = doc.paragraphs[m.paragraph].tokens;
  if (tokens[m.to]?.text !== ',') return false;
  const next = tokens[m.to + 1];
  if (next?.lower === 'who') return true;
  const lex = nameLexicon();
  for (let i = m.to + 1; i < Math.min(tokens.length, m.to + 8); i++) {
    const t = tokens[i];
    if (!t.word) return false;
    if (
      (ROLE_NOUNS.has(t.lower) ||
        TITLE_HEADS.has(t.lower) ||
        EXPERT_NOUNS.has(t.lower) ||
        lex.occupations.has(t.lower)) &&
      !/s$/.test(t.lower)
    )
      return true;
  }
  return false;
}

const BEFORE_SPEECH = new Set([
  'also',
  'has',
  'had',
  'later',
  'then',
  'previously',
  'recently',
  'earlier',
  'further',
  'once',
  'again',
]);
/** Verbs that only people do, beyond speech: reporter credits, obituaries. */
const PERSON_VERBS = new Set([
  'contributed',
  'died',
  'resigned',
  'testified',
  'smiled',
  'laughed',
  'wept',
]);

/** "Manning said", "Adamu welcomed", "said Adamu": a name next to a reporting verb is a person. */
function followedBySpeech(doc: Doc, m: Mention): boolean {
  const tokens = doc.paragraphs[m.paragraph].tokens;
  for (let i = m.to; i < Math.min(tokens.length, m.to + 3); i++) {
    const t = tokens[i];
    if (SPEECH_CUES.has(t.lower) || PERSON_VERBS.has(t.lower)) return true;
    if (!BEFORE_SPEECH.has(t.lower)) break;
  }
  const before = tokens[m.from - 1];
  return (
    before !== undefined &&
    (before.lower === 'said' || before.lower === 'says' || before.lower === 'added') &&
    m.from - 2 >= 0 &&
    !tokens[m.from - 2].word
  );
}

/**
 * Joins an acronym organisation to the long name it abbreviates: written next to it
 * ("Baloch Liberation Army (BLA)", "ECOWAS, the Economic Community …") or matching its
 * initials anywhere in the article.
 */
function mergeAcronyms(doc: Doc, order: Entity[], byKey: Map<string, Entity>): void {
  // "Doctors Without Borders (MSF)": an acronym in brackets right after a name is that name,
  // whatever its letters (they may come from another language).
  for (const e of order) {
    if (e.kind !== 'organization' || byKey.get(e.key) !== e) continue;
    for (const m of e.mentions) {
      const tokens = doc.paragraphs[m.paragraph].tokens;
      if (
        tokens[m.to]?.text !== '(' ||
        tokens[m.to + 2]?.text !== ')' ||
        !isAcronym(tokens[m.to + 1].text)
      )
        continue;
      const acronym = order.find(
        (x) => x !== e && byKey.get(x.key) === x && x.forms.has(tokens[m.to + 1].text),
      );
      if (acronym) absorb(e, acronym, byKey);
    }
  }
  const orgs = order.filter((e) => e.kind === 'organization');
  const acronyms = orgs.filter((e) => isAcronym(e.name) || isAcronym(e.name.replace(/\./g, '')));
  // "C.A.R." for the Central African Republic: an acronym of a country joins the country.
  const longs = [
    ...orgs,
    ...order.filter((e) => e.kind === 'country' || e.kind === 'place'),
  ].filter((e) => words(e.name).length > 1);
  for (const a of acronyms) {
    const target = longs.find(
      (l) => l !== a && [...l.forms.keys()].some((f) => abbreviates(a.name, f)),
    );
    if (target) absorb(target, a, byKey);
  }
  // "Beledweyne" and "Beledweyne District": a place with and without its place word.
  const places = order.filter((e) => e.kind === 'place' && byKey.get(e.key) === e);
  for (const long of places) {
    const lw = words(long.name);
    if (lw.length < 2 || !PLACE_HEADS.has(lw[lw.length - 1].toLowerCase())) continue;
    const short = places.find(
      (p) => p !== long && byKey.get(p.key) === p && p.name === lw.slice(0, -1).join(' '),
    );
    if (short) absorb(short, long, byKey);
  }
  // "Xinhua" and "Xinhua News Agency", "Stimson" and "Stimson Center": a short form is the
  // long name without its organisation words.
  for (const short of orgs) {
    if (byKey.get(short.key) !== short || words(short.name).length > 2) continue;
    const long = orgs.find((l) => {
      if (l === short || byKey.get(l.key) !== l) return false;
      const lw = words(l.name);
      const sw = words(short.name);
      return (
        lw.length > sw.length &&
        sw.every((w, i) => lw[i] === w) &&
        lw.slice(sw.length).every((w) => ORG_HEADS.has(w.toLowerCase()))
      );
    });
    if (long) absorb(long, short, byKey);
  }
}

/** Moves `from`'s mentions and forms into `into`, and points `from`'s key at `into`. */
function absorb(into: Entity, from: Entity, byKey: Map<string, Entity>): void {
  if (into === from) return;
  into.mentions.push(...from.mentions);
  for (const [f, n] of from.forms) into.forms.set(f, (into.forms.get(f) ?? 0) + n);
  byKey.set(from.key, into);
}
