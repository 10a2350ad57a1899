import { dirname, resolve, sep } from 'node:path';
import { RenderError } from '../diagnostics.ts';
import type { DocDefinition } from './document.ts';
import { fallbackFamilies, ROBOTO, ROBOTO_DIR } from './fonts.ts';

/**
 * The only module that imports pdfmake. It is loaded on first render, so `--help`,
 * `inspect` and `--emit` of earlier stages never pay for it.
 */
type PdfMake = {
  addFonts(fonts: Record<string, Record<string, unknown>>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(doc: unknown): { getBuffer(): Promise<Buffer> };
};

let loaded: Promise<PdfMake> | undefined;
const allowedDirs = new Set<string>([ROBOTO_DIR]);

function isInside(path: string, dir: string): boolean {
  const p = resolve(path);
  return p === dir || p.startsWith(dir + sep);
}

/** Lets the renderer read files (fonts, images) under `dir`; nothing else on disk is readable. */
export function allowLocalDirectory(dir: string): void {
  allowedDirs.add(resolve(dir));
}

async function load(): Promise<PdfMake> {
  const pdfmake = (await import('pdfmake')).default as unknown as PdfMake;
  // Content must never reach the network or arbitrary files: deny every URL, and allow
  // local reads only inside the font and template folders. Set before any render, since
  // pdfmake caches fetched URLs for the whole process.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => [...allowedDirs].some((dir) => isInside(path, dir)));
  const families = [ROBOTO, ...fallbackFamilies()];
  for (const family of families) {
    const { name, ...faces } = family;
    for (const face of Object.values(faces))
      allowLocalDirectory(dirname(typeof face === 'string' ? face : face[0]));
    pdfmake.addFonts({ [name]: faces });
  }
  return pdfmake;
}

/** Renders a document definition to PDF bytes. The definition is not changed (pdfmake mutates its input, so it gets a copy). */
export async function renderPdf(doc: DocDefinition): Promise<Uint8Array> {
  loaded ??= load();
  const pdfmake = await loaded;
  try {
    const buffer = await pdfmake.createPdf(structuredCloneDoc(doc)).getBuffer();
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
