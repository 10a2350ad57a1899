import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { RenderError } from '../diagnostics.ts';
import { packagePath } from '../paths.ts';
import type { DocDefinition } from './document.ts';
import { fallbackFamilies, fontBytes, parsedFont, ROBOTO, shareFontParses } from './fonts.ts';
import {
  fontIdentity,
  type PdfkitProbe,
  resolveKnownColors,
  shapeForTable,
  tunePdfkit,
  useWordTables,
} from './pdfkit-tuning.ts';
import {
  bookmarkRepeatedHeadersOnce,
  type ElementWriterClass,
  type FragmentWriterClass,
  justifyAtWordSpaces,
} from './pdfmake-fixes.ts';
import { tuneInlineMeasures, tuneStyleLookups } from './pdfmake-tuning.ts';
import { decodePngsInOrder, type PngDecoder, PROBE_PNG } from './png-decoding.ts';
import { stockRenderAsked } from './stock.ts';
import { keepBriefObjectsYoung } from './v8-tuning.ts';
import {
  elementWriter,
  pdfkitDocument,
  pdfmakeDocument,
  styleContextStack,
  textInlines,
} from './vendor.ts';
import { decodeWordTable, encodeWordTable } from './word-table.ts';

export { compressOnThisThread } from './pdfkit-tuning.ts';

const require = createRequire(import.meta.url);

/**
 * The only module that imports pdfmake. It is loaded on first render, so `--help`,
 * `inspect` and `--emit` of earlier stages never pay for it.
 */
type FontDescriptor = Record<string, string | [string, string]>;
type PdfMake = {
  addFonts(fonts: Record<string, FontDescriptor>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  virtualfs: { storage: Record<string, Buffer> };
  createPdf(doc: unknown): { getStream(): Promise<PdfStream> };
};

/** The laid-out document pdfmake hands over: pdfkit's PDFDocument, a readable stream. */
interface PdfStream {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  end(): void;
}

/**
 * The PDF's bytes: pdfmake's `getBuffer`, plus its 'error' event, through which a stream
 * compressed off the main thread reports a failure to write an object (pdfkit-tuning.ts).
 */
function bytesOf(document: PdfStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    document.on('data', (chunk) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
    document.end();
  });
}

let loaded: Promise<PdfMake> | undefined;
const FACES = ['normal', 'bold', 'italics', 'bolditalics'] as const;

/**
 * Fonts reach pdfmake through its virtual file system: the same Buffer every time, which lets
 * `parsedFont` hand pdfkit an already-parsed font instead of re-parsing it for every document.
 */
function registerFonts(pdfmake: PdfMake): void {
  const fonts: Record<string, FontDescriptor> = {};
  for (const family of [ROBOTO, ...fallbackFamilies()]) {
    const descriptor: FontDescriptor = {};
    for (const face of FACES) {
      const src = family[face];
      const [path, name] = typeof src === 'string' ? [src, undefined] : src;
      const key = `fonts/${basename(path)}`;
      // Read on first use: a brief in Latin script never reads the 40 MB of CJK fonts.
      if (!Object.hasOwn(pdfmake.virtualfs.storage, key)) {
        Object.defineProperty(pdfmake.virtualfs.storage, key, {
          get: () => fontBytes(path),
          enumerable: true,
        });
      }
      // pdfmake overwrites a TrueType collection's [path, face] pair in place, so each render gets fresh pairs.
      descriptor[face] = name === undefined ? key : [key, name];
    }
    fonts[family.name] = descriptor;
  }
  pdfmake.addFonts(fonts);
}

/**
 * The versions the speed-ups were written against and tested on (test/render-speedups.test.ts).
 * They replace internals, so with any other version the renderer runs stock.
 */
const TUNED_FOR: Record<string, string> = { pdfmake: '0.3.11', pdfkit: '0.19.1', fontkit: '2.0.4' };

/**
 * The installed version of pdfmake, or of the pdfkit and fontkit it uses: the package.json
 * above the module's entry (fontkit's `exports` do not include its package.json).
 */
function installedVersion(name: string): string | undefined {
  try {
    const fromPdfmake = createRequire(require.resolve('pdfmake'));
    const from = name === 'fontkit' ? createRequire(fromPdfmake.resolve('pdfkit')) : fromPdfmake;
    let dir = dirname(name === 'pdfmake' ? require.resolve('pdfmake') : from.resolve(name));
    for (; dir !== dirname(dir); dir = dirname(dir)) {
      const path = join(dir, 'package.json');
      if (!existsSync(path)) continue;
      const pkg = JSON.parse(readFileSync(path, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version;
    }
  } catch {
    // Not installed where expected: run stock.
  }
  return undefined;
}

let speedUps = false;

/** Whether this process renders with the speed-ups (known after the first render). */
export function renderSpeedUps(): boolean {
  return speedUps;
}

async function load(): Promise<PdfMake> {
  // The speed-ups change no byte of the output; BRIEFSMITH_STOCK_RENDER=1 turns them all off
  // (pdfkit then parses the fonts for every document, as stock pdfmake does), to rule them
  // out when a PDF looks wrong. The tests compare both ways.
  const tuned =
    !stockRenderAsked() &&
    Object.entries(TUNED_FOR).every(([name, version]) => installedVersion(name) === version);
  if (tuned) shareFontParses();
  keepBriefObjectsYoung();
  const pdfmake = (await import('pdfmake')).default as unknown as PdfMake;
  // Content must never reach the network or the file system: deny every URL and every
  // local path. Fonts come from the virtual file system, images as data URLs. Set before
  // any render, since pdfmake caches fetched URLs for the whole process.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  // pdfkit's and png-js's unexported classes are reached through a probe document: an image
  // it opens (not drawn), and for the speed-ups a font it sets.
  const PDFDocument = pdfkitDocument() as new (
    options: object,
  ) => { openImage(src: Buffer): { image: object }; font(src: Buffer): PdfkitProbe };
  const probe = new PDFDocument({ autoFirstPage: false });
  decodePngsInOrder(Object.getPrototypeOf(probe.openImage(PROBE_PNG).image) as PngDecoder);
  justifyAtWordSpaces(elementWriter() as ElementWriterClass);
  bookmarkRepeatedHeadersOnce(elementWriter() as FragmentWriterClass);
  if (tuned) {
    const styles = styleContextStack() as Parameters<typeof tuneStyleLookups>[0];
    tuneStyleLookups(styles);
    tuneInlineMeasures(textInlines() as Parameters<typeof tuneInlineMeasures>[0], styles);
    tunePdfkit(probe.font(fontBytes(ROBOTO.normal as string)), PDFDocument.prototype);
    resolveKnownColors((pdfmakeDocument() as { prototype: object }).prototype);
    useWordTables(readWordTable());
    speedUps = true;
  }
  return pdfmake;
}

/** Where `npm run build` writes the table of common words shaped ahead of time. */
export const WORD_TABLE = packagePath('dist', 'word-table.bin');

/** The words news stories share, per face (scripts/gen-common-words.ts makes the list). */
export const COMMON_WORDS = packagePath('src', 'render', 'data', 'common-words.json');

/** The versions of what shapes a word: a table made under others is not used. */
function shapingVersions(): Record<string, string> {
  return Object.fromEntries(Object.keys(TUNED_FOR).map((n) => [n, installedVersion(n) ?? '']));
}

/**
 * The words shaped ahead of time (./word-table.ts), when this is the bundle `npm run build`
 * made with the table: the sources (run when they are newer than the bundle) may shape
 * differently from the code that made it. Without a table, words are shaped as they come:
 * the same bytes, later.
 */
function readWordTable() {
  if (import.meta.url.endsWith('.ts')) return [];
  try {
    return decodeWordTable(readFileSync(WORD_TABLE), shapingVersions());
  } catch {
    return [];
  }
}

/** A table's faces, if it was made under the installed packages' versions; else it throws. */
export function decodeInstalledWordTable(bytes: Uint8Array) {
  return decodeWordTable(bytes, shapingVersions());
}

/**
 * Words (by default the common words, COMMON_WORDS) shaped in each Roboto face, as a
 * table: what scripts/build-word-table.ts writes to WORD_TABLE.
 */
export async function makeWordTable(
  words: Record<string, readonly string[]> = JSON.parse(readFileSync(COMMON_WORDS, 'utf8')).faces,
): Promise<Uint8Array> {
  loaded ??= load();
  await loaded;
  if (!speedUps) throw new Error('the render speed-ups are off: no table to make');
  const PDFDocument = pdfkitDocument() as new (
    options: object,
  ) => PdfkitProbe & {
    font(src: Buffer): unknown;
  };
  const doc = new PDFDocument({ autoFirstPage: false });
  const faces = FACES.map((face) => {
    doc.font(fontBytes(ROBOTO[face] as string));
    const embedded = doc._font as unknown as Parameters<typeof shapeForTable>[0];
    const font = fontIdentity(embedded.font as Parameters<typeof fontIdentity>[0]);
    return { font, words: shapeForTable(embedded, words[font.postscriptName] ?? []) };
  });
  return encodeWordTable(faces, shapingVersions());
}

/** Loads pdfmake and parses the embedded fonts now rather than at the first render. */
export async function preloadRenderer(): Promise<void> {
  loaded ??= load();
  await loaded;
  for (const face of FACES) parsedFont(fontBytes(ROBOTO[face] as string));
}

/** Renders a document definition to PDF bytes. The definition is not changed (pdfmake mutates its input, so it gets a copy). */
export function renderPdf(doc: DocDefinition): Promise<Uint8Array> {
  return renderOwnedPdf(structuredCloneDoc(doc));
}

/**
 * Renders a document definition that nothing else will read again: pdfmake lays it out in
 * place, so the caller gives it up. Saves the copy `renderPdf` makes.
 */
export async function renderOwnedPdf(doc: DocDefinition): Promise<Uint8Array> {
  loaded ??= load();
  const pdfmake = await loaded;
  registerFonts(pdfmake);
  try {
    const buffer = await bytesOf(await pdfmake.createPdf(doc).getStream());
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    throw new RenderError(
      'render-failed',
      `the PDF could not be laid out: ${(error as Error).message}`,
      {
        hint: 'run with --emit docdef to see the document definition, and report this if it persists',
        cause: error,
      },
    );
  }
}

/** A deep copy that keeps functions and dates (structuredClone rejects functions). */
function structuredCloneDoc<T>(value: T): T {
  if (Array.isArray(value)) return value.map(structuredCloneDoc) as T;
  if (value instanceof Date || typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = structuredCloneDoc(v);
  return out as T;
}
