import type { GeoProjection } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry, Polygon, Position } from 'geojson';
import { atlasName, capitalOf, type Location, locatePlace } from './gazetteer.ts';
import { type CountryFeature, type Geo, getGeo } from './geo.ts';

/** One country or place named in the brief, as the template lists it. */
export interface MapItem {
  kind: 'country' | 'place';
  name: string;
  mentions: number;
}

/** Prominence class: 1 is the most mentioned (darkest shade). */
export type Tier = 1 | 2 | 3;

/** A country shaded on the map. */
export interface MapCountry {
  /** The name as the brief gives it. */
  name: string;
  /** ISO 3166-1 alpha-2. */
  code: string;
  mentions: number;
  tier: Tier;
  /** `shape`: its outline from the atlas; `point`: too small for the atlas, drawn at its capital. */
  drawn: 'shape' | 'point';
  /** The world-atlas feature name (shape), or the capital as [lon, lat] (point). */
  atlasName?: string;
  point?: [number, number];
}

/** A place marked on the map. */
export interface MapPlace {
  name: string;
  mentions: number;
  kind: 'city' | 'capital' | 'region' | 'area' | 'sea';
  lon: number;
  lat: number;
  /** Rough extent in degrees (0 for a city). */
  radius: number;
}

/** A name the map could not place, and why. */
export interface NotMapped {
  name: string;
  kind: 'country' | 'place';
  reason: 'unknown' | 'ambiguous';
}

/** Width / height of the map frame. */
export const MAP_ASPECT = 2;
/** The model's frame is this many units wide; the SVG scales it to the width it is given. */
export const FRAME_WIDTH = 1000;
export const FRAME_HEIGHT = FRAME_WIDTH / MAP_ASPECT;

/** The part of the world the map shows, as a projection of a FRAME_WIDTH × FRAME_HEIGHT frame. */
export interface MapWindow {
  /** Azimuthal equal-area centred on the story for a regional view; Equal Earth for the world. */
  projection: 'azimuthal-equal-area' | 'equal-earth';
  /** d3 `rotate`: [-centre longitude, -centre latitude] (latitude 0 for the world). */
  rotate: [number, number];
  scale: number;
  translate: [number, number];
  /** Centre of the story, [lon, lat]. */
  center: [number, number];
  /** What the frame shows, [[west, south], [east, north]]; west > east when it spans the antimeridian. */
  bounds: [[number, number], [number, number]];
  /** Largest distance, in degrees, from the centre to a corner of the frame. */
  radius: number;
  scope: 'local' | 'regional' | 'continental' | 'world';
}

/** What the locator map shows: the data behind the drawing, printable and testable. */
export interface MapModel {
  countries: MapCountry[];
  places: MapPlace[];
  notMapped: NotMapped[];
  window: MapWindow;
  /** Data credits for the caption. */
  credits: string[];
}

/** A country larger than this (steradians; Russia 0.42, Canada 0.25, Kazakhstan 0.07) is framed by its capital when other things are mentioned. */
const HUGE = 0.15;
/** Smallest radius of the window around the story's centre, in degrees: a regional view, not a street map. */
const MIN_RADIUS = 9;
/** Beyond this radius (degrees) an azimuthal view distorts too much: show the world. */
const WORLD_RADIUS = 70;
/** Frame padding, as a fraction of the frame height. */
const PADDING = 0.08;

function tierOf(mentions: number, max: number): Tier {
  const r = max > 0 ? mentions / max : 1;
  return r >= 2 / 3 ? 1 : r >= 1 / 3 ? 2 : 3;
}

/** The largest polygon of a country: mainland Russia without Kaliningrad, France without Guiana. */
function mainPolygon(geo: Geo, f: CountryFeature): Polygon {
  if (f.geometry.type === 'Polygon') return f.geometry;
  let best: Polygon | undefined;
  let bestArea = -1;
  for (const coordinates of f.geometry.coordinates) {
    const p: Polygon = { type: 'Polygon', coordinates };
    const a = geo.d3.geoArea(p);
    if (a > bestArea) {
      best = p;
      bestArea = a;
    }
  }
  return best!;
}

function feature(geometry: Geometry): Feature {
  return { type: 'Feature', properties: {}, geometry };
}

/** Largest angular distance, in degrees, from `center` to any vertex of the focus geometries. */
function reach(geo: Geo, center: Position, focus: readonly Geometry[]): number {
  let max = 0;
  const visit = (p: Position) => {
    const d =
      (geo.d3.geoDistance(center as [number, number], p as [number, number]) * 180) / Math.PI;
    if (d > max) max = d;
  };
  for (const g of focus) {
    if (g.type === 'Point') visit(g.coordinates);
    else if (g.type === 'Polygon') for (const ring of g.coordinates) ring.forEach(visit);
  }
  return max;
}

/** The window's projection at the model's frame size. */
export function projectionOf(geo: Geo, w: MapWindow, width = FRAME_WIDTH): GeoProjection {
  const k = width / FRAME_WIDTH;
  const p =
    w.projection === 'equal-earth'
      ? geo.d3.geoEqualEarth()
      : geo.d3.geoAzimuthalEqualArea().clipAngle(90);
  return p
    .rotate(w.rotate)
    .scale(w.scale * k)
    .translate([w.translate[0] * k, w.translate[1] * k]);
}

/** Points along the frame's border, in frame units, clockwise from the top-left corner. */
export function frameBorder(steps = 16): [number, number][] {
  const out: [number, number][] = [];
  const W = FRAME_WIDTH;
  const H = FRAME_HEIGHT;
  for (let i = 0; i < steps; i++) out.push([(W * i) / steps, 0]);
  for (let i = 0; i < steps; i++) out.push([W, (H * i) / steps]);
  for (let i = 0; i < steps; i++) out.push([W - (W * i) / steps, H]);
  for (let i = 0; i < steps; i++) out.push([0, H - (H * i) / steps]);
  return out;
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Fits the window to the focus geometries (the mentioned countries' main polygons, places, capitals). */
function fitWindow(geo: Geo, focus: Geometry[], reps: Position[]): MapWindow {
  const { d3 } = geo;
  const c = d3.geoCentroid({ type: 'MultiPoint', coordinates: reps });
  // geoCentroid of antipodal or empty input is NaN: fall back to the first point.
  const center: [number, number] =
    Number.isFinite(c[0]) && Number.isFinite(c[1]) ? c : (reps[0] as [number, number]);
  const far = reach(geo, center, focus);
  let projection: MapWindow['projection'];
  let p: GeoProjection;
  if (far > WORLD_RADIUS) {
    projection = 'equal-earth';
    p = d3.geoEqualEarth().rotate([-center[0], 0]);
    p.fitExtent(
      [
        [FRAME_HEIGHT * 0.02, FRAME_HEIGHT * 0.02],
        [FRAME_WIDTH - FRAME_HEIGHT * 0.02, FRAME_HEIGHT * 0.98],
      ],
      { type: 'Sphere' },
    );
  } else {
    projection = 'azimuthal-equal-area';
    p = d3.geoAzimuthalEqualArea().clipAngle(90).rotate([-center[0], -center[1]]);
    const circle = d3.geoCircle().center(center).radius(MIN_RADIUS)();
    const collection: FeatureCollection = {
      type: 'FeatureCollection',
      features: [...focus, circle].map(feature),
    };
    const pad = FRAME_HEIGHT * PADDING;
    p.fitExtent(
      [
        [pad, pad],
        [FRAME_WIDTH - pad, FRAME_HEIGHT - pad],
      ],
      collection,
    );
  }
  const scale = round(p.scale());
  const [tx, ty] = p.translate();
  const rotate: [number, number] =
    projection === 'equal-earth' ? [round(-center[0]), 0] : [round(-center[0]), round(-center[1])];
  const window: MapWindow = {
    projection,
    rotate,
    scale,
    translate: [round(tx), round(ty)],
    center: [round(center[0]), round(center[1])],
    bounds: [
      [-180, -90],
      [180, 90],
    ],
    radius: 180,
    scope: 'world',
  };
  if (projection === 'equal-earth') return window;

  // What the reader sees: invert the frame's border.
  const q = projectionOf(geo, window);
  const border = frameBorder()
    .map((xy) => q.invert?.(xy))
    .filter((ll): ll is [number, number] => ll != null && Number.isFinite(ll[0]));
  const [[w, s], [e, n]] = d3.geoBounds({ type: 'MultiPoint', coordinates: border });
  const poleInside = (lat: number) => {
    const xy = q([0, lat]);
    return xy != null && xy[0] >= 0 && xy[0] <= FRAME_WIDTH && xy[1] >= 0 && xy[1] <= FRAME_HEIGHT;
  };
  const north = poleInside(90);
  const south = poleInside(-90);
  window.bounds = [
    [north || south ? -180 : round(w), south ? -90 : round(s)],
    [north || south ? 180 : round(e), north ? 90 : round(n)],
  ];
  window.radius = round(
    Math.max(...border.map((ll) => (d3.geoDistance(center, ll) * 180) / Math.PI)),
  );
  window.scope = window.radius < 12 ? 'local' : window.radius < 35 ? 'regional' : 'continental';
  return window;
}

/**
 * Builds the locator map's model from the brief's countries and places: which countries are
 * shaded (by mentions, in three tiers), which places are marked, which names could not be
 * placed, and the window (projection fitted to what is mentioned). Returns null when nothing
 * can be located. Needs `preloadMap()` to have finished.
 */
export function buildMapModel(items: readonly MapItem[]): MapModel | null {
  const geo = getGeo();
  const notMapped: NotMapped[] = [];
  const byCode = new Map<string, { name: string; mentions: number }>();
  const pending: { item: MapItem; where: Location }[] = [];

  // Countries first: their codes settle which "Pokrovsk" a place means.
  const located = items.map((item) => ({
    item,
    where: item.kind === 'country' ? locatePlace(item.name) : undefined,
  }));
  for (const { item, where } of located) {
    if (where?.found === 'country') {
      const prev = byCode.get(where.code);
      // Two names for one country ("U.S.", "United States"): one shape, mentions added.
      if (prev) prev.mentions += item.mentions;
      else byCode.set(where.code, { name: item.name, mentions: item.mentions });
    }
  }
  const context = new Set(byCode.keys());
  for (const { item, where } of located) {
    const w = where ?? locatePlace(item.name, context);
    if (w.found === 'country' && item.kind === 'place') {
      const prev = byCode.get(w.code);
      if (prev) prev.mentions += item.mentions;
      else byCode.set(w.code, { name: item.name, mentions: item.mentions });
    } else if (w.found !== 'country') pending.push({ item, where: w });
  }

  const max = Math.max(0, ...[...byCode.values()].map((c) => c.mentions));
  const countries: MapCountry[] = [];
  for (const [code, c] of byCode) {
    const tier = tierOf(c.mentions, max);
    const atlas = atlasName(code);
    if (atlas && geo.countries.has(atlas)) {
      countries.push({
        name: c.name,
        code,
        mentions: c.mentions,
        tier,
        drawn: 'shape',
        atlasName: atlas,
      });
    } else {
      const point = capitalOf(code);
      if (point)
        countries.push({ name: c.name, code, mentions: c.mentions, tier, drawn: 'point', point });
      else notMapped.push({ name: c.name, kind: 'country', reason: 'unknown' });
    }
  }
  countries.sort((a, b) => b.mentions - a.mentions || (a.name < b.name ? -1 : 1));

  const places: MapPlace[] = [];
  for (const { item, where } of pending) {
    if (where.found === 'point') {
      places.push({
        name: item.name,
        mentions: item.mentions,
        kind: where.kind,
        lon: where.lon,
        lat: where.lat,
        radius: where.radius,
      });
    } else if (where.found === 'none') {
      notMapped.push({ name: item.name, kind: item.kind, reason: where.reason });
    }
  }
  if (countries.length === 0 && places.length === 0) return null;

  // The focus: what the window must show. A huge country mentioned with other things is
  // represented by its capital, so "Russia and Ukraine" frames Eastern Europe, not Eurasia.
  const focus: Geometry[] = [];
  const reps: Position[] = [];
  const many = countries.length + places.length > 1;
  for (const c of countries) {
    if (c.drawn === 'shape') {
      const main = mainPolygon(geo, geo.countries.get(c.atlasName!)!);
      const capital = capitalOf(c.code);
      if (many && capital && geo.d3.geoArea(main) > HUGE) {
        focus.push({ type: 'Point', coordinates: capital });
        reps.push(capital);
      } else {
        focus.push(main);
        reps.push(geo.d3.geoCentroid(main));
      }
    } else {
      focus.push({ type: 'Point', coordinates: c.point! });
      reps.push(c.point!);
    }
  }
  for (const p of places) {
    const at: [number, number] = [p.lon, p.lat];
    focus.push(
      p.radius > 0.5
        ? (geo.d3.geoCircle().center(at).radius(p.radius)() as Polygon)
        : { type: 'Point', coordinates: at },
    );
    reps.push(at);
  }

  return {
    countries,
    places,
    notMapped,
    window: fitWindow(geo, focus, reps),
    credits: ['Boundaries: Natural Earth', 'Places: GeoNames (CC BY 4.0)'],
  };
}
