/**
 * The locator map: a `:::map` block in a brief's Markdown becomes a vector map (countries
 * shaded by mentions, places marked, a world inset) with a caption. See docs/map.md.
 *
 * This module is the light entry the renderer imports: it loads nothing. The walker is
 * synchronous, so the implementation, d3-geo and the boundary data are loaded by
 * `preloadMap()`, which the renderer awaits only when the Markdown has a map (`hasMap`).
 */
import { InternalError } from '../../diagnostics.ts';
import type { Diagnostic } from '../../types.ts';
import type { Theme } from '../theme.ts';
import type { MapItem, MapModel } from './model.ts';

export type {
  MapCountry,
  MapItem,
  MapModel,
  MapPlace,
  MapWindow,
  NotMapped,
} from './model.ts';

type Implementation = typeof import('./node.ts');

let impl: Implementation | undefined;
let loading: Promise<void> | undefined;

/** A line `:::map` opening a map block. */
const MAP_BLOCK = /^:::map[ \t]*$/m;

/** True when Markdown has a `:::map` block, i.e. when the renderer must `preloadMap()`. */
export function hasMap(markdown: string): boolean {
  return MAP_BLOCK.test(markdown);
}

/** Loads the map's code, d3-geo and the boundary data, once. Await it before `mapNode`. */
export function preloadMap(): Promise<void> {
  loading ??= (async () => {
    const m = await import('./node.ts');
    await m.loadMapData();
    impl = m;
  })();
  return loading;
}

function loaded(): Implementation {
  if (!impl) {
    throw new InternalError(
      'map-not-preloaded',
      'the locator map was drawn before its code and data were loaded (preloadMap() was not awaited)',
      {
        hint: 'await preloadMap() from src/render/map before walking Markdown that contains :::map',
      },
    );
  }
  return impl;
}

/**
 * Turns the lines of a `:::map` block (`kind | name | mentions`, Markdown escapes resolved)
 * into a pdfmake node: the map (canvas vectors with text labels over them) and its caption;
 * `node: null` when nothing can be located (no empty frame). Names that cannot be located
 * are listed in the caption as not mapped, never guessed. Needs `preloadMap()`.
 */
export function mapNode(
  lines: string[],
  ctx: { theme: Theme; width: number },
): { node: Record<string, unknown> | null; diagnostics: Diagnostic[] } {
  return loaded().mapNode(lines, ctx);
}

/**
 * The map's data model for a brief's countries and places: shaded countries with tiers,
 * marked places, names not mapped, and the window. Null when nothing can be located.
 * Needs `preloadMap()`.
 */
export function buildMapModel(items: readonly MapItem[]): MapModel | null {
  return loaded().buildMapModel(items);
}
