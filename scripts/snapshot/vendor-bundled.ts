// The startup-snapshot bundle's src/render/vendor.ts: pdfmake, pdfkit and fontkit are bundled
// (nothing may be loaded from node_modules while the snapshot is built). The esbuild plugin in
// scripts/build-snapshot.mjs makes `briefsmith:vendor` and points pdfkit's `require('fontkit')`
// at one mutable copy of fontkit's exports (`fontkit` below), which replaceFontkit rewrites in
// place.
// @ts-expect-error virtual module made by the esbuild plugin
import * as vendor from 'briefsmith:vendor';

interface FontkitModule {
  create(bytes: Uint8Array, postscriptName?: string): unknown;
}

const { fontkit, pdfkit, styles, inlines, writer, pdfmakeDoc } = (vendor as { default: unknown })
  .default as {
  fontkit: Record<string, unknown> & { __real: FontkitModule };
  pdfkit: unknown;
  styles: { default: unknown };
  inlines: { default: unknown };
  writer: { default: unknown };
  pdfmakeDoc: { default: unknown };
};

export function realFontkit<F extends FontkitModule>(): F {
  return fontkit.__real as F;
}

export function replaceFontkit<F extends FontkitModule>(wrap: (current: F) => F): void {
  const next = wrap(fontkit as unknown as F);
  if (next !== (fontkit as unknown)) Object.assign(fontkit, next);
}

export function pdfkitDocument(): unknown {
  return pdfkit;
}

export function styleContextStack(): unknown {
  return styles.default;
}

export function textInlines(): unknown {
  return inlines.default;
}

export function elementWriter(): unknown {
  return writer.default;
}

export function pdfmakeDocument(): unknown {
  return pdfmakeDoc.default;
}
