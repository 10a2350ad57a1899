/**
 * Scores a predicted structured summary against the hand-made gold files in
 * `../shared/gold/` (rules: `../shared/gold/README.md`).
 *
 * Every category is matched one-to-one and greedily: candidate pairs are
 * ranked (better evidence first, required gold before optional gold) and
 * input order only breaks ties, so the result is deterministic.
 *
 * Common conventions:
 * - Optional gold items are never required for recall; a prediction that can
 *   only be explained by an optional gold item is "ignored" (neither TP nor FP).
 * - Every miss, false positive and wrong attribute is listed as an `Issue` in
 *   `FileScore.details`, so a developer can see what to fix.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PublicSummary } from '../../src/types.ts';

// ---------------------------------------------------------------------------
// Gold annotations

/** A gold actor: one record per real-world entity, with every surface form seen. */
export interface GoldActor {
  name: string;
  /** `person` | `org` | `country` | `place`, or e.g. `vessel`/`vehicle` (always optional). */
  type: string;
  title?: string | null;
  role?: string | null;
  affiliation?: string | null;
  aliases: string[];
  metonyms?: string[];
  demonyms?: string[];
  optional?: boolean;
}

/** A gold figure: a count, amount, percentage, measure or multiplier. */
export interface GoldFigure {
  value: number;
  text: string;
  unit: string | null;
  qualifier?: string | null;
  sentence?: string;
  line?: number;
  optional?: boolean;
}

/** A gold analyst view (statement attributed to an expert or to generic observers). */
export interface GoldView {
  who: string;
  /** false for generic speakers ("observers", "analysts"). */
  named: boolean;
  role?: string | null;
  affiliation?: string | null;
  cue: string;
  claim: string;
  line?: number;
  optional?: boolean;
}

/** A gold direct quote; `speaker` is a canonical actor name or null. */
export interface GoldQuote {
  speaker: string | null;
  text: string;
  speaker_surface?: string;
  cue?: string;
  kind?: string;
  line?: number;
  optional?: boolean;
}

/** A gold source the article cites for information. */
export interface GoldSource {
  name: string;
  aliases?: string[];
  cue?: string;
  kind?: string;
  line?: number;
  optional?: boolean;
}

/** One gold file (`../shared/gold/*.json`). */
export interface GoldFile {
  id: string;
  /** `corpus/seed.txt` or `corpus/voa_stories.jsonl#id=N`, relative to the shared dir. */
  file: string;
  annotator_notes?: string;
  title?: string;
  source_url?: string;
  text_format?: string;
  headline?: { line: number; text: string };
  body_lines?: number[];
  clutter_lines?: { line: number; kind: string; text?: string }[];
  actors: GoldActor[];
  figures: GoldFigure[];
  analyst_views: GoldView[];
  quotes: GoldQuote[];
  sources: GoldSource[];
}

// ---------------------------------------------------------------------------
// Predicted summary (the public `--emit summary` contract)

/** Actor kinds a prediction may carry. */
export type PredictedActorKind = PublicSummary['actors'][number]['kind'];

/** The predicted structured summary, exactly as the analyze stage emits it (`inspect --format json`). */
export type PredictedSummary = PublicSummary;

// ---------------------------------------------------------------------------
// Scores

/** The scored categories, in report order. */
export const CATEGORIES = ['actors', 'figures', 'quotes', 'views', 'sources'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Actor kinds scored separately (country and place are one kind). */
export const ACTOR_KINDS = ['person', 'org', 'place'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** True positives, false positives, false negatives. */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** Counts of one category in one file. */
export interface CategoryCounts extends Counts {
  /**
   * Predictions of an already matched gold item that count neither way:
   * actor alias fragmentation ("Kim" and "Kim Jong-un" as two actors) and
   * the same source named twice.
   */
  duplicates: number;
  /** Predictions explained only by optional or uncounted gold items, or too short to score. */
  ignored: number;
}

/** `right` out of `total` matched items. */
export interface Ratio {
  right: number;
  total: number;
}

/** Attribute accuracies, each over matched required items. */
export interface Accuracies {
  figureUnit: Ratio;
  figureQualifier: Ratio;
  quoteSpeaker: Ratio;
  actorKind: Ratio;
}

export type IssueKind =
  | 'missed'
  | 'spurious'
  | 'duplicate'
  | 'wrong-kind'
  | 'wrong-unit'
  | 'wrong-qualifier'
  | 'wrong-speaker';

/** One thing to look at: a miss (FN), a false positive, a duplicate or a wrong attribute. */
export interface Issue {
  category: Category;
  kind: IssueKind;
  /** The gold item, described for a reader. */
  gold?: string;
  /** The predicted item, described for a reader. */
  predicted?: string;
}

/** The score of one predicted summary against one gold file. */
export interface FileScore {
  id: string;
  file: string;
  categories: Record<Category, CategoryCounts>;
  /** Per-kind actor counts: a TP needs the right name and the right kind. */
  actorKinds: Record<ActorKind, Counts>;
  accuracy: Accuracies;
  details: Issue[];
}

// ---------------------------------------------------------------------------
// Normalisation

/**
 * Normalises a name for equality: case, accents, punctuation, possessive 's
 * and a leading "the". "U.S." → "us", "Kim Jong-un" → "kim jong un",
 * "Russia’s Kursk region" → "russia kursk region", "The Financial Times" →
 * "financial times".
 */
export function normalizeName(s: string): string {
  return (
    s
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[‘’ʼ`´]/g, "'")
      .replace(/(\p{L})'s(?![\p{L}\p{N}])/gu, '$1')
      // Periods and apostrophes join ("U.N." → "un", "O'Brien" → "obrien");
      // every other punctuation mark separates words ("Jong-un" → "jong un").
      .replace(/[.']/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
      .replace(/^the /, '')
  );
}

/** Words of a text for overlap: lowercase, accents folded, "5,000" → "5000", contractions kept whole. */
export function tokenize(s: string): string[] {
  const t = s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[‘’ʼ`´]/g, "'")
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
  return t.match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) ?? [];
}

/**
 * Function words left out of claim overlap. Views are matched at a low
 * threshold (30 %) on paraphrased claims, where "the", "that", "to" … alone
 * would reach it between unrelated sentences of the same speaker.
 */
const STOPWORDS = new Set(
  (
    'a an the and or but nor of to in on at for with by from as into about than then so if ' +
    'is are was were be been being am do does did has have had will would could should can may ' +
    "might must shall that this these those it its it's he she they them his her their we our " +
    'you your i me my not no which who whom what when where why how there here also just ' +
    'such very more most much many some any all both each other another said says say'
  ).split(' '),
);

function contentTokens(s: string): string[] {
  const all = tokenize(s);
  const content = all.filter((w) => !STOPWORDS.has(w));
  return content.length > 0 ? content : all;
}

/** Share of the gold tokens found in the prediction (multiset): |gold ∩ predicted| / |gold|. */
export function overlap(gold: string[], predicted: string[]): number {
  if (gold.length === 0) return 0;
  const left = new Map<string, number>();
  for (const w of predicted) left.set(w, (left.get(w) ?? 0) + 1);
  let hit = 0;
  for (const w of gold) {
    const n = left.get(w) ?? 0;
    if (n > 0) {
      hit++;
      left.set(w, n - 1);
    }
  }
  return hit / gold.length;
}

const IRREGULAR_PLURALS = new Map([
  ['people', 'person'],
  ['persons', 'person'],
  ['men', 'man'],
  ['women', 'woman'],
  ['children', 'child'],
  ['feet', 'foot'],
  ['teeth', 'tooth'],
  ['mice', 'mouse'],
  ['tonnes', 'ton'],
  ['tonne', 'ton'],
]);

/** The word plus its possible singulars ("bases" → bases, base, bas), so folding is a set intersection. */
function nounForms(w: string): Set<string> {
  const forms = new Set([w]);
  const irregular = IRREGULAR_PLURALS.get(w);
  if (irregular) forms.add(irregular);
  if (w.length > 4 && w.endsWith('ies')) forms.add(`${w.slice(0, -3)}y`);
  if (w.length > 3 && w.endsWith('es')) forms.add(w.slice(0, -2));
  if (w.length > 2 && w.endsWith('s') && !w.endsWith('ss')) forms.add(w.slice(0, -1));
  return forms;
}

/** Same noun with singular and plural folded ("soldier" ~ "soldiers", "casualty" ~ "casualties"). */
export function sameNoun(a: string, b: string): boolean {
  const fb = nounForms(b);
  for (const f of nounForms(a)) if (fb.has(f)) return true;
  return false;
}

function words(s: string | null | undefined): string[] {
  return s ? normalizeName(s).split(' ').filter(Boolean) : [];
}

/**
 * A unit is right when the gold unit's head noun (its last word) is among the
 * predicted unit's words: gold "metric tons" accepts "tons" and "metric tons
 * of sodium perchlorate". A gold figure without a unit wants none predicted.
 */
export function unitMatches(goldUnit: string | null | undefined, predUnit: string | null): boolean {
  const g = words(goldUnit);
  const p = words(predUnit);
  if (g.length === 0) return p.length === 0;
  const head = g[g.length - 1];
  return p.some((w) => sameNoun(w, head));
}

/**
 * Qualifiers compare as written after normalisation: case, punctuation and a
 * leading article ("an additional" = "additional"); null and "" are the same.
 * Synonyms ("over" vs "more than") are not folded: gold keeps the article's word.
 */
export function normalizeQualifier(q: string | null | undefined): string {
  return normalizeName(q ?? '').replace(/^(?:an?|the) /, '');
}

function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

// ---------------------------------------------------------------------------
// Matching

interface Pair {
  p: number;
  g: number;
  /** Compared lexicographically, higher first. */
  rank: number[];
}

/** Greedy one-to-one assignment, best rank first; ties go to earlier predictions, then earlier gold. */
function assign(pairs: Pair[]): Map<number, number> {
  const sorted = [...pairs].sort((x, y) => {
    for (let i = 0; i < Math.max(x.rank.length, y.rank.length); i++) {
      const d = (y.rank[i] ?? 0) - (x.rank[i] ?? 0);
      if (d !== 0) return d;
    }
    return x.p - y.p || x.g - y.g;
  });
  const byPred = new Map<number, number>();
  const takenGold = new Set<number>();
  for (const { p, g } of sorted) {
    if (byPred.has(p) || takenGold.has(g)) continue;
    byPred.set(p, g);
    takenGold.add(g);
  }
  return byPred;
}

/** Normalised keys of a gold actor: its name and every alias. */
function actorKeys(a: GoldActor): Set<string> {
  return new Set([a.name, ...a.aliases].map(normalizeName).filter(Boolean));
}

/** Normalised names that denote `name` in this gold file: itself and the aliases of the actor it names. */
function speakerKeys(gold: GoldFile, name: string): Set<string> {
  const key = normalizeName(name);
  const keys = new Set([key]);
  for (const a of gold.actors) {
    const ak = actorKeys(a);
    if (ak.has(key)) for (const k of ak) keys.add(k);
  }
  return keys;
}

// A Map, not an object literal: gold types are free text ("vessel", …).
const GOLD_KIND = new Map<string, ActorKind>([
  ['person', 'person'],
  ['org', 'org'],
  ['organization', 'org'],
  ['country', 'place'],
  ['place', 'place'],
]);

const PREDICTED_KIND: Record<PredictedActorKind, ActorKind> = {
  person: 'person',
  organization: 'org',
  group: 'org',
  country: 'place',
  place: 'place',
};

function emptyCounts(): Counts {
  return { tp: 0, fp: 0, fn: 0 };
}

function emptyCategory(): CategoryCounts {
  return { tp: 0, fp: 0, fn: 0, duplicates: 0, ignored: 0 };
}

function clip(s: string, max = 110): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Shared bookkeeping of one file's scoring. */
interface Scoring {
  gold: GoldFile;
  predicted: PredictedSummary;
  categories: Record<Category, CategoryCounts>;
  actorKinds: Record<ActorKind, Counts>;
  accuracy: Accuracies;
  details: Issue[];
}

function scoreActors(s: Scoring): void {
  const gold = s.gold.actors;
  const pred = s.predicted.actors;
  const goldKeys = gold.map(actorKeys);
  const c = s.categories.actors;
  const kinds = s.actorKinds;

  // Candidates: a predicted actor hits a gold actor when its name or any
  // alias equals one of the gold actor's keys. Hits by the predicted name
  // outrank hits by a predicted alias, and the canonical name wins ties, so
  // of "Kim" and "Kim Jong Un" the shorter one is reported as the duplicate.
  const hits = pred.map((p) => {
    const name = normalizeName(p.name);
    const keys = [name, ...p.aliases.map(normalizeName)].filter(Boolean);
    return gold
      .map((_, g) => g)
      .filter((g) => keys.some((k) => goldKeys[g].has(k)))
      .map((g) => ({
        g,
        byName: goldKeys[g].has(name),
        canonical: normalizeName(gold[g].name) === name,
      }));
  });
  const pairs: Pair[] = hits.flatMap((hs, p) =>
    hs.map(({ g, byName, canonical }) => ({
      p,
      g,
      rank: [byName ? 1 : 0, gold[g].optional ? 0 : 1, canonical ? 1 : 0],
    })),
  );
  const match = assign(pairs);
  const matchedGold = new Set(match.values());

  pred.forEach((p, i) => {
    const predKind = PREDICTED_KIND[p.kind];
    const g = match.get(i);
    const label = `${p.name} (${p.kind})`;
    if (g === undefined) {
      // Every gold actor this prediction hits is taken already. A second
      // prediction of a required actor is alias fragmentation: reported, but
      // neither TP nor FP (README: "one gold actor matched twice counts once").
      const hitGold = hits[i].map((h) => gold[h.g]);
      const required = hitGold.find((a) => !a.optional);
      if (required) {
        c.duplicates++;
        s.details.push({
          category: 'actors',
          kind: 'duplicate',
          gold: required.name,
          predicted: label,
        });
      } else if (hitGold.length > 0) {
        c.ignored++;
      } else {
        c.fp++;
        if (predKind) kinds[predKind].fp++;
        s.details.push({ category: 'actors', kind: 'spurious', predicted: label });
      }
      return;
    }
    const a = gold[g];
    if (a.optional) {
      c.ignored++;
      return;
    }
    c.tp++;
    const goldKind = GOLD_KIND.get(a.type);
    s.accuracy.actorKind.total++;
    if (goldKind && goldKind === predKind) {
      s.accuracy.actorKind.right++;
      kinds[goldKind].tp++;
    } else {
      if (goldKind) kinds[goldKind].fn++;
      if (predKind) kinds[predKind].fp++;
      s.details.push({
        category: 'actors',
        kind: 'wrong-kind',
        gold: `${a.name} (${a.type})`,
        predicted: label,
      });
    }
  });

  gold.forEach((a, g) => {
    if (a.optional || matchedGold.has(g)) return;
    c.fn++;
    const goldKind = GOLD_KIND.get(a.type);
    if (goldKind) kinds[goldKind].fn++;
    s.details.push({ category: 'actors', kind: 'missed', gold: `${a.name} (${a.type})` });
  });
}

function describeFigure(f: {
  value: number;
  text: string;
  unit: string | null;
  qualifier?: string | null;
}): string {
  return `${f.value} "${clip(f.text, 60)}" [unit: ${f.unit ?? '–'}, qualifier: ${f.qualifier ?? '–'}]`;
}

function scoreFigures(s: Scoring): void {
  const gold = s.gold.figures;
  const pred = s.predicted.figures;
  const c = s.categories.figures;

  // Matched by value; among equal values a right unit wins, then required gold.
  const pairs: Pair[] = [];
  const candidates = pred.map((p, i) => {
    const gs = gold.map((_, g) => g).filter((g) => sameValue(gold[g].value, p.value));
    for (const g of gs) {
      const rank = [unitMatches(gold[g].unit, p.unit) ? 1 : 0, gold[g].optional ? 0 : 1];
      pairs.push({ p: i, g, rank });
    }
    return gs;
  });
  const match = assign(pairs);
  const matchedGold = new Set(match.values());

  pred.forEach((p, i) => {
    const g = match.get(i);
    if (g === undefined) {
      // One-to-one: a second prediction of a required figure is a FP, unless
      // it may be the optional repeat the gold leaves out of the count.
      if (candidates[i].some((cg) => gold[cg].optional)) c.ignored++;
      else {
        c.fp++;
        s.details.push({ category: 'figures', kind: 'spurious', predicted: describeFigure(p) });
      }
      return;
    }
    const f = gold[g];
    if (f.optional) {
      c.ignored++;
      return;
    }
    c.tp++;
    s.accuracy.figureUnit.total++;
    s.accuracy.figureQualifier.total++;
    if (unitMatches(f.unit, p.unit)) s.accuracy.figureUnit.right++;
    else {
      s.details.push({
        category: 'figures',
        kind: 'wrong-unit',
        gold: describeFigure(f),
        predicted: describeFigure(p),
      });
    }
    if (normalizeQualifier(f.qualifier) === normalizeQualifier(p.qualifier)) {
      s.accuracy.figureQualifier.right++;
    } else {
      s.details.push({
        category: 'figures',
        kind: 'wrong-qualifier',
        gold: describeFigure(f),
        predicted: describeFigure(p),
      });
    }
  });

  gold.forEach((f, g) => {
    if (f.optional || matchedGold.has(g)) return;
    c.fn++;
    s.details.push({ category: 'figures', kind: 'missed', gold: describeFigure(f) });
  });
}

/** Quotes shorter than this many words are not scored (README: "four words or more"). */
export const MIN_QUOTE_WORDS = 4;
/** Share of the gold quote's tokens a predicted quote must contain. */
export const QUOTE_OVERLAP = 0.6;
/** Share of the gold claim's content tokens a predicted claim must contain. */
export const VIEW_OVERLAP = 0.3;

function scoreQuotes(s: Scoring): void {
  const gold = s.gold.quotes;
  const pred = s.predicted.quotes;
  const c = s.categories.quotes;
  const goldTokens = gold.map((q) => tokenize(q.text));
  const counted = gold.map((q, g) => !q.optional && goldTokens[g].length >= MIN_QUOTE_WORDS);

  // Overlap is measured against the gold quote (|gold ∩ predicted| / |gold|):
  // extra words from a slightly wider span do not hurt, and the one-to-one,
  // best-overlap-first assignment keeps one long prediction from matching
  // more than one gold quote.
  const pairs: Pair[] = [];
  const candidates: number[][] = [];
  pred.forEach((p, i) => {
    candidates.push([]);
    const pt = tokenize(p.text);
    if (pt.length < MIN_QUOTE_WORDS) return;
    gold.forEach((_, g) => {
      const o = overlap(goldTokens[g], pt);
      if (o < QUOTE_OVERLAP) return;
      candidates[i].push(g);
      pairs.push({ p: i, g, rank: [o, counted[g] ? 1 : 0] });
    });
  });
  const match = assign(pairs);
  const matchedGold = new Set(match.values());

  pred.forEach((p, i) => {
    const describe = `${p.speaker ?? '(no speaker)'}: “${clip(p.text)}”`;
    if (tokenize(p.text).length < MIN_QUOTE_WORDS) {
      c.ignored++;
      return;
    }
    const g = match.get(i);
    if (g === undefined) {
      if (candidates[i].some((cg) => !counted[cg])) c.ignored++;
      else {
        c.fp++;
        s.details.push({ category: 'quotes', kind: 'spurious', predicted: describe });
      }
      return;
    }
    if (!counted[g]) {
      c.ignored++;
      return;
    }
    c.tp++;
    s.accuracy.quoteSpeaker.total++;
    const q = gold[g];
    if (speakerMatches(s.gold, q.speaker, p.speaker)) s.accuracy.quoteSpeaker.right++;
    else {
      s.details.push({
        category: 'quotes',
        kind: 'wrong-speaker',
        gold: `${q.speaker ?? '(no speaker)'}: “${clip(q.text)}”`,
        predicted: describe,
      });
    }
  });

  gold.forEach((q, g) => {
    if (!counted[g] || matchedGold.has(g)) return;
    c.fn++;
    s.details.push({
      category: 'quotes',
      kind: 'missed',
      gold: `${q.speaker ?? '(no speaker)'}: “${clip(q.text)}”`,
    });
  });
}

/** A quote's speaker is right when it names the gold speaker (or one of its aliases); null wants null. */
function speakerMatches(
  gold: GoldFile,
  goldSpeaker: string | null,
  predSpeaker: string | null,
): boolean {
  const p = normalizeName(predSpeaker ?? '');
  if (!goldSpeaker) return p === '';
  return speakerKeys(gold, goldSpeaker).has(p);
}

/**
 * A view's speaker matches when it names the gold `who` or an alias of the
 * actor so named. For generic speakers (`named: false`) the head noun is
 * enough, plural folded: "analysts" and "some analysts" both match
 * "Security analysts"; "experts" does not match "analysts".
 */
function viewSpeakerMatches(gold: GoldFile, v: GoldView, predSpeaker: string): boolean {
  const p = normalizeName(predSpeaker);
  if (speakerKeys(gold, v.who).has(p)) return true;
  if (v.named !== false) return false;
  const gw = words(v.who);
  const pw = p.split(' ');
  return gw.length > 0 && sameNoun(gw[gw.length - 1], pw[pw.length - 1]);
}

function scoreViews(s: Scoring): void {
  const gold = s.gold.analyst_views;
  const pred = s.predicted.views;
  const c = s.categories.views;
  const goldTokens = gold.map((v) => contentTokens(v.claim));

  const pairs: Pair[] = [];
  const candidates: number[][] = [];
  pred.forEach((p, i) => {
    candidates.push([]);
    const pt = contentTokens(p.claim);
    gold.forEach((v, g) => {
      if (!viewSpeakerMatches(s.gold, v, p.speaker)) return;
      const o = overlap(goldTokens[g], pt);
      if (o < VIEW_OVERLAP) return;
      candidates[i].push(g);
      pairs.push({ p: i, g, rank: [o, v.optional ? 0 : 1] });
    });
  });
  const match = assign(pairs);
  const matchedGold = new Set(match.values());

  pred.forEach((p, i) => {
    const g = match.get(i);
    if (g !== undefined) {
      if (gold[g].optional) c.ignored++;
      else c.tp++;
    } else if (candidates[i].some((cg) => gold[cg].optional)) {
      c.ignored++;
    } else {
      c.fp++;
      s.details.push({
        category: 'views',
        kind: 'spurious',
        predicted: `${p.speaker} (${p.cue}): ${clip(p.claim)}`,
      });
    }
  });

  gold.forEach((v, g) => {
    if (v.optional || matchedGold.has(g)) return;
    c.fn++;
    s.details.push({
      category: 'views',
      kind: 'missed',
      gold: `${v.who} (${v.cue}): ${clip(v.claim)}`,
    });
  });
}

/** `inner` occurs in `outer` as whole words (both normalised, space-separated). */
function containsWords(outer: string, inner: string): boolean {
  return inner !== '' && ` ${outer} `.includes(` ${inner} `);
}

function scoreSources(s: Scoring): void {
  const gold = s.gold.sources;
  const pred = s.predicted.sources;
  const c = s.categories.sources;
  const goldNames = gold.map((src) => [src.name, ...(src.aliases ?? [])].map(normalizeName));

  // Equality outranks whole-word containment (either way).
  const pairs: Pair[] = [];
  const candidates = pred.map((p, i) => {
    const pn = normalizeName(p.name);
    const gs: number[] = [];
    gold.forEach((src, g) => {
      const equal = goldNames[g].includes(pn);
      const contained = goldNames[g].some((gn) => containsWords(pn, gn) || containsWords(gn, pn));
      if (!equal && !contained) return;
      gs.push(g);
      pairs.push({ p: i, g, rank: [equal ? 1 : 0, src.optional ? 0 : 1] });
    });
    return gs;
  });
  const match = assign(pairs);
  const matchedGold = new Set(match.values());

  pred.forEach((p, i) => {
    const g = match.get(i);
    if (g !== undefined) {
      if (gold[g].optional) c.ignored++;
      else c.tp++;
      return;
    }
    // Same policy as actors: naming a matched source again is a duplicate.
    const required = candidates[i].map((cg) => gold[cg]).find((src) => !src.optional);
    if (required) {
      c.duplicates++;
      s.details.push({
        category: 'sources',
        kind: 'duplicate',
        gold: required.name,
        predicted: p.name,
      });
    } else if (candidates[i].length > 0) {
      c.ignored++;
    } else {
      c.fp++;
      s.details.push({ category: 'sources', kind: 'spurious', predicted: p.name });
    }
  });

  gold.forEach((src, g) => {
    if (src.optional || matchedGold.has(g)) return;
    c.fn++;
    s.details.push({ category: 'sources', kind: 'missed', gold: src.name });
  });
}

/** Scores one predicted summary against its gold file. */
export function scoreFile(gold: GoldFile, predicted: PredictedSummary): FileScore {
  const s: Scoring = {
    gold,
    predicted,
    categories: {
      actors: emptyCategory(),
      figures: emptyCategory(),
      quotes: emptyCategory(),
      views: emptyCategory(),
      sources: emptyCategory(),
    },
    actorKinds: { person: emptyCounts(), org: emptyCounts(), place: emptyCounts() },
    accuracy: {
      figureUnit: { right: 0, total: 0 },
      figureQualifier: { right: 0, total: 0 },
      quoteSpeaker: { right: 0, total: 0 },
      actorKind: { right: 0, total: 0 },
    },
    details: [],
  };
  scoreActors(s);
  scoreFigures(s);
  scoreQuotes(s);
  scoreViews(s);
  scoreSources(s);
  return {
    id: gold.id,
    file: gold.file,
    categories: s.categories,
    actorKinds: s.actorKinds,
    accuracy: s.accuracy,
    details: s.details,
  };
}

// ---------------------------------------------------------------------------
// Aggregation and reporting

/** Counts with precision, recall and F1. */
export interface Prf extends Counts {
  precision: number;
  recall: number;
  f1: number;
}

/** A ratio with its value; null when nothing was matched. */
export interface Accuracy extends Ratio {
  value: number | null;
}

/** Micro-averaged scores over several files. */
export interface Report {
  categories: Record<Category, Prf>;
  actorKinds: Record<ActorKind, Prf>;
  /** Micro over every category's TP/FP/FN. */
  total: Prf;
  accuracy: Record<keyof Accuracies, Accuracy>;
  duplicates: Record<Category, number>;
  ignored: Record<Category, number>;
  files: { id: string; file: string; categories: Record<Category, Prf>; total: Prf }[];
}

/**
 * Precision, recall and F1 from counts. An empty side is perfect only when
 * the other side is empty too: predicting nothing where gold has items gives
 * P = R = 0, and any prediction where gold is empty gives P = R = 0.
 */
export function prf(c: Counts): Prf {
  const precision = c.tp + c.fp === 0 ? (c.fn === 0 ? 1 : 0) : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? (c.fp === 0 ? 1 : 0) : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp: c.tp, fp: c.fp, fn: c.fn, precision, recall, f1 };
}

function sum(counts: Counts[]): Counts {
  return counts.reduce(
    (a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }),
    emptyCounts(),
  );
}

function mapCategories<T>(f: (c: Category) => T): Record<Category, T> {
  return Object.fromEntries(CATEGORIES.map((c) => [c, f(c)])) as Record<Category, T>;
}

/** Micro-averages file scores: counts are summed over files before P/R/F1 are taken. */
export function aggregate(scores: FileScore[]): Report {
  const accuracy = (key: keyof Accuracies): Accuracy => {
    const right = scores.reduce((n, s) => n + s.accuracy[key].right, 0);
    const total = scores.reduce((n, s) => n + s.accuracy[key].total, 0);
    return { right, total, value: total === 0 ? null : right / total };
  };
  return {
    categories: mapCategories((c) => prf(sum(scores.map((s) => s.categories[c])))),
    actorKinds: Object.fromEntries(
      ACTOR_KINDS.map((k) => [k, prf(sum(scores.map((s) => s.actorKinds[k])))]),
    ) as Record<ActorKind, Prf>,
    total: prf(sum(scores.flatMap((s) => CATEGORIES.map((c) => s.categories[c])))),
    accuracy: {
      figureUnit: accuracy('figureUnit'),
      figureQualifier: accuracy('figureQualifier'),
      quoteSpeaker: accuracy('quoteSpeaker'),
      actorKind: accuracy('actorKind'),
    },
    duplicates: mapCategories((c) => scores.reduce((n, s) => n + s.categories[c].duplicates, 0)),
    ignored: mapCategories((c) => scores.reduce((n, s) => n + s.categories[c].ignored, 0)),
    files: scores.map((s) => ({
      id: s.id,
      file: s.file,
      categories: mapCategories((c) => prf(s.categories[c])),
      total: prf(sum(CATEGORIES.map((c) => s.categories[c]))),
    })),
  };
}

/** A rate for display; "-" when there was nothing to score at all. */
function rate(x: Prf, value: number): string {
  return x.tp + x.fp + x.fn === 0 ? '-' : value.toFixed(3);
}

function row(cells: (string | number)[], widths: number[]): string {
  return cells
    .map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i])))
    .join(' ')
    .trimEnd();
}

/** The report as a fixed-width table: P/R/F1 per category and actor kind, accuracies, per-file F1. */
export function formatReport(report: Report): string {
  const w = [12, 5, 5, 5, 5, 6, 6, 6];
  const line = (name: string, x: Prf, dup: number | string) =>
    row([name, x.tp, x.fp, x.fn, dup, rate(x, x.precision), rate(x, x.recall), rate(x, x.f1)], w);
  const out = [row(['category', 'TP', 'FP', 'FN', 'dup', 'P', 'R', 'F1'], w)];
  for (const c of CATEGORIES) {
    out.push(line(c, report.categories[c], report.duplicates[c]));
    if (c === 'actors')
      for (const k of ACTOR_KINDS) out.push(line(`  ${k}`, report.actorKinds[k], ''));
  }
  out.push(line('total', report.total, ''));

  const acc = (label: string, a: Accuracy) =>
    `  ${label.padEnd(18)} ${`${a.right}/${a.total}`.padStart(7)}  ${
      a.value === null ? 'n/a' : `${(a.value * 100).toFixed(1)}%`
    }`;
  out.push(
    '',
    'accuracy over matched items',
    acc('figure unit', report.accuracy.figureUnit),
    acc('figure qualifier', report.accuracy.figureQualifier),
    acc('quote speaker', report.accuracy.quoteSpeaker),
    acc('actor kind', report.accuracy.actorKind),
  );

  const fw = [
    Math.max(4, ...report.files.map((f) => f.id.length)),
    ...CATEGORIES.map((c) => Math.max(6, c.length)),
    5,
    5,
    5,
    6,
  ];
  out.push('', 'per file (F1)', row(['file', ...CATEGORIES, 'TP', 'FP', 'FN', 'total'], fw));
  for (const f of report.files) {
    const cats = CATEGORIES.map((c) => rate(f.categories[c], f.categories[c].f1));
    out.push(
      row([f.id, ...cats, f.total.tp, f.total.fp, f.total.fn, rate(f.total, f.total.f1)], fw),
    );
  }
  return out.join('\n');
}

const ISSUE_LABEL: Record<IssueKind, string> = {
  missed: 'missed (FN)',
  spurious: 'spurious (FP)',
  duplicate: 'duplicate (not counted)',
  'wrong-kind': 'wrong kind',
  'wrong-unit': 'wrong unit',
  'wrong-qualifier': 'wrong qualifier',
  'wrong-speaker': 'wrong speaker',
};

/** Lists a file's misses, false positives, duplicates and wrong attributes, by category. */
export function explainFile(score: FileScore): string {
  const out = [`${score.id} (${score.file})`];
  for (const c of CATEGORIES) {
    const issues = score.details.filter((d) => d.category === c);
    const k = score.categories[c];
    out.push(`  ${c}: TP ${k.tp}, FP ${k.fp}, FN ${k.fn}`);
    for (const d of issues) {
      const body =
        d.gold !== undefined && d.predicted !== undefined
          ? `gold ${d.gold} | predicted ${d.predicted}`
          : (d.gold ?? d.predicted ?? '');
      out.push(`    ${ISSUE_LABEL[d.kind]}: ${body}`);
    }
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------
// Loading

/** Reads every `*.json` gold file of a directory, sorted by file name. */
export async function loadGoldFiles(goldDir: string): Promise<GoldFile[]> {
  const names = (await readdir(goldDir)).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(
    names.map(async (n) => JSON.parse(await readFile(join(goldDir, n), 'utf8')) as GoldFile),
  );
}

/**
 * Loads the article a gold file annotates. `corpus/seed.txt` is the raw file
 * (title null); `corpus/x.jsonl#id=N` is that record's `title`, a blank line,
 * then its `text` (title = the record's title). `path` is the file on disk.
 */
export async function goldArticleText(
  gold: GoldFile,
  sharedDir: string,
): Promise<{ text: string; title: string | null; path: string }> {
  const [file, fragment] = gold.file.split('#', 2);
  const path = join(sharedDir, file);
  const raw = await readFile(path, 'utf8');
  if (fragment === undefined) return { text: raw, title: null, path };

  const id = /^id=(.+)$/.exec(fragment)?.[1];
  if (id === undefined) throw new Error(`${gold.id}: unsupported article reference "${gold.file}"`);
  for (const line of raw.split('\n')) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as { id: string | number; title?: string; text?: string };
    if (String(record.id) !== id) continue;
    const title = record.title ?? '';
    return { text: `${title}\n\n${record.text ?? ''}`, title, path };
  }
  throw new Error(`${gold.id}: no record with id ${id} in ${path}`);
}
