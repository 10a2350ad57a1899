/**
 * The locator map: a `:::map` block in a brief's Markdown becomes an SVG map (countries
 * shaded by mentions, places marked, a world inset) with a caption. See docs/map.md.
 *
 * The walker is synchronous, so the heavy parts (d3-geo, topojson-client, world-atlas) are
 * loaded by `preloadMap()`, which the renderer awaits only when the Markdown has a map.
 */
import type { Diagnostic } from '../../types.ts';
import type { Theme } from '../theme.ts';
import { getGeo, loadGeo } from './geo.ts';
import { buildMapModel, type MapItem, type MapModel } from './model.ts';
import { renderMapSvg } from './svg.ts';

export type { MapCountry, MapItem, MapModel, MapPlace, MapWindow, NotMapped } from './model.ts';
export { buildMapModel } from './model.ts';

/** Loads the map's libraries and boundary data. Await it before `mapNode` is called. */
export async function preloadMap(): Promise<void> {
  await loadGeo();
}

const KINDS = new Set(['country', 'place']);

/**
 * Parses the lines of a `:::map` block, `kind | name | mentions`. Lines that do not fit give a
 * warning and are skipped; a name may itself contain " | " (the first and last fields are
 * split off). Blank lines are ignored.
 */
export function parseMapLines(lines: readonly string[]): {
  items: MapItem[];
  diagnostics: Diagnostic[];
} {
  const items: MapItem[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    const parts = line.split('|').map((p) => p.trim());
    const kind = parts[0];
    const mentions = Number(parts[parts.length - 1]);
    const name = parts.slice(1, -1).join(' | ').trim();
    if (
      parts.length < 3 ||
      !KINDS.has(kind) ||
      name === '' ||
      !Number.isFinite(mentions) ||
      mentions < 0
    ) {
      diagnostics.push({
        severity: 'warning',
        code: 'map-bad-line',
        message: `map line "${line}" is not "country|place | name | mentions"; it is left off the map`,
        hint: 'each line of a :::map block reads e.g. "country | Russia | 5"',
      });
      continue;
    }
    items.push({ kind: kind as MapItem['kind'], name, mentions });
  }
  return { items, diagnostics };
}

function list(names: readonly string[]): string {
  return names.join(', ');
}

/** The caption under the map: what is shaded and marked, what could not be placed, the credits. */
export function mapCaption(model: MapModel): string {
  const parts: string[] = [];
  if (model.countries.length > 0) {
    const how = model.countries.length > 1 ? ' (shaded by mentions, darker = more)' : '';
    parts.push(`Shown: ${list(model.countries.map((c) => c.name))}${how}`);
  }
  if (model.places.length > 0) {
    parts.push(
      `${model.countries.length > 0 ? 'marked' : 'Marked'}: ${list(model.places.map((p) => p.name))}`,
    );
  }
  let text = `${parts.join('; ')}.`;
  if (model.notMapped.length > 0) {
    text += ` Not mapped: ${list(model.notMapped.map((m) => (m.reason === 'ambiguous' ? `${m.name} (ambiguous)` : m.name)))}.`;
  }
  return `${text} ${model.credits.join('. ')}.`;
}

/**
 * Turns the lines of a `:::map` block into a pdfmake node: the map as `{ svg, width }` and its
 * caption, or `node: null` when nothing can be located (no empty frame). A name that cannot
 * be located is listed in the caption as not mapped, never guessed. Needs `preloadMap()`.
 */
export function mapNode(
  lines: string[],
  ctx: { theme: Theme; width: number },
): { node: Record<string, unknown> | null; diagnostics: Diagnostic[] } {
  const geo = getGeo();
  const { items, diagnostics } = parseMapLines(lines);
  const model = buildMapModel(items);
  if (!model) return { node: null, diagnostics };
  const { colors, fonts, fontSize } = ctx.theme;
  const width = Math.floor(ctx.width);
  const svg = renderMapSvg(geo, model, width, {
    accent: colors.accent,
    text: colors.text,
    muted: colors.muted,
    font: fonts.body,
  });
  const node = {
    stack: [
      { svg, width },
      {
        text: mapCaption(model),
        fontSize: Math.max(6.5, fontSize - 2),
        color: colors.muted,
        margin: [0, 3, 0, 0],
      },
    ],
    unbreakable: true,
    margin: [0, 2, 0, 10],
  };
  return { node, diagnostics };
}
