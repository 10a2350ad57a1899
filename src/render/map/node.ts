/**
 * The locator map's implementation, loaded by `preloadMap()` in ./index.ts.
 *
 * Stages: parse the block's lines → `buildMapModel` (gazetteer, prominence, window; plain
 * data, testable) → `drawMap` (pdfmake canvas vectors and label positions) → `mapNode`.
 */
import type { Diagnostic } from '../../types.ts';
import type { Theme } from '../theme.ts';
import { drawMap, type Label } from './draw.ts';
import { getGeo, loadGeo } from './geo.ts';
import { buildMapModel, type MapItem, type MapModel } from './model.ts';

export { buildMapModel } from './model.ts';

/** Loads d3-geo and the boundary data. */
export async function loadMapData(): Promise<void> {
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

/** The caption under the map: what is shaded and marked, what lies outside it, what could not be placed, the credits. */
export function mapCaption(model: MapModel): string {
  const shown = model.countries.filter((c) => c.inView);
  const marked = model.places.filter((p) => p.inView);
  const outside = [...model.countries, ...model.places].filter((x) => !x.inView);
  const parts: string[] = [];
  if (shown.length > 0) {
    const how = shown.length > 1 ? ' (shaded by mentions, darker = more)' : '';
    parts.push(`Shown: ${list(shown.map((c) => c.name))}${how}`);
  }
  if (marked.length > 0) {
    parts.push(`${parts.length > 0 ? 'marked' : 'Marked'}: ${list(marked.map((p) => p.name))}`);
  }
  let text = parts.length > 0 ? `${parts.join('; ')}.` : '';
  if (outside.length > 0) text += ` Outside the map: ${list(outside.map((x) => x.name))}.`;
  if (model.notMapped.length > 0) {
    const names = model.notMapped.map((m) =>
      m.reason === 'ambiguous' ? `${m.name} (ambiguous)` : m.name,
    );
    text += ` Not mapped: ${list(names)}.`;
  }
  return `${text.trim()} ${model.credits.join('. ')}.`;
}

/** Roboto's ascender (1900/2048 em): from the top of a text line to its baseline. */
const ASCENT = 0.928;

/** A label as a text node laid over the map: positioned relative to the point after the map. */
function labelNode(l: Label, mapHeight: number): Record<string, unknown> {
  return {
    text: l.text,
    font: 'Roboto',
    fontSize: l.size,
    color: l.color,
    ...(l.face === 'bold' ? { bold: true } : {}),
    ...(l.face === 'italic' ? { italics: true } : {}),
    ...(l.spacing ? { characterSpacing: l.spacing } : {}),
    noWrap: true,
    lineHeight: 1,
    // Detached from the flow: the stack's position after the map, moved back up onto it.
    relativePosition: { x: l.x, y: Math.round((l.y - l.size * ASCENT - mapHeight) * 10) / 10 },
  };
}

/**
 * Turns the lines of a `:::map` block into a pdfmake node: the map (a canvas of vectors with
 * its labels laid over it as text) and its caption, or `node: null` when nothing can be
 * located (no empty frame). A name that cannot be located is listed in the caption as not
 * mapped, never guessed. Needs `preloadMap()`.
 */
export function mapNode(
  lines: string[],
  ctx: { theme: Theme; width: number },
): { node: Record<string, unknown> | null; diagnostics: Diagnostic[] } {
  const geo = getGeo();
  const { items, diagnostics } = parseMapLines(lines);
  const model = buildMapModel(items);
  if (!model) return { node: null, diagnostics };
  const { colors, fontSize } = ctx.theme;
  const drawing = drawMap(geo, model, Math.floor(ctx.width), {
    accent: colors.accent,
    text: colors.text,
    muted: colors.muted,
  });
  const caption = {
    text: mapCaption(model),
    fontSize: Math.max(6.5, fontSize - 2),
    color: colors.muted,
    margin: [0, 3, 0, 0],
  };
  const node = {
    stack: [
      { canvas: drawing.vectors },
      ...drawing.labels.map((l) => labelNode(l, drawing.height)),
      caption,
    ],
    // Map, labels and caption on one page: the labels are positioned against the map.
    unbreakable: true,
    margin: [0, 2, 0, 10],
  };
  return { node, diagnostics };
}
