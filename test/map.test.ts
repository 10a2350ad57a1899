import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { Token, Tokens } from 'marked';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mdEscape } from '../src/compose/escape.ts';
import { helpers } from '../src/compose/helpers.ts';
import { LAND, luma, tierFills, WATER } from '../src/render/map/draw.ts';
import { locatePlace } from '../src/render/map/gazetteer.ts';
import { getGeo } from '../src/render/map/geo.ts';
import {
  buildMapModel,
  hasMap,
  type MapItem,
  type MapModel,
  mapNode,
  preloadMap,
} from '../src/render/map/index.ts';
import { angularDistance, azimuthalProjector, projectionOf } from '../src/render/map/model.ts';
import { mapCaption, parseMapLines } from '../src/render/map/node.ts';
import { lexBrief } from '../src/render/markdown.ts';
import { renderPdf } from '../src/render/pdf.ts';
import { defaultTheme } from '../src/render/theme.ts';

const FIXTURES = new URL('./fixtures/map/', import.meta.url);

function fixture(name: string): string[] {
  return readFileSync(new URL(name, FIXTURES), 'utf8').split('\n');
}

function model(lines: string[]): MapModel {
  const m = buildMapModel(parseMapLines(lines).items);
  assert.ok(m, 'expected a map');
  return m;
}

const items = (...rows: [MapItem['kind'], string, number][]): MapItem[] =>
  rows.map(([kind, name, mentions]) => ({ kind, name, mentions }));

test.before(async () => {
  await preloadMap();
});

test('the sample: North Korea, Russia and Ukraine shaded by mentions, Kursk marked', () => {
  const m = model(fixture('sample.txt'));
  assert.equal(
    m.countries.map((c) => [c.name, c.code, c.tier, c.drawn]),
    [
      ['North Korea', 'KP', 1, 'shape'],
      ['Russia', 'RU', 1, 'shape'],
      ['Ukraine', 'UA', 2, 'shape'],
    ],
  );
  assert.is(m.places.length, 1);
  const [kursk] = m.places;
  assert.is(kursk.name, 'Kursk');
  assert.is(kursk.kind, 'city');
  assert.ok(Math.abs(kursk.lon - 36.19) < 0.05 && Math.abs(kursk.lat - 51.74) < 0.05);
  assert.equal(m.notMapped, []);
  // Europe to Korea: one continental window, not the world.
  assert.is(m.window.projection, 'azimuthal-equal-area');
  const [[w], [e]] = m.window.bounds;
  assert.ok(w < 30 && e > 130, `window ${JSON.stringify(m.window.bounds)}`);
});

test('a Kenya story gets an African regional window', () => {
  const m = model(fixture('kenya.txt'));
  assert.equal(
    m.countries.map((c) => c.code),
    ['KE'],
  );
  assert.equal(
    m.places.map((p) => [p.name, p.kind]),
    [
      ['Nairobi', 'capital'],
      ['Mombasa', 'city'],
    ],
  );
  assert.is(m.window.scope, 'regional');
  const [[w, s], [e, n]] = m.window.bounds;
  // Kenya (34–42°E, 5°S–5°N) and its neighbours, nothing beyond Africa's east coast.
  assert.ok(w > 15 && w < 34, `west ${w}`);
  assert.ok(e > 42 && e < 60, `east ${e}`);
  assert.ok(s > -20 && s < -5, `south ${s}`);
  assert.ok(n > 5 && n < 20, `north ${n}`);
});

test('a place that cannot be located is listed as not mapped, never guessed', () => {
  const m = model(fixture('kenya.txt'));
  assert.equal(m.notMapped, [{ name: 'Wakanda', kind: 'place', reason: 'unknown' }]);
  assert.match(mapCaption(m), /Not mapped: Wakanda\./);
  // Springfield: many towns, none dominant, none in a country the story names.
  const s = model(['country | Israel | 3', 'place | Springfield | 1']);
  assert.equal(s.notMapped, [{ name: 'Springfield', kind: 'place', reason: 'ambiguous' }]);
});

test('nothing locatable: no model and no node (no empty frame)', () => {
  assert.is(buildMapModel([]), null);
  assert.is(buildMapModel(items(['place', 'Wakanda', 2], ['country', 'Gondor', 1])), null);
  const r = mapNode(['place | Wakanda | 2'], { theme: defaultTheme, width: 480 });
  assert.is(r.node, null);
  assert.is(mapNode([], { theme: defaultTheme, width: 480 }).node, null);
});

test('Russia with Ukraine frames Eastern Europe, not all of Russia', () => {
  const m = model([
    'country | Russia | 5',
    'country | Ukraine | 4',
    'place | Kursk region | 2',
    'place | Donbas | 1',
  ]);
  const [[w], [e]] = m.window.bounds;
  assert.ok(w > 0 && e < 80, `window ${JSON.stringify(m.window.bounds)}`);
  assert.equal(
    m.places.map((p) => [p.name, p.kind]),
    [
      ['Kursk region', 'region'],
      ['Donbas', 'area'],
    ],
  );
});

test('the antimeridian: a Pacific story is one window across it', () => {
  const m = model(['country | Fiji | 3', 'country | Tonga | 2', 'country | New Zealand | 1']);
  const [[w], [e]] = m.window.bounds;
  assert.ok(w > e, `expected a window across 180°, got ${JSON.stringify(m.window.bounds)}`);
  // Tonga is too small for the 110m atlas: drawn as a point at its capital.
  assert.equal(
    m.countries.map((c) => [c.code, c.drawn]),
    [
      ['FJ', 'shape'],
      ['TO', 'point'],
      ['NZ', 'shape'],
    ],
  );
});

test('a story across continents gets a world view whose seam cuts no mentioned country', () => {
  const m = model(['country | U.S. | 5', 'country | China | 4', 'country | Brazil | 1']);
  assert.is(m.window.projection, 'equal-earth');
  assert.is(m.window.scope, 'world');
  const seam = m.window.center[0] > 0 ? m.window.center[0] - 180 : m.window.center[0] + 180;
  // Not through China (73–135°E), the US (125–67°W, Alaska aside) or Brazil (74–34°W).
  assert.ok(!(seam > 73 && seam < 135) && !(seam > -125 && seam < -34), `seam at ${seam}`);
  // Two names for one country add up.
  const us = model(['country | U.S. | 2', 'country | United States | 3']);
  assert.equal(
    us.countries.map((c) => [c.code, c.mentions]),
    [['US', 5]],
  );
});

test('gazetteer: aliases, capitals as metonyms, regions, namesakes', () => {
  const kyiv = locatePlace('Kiev');
  assert.ok(kyiv.found === 'point' && kyiv.kind === 'capital' && Math.abs(kyiv.lon - 30.52) < 0.1);
  const washington = locatePlace('Washington');
  assert.ok(
    washington.found === 'point' && washington.kind === 'capital' && washington.code === 'US',
  );
  const gaza = locatePlace('the Gaza Strip');
  assert.ok(gaza.found === 'point' && gaza.kind === 'area');
  const paris = locatePlace('Paris');
  assert.ok(paris.found === 'point' && paris.code === 'FR', 'Paris, France dwarfs its namesakes');
  const pokrovsk = locatePlace('Pokrovsk', new Set(['UA']));
  assert.ok(pokrovsk.found === 'point' && pokrovsk.code === 'UA');
  const khan = locatePlace('Khan Younis');
  assert.ok(khan.found === 'point' && khan.code === 'PS');
  assert.equal(locatePlace('Ukraine'), { found: 'country', code: 'UA' });
  assert.equal(locatePlace('Gulf'), { found: 'none', reason: 'unknown' });
});

test('gazetteer: states and provinces at their seats, continents as context, no guessed towns', () => {
  const texas = locatePlace('Texas');
  assert.ok(texas.found === 'point' && texas.kind === 'region' && texas.code === 'US');
  assert.ok(Math.abs(texas.lon - -97.74) < 0.1, 'Texas is drawn at Austin');
  const quebec = locatePlace('Quebec');
  assert.ok(quebec.found === 'point' && quebec.code === 'CA');
  const hebei = locatePlace('Hebei Province');
  assert.ok(hebei.found === 'point' && hebei.kind === 'region' && hebei.code === 'CN');
  // Punjab is Indian and Pakistani: the story's countries decide, or nothing is drawn.
  assert.equal(locatePlace('Punjab'), { found: 'none', reason: 'ambiguous' });
  const punjab = locatePlace('Punjab', new Set(['PK']));
  assert.ok(punjab.found === 'point' && punjab.code === 'PK');
  // "Asia" is a continent, never the town of that name.
  const asia = locatePlace('Asia');
  assert.ok(asia.found === 'point' && asia.kind === 'area' && asia.radius > 20);
  const cologne = locatePlace('Cologne');
  assert.ok(cologne.found === 'point' && cologne.code === 'DE');
  // A unique but small town in a country the story does not name is not pinned.
  assert.equal(locatePlace('Sudzha'), { found: 'none', reason: 'ambiguous' });
  const sudzha = locatePlace('Sudzha', new Set(['RU']));
  assert.ok(sudzha.found === 'point' && sudzha.code === 'RU');
  // "Victoria" is the Seychelles' capital, unless the story is about Canada.
  const victoria = locatePlace('Victoria', new Set(['CA']));
  assert.ok(victoria.found === 'point' && victoria.code === 'CA');
});

test('the window follows the prominent items; a passing mention far away is listed, not framed', () => {
  const m = model([
    'country | Mali | 6',
    'country | Niger | 5',
    'country | Japan | 1',
    'place | Asia | 1',
  ]);
  assert.is(m.window.projection, 'azimuthal-equal-area');
  const japan = m.countries.find((c) => c.code === 'JP')!;
  assert.is(japan.inView, false);
  assert.match(mapCaption(m), /Outside the map: Japan, Asia\./);
  assert.match(mapCaption(m), /^Shown: Mali, Niger \(shaded by mentions, darker = more\)\./);
});

test('map lines: kind | name | mentions, bad lines warned and skipped', () => {
  const r = parseMapLines([
    'country | Russia | 5',
    '',
    'place | A | B Town | 2',
    'city | Kyiv | 1',
    'place | Kursk | x',
  ]);
  assert.equal(r.items, [
    { kind: 'country', name: 'Russia', mentions: 5 },
    { kind: 'place', name: 'A | B Town', mentions: 2 },
  ]);
  assert.is(r.diagnostics.length, 2);
  assert.ok(r.diagnostics.every((d) => d.severity === 'warning' && d.code === 'map-bad-line'));
});

test('greyscale: tiers, other land and water differ in lightness, even for a light accent', () => {
  for (const accent of [defaultTheme.colors.accent, '#8fb3e8', '#c00000']) {
    const f = tierFills(accent);
    const l = [luma(f[1]), luma(f[2]), luma(f[3]), luma(LAND), luma(WATER)];
    for (let i = 1; i < l.length; i++) {
      assert.ok(l[i] - l[i - 1] > 0.05, `${accent}: lightness steps ${l.map((x) => x.toFixed(2))}`);
    }
  }
});

test('the fast projector matches d3 to a tenth of a point', () => {
  const m = model(fixture('sample.txt'));
  const d3p = projectionOf(getGeo(), m.window, 483);
  const fast = azimuthalProjector(m.window.rotate, d3p.scale(), d3p.translate());
  for (const [lon, lat] of [
    [36.19, 51.74],
    [125.75, 39.03],
    [30.52, 50.45],
    [-10, 30],
    [170, 65],
  ] as [number, number][]) {
    const out: number[] = [];
    fast(lon, lat, out);
    const ref = d3p([lon, lat])!;
    assert.ok(Math.abs(out[0] - ref[0]) < 0.1 && Math.abs(out[1] - ref[1]) < 0.1, `${lon},${lat}`);
  }
});

test("angular distances are d3's geoDistance to the bit", () => {
  const { d3 } = getGeo();
  let s = 11;
  const next = () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
  const points: [number, number][] = [
    [0, 0],
    [180, 0],
    [-180, 0],
    [0, 90],
    [0, -90],
    [36.19, 51.74],
    [-36.19, -51.74],
  ];
  for (let i = 0; i < 500; i++) points.push([next() * 360 - 180, next() * 180 - 90]);
  for (let i = 0; i < points.length; i++) {
    const a = points[i];
    const b = points[(i * 7 + 3) % points.length];
    assert.ok(Object.is(angularDistance(a, b), d3.geoDistance(a, b)), `${a} → ${b}`);
  }
});

/** What the walker hands mapNode: the block's text, escapes resolved, as lines. */
function containerLines(token: Token): string[] {
  const plain = (tokens: readonly Token[] | undefined): string =>
    (tokens ?? [])
      .map((t) => {
        if (t.type === 'escape' || (t.type === 'text' && !('tokens' in t && t.tokens)))
          return t.text;
        if ('tokens' in t && t.tokens) return plain(t.tokens);
        return 'text' in t ? String(t.text) : '';
      })
      .join('');
  const inner = (token as unknown as { tokens: Token[] }).tokens;
  return inner.flatMap((b) =>
    b.type === 'paragraph' ? plain((b as Tokens.Paragraph).tokens).split('\n') : [],
  );
}

test('the partial: country and place actors become a :::map block, escapes and all', () => {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(helpers))
    hb.registerHelper(name, fn as Handlebars.HelperDelegate);
  hb.registerPartial(
    'locator-map',
    readFileSync(new URL('../templates/partials/locator-map.hbs', import.meta.url), 'utf8'),
  );
  const render = hb.compile('# Title\n\n{{> locator-map}}\n\nText.\n', {
    noEscape: true,
    strict: true,
  });
  const actors = [
    { name: 'Kim Jong\\-un', kind: 'person', aliases: [], mentions: 4 },
    { name: 'North Korea', kind: 'country', aliases: [], mentions: 6 },
    { name: 'U\\.S\\.', kind: 'country', aliases: [], mentions: 2 },
    { name: 'Kursk', kind: 'place', aliases: [], mentions: 2 },
  ];
  const md = render({ map: true, actors });
  assert.match(
    md,
    /:::map\ncountry \| North Korea \| 6\ncountry \| U\\\.S\\\. \| 2\nplace \| Kursk \| 2\n:::\n/,
  );
  const block = lexBrief(md).find((t) => t.type === 'container') as unknown as {
    name: string;
  } & Token;
  assert.is(block.name, 'map');
  assert.equal(containerLines(block), [
    'country | North Korea | 6',
    'country | U.S. | 2',
    'place | Kursk | 2',
  ]);
  assert.ok(hasMap(md));
  assert.not.ok(hasMap(render({ map: false, actors })));
  // Escaped article text can never open a map block.
  assert.not.ok(hasMap(`${mdEscape(':::map')}\n${mdEscape('country | Atlantis | 9')}\n`));
});

function pdfDoc(content: unknown[]) {
  return {
    pageSize: 'A4',
    content,
    defaultStyle: { font: 'Roboto', fontSize: 9 },
    info: { creationDate: new Date(Date.UTC(2026, 0, 1)) },
  } as never;
}

test('the node renders through pdfmake: vector paths on the page, deterministic bytes', async () => {
  const { node, diagnostics } = mapNode(fixture('sample.txt'), { theme: defaultTheme, width: 483 });
  assert.equal(diagnostics, []);
  assert.ok(node);
  const a = await renderPdf(pdfDoc([{ text: 'Before' }, node, { text: 'After' }]));
  const b = await renderPdf(pdfDoc([{ text: 'Before' }, node, { text: 'After' }]));
  const bare = await renderPdf(pdfDoc([{ text: 'Before' }, { text: 'After' }]));
  assert.ok(Buffer.from(a).equals(Buffer.from(b)), 'two renders differ');
  assert.ok(a.length > bare.length + 5000, `map adds only ${a.length - bare.length} bytes`);

  const dir = mkdtempSync(join(tmpdir(), 'map-test-'));
  try {
    const file = join(dir, 'map.pdf');
    writeFileSync(file, a);
    const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    if (check.error) {
      console.warn('qpdf not installed: skipping the PDF structure check');
      return;
    }
    assert.is(check.status, 0, check.stdout + check.stderr);
    const qdf = join(dir, 'map.qdf');
    execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, qdf]);
    const content = readFileSync(qdf, 'latin1');
    const lineTos = content.match(/ l\n/g)?.length ?? 0;
    const fills = content.match(/\n[bBf]\n/g)?.length ?? 0;
    assert.ok(lineTos > 500, `only ${lineTos} line segments`);
    assert.ok(fills > 50, `only ${fills} filled shapes`);
    // The labels are real text in the brief's font.
    assert.match(content, /\bT[jJ]\b/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
