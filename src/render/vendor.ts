import { createRequire } from 'node:module';

/**
 * How pdfmake's internals, pdfkit and the fontkit pdfkit uses are reached. From dist/ and
 * src/ they are CommonJS packages in node_modules, found from pdfmake (so they can never
 * differ from pdfmake's). The startup-snapshot bundle (scripts/build-snapshot.mjs) swaps
 * this module for scripts/snapshot/vendor-bundled.ts, where all of them are bundled.
 */

const require = createRequire(import.meta.url);
const fromPdfmake = () => createRequire(require.resolve('pdfmake'));

interface FontkitModule {
  create(bytes: Uint8Array, postscriptName?: string): unknown;
}

function fontkitPath(): { fromPdfkit: NodeJS.Require; path: string } {
  const fromPdfkit = createRequire(fromPdfmake().resolve('pdfkit'));
  return { fromPdfkit, path: fromPdfkit.resolve('fontkit') };
}

/** The fontkit module pdfkit uses, as fontkit exports it. */
export function realFontkit<F extends FontkitModule>(): F {
  const { fromPdfkit, path } = fontkitPath();
  return fromPdfkit(path) as F;
}

/**
 * Makes pdfkit see `wrap(current)` as the fontkit module. fontkit's exports are getters, so
 * the wrapper replaces the cached exports object; it must happen before pdfkit is first loaded.
 */
export function replaceFontkit<F extends FontkitModule>(wrap: (current: F) => F): void {
  const { fromPdfkit, path } = fontkitPath();
  fromPdfkit(path);
  const cached = require.cache[path];
  if (cached) cached.exports = wrap(cached.exports as F);
}

/** pdfkit's PDFDocument class, the one pdfmake uses. */
export function pdfkitDocument(): unknown {
  return fromPdfmake()('pdfkit');
}

/** A class one of pdfmake's own modules exports as its default. */
function pdfmakeClass(file: string): unknown {
  return (fromPdfmake()(file) as { default: unknown }).default;
}

/** pdfmake's StyleContextStack class. */
export function styleContextStack(): unknown {
  return pdfmakeClass('./StyleContextStack.js');
}

/** pdfmake's TextInlines class (measures the words of a text node). */
export function textInlines(): unknown {
  return pdfmakeClass('./TextInlines.js');
}

/** pdfmake's ElementWriter class (places lines, images and vectors on a page). */
export function elementWriter(): unknown {
  return pdfmakeClass('./ElementWriter.js');
}

/** pdfmake's PDFDocument class (pdfkit's, with pdfmake's fonts, images and colour checks). */
export function pdfmakeDocument(): unknown {
  return pdfmakeClass('./PDFDocument.js');
}
