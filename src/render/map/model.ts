import type { GeoProjection } from 'd3-geo';
import type { Geometry, Polygon, Position } from 'geojson';
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
  /** False when the window, fitted to the more prominent items, leaves it out. */
  inView: boolean;
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
  /** False when the window, fitted to the more prominent items, leaves it out. */
  inView: boolean;
}

/** A name the map could not place, and why. */
export interface NotMapped {
  name: string;
  kind: 'country' | 'place';
  reason: 'unknown' | 'ambiguous';
}

/** Width / height of the map frame. */
export const MAP_ASPECT = 2;
/** The model's frame is this many units wide; the drawing scales it to the width it is given. */
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
const MIN_RADIUS = 7;
/** Beyond this radius (degrees) an azimuthal view distorts too much: show the world. */
const WORLD_RADIUS = 70;
/** Focus spread over more longitude than this (degrees) gets a world view. */
const WORLD_SPAN = 160;
/** Items this near the core (degrees) always join the frame; farther ones only when the core is as wide. */
const NEAR = 35;
/** Regions wider than this (degrees of radius: continents, oceans) never widen the window. */
const CONTEXT_RADIUS = 20;
/** Frame padding, as a fraction of the frame height. */
const PADDING = 0.08;

function tierOf(mentions: number, max: number): Tier {
  const r = max > 0 ? mentions / max : 1;
  return r >= 2 / 3 ? 1 : r >= 1 / 3 ? 2 : 3;
}

const mains = new WeakMap<CountryFeature, Polygon>();

/** The largest polygon of a country (measured by the generator): mainland Russia without Kaliningrad. */
function mainPolygon(f: CountryFeature): Polygon {
  let main = mains.get(f);
  if (!main) {
    main = { type: 'Polygon', coordinates: f.geometry.coordinates[f.properties.main] };
    mains.set(f, main);
  }
  return main;
}

function degrees(radians: number): number {
  return (radians * 180) / Math.PI;
}

const RADIANS = Math.PI / 180;

/**
 * d3's `geoDistance` in radians, with its arithmetic step for step (so the same bits), but
 * without its stream of a two-point line and its exact-sum accumulator, which allocates a
 * Float64Array on every call: `reach` asks it for every vertex of a country.
 */
export function angularDistance(a: readonly number[], b: readonly number[]): number {
  const phi0 = a[1] * RADIANS;
  const sinPhi0 = Math.sin(phi0);
  const cosPhi0 = Math.cos(phi0);
  const phi = b[1] * RADIANS;
  const sinPhi = Math.sin(phi);
  const cosPhi = Math.cos(phi);
  const delta = Math.abs(b[0] * RADIANS - a[0] * RADIANS);
  const cosDelta = Math.cos(delta);
  const sinDelta = Math.sin(delta);
  const x = cosPhi * sinDelta;
  const y = cosPhi0 * sinPhi - sinPhi0 * cosPhi * cosDelta;
  const z = sinPhi0 * sinPhi + cosPhi0 * cosPhi * cosDelta;
  return Math.atan2(Math.sqrt(x * x + y * y), z);
}

/** The spherical centre of some points (the first point when they cancel out). */
function centreOf(geo: Geo, points: readonly Position[]): [number, number] {
  const c = geo.d3.geoCentroid({ type: 'MultiPoint', coordinates: points as Position[] });
  return Number.isFinite(c[0]) && Number.isFinite(c[1]) ? c : [points[0][0], points[0][1]];
}

/** Largest angular distance, in degrees, from `center` to any vertex of the focus geometries. */
function reach(center: Position, focus: readonly Geometry[]): number {
  let max = 0;
  const visit = (p: Position) => {
    const d = degrees(angularDistance(center, p));
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

/**
 * The central meridian that cuts no focus shape: opposite the middle of the widest gap
 * between the focus longitudes. A world map centred on the story's centroid could put the
 * seam through China when the story is about the United States, China and Brazil.
 */
function seamSafeMeridian(focus: readonly Geometry[]): { meridian: number; span: number } {
  const lons: number[] = [];
  for (const g of focus) {
    if (g.type === 'Point') lons.push(g.coordinates[0]);
    else if (g.type === 'Polygon')
      for (const ring of g.coordinates) for (const p of ring) lons.push(p[0]);
  }
  lons.sort((a, b) => a - b);
  let gapStart = lons[lons.length - 1];
  let gap = lons[0] + 360 - gapStart;
  for (let i = 1; i < lons.length; i++) {
    if (lons[i] - lons[i - 1] > gap) {
      gap = lons[i] - lons[i - 1];
      gapStart = lons[i - 1];
    }
  }
  const seam = gapStart + gap / 2;
  return { meridian: ((seam + 360) % 360) - 180, span: 360 - gap };
}

/**
 * d3's azimuthal equal-area projection with `rotate` as plain arithmetic: the rotation and the
 * raw projection in Cartesian form, no inverse trigonometry. Appends [x, y] (y down, as on
 * the page) to `out`. Cheap enough to run over every vertex of a map on a cold start.
 */
export function azimuthalProjector(
  rotate: readonly [number, number],
  scale = 1,
  translate: readonly [number, number] = [0, 0],
): (lon: number, lat: number, out: number[]) => void {
  const RAD = Math.PI / 180;
  const [l0, p0] = rotate;
  const sinD = Math.sin(p0 * RAD);
  const cosD = Math.cos(p0 * RAD);
  const [tx, ty] = translate;
  return (lon, lat, out) => {
    const lambda = (lon + l0) * RAD;
    const phi = lat * RAD;
    const cp = Math.cos(phi);
    const x1 = Math.cos(lambda) * cp;
    const y1 = Math.sin(lambda) * cp;
    const z1 = Math.sin(phi);
    const X = x1 * cosD - z1 * sinD;
    const Z = z1 * cosD + x1 * sinD;
    const k = Math.sqrt(2 / (1 + X));
    out.push(tx + scale * k * y1, ty - scale * k * Z);
  };
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
  const far = reach(center, focus);
  const { meridian, span } = seamSafeMeridian(focus);
  let projection: MapWindow['projection'];
  let p: GeoProjection;
  // Far apart, or spread over more than 160° of longitude (the United States and China):
  // an azimuthal view would centre on the pole, which few readers recognise. Show the world.
  if (far > WORLD_RADIUS || span > WORLD_SPAN) {
    projection = 'equal-earth';
    center[0] = meridian;
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
    // Fitted by hand rather than with d3's fitExtent (a stream over every focus vertex, slow
    // before the engine has warmed up): the unit-scale bounds of the focus and of the
    // smallest window, a circle of MIN_RADIUS, which this projection draws with radius
    // 2 sin(r / 2).
    const rotation: [number, number] = [round(-center[0]), round(-center[1])];
    const unit = azimuthalProjector(rotation);
    const r = 2 * Math.sin((MIN_RADIUS * Math.PI) / 360);
    let [x0, y0, x1, y1] = [-r, -r, r, r];
    const xy: number[] = [];
    const visit = (q: Position) => {
      xy.length = 0;
      unit(q[0], q[1], xy);
      if (xy[0] < x0) x0 = xy[0];
      if (xy[0] > x1) x1 = xy[0];
      if (xy[1] < y0) y0 = xy[1];
      if (xy[1] > y1) y1 = xy[1];
    };
    for (const g of focus) {
      if (g.type === 'Point') visit(g.coordinates);
      else if (g.type === 'Polygon') for (const ring of g.coordinates) ring.forEach(visit);
    }
    const pad = FRAME_HEIGHT * PADDING;
    const k = Math.min((FRAME_WIDTH - 2 * pad) / (x1 - x0), (FRAME_HEIGHT - 2 * pad) / (y1 - y0));
    p = d3
      .geoAzimuthalEqualArea()
      .clipAngle(90)
      .rotate(rotation)
      .scale(k)
      .translate([FRAME_WIDTH / 2 - (k * (x0 + x1)) / 2, FRAME_HEIGHT / 2 - (k * (y0 + y1)) / 2]);
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
  window.radius = round(Math.max(...border.map((ll) => degrees(angularDistance(center, ll)))));
  window.scope = window.radius < 12 ? 'local' : window.radius < 35 ? 'regional' : 'continental';
  return window;
}

/** Whether a point shows in the window: on the near hemisphere and inside the frame. */
function inFrame(geo: Geo, w: MapWindow): (p: [number, number]) => boolean {
  const q = projectionOf(geo, w);
  return (p) => {
    if (angularDistance(w.center, p) > Math.PI / 2) return false;
    const xy = q(p);
    return xy != null && xy[0] >= 0 && xy[0] <= FRAME_WIDTH && xy[1] >= 0 && xy[1] <= FRAME_HEIGHT;
  };
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
        inView: true,
      });
    } else {
      const point = capitalOf(code);
      if (point)
        countries.push({
          name: c.name,
          code,
          mentions: c.mentions,
          tier,
          drawn: 'point',
          point,
          inView: true,
        });
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
        inView: true,
      });
    } else if (where.found === 'none') {
      notMapped.push({ name: item.name, kind: item.kind, reason: where.reason });
    }
  }
  if (countries.length === 0 && places.length === 0) return null;

  // The focus: what the window must show. Only the prominent items: countries in the top two
  // tiers and places mentioned at least a third as often as the most-mentioned place, so one
  // passing mention of Washington does not turn a map of the Sahel into a map of the world.
  // Wide regions (continents, oceans) are context: labelled when in view, never framed.
  const maxPlace = Math.max(0, ...places.map((p) => p.mentions));
  const candidates: { geometry: Geometry; rep: Position; core: boolean }[] = [];
  const prominent = countries.filter((c) => c.tier <= 2);
  const framed = places.filter((p) => p.radius <= CONTEXT_RADIUS && p.mentions * 3 >= maxPlace);
  const all = prominent.length + framed.length === 0;
  const many = (all ? countries.length + places.length : prominent.length + framed.length) > 1;
  for (const c of all ? countries : prominent) {
    // A huge country mentioned with other things is represented by its capital, so "Russia
    // and Ukraine" frames Eastern Europe, not Eurasia.
    const core = c.tier === 1;
    if (c.drawn === 'shape') {
      const f = geo.countries.get(c.atlasName!)!;
      const capital = capitalOf(c.code);
      if (many && capital && f.properties.area > HUGE) {
        candidates.push({ geometry: { type: 'Point', coordinates: capital }, rep: capital, core });
      } else {
        candidates.push({ geometry: mainPolygon(f), rep: f.properties.centroid, core });
      }
    } else {
      candidates.push({ geometry: { type: 'Point', coordinates: c.point! }, rep: c.point!, core });
    }
  }
  for (const p of all ? places : framed) {
    const at: [number, number] = [p.lon, p.lat];
    const geometry: Geometry =
      p.radius > 0.5
        ? (geo.d3.geoCircle().center(at).radius(p.radius)() as Polygon)
        : { type: 'Point', coordinates: at };
    candidates.push({ geometry, rep: at, core: false });
  }
  // The core is the most-mentioned countries (or everything, when no country is). Others join
  // the frame only when near it: an Iraq story that mentions the United States stays a map of
  // the Middle East, and the United States is listed as outside the map.
  let core = candidates.filter((c) => c.core);
  if (core.length === 0) core = candidates;
  const coreCentre = centreOf(
    geo,
    core.map((c) => c.rep),
  );
  const allowed = Math.max(
    NEAR,
    1.2 *
      reach(
        coreCentre,
        core.map((c) => c.geometry),
      ),
  );
  const chosen = candidates.filter(
    (c) =>
      c.core ||
      core === candidates ||
      degrees(angularDistance(coreCentre, c.rep as [number, number])) <= allowed,
  );
  const focus = chosen.map((c) => c.geometry);
  const reps = chosen.map((c) => c.rep);
  const window = fitWindow(geo, focus, reps);

  // What the window leaves out is listed in the caption rather than silently dropped.
  if (window.projection !== 'equal-earth') {
    const seen = inFrame(geo, window);
    for (const c of countries) {
      const main = c.drawn === 'shape' ? mainPolygon(geo.countries.get(c.atlasName!)!) : undefined;
      c.inView = main
        ? main.coordinates[0].some((p) => seen(p as [number, number]))
        : seen(c.point!);
    }
    for (const p of places) p.inView = seen([p.lon, p.lat]);
  }

  return {
    countries,
    places,
    notMapped,
    window,
    credits: ['Boundaries: Natural Earth', 'Places: GeoNames (CC BY 4.0)'],
  };
}
