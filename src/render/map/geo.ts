import { readFileSync } from 'node:fs';
import type { Feature, MultiPolygon, Position } from 'geojson';
import { InternalError } from '../../diagnostics.ts';
import { packagePath } from '../../paths.ts';

/** What the generator measured of a country's main (largest) polygon. */
export interface CountryProperties {
  /** Natural Earth short name ("North Korea", "Dem. Rep. Congo"). */
  name: string;
  /** Index of the main polygon in the MultiPolygon: mainland Russia without Kaliningrad. */
  main: number;
  /** The main polygon's area in steradians (Russia 0.42). */
  area: number;
  /** The main polygon's centroid, [lon, lat]. */
  centroid: [number, number];
}

/** A country outline from Natural Earth (world-atlas countries-110m). */
export type CountryFeature = Feature<MultiPolygon, CountryProperties>;

/** Everything the map needs from d3-geo and the boundary data, loaded once per process. */
export interface Geo {
  d3: typeof import('d3-geo');
  /** Countries by their world-atlas name ("North Korea", "Dem. Rep. Congo"). */
  countries: ReadonlyMap<string, CountryFeature>;
  /** All countries, in the atlas's order (for drawing). */
  all: readonly CountryFeature[];
  /** Each country's plain longitude/latitude box [west, south, east, north], for culling. */
  boxes: ReadonlyMap<CountryFeature, Readonly<Box>>;
}

/** [west, south, east, north] in degrees. */
type Box = [number, number, number, number];

/** A country's polygons as data/countries.json holds them: rings of delta-encoded pairs. */
type EncodedPolygons = number[][][];

let geo: Geo | undefined;
let loading: Promise<Geo> | undefined;

/**
 * A plain min/max box of a country's rings, read from their delta encoding (so the box needs
 * no decoded geometry). The atlas already cuts shapes at the antimeridian, so this is right
 * (if loose: Russia gets -180..180) and far cheaper than geoBounds.
 */
function plainBox(polygons: EncodedPolygons): Box {
  const box: Box = [180, 90, -180, -90];
  for (const polygon of polygons) {
    const encoded = polygon[0];
    let x = 0;
    let y = 0;
    for (let i = 0; i < encoded.length; i += 2) {
      x += encoded[i];
      y += encoded[i + 1];
      const lon = x / 100;
      const lat = y / 100;
      if (lon < box[0]) box[0] = lon;
      if (lat < box[1]) box[1] = lat;
      if (lon > box[2]) box[2] = lon;
      if (lat > box[3]) box[3] = lat;
    }
  }
  return box;
}

/** Undoes the delta encoding of data/countries.json (hundredths of a degree). */
function decodeRing(encoded: readonly number[]): Position[] {
  const ring: Position[] = [];
  let x = 0;
  let y = 0;
  for (let i = 0; i < encoded.length; i += 2) {
    x += encoded[i];
    y += encoded[i + 1];
    ring.push([x / 100, y / 100]);
  }
  return ring;
}

/**
 * A country whose outline is decoded when first read. A brief draws the few countries in its
 * window (the box culls the rest), and the startup snapshot then holds ~180 delta-encoded
 * arrays instead of ~9,000 [lon, lat] pairs, which it would otherwise rebuild on every start.
 */
class Country implements CountryFeature {
  readonly type = 'Feature';
  readonly properties: CountryProperties;
  #encoded: EncodedPolygons | undefined;
  #geometry: MultiPolygon | undefined;
  constructor(properties: CountryProperties, encoded: EncodedPolygons) {
    this.properties = properties;
    this.#encoded = encoded;
  }
  get geometry(): MultiPolygon {
    if (!this.#geometry) {
      const coordinates = this.#encoded!.map((polygon) => polygon.map(decodeRing));
      this.#geometry = { type: 'MultiPolygon', coordinates };
      this.#encoded = undefined;
    }
    return this.#geometry;
  }
}

/**
 * The countries, from data/countries.json: world-atlas's countries-110m decoded from TopoJSON
 * by scripts/gen-map-data.ts, so neither topojson-client nor the decoding runs here.
 */
function readCountries(): { all: CountryFeature[]; boxes: Map<CountryFeature, Box> } {
  const rows = JSON.parse(
    readFileSync(packagePath('src', 'render', 'map', 'data', 'countries.json'), 'utf8'),
  ) as [string, EncodedPolygons, number, number, [number, number]][];
  const all: CountryFeature[] = [];
  const boxes = new Map<CountryFeature, Box>();
  for (const [name, polygons, main, area, centroid] of rows) {
    const country = new Country({ name, main, area, centroid }, polygons);
    all.push(country);
    boxes.set(country, plainBox(polygons));
  }
  return { all, boxes };
}

async function load(): Promise<Geo> {
  // A dynamic import keeps d3-geo out of every build without a map.
  const d3 = await import('d3-geo');
  const { all, boxes } = readCountries();
  const countries = new Map(all.map((f) => [f.properties.name, f]));
  geo = { d3, countries, all, boxes };
  return geo;
}

/** Loads d3-geo and the boundary data; later calls return the same promise. */
export function loadGeo(): Promise<Geo> {
  loading ??= load();
  return loading;
}

/** The loaded geography. The walker is synchronous, so the map must be preloaded before rendering. */
export function getGeo(): Geo {
  if (!geo) {
    throw new InternalError(
      'map-not-preloaded',
      'the locator map was drawn before its data was loaded (preloadMap() was not awaited)',
      {
        hint: 'await preloadMap() from src/render/map before walking Markdown that contains :::map',
      },
    );
  }
  return geo;
}
