import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { realFontkit, replaceFontkit } from './vendor.ts';

/**
 * Fonts and per-run fallback. pdfmake has no glyph fallback: a character the font lacks
 * prints as a blank box (Roboto) or garbage (standard fonts). So the walker splits text
 * runs by which font has each character, and characters no font has become a warning.
 */

const require = createRequire(import.meta.url);

/** A font file, or a face inside a TrueType collection. */
export type FontSource = string | [path: string, face: string];

export interface FontFamily {
  name: string;
  normal: FontSource;
  bold: FontSource;
  italics: FontSource;
  bolditalics: FontSource;
}

/** Roboto ships inside pdfmake: the embedded default. */
export const ROBOTO_DIR = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');

export const ROBOTO: FontFamily = {
  name: 'Roboto',
  normal: join(ROBOTO_DIR, 'Roboto-Regular.ttf'),
  bold: join(ROBOTO_DIR, 'Roboto-Medium.ttf'),
  italics: join(ROBOTO_DIR, 'Roboto-Italic.ttf'),
  bolditalics: join(ROBOTO_DIR, 'Roboto-MediumItalic.ttf'),
};

const NOTO_CJK_DIRS = [
  '/usr/share/fonts/opentype/noto',
  '/usr/share/fonts/noto-cjk',
  '/usr/share/fonts/google-noto-cjk',
];
const DEJAVU_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu'];

function findFile(dirs: readonly string[], file: string): string | null {
  for (const dir of dirs) {
    const path = join(dir, file);
    if (existsSync(path)) return path;
  }
  return null;
}

/** A Noto Sans CJK family for one language's glyph forms, when fonts-noto-cjk is installed. */
function notoCjk(lang: 'kr' | 'jp' | 'sc'): FontFamily | null {
  const regular = findFile(NOTO_CJK_DIRS, 'NotoSansCJK-Regular.ttc');
  const bold = findFile(NOTO_CJK_DIRS, 'NotoSansCJK-Bold.ttc') ?? regular;
  if (!regular || !bold) return null;
  const r: FontSource = [regular, `NotoSansCJK${lang}-Regular`];
  const b: FontSource = [bold, `NotoSansCJK${lang}-Bold`];
  return { name: `NotoSansCJK${lang}`, normal: r, bold: b, italics: r, bolditalics: b };
}

/** DejaVu Sans covers arrows, check marks and many symbols Roboto lacks. */
function dejaVu(): FontFamily | null {
  const regular = findFile(DEJAVU_DIRS, 'DejaVuSans.ttf');
  if (!regular) return null;
  const bold = findFile(DEJAVU_DIRS, 'DejaVuSans-Bold.ttf') ?? regular;
  const italics = findFile(DEJAVU_DIRS, 'DejaVuSans-Oblique.ttf') ?? regular;
  const bolditalics = findFile(DEJAVU_DIRS, 'DejaVuSans-BoldOblique.ttf') ?? bold;
  return { name: 'DejaVuSans', normal: regular, bold, italics, bolditalics };
}

/** The part of a fontkit font this module uses. */
export interface GlyphFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

interface Fontkit {
  create(bytes: Uint8Array, postscriptName?: string): GlyphFont;
}

let originalCreate: Fontkit['create'] | undefined;
const bytesByPath = new Map<string, Buffer>();
const knownBytes = new WeakSet<Uint8Array>();
const parsedByBytes = new WeakMap<Uint8Array, Map<string, GlyphFont>>();

/**
 * fontkit's own `create`, from the fontkit pdfkit uses (resolved from pdfmake → pdfkit, so
 * the two can never differ).
 */
function fontkitCreate(): Fontkit['create'] {
  originalCreate ??= realFontkit<Fontkit>().create;
  return originalCreate;
}

/**
 * Makes pdfkit's fontkit a copy whose `create` shares parses: pdfkit calls `fontkit.create`
 * for every font of every document, and parsing is most of the cost of a small PDF. It must
 * happen before pdfkit is first loaded.
 */
export function shareFontParses(): void {
  const create = fontkitCreate();
  replaceFontkit<Fontkit & { shared?: boolean }>((current) =>
    current.shared
      ? current
      : {
          ...current,
          shared: true,
          create: (bytes: Uint8Array, family?: string) =>
            knownBytes.has(bytes) ? parsedFont(bytes, family ?? '') : create(bytes, family),
        },
  );
}

/** A font file's bytes, read once per process. The same Buffer object is returned every time. */
export function fontBytes(path: string): Buffer {
  let bytes = bytesByPath.get(path);
  if (!bytes) {
    bytes = readFileSync(path);
    bytesByPath.set(path, bytes);
    knownBytes.add(bytes);
  }
  return bytes;
}

/** A parsed font, memoised by the identity of its bytes and the face. */
export function parsedFont(bytes: Uint8Array, face = ''): GlyphFont {
  let faces = parsedByBytes.get(bytes);
  if (!faces) {
    faces = new Map();
    parsedByBytes.set(bytes, faces);
  }
  let font = faces.get(face);
  if (!font) {
    font = fontkitCreate()(bytes, face || undefined);
    faces.set(face, font);
  }
  return font;
}

/** Which script a fallback run is in decides the CJK face: Korean, Japanese or Chinese forms. */
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;
const KANA = /[\u3040-\u30ff\u31f0-\u31ff]/;

export interface FontPlan {
  /** The main family and every fallback found on this machine, for registration with pdfmake. */
  families: FontFamily[];
  /** Splits text into runs, each with the family that can draw it (`undefined` = the main font). */
  split(text: string): { text: string; font?: string }[];
  /** Characters no configured font can draw, seen since the plan was made. */
  missing: Set<string>;
  /** Right-to-left characters seen: pdfmake lays them out left to right, unshaped. */
  rightToLeft: Set<string>;
}

function glyphFont(family: FontFamily): GlyphFont {
  const src = family.normal;
  return typeof src === 'string'
    ? parsedFont(fontBytes(src))
    : parsedFont(fontBytes(src[0]), src[1]);
}

/** Characters every font is assumed to draw: ASCII. Checking them would only cost time. */
const ASCII_ONLY = /^[\u0000-\u007f]*$/;

let installed: FontFamily[] | undefined;

/** The fallback families installed on this machine, looked up once per process. */
export function fallbackFamilies(): FontFamily[] {
  installed ??= [notoCjk('kr'), notoCjk('jp'), notoCjk('sc'), dejaVu()].filter(
    (f): f is FontFamily => f !== null,
  );
  return installed;
}

/**
 * Makes the next `fallbackFamilies()` look at the machine again. The startup snapshot calls
 * it after its warm-up render, so fonts installed or removed since the build are seen.
 */
export function forgetInstalledFonts(): void {
  installed = undefined;
}

/** The fonts for a brief: the main family and the fallbacks installed on this machine. */
export function fontPlan(main: FontFamily = ROBOTO): FontPlan {
  const fallbacks = fallbackFamilies();
  const missing = new Set<string>();
  const rightToLeft = new Set<string>();
  const cache = new Map<number, string | null | undefined>();

  /** The family for a code point: undefined for the main font, null when no font has it. */
  function familyFor(cp: number, context: string): string | null | undefined {
    if (cp < 0x80 || cp === 0xa0) return undefined;
    const cached = cache.get(cp);
    if (cached !== undefined || cache.has(cp)) return cached;
    let result: string | null | undefined = null;
    if (glyphFont(main).hasGlyphForCodePoint(cp)) result = undefined;
    else {
      const cjk = fallbacks.filter((f) => f.name.startsWith('NotoSansCJK'));
      const preferred = HANGUL.test(context) ? 'kr' : KANA.test(context) ? 'jp' : 'sc';
      const ordered = [...cjk.filter((f) => f.name.endsWith(preferred)), ...fallbacks];
      result = ordered.find((f) => glyphFont(f).hasGlyphForCodePoint(cp))?.name ?? null;
    }
    // Only cache script-independent answers: a Han character's face depends on its neighbours.
    if (!result?.startsWith('NotoSansCJK')) cache.set(cp, result);
    return result;
  }

  return {
    families: [main, ...fallbacks],
    missing,
    rightToLeft,
    split(text) {
      if (ASCII_ONLY.test(text)) return [{ text }];
      const runs: { text: string; font?: string }[] = [];
      let current: { text: string; font?: string } | undefined;
      for (const ch of text) {
        const cp = ch.codePointAt(0) ?? 0;
        if (cp >= 0x590 && cp <= 0x8ff) rightToLeft.add(ch);
        let font = /\s/.test(ch) && current ? current.font : familyFor(cp, text);
        if (font === null) {
          missing.add(ch);
          font = undefined;
        }
        if (current && current.font === font) current.text += ch;
        else {
          current = font === undefined ? { text: ch } : { text: ch, font };
          runs.push(current);
        }
      }
      return runs;
    },
  };
}
