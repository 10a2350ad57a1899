import { readFileSync } from 'node:fs';
import { lookupPlace } from '../../analyze/gazetteer.ts';
import { ATLAS_ROWS, CAPITAL_ROWS } from './data/places.generated.ts';
import { CITY_ALIASES, REGIONS, type RegionKind } from './data/regions.ts';
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
  tables = { regions, capitals, atlas, aliases };
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
function cityRows(key: string): CityRow[] {
  // A plain text file read once (about 1 ms), searched with indexOf: no 50,000-entry table to build.
  cityText ??= readFileSync(new URL('./data/cities.tsv', import.meta.url), 'utf8');
  const needle = `\n${key}\t`;
  const out: CityRow[] = [];
  let i = cityText.indexOf(needle);
  while (i >= 0) {
    const end = cityText.indexOf('\n', i + 1);
    const [, code, lat, lon, pop, seat] = cityText
      .slice(i + 1, end < 0 ? undefined : end)
      .split('\t');
    out.push({ code, lat: +lat, lon: +lon, population: +pop, seat: seat ?? '' });
    if (end < 0 || !cityText.startsWith(needle.slice(1), end + 1)) break;
    i = end;
  }
  return out;
}

/** A populous place wins over namesakes this many times smaller ("Paris" over Paris, Texas). */
const CLEAR_LEAD = 5;

/**
 * Picks one city among namesakes: the most populous in a country the story is about, else
 * one that dwarfs all others; else none (ambiguous). `seatOnly` keeps only administrative seats.
 */
function pickCity(
  candidates: CityRow[],
  context: ReadonlySet<string>,
): CityRow | 'ambiguous' | undefined {
  if (candidates.length === 0) return undefined;
  const byPop = [...candidates].sort((a, b) => b.population - a.population);
  const local = byPop.filter((c) => context.has(c.code));
  if (local.length > 0) return local[0];
  if (byPop.length === 1 || byPop[0].population >= CLEAR_LEAD * Math.max(1, byPop[1].population)) {
    return byPop[0];
  }
  return 'ambiguous';
}

const REGION_SUFFIX =
  /^(.+?)\s+(?:region|oblast|province|governorate|state|krai|kray|prefecture|district|county|voivodeship)$/i;
const LEADING_THE = /^the\s+/i;

/**
 * Locates a place name from a brief. `context` holds the alpha-2 codes of the countries the
 * story mentions: it settles namesakes ("Pokrovsk" in a story about Ukraine).
 */
export function locatePlace(name: string, context: ReadonlySet<string> = new Set()): Location {
  const t = getTables();
  const bare = name.trim().replace(LEADING_THE, '');
  const key = foldName(bare);
  if (key === '') return { found: 'none', reason: 'unknown' };

  const region = t.regions.get(key);
  if (region)
    return {
      found: 'point',
      lon: region.lon,
      lat: region.lat,
      kind: region.kind,
      radius: region.r,
    };

  const hit = lookupPlace(bare);
  if (hit?.code && (hit.kind === 'country' || hit.kind === 'demonym'))
    return { found: 'country', code: hit.code };
  if (hit?.code && hit.kind === 'capital') {
    const c = capitalOf(hit.code);
    if (c)
      return { found: 'point', lon: c[0], lat: c[1], kind: 'capital', radius: 0, code: hit.code };
  }

  const city = pickCity(cityRows(t.aliases.get(key) ?? key), context);
  if (city === 'ambiguous') return { found: 'none', reason: 'ambiguous' };
  if (city) {
    const kind = city.seat === 'C' ? 'capital' : 'city';
    return { found: 'point', lon: city.lon, lat: city.lat, kind, radius: 0, code: city.code };
  }

  // "Kursk region", "Kherson Oblast": the region is drawn at its seat, the city that names it.
  const m = REGION_SUFFIX.exec(bare);
  if (m) {
    const stem = foldName(m[1]);
    const curated = t.regions.get(stem);
    if (curated) {
      return {
        found: 'point',
        lon: curated.lon,
        lat: curated.lat,
        kind: curated.kind,
        radius: curated.r,
      };
    }
    const seats = cityRows(t.aliases.get(stem) ?? stem).filter(
      (c) => c.seat === 'A' || c.seat === 'C',
    );
    const seat = pickCity(seats, context);
    if (seat === 'ambiguous') return { found: 'none', reason: 'ambiguous' };
    if (seat)
      return {
        found: 'point',
        lon: seat.lon,
        lat: seat.lat,
        kind: 'region',
        radius: 1,
        code: seat.code,
      };
  }
  return { found: 'none', reason: 'unknown' };
}
