import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { InternalError } from '../../diagnostics.ts';

/** A country outline from world-atlas, with its Natural Earth short name. */
export type CountryFeature = Feature<Polygon | MultiPolygon, { name: string }>;

/** Everything the map needs from d3-geo and world-atlas, loaded once per process. */
export interface Geo {
  d3: typeof import('d3-geo');
  /** Countries by their world-atlas name ("North Korea", "Dem. Rep. Congo"). */
  countries: ReadonlyMap<string, CountryFeature>;
  /** All countries, in the atlas's order (for drawing). */
  all: readonly CountryFeature[];
  /** The land as one shape, for the world inset. */
  land: Feature<MultiPolygon | Polygon>;
  /** Each country's plain longitude/latitude box [west, south, east, north], for culling. */
  boxes: ReadonlyMap<CountryFeature, readonly [number, number, number, number]>;
}

/**
 * A plain min/max box of a feature's coordinates. world-atlas already cuts shapes at the
 * antimeridian, so this is right (if loose: Russia gets -180..180) and far cheaper than geoBounds.
 */
function plainBox(f: CountryFeature): [number, number, number, number] {
  const box: [number, number, number, number] = [180, 90, -180, -90];
  const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  for (const polygon of polygons) {
    for (const [lon, lat] of polygon[0]) {
      if (lon < box[0]) box[0] = lon;
      if (lat < box[1]) box[1] = lat;
      if (lon > box[2]) box[2] = lon;
      if (lat > box[3]) box[3] = lat;
    }
  }
  return box;
}

let geo: Geo | undefined;
let loading: Promise<Geo> | undefined;

async function load(): Promise<Geo> {
  // Dynamic imports keep d3-geo, topojson-client and the atlas out of every build without a map.
  const [d3, topojson] = await Promise.all([import('d3-geo'), import('topojson-client')]);
  const require = createRequire(import.meta.url);
  // countries-110m (108 KB) is enough for a locator map and parses in about 2 ms.
  const topology = JSON.parse(
    readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8'),
  ) as Topology<{ countries: GeometryCollection<{ name: string }>; land: GeometryCollection }>;
  const collection = topojson.feature(topology, topology.objects.countries);
  const all = collection.features as CountryFeature[];
  const countries = new Map(all.map((f) => [f.properties.name, f]));
  const landCollection = topojson.feature(topology, topology.objects.land);
  const land = landCollection.features[0] as Feature<MultiPolygon | Polygon>;
  const boxes = new Map(all.map((f) => [f, plainBox(f)]));
  geo = { d3, countries, all, land, boxes };
  return geo;
}

/** Loads the map's libraries and boundary data; later calls return the same promise. */
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
