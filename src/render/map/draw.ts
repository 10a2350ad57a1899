import type { GeoProjection, GeoStream } from 'd3-geo';
import type { Feature, Geometry, LineString } from 'geojson';
import { INSET } from './data/inset.generated.ts';
import type { CountryFeature, Geo } from './geo.ts';
import {
  azimuthalProjector,
  FRAME_HEIGHT,
  FRAME_WIDTH,
  frameBorder,
  type MapModel,
  type MapPlace,
  projectionOf,
  type Tier,
} from './model.ts';
import { type LabelFace, labelWidth } from './widths.ts';

/**
 * Draws a map model as pdfmake vectors (a `canvas`) plus label text nodes.
 *
 * Why not pdfmake's `svg` node: it works (paths, fills, strokes, circles render, output is
 * deterministic), but svg-to-pdfkit spends about 13 µs per path segment, so a 110m locator
 * map cost ~40 ms per render against a budget of 15; and SVG `<text>` cannot open fonts
 * registered in pdfmake's virtual file system (it warns on the console and falls back to
 * whatever font was last used). Canvas polylines cost well under a microsecond a point, and
 * labels as ordinary text nodes use the brief's registered fonts.
 */

/** Colours of one map, from the template's theme. */
export interface MapPalette {
  /** The accent: the most-mentioned countries. */
  accent: string;
  text: string;
  muted: string;
}

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h.padEnd(6, '0').slice(0, 6);
  const v = Number.parseInt(full, 16);
  return Number.isFinite(v) ? [(v >> 16) & 255, (v >> 8) & 255, v & 255] : [31, 58, 95];
}

function toHex([r, g, b]: Rgb): string {
  const byte = (v: number) =>
    Math.round(Math.min(255, Math.max(0, v)))
      .toString(16)
      .padStart(2, '0');
  return `#${byte(r)}${byte(g)}${byte(b)}`;
}

/** `a` moved towards `b` by `t` (0..1). */
function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Greyscale lightness (Rec. 709 luma, 0..1): what a black-and-white printer keeps. */
export function luma(hex: string): number {
  const [r, g, b] = parseHex(hex);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];
/** Other land: lighter than the lightest tier, darker than the water, in greyscale too. */
export const LAND = '#dcdcdc';
export const WATER = '#f1f4f7';
const BORDER = '#ffffff';
const FRAME = '#9aa3ad';
const GRATICULE = '#d5dce4';
const INSET_LAND = '#c4c8cc';

/**
 * Fills for the three prominence tiers. Tiers differ in lightness, not only hue, so a
 * greyscale print keeps them apart from each other and from other land: a light accent is
 * first darkened until the darkest tier reads as dark.
 */
export function tierFills(accent: string): Record<Tier, string> {
  let base = parseHex(accent);
  for (let i = 0; i < 10 && luma(toHex(base)) > 0.3; i++) base = mix(base, BLACK, 0.2);
  return { 1: toHex(base), 2: toHex(mix(base, WHITE, 0.38)), 3: toHex(mix(base, WHITE, 0.62)) };
}

function r1(v: number): number {
  return Math.round(v * 10) / 10;
}

/** A pdfmake canvas vector. */
export type Vector = Record<string, unknown>;
/** A ring or line in points: [x0, y0, x1, y1, …]. */
type Line = number[];

/**
 * A d3 stream stage that drops vertices closer than `tol` to the last kept one, and rings
 * whose extent is below `tol`. At locator scale 110m outlines carry many sub-point
 * vertices that only cost time. Goes after the projection, so `tol` is in points.
 */
export function thin(tol: number): (out: GeoStream) => GeoStream {
  const t2 = tol * tol;
  return (out) => {
    let inPolygon = false;
    let ring: number[] = [];
    let lx = 0;
    let ly = 0;
    let minX = 0;
    let maxX = 0;
    let minY = 0;
    let maxY = 0;
    let dropX = Number.NaN;
    let dropY = 0;
    return {
      point(x, y) {
        if (ring.length === 0) {
          ring.push(x, y);
          lx = maxX = minX = x;
          ly = maxY = minY = y;
          return;
        }
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
        if ((x - lx) ** 2 + (y - ly) ** 2 >= t2) {
          ring.push(x, y);
          lx = x;
          ly = y;
          dropX = Number.NaN;
        } else {
          // Remember a dropped vertex: an open line must still end where it should.
          dropX = x;
          dropY = y;
        }
      },
      lineStart() {
        ring = [];
        dropX = Number.NaN;
      },
      lineEnd() {
        if (!inPolygon && !Number.isNaN(dropX)) ring.push(dropX, dropY);
        const small = maxX - minX < tol && maxY - minY < tol;
        if (inPolygon ? !small && ring.length >= 6 : ring.length >= 4) {
          out.lineStart();
          for (let i = 0; i < ring.length; i += 2) out.point(ring[i], ring[i + 1]);
          out.lineEnd();
        }
        ring = [];
      },
      polygonStart() {
        inPolygon = true;
        out.polygonStart();
      },
      polygonEnd() {
        inPolygon = false;
        out.polygonEnd();
      },
      sphere() {
        out.sphere?.();
      },
    };
  };
}

/**
 * Projects a geometry to lines in points, through clipping and thinning. Rings come back as
 * closed lines (first point not repeated).
 */
function linesOf(
  projection: GeoProjection,
  tol: number,
  g: Geometry | Feature | { type: 'Sphere' },
): Line[] {
  const lines: Line[] = [];
  let current: Line = [];
  const sink: GeoStream = {
    point(x, y) {
      current.push(r1(x), r1(y));
    },
    lineStart() {
      current = [];
    },
    lineEnd() {
      if (current.length >= 4) lines.push(current);
    },
    polygonStart() {},
    polygonEnd() {},
    sphere() {},
  };
  const stream = projection.stream(thin(tol)(sink));
  // geoStream accepts features, geometries and the sphere alike.
  geoStreamOf(stream, g);
  return lines;
}

let geoStreamOf: (stream: GeoStream, g: unknown) => void = () => {
  throw new Error('map: d3-geo not bound');
};

/** Binds d3-geo's `geoStream` (loaded lazily by geo.ts). */
function bind(geo: Geo) {
  geoStreamOf = (stream, g) =>
    geo.d3.geoStream(g as Parameters<typeof geo.d3.geoStream>[0], stream);
}

function polyline(line: Line, style: Vector, closed: boolean): Vector {
  const points: { x: number; y: number }[] = [];
  for (let i = 0; i < line.length; i += 2) points.push({ x: line[i], y: line[i + 1] });
  return { type: 'polyline', points, closePath: closed, ...style };
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

type Anchor = 'start' | 'middle' | 'end';

/** A label, positioned by its baseline; becomes a pdfmake text node over the canvas. */
export interface Label {
  text: string;
  /** Left edge and baseline, in points from the map's top-left corner. */
  x: number;
  y: number;
  size: number;
  face: LabelFace;
  color: string;
  /** A translucent white plate behind the text, for legibility over borders and shading. */
  plate: boolean;
  spacing: number;
}

class Labels {
  readonly placed: Label[] = [];
  readonly taken: Box[] = [];

  constructor(
    private readonly W: number,
    private readonly H: number,
    readonly size: number,
  ) {}

  /** Where `text` would go: its left edge and the box it would cover. */
  box(text: string, x: number, y: number, face: LabelFace, anchor: Anchor, spacing = 0): Box {
    const w = labelWidth(text, this.size, face, spacing);
    const x0 = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
    return { x0, y0: y - this.size * 0.75, x1: x0 + w, y1: y + this.size * 0.22 };
  }

  fits(b: Box): boolean {
    const inFrame = b.x0 >= 2 && b.y0 >= 2 && b.x1 <= this.W - 2 && b.y1 <= this.H - 2;
    return inFrame && !this.taken.some((t) => overlaps(t, b));
  }

  add(
    text: string,
    x: number,
    y: number,
    face: LabelFace,
    anchor: Anchor,
    color: string,
    plate: boolean,
    spacing = 0,
  ) {
    const b = this.box(text, x, y, face, anchor, spacing);
    this.taken.push(b);
    this.placed.push({ text, x: r1(b.x0), y: r1(y), size: this.size, face, color, plate, spacing });
  }
}

/** The drawing: canvas vectors in map coordinates, and labels to lay over them. */
export interface MapDrawing {
  width: number;
  height: number;
  vectors: Vector[];
  labels: Label[];
}

/**
 * Draws a map model `width` points wide (height = width / MAP_ASPECT): water, graticule,
 * other land, the shaded countries by tier, markers, labels, and a world inset with the
 * window outlined. Needs the geography loaded (preloadMap).
 */
export function drawMap(geo: Geo, model: MapModel, width: number, palette: MapPalette): MapDrawing {
  bind(geo);
  const { d3 } = geo;
  const k = width / FRAME_WIDTH;
  const W = width;
  const H = r1(FRAME_HEIGHT * k);
  // No adaptive resampling: 110m vertices are close enough at locator scale.
  const projection = projectionOf(geo, model.window, width)
    .precision(0)
    .clipExtent([
      [0, 0],
      [W, H],
    ]);
  const fills = tierFills(palette.accent);
  const fs = Math.max(6, Math.min(8, width / 62));
  const world = model.window.projection === 'equal-earth';
  const v: Vector[] = [{ type: 'rect', x: 0, y: 0, w: W, h: H, color: WATER }];

  // A world view gets a graticule for orientation; a regional one has the inset instead.
  if (world) {
    for (const line of linesOf(projection, 1, d3.geoGraticule().step([30, 30])())) {
      v.push(polyline(line, { lineColor: GRATICULE, lineWidth: 0.4 }, false));
    }
  }

  // Other land, then the shaded countries, darkest last; white borders throughout.
  const shaded = new Map(
    model.countries.filter((c) => c.drawn === 'shape').map((c) => [c.atlasName!, c]),
  );
  const visible = cull(geo, model);
  // One point: invisible at print size, and every point costs time in pdfmake.
  const tol = world ? 1.2 : 1;
  const border = { lineColor: BORDER, lineWidth: r1(Math.max(0.3, 0.72 * k)), lineJoin: 'round' };
  const layers: Record<'other' | Tier, Vector[]> = { other: [], 1: [], 2: [], 3: [] };
  const holed: CountryFeature[] = [];
  /** The visible rings of each shaded country, for placing its name. */
  const shapes = new Map<CountryFeature, Line[]>();
  const projectionFor = fastProjection(geo, model, projection, W, H);
  const rings = ringsOf(model, projection, W, H, tol);
  for (const f of geo.all) {
    if (!visible(f)) continue;
    const c = shaded.get(f.properties.name);
    const color = c ? fills[c.tier] : LAND;
    const p = projectionFor(f);
    const drawn = p === projection ? linesOf(p, tol, f) : rings(f);
    for (const ring of drawn)
      layers[c ? c.tier : 'other'].push(polyline(ring, { color, ...border }, true));
    if (c) shapes.set(f, drawn);
    if (c && hasHoles(f)) holed.push(f);
  }
  v.push(...layers.other, ...layers[3], ...layers[2], ...layers[1]);
  // A polyline is one filled ring: a shaded country's holes (Lesotho in South Africa) were
  // painted over, so the countries inside them are drawn again on top.
  for (const f of enclaves(geo, holed, shaded)) {
    for (const ring of linesOf(projectionFor(f), tol, f))
      v.push(polyline(ring, { color: LAND, ...border }, true));
  }

  const labels = new Labels(W, H, fs);
  const taken = labels.taken;

  // Country labels at the centre of the visible part of their main shape.
  for (const c of model.countries) {
    if (c.drawn !== 'shape') continue;
    const f = geo.countries.get(c.atlasName!)!;
    const main = largestRing(shapes.get(f) ?? []);
    if (!main) continue;
    const [cx, cy] = main.centroid;
    const text = c.name.toUpperCase();
    // A country at the frame's edge keeps its name inside the frame.
    const half = labelWidth(text, fs, 'bold', 0.5) / 2;
    const x = Math.min(Math.max(cx, half + 3), W - half - 3);
    const y = Math.min(Math.max(cy + fs * 0.35, fs + 3), H - 4);
    const box = labels.box(text, x, y, 'bold', 'middle', 0.5);
    if (!labels.fits(box)) continue;
    // White on the darkest shade when the name fits inside the country; else dark on a plate.
    const roomy = main.area > (box.x1 - box.x0) * (box.y1 - box.y0) * 3;
    const light = roomy && c.tier === 1;
    labels.add(text, x, y, 'bold', 'middle', light ? '#ffffff' : palette.text, !roomy, 0.5);
  }

  // Countries too small for the atlas: a shaded dot at the capital.
  const markers: Vector[] = [];
  const points: { name: string; x: number; y: number; r: number; face: LabelFace }[] = [];
  const mark = (x: number, y: number, r: number) =>
    taken.push({ x0: x - r, y0: y - r, x1: x + r, y1: y + r });
  for (const c of model.countries) {
    if (c.drawn !== 'point') continue;
    const xy = projection(c.point!);
    if (!xy || !inside(xy, W, H)) continue;
    const [x, y] = [r1(xy[0]), r1(xy[1])];
    markers.push({
      type: 'ellipse',
      x,
      y,
      r1: 3.4,
      r2: 3.4,
      color: fills[c.tier],
      lineColor: palette.text,
      lineWidth: 0.6,
    });
    points.push({ name: c.name, x, y, r: 3.4, face: 'bold' });
    mark(x, y, 3.4);
  }
  for (const p of model.places) {
    const xy = projection([p.lon, p.lat]);
    if (!xy || !inside(xy, W, H)) continue;
    const [x, y] = [r1(xy[0]), r1(xy[1])];
    const marker = placeMarker(p, x, y, palette);
    if (marker.length > 0) {
      markers.push(...marker);
      const italic = p.kind === 'area' || p.kind === 'region';
      points.push({ name: p.name, x, y, r: 3, face: italic ? 'italic' : 'regular' });
      mark(x, y, 3);
    } else {
      // A large area or a sea: its name in italics, centred on it, no marker; left out
      // rather than printed over a country's name.
      const ly = y + fs * 0.35;
      if (labels.fits(labels.box(p.name, x, ly, 'italic', 'middle', 0.4))) {
        const colour = p.kind === 'sea' ? palette.muted : palette.text;
        labels.add(p.name, x, ly, 'italic', 'middle', colour, p.kind !== 'sea', 0.4);
      }
    }
  }
  // Point labels: the first of eight positions around the marker that collides with nothing.
  for (const p of points) {
    const gap = p.r + 1.5;
    const options: [number, number, Anchor][] = [
      [p.x + gap, p.y + fs * 0.35, 'start'],
      [p.x - gap, p.y + fs * 0.35, 'end'],
      [p.x, p.y - gap - 1, 'middle'],
      [p.x, p.y + gap + fs * 0.8, 'middle'],
      [p.x + gap, p.y - gap, 'start'],
      [p.x + gap, p.y + gap + fs * 0.6, 'start'],
      [p.x - gap, p.y - gap, 'end'],
      [p.x - gap, p.y + gap + fs * 0.6, 'end'],
    ];
    // No free position: the marker stays unlabelled rather than printing over another name
    // (the caption lists every place).
    const chosen = options.find((o) => labels.fits(labels.box(p.name, o[0], o[1], p.face, o[2])));
    if (chosen) labels.add(p.name, chosen[0], chosen[1], p.face, chosen[2], palette.text, true);
  }

  // Plates go under the labels but over everything else.
  for (const l of labels.placed) {
    if (!l.plate) continue;
    const w = labelWidth(l.text, l.size, l.face, l.spacing);
    v.push({
      type: 'rect',
      x: r1(l.x - 1.2),
      y: r1(l.y - l.size * 0.78),
      w: r1(w + 2.4),
      h: r1(l.size * 1.02),
      r: 1,
      color: '#ffffff',
      fillOpacity: 0.72,
    });
  }
  v.push(...markers);
  if (!world) v.push(...inset(geo, model, projection, W, H, taken, palette));
  v.push({
    type: 'rect',
    x: 0.3,
    y: 0.3,
    w: r1(W - 0.6),
    h: r1(H - 0.6),
    lineColor: FRAME,
    lineWidth: 0.6,
  });
  return { width: W, height: H, vectors: v, labels: labels.placed };
}

/**
 * The projection to draw a country with. d3 clips every polygon against the hemisphere (an
 * exact but costly spherical point-in-polygon test per ring: most of a map's time). An
 * azimuthal projection is continuous everywhere but at the antipode of its centre, so a
 * shape that keeps well away from that point needs no hemisphere clip: the frame's
 * rectangle clip is enough. World views (Equal Earth) keep the full clip for the seam.
 */
function fastProjection(
  geo: Geo,
  model: MapModel,
  full: GeoProjection,
  W: number,
  H: number,
): (f: CountryFeature) => GeoProjection {
  if (model.window.projection !== 'azimuthal-equal-area') return () => full;
  const fast = projectionOf(geo, model.window, W)
    .precision(0)
    .preclip((s) => s)
    .clipExtent([
      [0, 0],
      [W, H],
    ]);
  const [lon, lat] = model.window.center;
  const anti: [number, number] = [lon > 0 ? lon - 180 : lon + 180, -lat];
  const margin = 30;
  return (f) => {
    const b = geo.boxes.get(f)!;
    const near =
      anti[0] >= b[0] - margin &&
      anti[0] <= b[2] + margin &&
      anti[1] >= b[1] - margin &&
      anti[1] <= b[3] + margin;
    return near ? full : fast;
  };
}

/**
 * Country rings for an azimuthal window away from its antipode, without d3's stream
 * pipeline: rotation and the azimuthal equal-area formula in Cartesian form (no inverse
 * trigonometry), thinning, and a Sutherland–Hodgman clip to the frame. A tight loop the
 * engine compiles early, which matters on a cold start: 4,700 vertices for a continental
 * view took d3 about 35 ms before its code was warm. Matches d3's projection to 0.1 point
 * (a test checks); a ring clipped at the frame may run along the frame's edge, which the
 * frame's own line covers.
 */
function ringsOf(
  model: MapModel,
  projection: GeoProjection,
  W: number,
  H: number,
  tol: number,
): (f: CountryFeature) => Line[] {
  const project = azimuthalProjector(
    model.window.rotate,
    projection.scale(),
    projection.translate(),
  );
  const t2 = tol * tol;
  return (f) => {
    const polygons = f.geometry.coordinates;
    const lines: Line[] = [];
    for (const polygon of polygons) {
      for (const ring of polygon) {
        const pts: number[] = [];
        // The ring's closing vertex repeats the first: the polyline closes itself.
        for (let i = 0; i < ring.length - 1; i++) {
          const n = pts.length;
          project(ring[i][0], ring[i][1], pts);
          if (n >= 2 && (pts[n] - pts[n - 2]) ** 2 + (pts[n + 1] - pts[n - 1]) ** 2 < t2)
            pts.length = n;
        }
        const clipped = clipToRect(pts, W, H);
        if (clipped.length >= 6) lines.push(clipped.map(r1));
      }
    }
    return lines;
  };
}

/** Whether a point is inside edge `e` of the rectangle 0..W × 0..H (left, right, top, bottom). */
function insideEdge(e: number, x: number, y: number, W: number, H: number): boolean {
  return e === 0 ? x >= 0 : e === 1 ? x <= W : e === 2 ? y >= 0 : y <= H;
}

/** Appends where the segment a→b crosses edge `e` of the rectangle 0..W × 0..H. */
function pushCrossing(
  out: number[],
  e: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  W: number,
  H: number,
): void {
  if (e === 0) out.push(0, ay + ((by - ay) * (0 - ax)) / (bx - ax));
  else if (e === 1) out.push(W, ay + ((by - ay) * (W - ax)) / (bx - ax));
  else if (e === 2) out.push(ax + ((bx - ax) * (0 - ay)) / (by - ay), 0);
  else out.push(ax + ((bx - ax) * (H - ay)) / (by - ay), H);
}

/**
 * Sutherland–Hodgman: a closed ring [x0, y0, …] clipped to the rectangle 0..W × 0..H, one
 * edge after another (no closures or pairs: it runs for every ring of every map).
 */
function clipToRect(ring: number[], W: number, H: number): number[] {
  let pts = ring;
  for (let e = 0; e < 4; e++) {
    const n = pts.length;
    if (n < 6) return [];
    let allIn = true;
    for (let i = 0; i < n && allIn; i += 2) allIn = insideEdge(e, pts[i], pts[i + 1], W, H);
    if (allIn) continue;
    const out: number[] = [];
    let ax = pts[n - 2];
    let ay = pts[n - 1];
    let aIn = insideEdge(e, ax, ay, W, H);
    for (let i = 0; i < n; i += 2) {
      const bx = pts[i];
      const by = pts[i + 1];
      const bIn = insideEdge(e, bx, by, W, H);
      if (bIn !== aIn) pushCrossing(out, e, ax, ay, bx, by, W, H);
      if (bIn) out.push(bx, by);
      ax = bx;
      ay = by;
      aIn = bIn;
    }
    pts = out;
  }
  return pts;
}

/** The visible ring with the largest area, with its area and centroid (shoelace formulas). */
function largestRing(rings: readonly Line[]): { area: number; centroid: [number, number] } | null {
  let best: { area: number; centroid: [number, number] } | null = null;
  for (const r of rings) {
    let a = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0, n = r.length; i < n; i += 2) {
      const j = (i + 2) % n;
      const cross = r[i] * r[j + 1] - r[j] * r[i + 1];
      a += cross;
      cx += (r[i] + r[j]) * cross;
      cy += (r[i + 1] + r[j + 1]) * cross;
    }
    if (a === 0) continue;
    const area = Math.abs(a / 2);
    if (!best || area > best.area) best = { area, centroid: [cx / (3 * a), cy / (3 * a)] };
  }
  return best;
}

function inside([x, y]: [number, number], W: number, H: number): boolean {
  return x >= 0 && x <= W && y >= 0 && y <= H;
}

function hasHoles(f: CountryFeature): boolean {
  const polygons = f.geometry.coordinates;
  return polygons.some((p) => p.length > 1);
}

/** Unshaded countries whose box lies inside a shaded country's box: candidates for its holes. */
function enclaves(
  geo: Geo,
  holed: readonly CountryFeature[],
  shaded: ReadonlyMap<string, unknown>,
): CountryFeature[] {
  if (holed.length === 0) return [];
  const out: CountryFeature[] = [];
  for (const f of geo.all) {
    if (shaded.has(f.properties.name)) continue;
    const b = geo.boxes.get(f)!;
    const within = holed.some((h) => {
      const o = geo.boxes.get(h)!;
      return b[0] > o[0] && b[2] < o[2] && b[1] > o[1] && b[3] < o[3];
    });
    if (within) out.push(f);
  }
  return out;
}

/**
 * A cheap test of whether a country can show in the window: its box against the window's
 * bounds, widened by 3 degrees for the curved frame edges. Projecting and clipping every
 * country costs milliseconds; most are nowhere near a regional view.
 */
function cull(geo: Geo, model: MapModel): (f: CountryFeature) => boolean {
  if (model.window.projection === 'equal-earth') return () => true;
  const [[w, s], [e, n]] = model.window.bounds;
  const m = 3;
  const south = s - m;
  const north = n + m;
  // Longitude ranges of the window, split in two when it spans the antimeridian.
  const ranges: [number, number][] =
    w <= e
      ? [[w - m, e + m]]
      : [
          [w - m, 180],
          [-180, e + m],
        ];
  return (f) => {
    const b = geo.boxes.get(f)!;
    if (b[3] < south || b[1] > north) return false;
    return ranges.some(([lo, hi]) => b[2] >= lo && b[0] <= hi);
  };
}

function placeMarker(p: MapPlace, x: number, y: number, palette: MapPalette): Vector[] {
  const dot = (r: number, style: Vector): Vector => ({
    type: 'ellipse',
    x,
    y,
    r1: r,
    r2: r,
    ...style,
  });
  switch (p.kind) {
    case 'capital':
      // The atlas convention for a capital: a ringed dot.
      return [
        dot(3, { color: '#ffffff', lineColor: palette.text, lineWidth: 0.9 }),
        dot(1.3, { color: palette.text }),
      ];
    case 'city':
      return [dot(2.3, { color: palette.text, lineColor: '#ffffff', lineWidth: 0.8 })];
    case 'region':
      // A region drawn at its seat ("Kursk region", "Texas"): a ring, not a town's dot.
      return [dot(2.6, { lineColor: palette.text, lineWidth: 0.9 })];
    case 'area':
      return p.radius <= 1 ? [dot(2.6, { lineColor: palette.text, lineWidth: 0.9 })] : [];
    default:
      return [];
  }
}

/**
 * A small world map in a corner with the window outlined, for orientation. It goes in the
 * corner that covers the fewest labels and markers.
 */
function inset(
  geo: Geo,
  model: MapModel,
  main: GeoProjection,
  W: number,
  H: number,
  taken: Box[],
  palette: MapPalette,
): Vector[] {
  const { d3 } = geo;
  const w = Math.round(W * 0.2);
  const h = Math.round(w / 2);
  const m = 4;
  const corners: [number, number][] = [
    [m, H - h - m],
    [W - w - m, H - h - m],
    [m, m],
    [W - w - m, m],
  ];
  let best = corners[0];
  let bestScore = Number.POSITIVE_INFINITY;
  for (const [x, y] of corners) {
    const box = { x0: x, y0: y, x1: x + w, y1: y + h };
    const score = taken.filter((t) => overlaps(t, box)).length;
    if (score < bestScore) {
      best = [x, y];
      bestScore = score;
    }
  }
  const [x0, y0] = best;
  // The precomputed world whose seam is farther from the window: Greenwich- or Pacific-centred.
  const centre = Math.abs(model.window.center[0]) <= 90 ? 0 : 180;
  const data = INSET[centre === 0 ? '0' : '180'];
  // INSET is fitted to 1000 × 500: scale it into the inset's box, centred.
  const k = Math.min((w - 3) / 1000, (h - 3) / 500);
  const dx = x0 + (w - 1000 * k) / 2;
  const dy = y0 + (h - 500 * k) / 2;
  const place = (ring: readonly number[]): Line =>
    ring.map((v, i) => r1(i % 2 === 0 ? dx + v * k : dy + v * k));
  const out: Vector[] = [
    {
      type: 'rect',
      x: r1(x0),
      y: r1(y0),
      w,
      h,
      color: '#ffffff',
      lineColor: FRAME,
      lineWidth: 0.5,
    },
    polyline(place(data.sphere), { color: WATER }, true),
  ];
  for (const ring of data.land) out.push(polyline(place(ring), { color: INSET_LAND }, true));
  // The main window's border, back on the globe, drawn as a line (a ring's winding would matter).
  const p = d3
    .geoEqualEarth()
    .rotate([-centre, 0])
    .fitExtent(
      [
        [dx, dy],
        [dx + 1000 * k, dy + 500 * k],
      ],
      { type: 'Sphere' },
    );
  const ring = frameBorder(8)
    .map(([fx, fy]) => main.invert?.([(fx * W) / FRAME_WIDTH, (fy * H) / FRAME_HEIGHT]))
    .filter((ll): ll is [number, number] => ll != null && Number.isFinite(ll[0]));
  const line: LineString = { type: 'LineString', coordinates: [...ring, ring[0]] };
  const b = d3.geoPath(p).bounds(line);
  if (ring.length > 2 && b[1][0] - b[0][0] >= 4) {
    for (const l of linesOf(p, 0.3, line))
      out.push(polyline(l, { lineColor: palette.text, lineWidth: 0.9 }, false));
  } else {
    // A window too small to outline at this scale: a small square on its centre.
    const c = p(model.window.center);
    if (c)
      out.push({
        type: 'rect',
        x: r1(c[0] - 2),
        y: r1(c[1] - 2),
        w: 4,
        h: 4,
        lineColor: palette.text,
        lineWidth: 0.9,
      });
  }
  return out;
}
