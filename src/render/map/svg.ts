import type { GeoPath, GeoProjection, GeoStream } from 'd3-geo';
import type { Geometry, LineString } from 'geojson';
import type { CountryFeature, Geo } from './geo.ts';
import {
  FRAME_HEIGHT,
  FRAME_WIDTH,
  frameBorder,
  type MapModel,
  type MapPlace,
  projectionOf,
  type Tier,
} from './model.ts';

/** Colours of one map, derived from the template's theme. */
export interface MapPalette {
  /** The accent: the most-mentioned countries. */
  accent: string;
  text: string;
  muted: string;
  font: string;
}

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h.padEnd(6, '0').slice(0, 6);
  const n = Number.parseInt(full, 16);
  return Number.isFinite(n) ? [(n >> 16) & 255, (n >> 8) & 255, n & 255] : [31, 58, 95];
}

function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b]
    .map((v) =>
      Math.round(Math.min(255, Math.max(0, v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** `a` moved towards `b` by `t` (0..1). */
function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Greyscale lightness (Rec. 709 luma, 0..1): what a black-and-white printer keeps. */
function luma([r, g, b]: Rgb): number {
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];
const LAND = '#dcdcdc';
const WATER = '#f1f4f7';
const BORDER = '#ffffff';
const FRAME = '#9aa3ad';

/**
 * Fills for the three prominence tiers. Tiers differ in lightness, not only hue, so a
 * greyscale print keeps them apart from each other and from the grey of other land:
 * a light accent is first darkened until the darkest tier reads as dark.
 */
export function tierFills(accent: string): Record<Tier, string> {
  let base = parseHex(accent);
  for (let i = 0; i < 10 && luma(base) > 0.3; i++) base = mix(base, BLACK, 0.2);
  return { 1: toHex(base), 2: toHex(mix(base, WHITE, 0.38)), 3: toHex(mix(base, WHITE, 0.62)) };
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function n(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/**
 * A d3 stream stage that drops vertices closer than `tol` to the last kept one, and rings
 * whose extent is below `tol`. At locator scale 110m outlines carry many sub-point vertices
 * that only add bytes (and parsing time in pdfmake). Goes after the projection, in points.
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
    let lineX = 0;
    let lineY = 0;
    let pending = false;
    return {
      point(x, y) {
        if (ring.length === 0 && !pending) {
          ring.push(x, y);
          lx = maxX = minX = x;
          ly = maxY = minY = y;
          pending = true;
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
          lineX = Number.NaN;
        } else {
          // Remember a dropped vertex: an open line must still end where it should.
          lineX = x;
          lineY = y;
        }
      },
      lineStart() {
        ring = [];
        pending = false;
        lineX = Number.NaN;
      },
      lineEnd() {
        if (!inPolygon && !Number.isNaN(lineX)) ring.push(lineX, lineY);
        const small = maxX - minX < tol && maxY - minY < tol;
        if (inPolygon ? !small && ring.length >= 6 : ring.length >= 4) {
          out.lineStart();
          for (let i = 0; i < ring.length; i += 2) out.point(ring[i], ring[i + 1]);
          out.lineEnd();
        }
        ring = [];
        pending = false;
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

/** A projection whose output stream is thinned (see `thin`), for geoPath. */
function thinned(projection: GeoProjection, tol: number): { stream(s: GeoStream): GeoStream } {
  const stage = thin(tol);
  return { stream: (s) => projection.stream(stage(s)) };
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

/** Roboto/Helvetica average advance, as a fraction of the font size: enough to avoid collisions. */
const CHAR_WIDTH = 0.56;

function textBox(
  x: number,
  y: number,
  text: string,
  size: number,
  anchor: 'start' | 'middle' | 'end',
  spacing = 0,
): Box {
  const w = text.length * (size * CHAR_WIDTH + spacing);
  const x0 = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
  return { x0, y0: y - size * 0.8, x1: x0 + w, y1: y + size * 0.25 };
}

/**
 * Draws a map model as an SVG string `width` points wide (height = width / MAP_ASPECT).
 * Paths come from d3-geo with one decimal; text uses the template's body font, which
 * pdfmake maps through its own font table.
 */
export function renderMapSvg(
  geo: Geo,
  model: MapModel,
  width: number,
  palette: MapPalette,
): string {
  const { d3 } = geo;
  const k = width / FRAME_WIDTH;
  const W = width;
  const H = FRAME_HEIGHT * k;
  // No adaptive resampling: 110m vertices are close enough, and resampling quadruples time and size.
  const projection: GeoProjection = projectionOf(geo, model.window, width).precision(0).clipExtent([
    [0, 0],
    [W, H],
  ]);
  const path: GeoPath = d3.geoPath(projection).digits(1);
  const fills = tierFills(palette.accent);
  const fs = Math.max(6, Math.min(8, width / 62));
  const out: string[] = [];
  const font = esc(palette.font);

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(W)}" height="${n(H)}" viewBox="0 0 ${n(W)} ${n(H)}">`,
    `<rect x="0" y="0" width="${n(W)}" height="${n(H)}" fill="${WATER}"/>`,
  );

  // Graticule first: land covers it, so it only shows over water.
  const world = model.window.projection === 'equal-earth';
  const step = world ? 30 : model.window.radius < 35 ? 10 : 20;
  const graticule = path(d3.geoGraticule().step([step, step])());
  if (graticule)
    out.push(`<path d="${graticule}" fill="none" stroke="#d5dce4" stroke-width="0.4"/>`);

  // Other land in one path; the shaded countries by tier, each tier one path.
  const shaded = new Map(
    model.countries.filter((c) => c.drawn === 'shape').map((c) => [c.atlasName!, c]),
  );
  const other: string[] = [];
  const byTier: Record<Tier, string[]> = { 1: [], 2: [], 3: [] };
  const visible = cull(geo, model);
  const outline = d3.geoPath(thinned(projection, world ? 0.9 : 0.6)).digits(1);
  for (const f of geo.all) {
    if (!visible(f)) continue;
    const d = outline(f);
    if (!d) continue;
    const c = shaded.get(f.properties.name);
    (c ? byTier[c.tier] : other).push(d);
  }
  const stroke = `stroke="${BORDER}" stroke-width="${n(Math.max(0.3, 0.45 * k * 1.6))}" stroke-linejoin="round"`;
  if (other.length > 0) out.push(`<path d="${other.join('')}" fill="${LAND}" ${stroke}/>`);
  for (const t of [3, 2, 1] as Tier[]) {
    if (byTier[t].length > 0)
      out.push(`<path d="${byTier[t].join('')}" fill="${fills[t]}" ${stroke}/>`);
  }

  const taken: Box[] = [];
  const labels: string[] = [];
  const inFrame = (b: Box) => b.x0 >= 2 && b.y0 >= 2 && b.x1 <= W - 2 && b.y1 <= H - 2;
  const haloText = (x: number, y: number, text: string, attrs: string, anchor: string) => {
    const base = `x="${n(x)}" y="${n(y)}" font-family="${font}" font-size="${n(fs)}" text-anchor="${anchor}" ${attrs}`;
    // svg-to-pdfkit ignores paint-order: the halo is a white-stroked copy drawn underneath.
    labels.push(
      `<text ${base} fill="#ffffff" stroke="#ffffff" stroke-width="2.2" stroke-linejoin="round">${esc(text)}</text>`,
      `<text ${base}>${esc(text)}</text>`,
    );
  };

  // Country labels at the centre of the visible part of their main shape.
  for (const c of model.countries) {
    if (c.drawn !== 'shape') continue;
    const f = geo.countries.get(c.atlasName!)!;
    const [x, y] = path.centroid(f);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const text = c.name.toUpperCase();
    const spacing = 0.5;
    const box = textBox(x, y + fs * 0.35, text, fs, 'middle', spacing);
    const roomy = path.area(f) > (box.x1 - box.x0) * (box.y1 - box.y0) * 3;
    if (!inFrame(box)) continue;
    taken.push(box);
    const attrs = `font-weight="bold" letter-spacing="${spacing}"`;
    if (roomy && c.tier === 1) {
      labels.push(
        `<text x="${n(x)}" y="${n(y + fs * 0.35)}" font-family="${font}" font-size="${n(fs)}" text-anchor="middle" ${attrs} fill="#ffffff">${esc(text)}</text>`,
      );
    } else haloText(x, y + fs * 0.35, text, `${attrs} fill="${palette.text}"`, 'middle');
  }

  // Countries too small for the atlas: a shaded dot at the capital.
  const markers: string[] = [];
  const points: { name: string; x: number; y: number; r: number; italic: boolean }[] = [];
  for (const c of model.countries) {
    if (c.drawn !== 'point') continue;
    const xy = projection(c.point!);
    if (!xy) continue;
    markers.push(
      `<circle cx="${n(xy[0])}" cy="${n(xy[1])}" r="3.4" fill="${fills[c.tier]}" stroke="${palette.text}" stroke-width="0.6"/>`,
    );
    points.push({ name: c.name, x: xy[0], y: xy[1], r: 3.4, italic: false });
  }
  for (const p of model.places) {
    const xy = projection([p.lon, p.lat]);
    if (!xy) continue;
    const [x, y] = xy;
    const marker = placeMarker(p, x, y, palette);
    if (marker) {
      markers.push(marker);
      points.push({ name: p.name, x, y, r: 3, italic: p.kind === 'area' });
      taken.push({ x0: x - 3, y0: y - 3, x1: x + 3, y1: y + 3 });
    } else {
      // A large area or a sea: an italic name centred on it, no marker.
      const box = textBox(x, y, p.name, fs, 'middle', 0.4);
      taken.push(box);
      const colour = p.kind === 'sea' ? palette.muted : palette.text;
      haloText(x, y, p.name, `font-style="italic" letter-spacing="0.4" fill="${colour}"`, 'middle');
    }
  }
  // Place labels: the first of eight positions around the dot that collides with nothing.
  for (const p of points) {
    const gap = p.r + 1.5;
    const options: [number, number, 'start' | 'middle' | 'end'][] = [
      [p.x + gap, p.y + fs * 0.35, 'start'],
      [p.x - gap, p.y + fs * 0.35, 'end'],
      [p.x, p.y - gap - 1, 'middle'],
      [p.x, p.y + gap + fs * 0.8, 'middle'],
      [p.x + gap, p.y - gap, 'start'],
      [p.x + gap, p.y + gap + fs * 0.6, 'start'],
      [p.x - gap, p.y - gap, 'end'],
      [p.x - gap, p.y + gap + fs * 0.6, 'end'],
    ];
    let chosen = options[0];
    for (const o of options) {
      const b = textBox(o[0], o[1], p.name, fs, o[2]);
      if (inFrame(b) && !taken.some((t) => overlaps(t, b))) {
        chosen = o;
        break;
      }
    }
    taken.push(textBox(chosen[0], chosen[1], p.name, fs, chosen[2]));
    haloText(
      chosen[0],
      chosen[1],
      p.name,
      `${p.italic ? 'font-style="italic" ' : ''}fill="${palette.text}"`,
      chosen[2],
    );
  }
  out.push(...markers, ...labels);
  if (!world) out.push(inset(geo, model, projection, W, H, taken, palette));
  out.push(
    `<rect x="0.3" y="0.3" width="${n(W - 0.6)}" height="${n(H - 0.6)}" fill="none" stroke="${FRAME}" stroke-width="0.6"/>`,
  );
  out.push('</svg>');
  return out.join('');
}

/**
 * A cheap test of whether a country can show in the window: its box against the window's
 * bounds, widened by 3 degrees for the curved frame edges. Projecting and clipping every
 * country costs several milliseconds; most of them are nowhere near a regional view.
 */
function cull(geo: Geo, model: MapModel): (f: CountryFeature) => boolean {
  if (model.window.projection === 'equal-earth') return () => true;
  const [[w, s], [e, n]] = model.window.bounds;
  const m = 3;
  const south = s - m;
  const north = n + m;
  // Longitude ranges of the window, split in two when it spans the antimeridian.
  const ranges: [number, number][] =
    w <= e ? [[w - m, e + m]] : [[w - m, 180], [-180, e + m]];
  return (f) => {
    const b = geo.boxes.get(f)!;
    if (b[3] < south || b[1] > north) return false;
    return ranges.some(([lo, hi]) => b[2] >= lo && b[0] <= hi);
  };
}

function placeMarker(p: MapPlace, x: number, y: number, palette: MapPalette): string | null {
  const at = `cx="${n(x)}" cy="${n(y)}"`;
  switch (p.kind) {
    case 'capital':
      // The atlas convention: a ringed dot.
      return `<circle ${at} r="3" fill="#ffffff" stroke="${palette.text}" stroke-width="0.9"/><circle ${at} r="1.3" fill="${palette.text}"/>`;
    case 'city':
    case 'region':
      return `<circle ${at} r="2.3" fill="${palette.text}" stroke="#ffffff" stroke-width="0.8"/>`;
    case 'area':
      return p.radius <= 1
        ? `<circle ${at} r="2.6" fill="none" stroke="${palette.text}" stroke-width="0.9"/>`
        : null;
    default:
      return null;
  }
}

/**
 * A small world map in the corner with the window outlined, for orientation. It goes in the
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
): string {
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
  const p = d3
    .geoEqualEarth()
    .rotate([model.window.rotate[0], 0])
    .fitExtent(
      [
        [x0 + 1.5, y0 + 1.5],
        [x0 + w - 1.5, y0 + h - 1.5],
      ],
      { type: 'Sphere' },
    );
  const path = d3.geoPath(p).digits(1);
  const sphere = path({ type: 'Sphere' }) ?? '';
  p.precision(0);
  const land = d3.geoPath(thinned(p, 1.2)).digits(1)(geo.land) ?? '';
  // The main window's border, back on the globe, as a line (a ring's winding would matter).
  const ring = frameBorder(8)
    .map(([fx, fy]) => main.invert?.([(fx * W) / FRAME_WIDTH, (fy * H) / FRAME_HEIGHT]))
    .filter((ll): ll is [number, number] => ll != null && Number.isFinite(ll[0]));
  const line: LineString = { type: 'LineString', coordinates: [...ring, ring[0]] };
  let outline = ring.length > 2 ? (path(line as Geometry) ?? '') : '';
  const b = path.bounds(line as Geometry);
  if (!outline || b[1][0] - b[0][0] < 4) {
    // A window too small to outline at this scale: a small square on its centre.
    const c = p(model.window.center);
    outline = c ? `M${n(c[0] - 2)},${n(c[1] - 2)}h4v4h-4Z` : '';
  }
  return [
    `<rect x="${n(x0)}" y="${n(y0)}" width="${n(w)}" height="${n(h)}" fill="#ffffff" stroke="${FRAME}" stroke-width="0.5"/>`,
    `<path d="${sphere}" fill="${WATER}"/>`,
    `<path d="${land}" fill="#c4c8cc"/>`,
    outline ? `<path d="${outline}" fill="none" stroke="${palette.text}" stroke-width="0.9"/>` : '',
  ].join('');
}
