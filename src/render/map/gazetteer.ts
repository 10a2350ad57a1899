import { readFileSync } from 'node:fs';
import { lookupPlace } from '../../analyze/gazetteer.ts';
import { packagePath } from '../../paths.ts';
import { ATLAS_ROWS, CAPITAL_ROWS } from './data/places.generated.ts';
import { ADMIN1, CITY_ALIASES, REGIONS, type RegionKind } from './data/regions.ts';
import { foldName } from './fold.ts';

/**
 * Where a name is on the map. Sources, in order: the curated regions, the country
 * gazetteer (countries and capitals used as metonyms), GeoNames cities, and "X region" /
 * "X Oblast" forms placed at the region's administrative seat. Nothing is guessed: a name
 * with several candidates and no way to choose between them is `ambiguous`.
 */
export type Location =
  | {
      found: 'country';
      /** ISO 3166-1 alpha-2. */
      code: string;
    }
  | {
      found: 'point';
      lon: number;
      lat: number;
      /** city: a GeoNames populated place; capital: a country's capital; region: an administrative region, drawn at its seat; area/sea: a curated region. */
      kind: 'city' | 'capital' | 'region' | RegionKind;
      /** Rough extent in degrees, so the map window shows all of a large region. */
      radius: number;
      /** ISO alpha-2 of the country it lies in, when known. */
      code?: string;
    }
  | { found: 'none'; reason: 'unknown' | 'ambiguous' };

interface Tables {
  regions: Map<string, { lat: number; lon: number; r: number; kind: RegionKind }>;
  capitals: Map<string, { lat: number; lon: number }>;
  /** alpha-2 → the country's `properties.name` in world-atlas countries-110m. */
  atlas: Map<string, string>;
  aliases: Map<string, string>;
  /** Folded division name → its countries and seats (Punjab: India and Pakistan). */
  admin1: Map<string, { code: string; seat: string }[]>;
}

let tables: Tables | undefined;
let cityText: string | undefined;

function rows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

function getTables(): Tables {
  if (tables) return tables;
  const regions = new Map<string, { lat: number; lon: number; r: number; kind: RegionKind }>();
  for (const [names, lat, lon, r, kind] of REGIONS) {
    for (const n of names) regions.set(foldName(n), { lat, lon, r, kind });
  }
  const capitals = new Map(
    rows(CAPITAL_ROWS).map(([cc, lat, lon]) => [cc, { lat: +lat, lon: +lon }]),
  );
  const atlas = new Map(rows(ATLAS_ROWS).map(([cc, name]) => [cc, name]));
  const aliases = new Map(Object.entries(CITY_ALIASES).map(([a, b]) => [foldName(a), foldName(b)]));
  const admin1 = new Map<string, { code: string; seat: string }[]>();
  for (const [names, code, seat] of ADMIN1) {
    for (const n of names) {
      const k = foldName(n);
      const list = admin1.get(k) ?? [];
      // "Quebec" and "Québec" fold alike: one division, not two.
      if (!list.some((e) => e.code === code)) list.push({ code, seat: foldName(seat) });
      admin1.set(k, list);
    }
  }
  tables = { regions, capitals, atlas, aliases, admin1 };
  return tables;
}

/** The world-atlas (countries-110m) name of a country, or undefined when that atlas does not draw it. */
export function atlasName(code: string): string | undefined {
  return getTables().atlas.get(code);
}

/** A country's capital as [lon, lat]. */
export function capitalOf(code: string): [number, number] | undefined {
  const c = getTables().capitals.get(code);
  return c ? [c.lon, c.lat] : undefined;
}

interface CityRow {
  code: string;
  lat: number;
  lon: number;
  /** Thousands. */
  population: number;
  seat: string;
}

/** Every cities.tsv row for a folded key. The file is sorted, so the rows are contiguous. */
const cityCache = new Map<string, CityRow[]>();

function cityRows(key: string): CityRow[] {
  let rows = cityCache.get(key);
  if (!rows) {
    rows = scanCities(key);
    cityCache.set(key, rows);
  }
  return rows;
}

let cityBody = 0;

/**
 * Drops the cities text (read again on the next look-up). The startup snapshot's warm-up
 * calls it: 1.4 MB of heap to deserialize cost every cold start more than reading the file
 * costs the briefs that look a city up.
 */
export function forgetCityText(): void {
  cityText = undefined;
  cityBody = 0;
}

function scanCities(key: string): CityRow[] {
  // A plain text file read once (about 1 ms), searched in place: no 50,000-entry table to build.
  // packagePath: right from src/ (tsx) and from the bundle in dist/ alike.
  if (cityText === undefined) {
    cityText = readFileSync(packagePath('src', 'render', 'map', 'data', 'cities.tsv'), 'utf8');
    // The header's comment lines come before the sorted rows.
    while (cityText.startsWith('#', cityBody)) cityBody = cityText.indexOf('\n', cityBody) + 1;
  }
  const needle = `${key}\t`;
  const out: CityRow[] = [];
  for (let i = firstRowAtLeast(cityText, needle, cityBody); cityText.startsWith(needle, i); ) {
    const end = cityText.indexOf('\n', i);
    const [, code, lat, lon, pop, seat] = cityText.slice(i, end < 0 ? undefined : end).split('\t');
    out.push({ code, lat: +lat, lon: +lon, population: +pop, seat: seat ?? '' });
    if (end < 0) break;
    i = end + 1;
  }
  return out;
}

/**
 * The offset of the first row from `start` on whose text is not less than `needle`, by binary
 * search: the rows are sorted by code unit (a key's rows are together, "key\t" first), so a
 * look-up reads about 16 rows instead of scanning 1.5 MB.
 */
function firstRowAtLeast(text: string, needle: string, start: number): number {
  let lo = start;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const row = text.lastIndexOf('\n', mid - 1) + 1;
    const end = text.indexOf('\n', row);
    if (text.slice(row, row + needle.length) < needle) lo = end < 0 ? text.length : end + 1;
    else hi = row;
  }
  return lo;
}

/** A populous place wins over namesakes this many times smaller ("Paris" over Paris, Texas). */
const CLEAR_LEAD = 5;
/** Outside the story's countries, a town smaller than this (thousands) is too uncertain to pin. */
const NOTABLE = 100;

/**
 * Picks one city among namesakes: the most populous in a country the story is about; else
 * a notable one (a capital, an administrative seat, or 100,000 people) that dwarfs all
 * others. Anything else is `ambiguous`: "Cologne" must not become a village in Italy.
 */
function pickCity(
  candidates: CityRow[],
  context: ReadonlySet<string>,
): CityRow | 'ambiguous' | undefined {
  if (candidates.length === 0) return undefined;
  const byPop = [...candidates].sort((a, b) => b.population - a.population);
  const local = byPop.filter((c) => context.has(c.code));
  if (local.length > 0) return local[0];
  const [best, next] = byPop;
  const notable = best.seat !== '' || best.population >= NOTABLE;
  const clear = !next || best.population >= CLEAR_LEAD * Math.max(1, next.population);
  return notable && clear ? best : 'ambiguous';
}

const REGION_SUFFIX =
  /^(.+?)\s+(?:region|oblast|province|governorate|state|krai|kray|prefecture|district|county|voivodeship)$/i;
const LEADING_THE = /^the\s+/i;

/** A point location. */
function at(
  p: { lat: number; lon: number },
  kind: Extract<Location, { found: 'point' }>['kind'],
  radius: number,
  code?: string,
): Location {
  return { found: 'point', lon: p.lon, lat: p.lat, kind, radius, ...(code ? { code } : {}) };
}

/** A first-level division ("Texas", "Punjab") at its seat; undefined when the name is none. */
function division(t: Tables, key: string, context: ReadonlySet<string>): Location | undefined {
  const entries = t.admin1.get(key);
  if (!entries) return undefined;
  const local = entries.filter((e) => context.has(e.code));
  const pool = local.length > 0 ? local : entries;
  if (pool.length > 1) return { found: 'none', reason: 'ambiguous' };
  const { code, seat } = pool[0];
  const city = cityRows(seat)
    .filter((c) => c.code === code)
    .sort((a, b) => b.population - a.population)[0];
  return city ? at(city, 'region', 1, code) : { found: 'none', reason: 'unknown' };
}

/** Cities under a key, trying an alias and a leading "the" ("Hague" is "The Hague"). */
function cityCandidates(t: Tables, key: string): CityRow[] {
  const k = t.aliases.get(key) ?? key;
  const rows = cityRows(k);
  return rows.length > 0 ? rows : cityRows(`the ${k}`);
}

/**
 * Locates a place name from a brief. `context` holds the alpha-2 codes of the countries the
 * story mentions: it settles namesakes ("Pokrovsk" in a story about Ukraine). Order: curated
 * regions, the country gazetteer (countries, and capitals as metonyms; its other regions and
 * continents are not guessed at), first-level divisions, cities, then "X region" forms.
 */
export function locatePlace(name: string, context: ReadonlySet<string> = new Set()): Location {
  const t = getTables();
  const bare = name.trim().replace(LEADING_THE, '');
  const key = foldName(bare);
  if (key === '') return { found: 'none', reason: 'unknown' };

  const region = t.regions.get(key);
  if (region) return at(region, region.kind, region.r);

  const hit = lookupPlace(bare);
  if (hit?.code && (hit.kind === 'country' || hit.kind === 'demonym')) {
    return { found: 'country', code: hit.code };
  }
  if (hit?.code && hit.kind === 'capital') {
    // "Victoria" is the Seychelles' capital, but in a story about Canada it is the city there.
    const local = hit.ambiguous
      ? cityCandidates(t, key).filter((c) => context.has(c.code) && c.code !== hit.code)
      : [];
    const city = local.sort((a, b) => b.population - a.population)[0];
    if (city) return at(city, city.seat === 'C' ? 'capital' : 'city', 0, city.code);
    const c = capitalOf(hit.code);
    if (c) return at({ lon: c[0], lat: c[1] }, 'capital', 0, hit.code);
  }
  // A region the country gazetteer knows but the map has no position for ("Gulf").
  if (hit?.kind === 'region') return { found: 'none', reason: 'unknown' };

  const state = division(t, key, context);
  if (state) return state;

  const city = pickCity(cityCandidates(t, key), context);
  if (city === 'ambiguous') return { found: 'none', reason: 'ambiguous' };
  if (city) return at(city, city.seat === 'C' ? 'capital' : 'city', 0, city.code);

  // "Kursk region", "Hebei Province": a curated region, a division, or the seat city that
  // names the region ("Kursk" for Kursk Oblast).
  const m = REGION_SUFFIX.exec(bare);
  if (m) {
    const stem = foldName(m[1]);
    const curated = t.regions.get(stem);
    if (curated) return at(curated, curated.kind, curated.r);
    const named = division(t, stem, context);
    if (named) return named;
    const seats = cityCandidates(t, stem).filter((c) => c.seat === 'A' || c.seat === 'C');
    const seat = pickCity(seats, context);
    if (seat === 'ambiguous') return { found: 'none', reason: 'ambiguous' };
    if (seat) return at(seat, 'region', 1, seat.code);
  }
  return { found: 'none', reason: 'unknown' };
}
