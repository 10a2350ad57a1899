import type { HelperOptions } from 'handlebars';
import { bannerFor, dateTimeGroup, longDate, portionMarkFor } from './markings.ts';

/**
 * Template helpers, by name. Helpers get values that are already Markdown-escaped
 * (article text) or trusted (template and option values); they never unescape.
 */

/** ICD 203 expressions of likelihood, with their probability ranges in percent. */
export const ICD203 = [
  { term: 'almost no chance', alt: 'remote', min: 1, max: 5 },
  { term: 'very unlikely', alt: 'highly improbable', min: 5, max: 20 },
  { term: 'unlikely', alt: 'improbable', min: 20, max: 45 },
  { term: 'roughly even chance', alt: 'roughly even odds', min: 45, max: 55 },
  { term: 'likely', alt: 'probable', min: 55, max: 80 },
  { term: 'very likely', alt: 'highly probable', min: 80, max: 95 },
  { term: 'almost certain', alt: 'nearly certain', min: 95, max: 99 },
] as const;

/** The ICD 203 term for a probability (0–1 or 0–100), or for a term/alias given as text. */
export function likelihoodTerm(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const pct = value <= 1 ? value * 100 : value;
    return (ICD203.find((r) => pct <= r.max) ?? ICD203[ICD203.length - 1]).term;
  }
  if (typeof value !== 'string') return null;
  const v = value.trim().toLowerCase().replace(/\s+/g, ' ');
  const hit = ICD203.find(
    (r) => r.term === v || r.alt === v || (r.alt === 'remote' && v === 'almost no chance'),
  );
  return hit ? hit.term : null;
}

export const CONFIDENCE_LEVELS = ['low', 'moderate', 'high'] as const;

export function confidenceLevel(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim().toLowerCase();
  if (v === 'medium') return 'moderate';
  return (CONFIDENCE_LEVELS as readonly string[]).includes(v) ? v : null;
}

const RELIABILITY: Record<string, string> = {
  A: 'completely reliable',
  B: 'usually reliable',
  C: 'fairly reliable',
  D: 'not usually reliable',
  E: 'unreliable',
  F: 'reliability cannot be judged',
};
const CREDIBILITY: Record<string, string> = {
  '1': 'confirmed by other sources',
  '2': 'probably true',
  '3': 'possibly true',
  '4': 'doubtful',
  '5': 'improbable',
  '6': 'truth cannot be judged',
};

/** Admiralty (NATO) source grade in words: `B2` → `B2 — usually reliable, probably true`. */
export function admiraltyInWords(grade: unknown): string | null {
  if (typeof grade !== 'string') return null;
  const m = /^\s*([A-F])\s*([1-6])\s*$/i.exec(grade);
  if (!m) return null;
  const [r, c] = [m[1].toUpperCase(), m[2]];
  return `${r}${c} — ${RELIABILITY[r]}, ${CREDIBILITY[c]}`;
}

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') {
    const d = new Date(typeof value === 'string' ? value.replace(/\\/g, '') : value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** Handlebars passes its options object last; helpers with optional arguments drop it. */
function args(list: unknown[]): unknown[] {
  return list.slice(0, -1);
}

export const helpers: Record<string, (...a: unknown[]) => unknown> = {
  /** `{{formatDtg date}}` → `291200Z NOV 26`. */
  formatDtg: (...a) => {
    const d = toDate(args(a)[0]);
    return d ? dateTimeGroup(d) : '';
  },
  /** `{{formatDate date}}` → `29 November 2026`. */
  formatDate: (...a) => {
    const d = toDate(args(a)[0]);
    return d ? longDate(d) : '';
  },
  /** `{{plural count "figure"}}` → `1 figure`, `3 figures`; a third argument gives an irregular plural. */
  plural: (...a) => {
    const [n, one, many] = args(a) as [unknown, string, string | undefined];
    const count = Array.isArray(n) ? n.length : Number(n);
    return `${count} ${count === 1 ? one : (many ?? `${one}s`)}`;
  },
  /** `{{join list "; "}}`, optionally a property: `{{join actors ", " "name"}}`. */
  join: (...a) => {
    const [list, sep = ', ', prop] = args(a) as [unknown, string?, string?];
    if (!Array.isArray(list)) return '';
    return list
      .map((x) => (prop && x && typeof x === 'object' ? (x as Record<string, unknown>)[prop] : x))
      .join(sep);
  },
  /** `{{#each (limit figures 5)}}`: the first n items. */
  limit: (...a) => {
    const [list, n] = args(a) as [unknown, number];
    return Array.isArray(list) ? list.slice(0, n) : [];
  },
  /**
   * `{{#each (downColumns actorIndex 20)}}`: a list as blocks of up to n rows, each row a
   * `left` and a `right` item, for a two-column table read down each column as in a
   * printed index: a block's first half goes on the left, the rest on the right. Put each
   * block in `:::keep` so a page break never splits one. A missing right item has the left
   * one's fields, empty, so the row still prints.
   */
  downColumns: (...a) => {
    const [list, n] = args(a) as [unknown, number];
    if (!Array.isArray(list) || list.length === 0) return [];
    const size = Math.max(1, Math.floor(Number(n)) || 1);
    const blank = Object.fromEntries(Object.keys(list[0] ?? {}).map((k) => [k, '']));
    const blocks: { rows: { left: unknown; right: unknown }[] }[] = [];
    for (let start = 0; start < list.length; start += 2 * size) {
      const items = list.slice(start, start + 2 * size);
      const height = Math.ceil(items.length / 2);
      const rows = [];
      for (let i = 0; i < height; i++)
        rows.push({ left: items[i], right: items[i + height] ?? blank });
      blocks.push({ rows });
    }
    return blocks;
  },
  /** `{{#each (ofKind actors "person" "organization")}}`: the items whose `kind` is one of those given. */
  ofKind: (...a) => {
    const [list, ...kinds] = args(a) as [unknown, ...unknown[]];
    return Array.isArray(list)
      ? list.filter((x) => kinds.includes((x as { kind?: unknown })?.kind))
      : [];
  },
  eq: (...a) => {
    const [x, y] = args(a);
    return x === y;
  },
  upper: (...a) => String(args(a)[0] ?? '').toUpperCase(),
  /** `{{capitalize "likely"}}` → `Likely`. */
  capitalize: (...a) => {
    const s = String(args(a)[0] ?? '');
    return s.charAt(0).toUpperCase() + s.slice(1);
  },
  /** `{{inc @index}}`: one-based numbering. */
  inc: (...a) => Number(args(a)[0]) + 1,
  likelihoodOf: (...a) => likelihoodTerm(args(a)[0]) ?? '',
  confidenceOf: (...a) => confidenceLevel(args(a)[0]) ?? '',
  gradeInWords: (...a) => admiraltyInWords(args(a)[0]) ?? '',
  /** `{{markingColor classification}}` or `{{markingColor tlp}}`: the banner colour, e.g. `#C8102E` for SECRET. */
  markingColor: (...a) => {
    const [value] = args(a) as [unknown];
    if (typeof value !== 'string' || value.trim() === '') return '';
    const label = value.replace(/\\/g, '');
    const banner = /^\s*tlp/i.test(label) ? bannerFor(null, label) : bannerFor(label, null);
    return banner ? (banner.fill === '#000000' ? banner.color : banner.fill) : '';
  },
  /** `{{portionMark classification}}` → `(S)`; `{{portionMark "" tlp}}` → `(TLP:AMBER)`. */
  portionMark: (...a) => {
    const [classification, tlp] = args(a) as [unknown, unknown];
    const clean = (v: unknown) => (typeof v === 'string' && v.trim() ? v.replace(/\\/g, '') : null);
    return portionMarkFor(clean(classification), clean(tlp));
  },
  /** `{{#any actors figures}}…{{/any}}`: renders when any argument is a non-empty list or a truthy value. */
  any(this: unknown, ...a) {
    const options = a[a.length - 1] as HelperOptions;
    const hit = args(a).some((x) => (Array.isArray(x) ? x.length > 0 : Boolean(x)));
    return hit ? options.fn(this) : options.inverse(this);
  },
};
