/**
 * A table of words shaped ahead of time, per font face: what shaping them gave, in a compact
 * binary form that loads in a millisecond and adds ~0.2 MB to the startup snapshot.
 *
 * Why: a brief of a story shapes each of its words once (fontkit's OpenType lookups), and
 * in a cold process that shaping, in code V8 has not compiled yet, and the garbage it leaves
 * were ~120 ms of a ~300 ms build. The snapshot holds the sample brief's words already; this
 * table holds the words news stories share (src/render/data/common-words.json), shaped
 * when the package is built (scripts/build-word-table.ts) with the fonts, packages and code
 * it runs with, so a run made from the table is the run shaping would make.
 *
 * Layout: "BSW1", the header's length (uint32), the header (JSON, UTF-8), zero padding to a
 * multiple of 8, then sections as the header places them (each padded to a multiple of 8):
 * the glyph positions (float64, five per position), the characters (uint32) and where each
 * glyph's list of them starts (uint32, n + 1); then for each face its words (UTF-16 code
 * units, sorted by code unit), where each word starts (uint32, n + 1), where each run starts
 * (uint32, n + 1), and the runs (uint16): the run's features and script (indexes into the
 * header's lists), then per glyph its id, its position and its characters (indexes too).
 * Numbers are in the byte order of the machine that built the file, which is the one that
 * reads it. A handful of typed arrays and strings: cheap to keep in the startup snapshot,
 * where thousands of small objects would cost time to deserialize.
 */

/** Identifies a font: a table made for other font bytes is never used. */
export interface FontIdentity {
  postscriptName: string;
  numGlyphs: number;
  checkSumAdjustment: number;
}

/** A glyph position as pdfkit keeps it: fontkit's four values, scaled, and the advance width. */
export interface WordPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}

/** What shaping one word gave, as the table keeps it. */
export interface ShapedWord {
  text: string;
  glyphIds: number[];
  positions: WordPosition[];
  /** The characters each glyph was shaped from. */
  codePoints: number[][];
  features: Record<string, boolean>;
  script: string | null;
  language: string | null;
  direction: string | null;
}

interface Header {
  /** The versions of the packages that shaped the words (pdfmake, pdfkit, fontkit). */
  versions: Record<string, string>;
  /** The file's length: a file cut short or padded is not a table. */
  length: number;
  /** Byte offsets of the shared sections, and their lengths in elements. */
  positions: number;
  positionCount: number;
  characters: number;
  charactersLength: number;
  characterOffsets: number;
  characterListCount: number;
  features: Record<string, boolean>[];
  scripts: [script: string | null, language: string | null, direction: string | null][];
  faces: {
    font: FontIdentity;
    count: number;
    /** Byte offsets of the face's sections, and the length in uint16 of its runs. */
    words: number;
    wordsLength: number;
    wordOffsets: number;
    runOffsets: number;
    runs: number;
    runsLength: number;
  }[];
}

/** The sections every face's runs index into. */
interface Shared {
  positions: Float64Array;
  characters: Uint32Array;
  characterOffsets: Uint32Array;
  features: Header['features'];
  scripts: Header['scripts'];
}

const MAGIC = 'BSW1';
const POSITION_KEYS = ['xAdvance', 'yAdvance', 'xOffset', 'yOffset', 'advanceWidth'] as const;

/**
 * Whether a shaped word can be kept exactly: positions with pdfkit's five keys, in its
 * order, and finite values other than -0 (positions are told apart by their JSON).
 */
function keepable(word: ShapedWord): boolean {
  return word.positions.every(
    (p) =>
      Object.keys(p).join() === POSITION_KEYS.join() &&
      POSITION_KEYS.every((k) => Number.isFinite(p[k]) && !Object.is(p[k], -0)),
  );
}

/**
 * Encodes the shaped words of each face, made under these package versions. Words that
 * cannot be kept exactly are left out; a table too large for 16-bit indexes is an error.
 */
export function encodeWordTable(
  faces: { font: FontIdentity; words: ShapedWord[] }[],
  versions: Record<string, string>,
): Uint8Array {
  const tables = {
    positions: new Map<string, number>(),
    codePoints: new Map<string, number>(),
    features: new Map<string, number>(),
    scripts: new Map<string, number>(),
  };
  const index = (map: Map<string, number>, key: string): number => {
    let i = map.get(key);
    if (i === undefined) {
      i = map.size;
      map.set(key, i);
    }
    return i;
  };
  const sections: Uint8Array[] = [];
  let offset = 0;
  const place = (bytes: Uint8Array): number => {
    const at = offset;
    const padded = (bytes.length + 7) & ~7;
    const copy = new Uint8Array(padded);
    copy.set(bytes);
    sections.push(copy);
    offset += padded;
    return at;
  };
  const faceHeaders: Header['faces'] = [];
  for (const face of faces) {
    const words = face.words
      .filter(keepable)
      .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
      .filter((w, i, all) => i === 0 || all[i - 1]!.text !== w.text);
    const wordOffsets = new Uint32Array(words.length + 1);
    const runOffsets = new Uint32Array(words.length + 1);
    const runs: number[] = [];
    let text = '';
    words.forEach((word, i) => {
      text += word.text;
      wordOffsets[i + 1] = text.length;
      runs.push(
        index(tables.features, JSON.stringify(word.features)),
        index(tables.scripts, JSON.stringify([word.script, word.language, word.direction])),
      );
      word.glyphIds.forEach((id, g) => {
        const p = word.positions[g]!;
        runs.push(
          id,
          index(tables.positions, JSON.stringify(POSITION_KEYS.map((k) => p[k]))),
          index(tables.codePoints, JSON.stringify(word.codePoints[g])),
        );
      });
      runOffsets[i + 1] = runs.length;
    });
    if (runs.some((n) => n > 0xffff))
      throw new Error('word table: an index does not fit in 16 bits');
    const utf16 = Buffer.from(text, 'utf16le');
    const runBytes = new Uint16Array(runs);
    faceHeaders.push({
      font: face.font,
      count: words.length,
      words: place(utf16),
      wordsLength: text.length,
      wordOffsets: place(new Uint8Array(wordOffsets.buffer)),
      runOffsets: place(new Uint8Array(runOffsets.buffer)),
      runs: place(new Uint8Array(runBytes.buffer)),
      runsLength: runs.length,
    });
  }
  const positions = Float64Array.from(
    [...tables.positions.keys()].flatMap((k) => JSON.parse(k) as number[]),
  );
  const lists = [...tables.codePoints.keys()].map((k) => JSON.parse(k) as number[]);
  const characterOffsets = new Uint32Array(lists.length + 1);
  lists.forEach((list, i) => {
    characterOffsets[i + 1] = characterOffsets[i]! + list.length;
  });
  const characters = Uint32Array.from(lists.flat());
  const header: Header = {
    versions,
    length: 0,
    positions: place(new Uint8Array(positions.buffer)),
    positionCount: tables.positions.size,
    characters: place(new Uint8Array(characters.buffer)),
    charactersLength: characters.length,
    characterOffsets: place(new Uint8Array(characterOffsets.buffer)),
    characterListCount: lists.length,
    features: [...tables.features.keys()].map((k) => JSON.parse(k)),
    scripts: [...tables.scripts.keys()].map((k) => JSON.parse(k)),
    faces: faceHeaders,
  };
  // The file's length is in its own header: its digits are counted until they stop changing.
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  for (let length = -1; length !== header.length; ) {
    length = header.length;
    header.length = ((8 + json.length + 7) & ~7) + offset;
    json = Buffer.from(JSON.stringify(header), 'utf8');
  }
  const start = (8 + json.length + 7) & ~7;
  const out = new Uint8Array(start + offset);
  out.set(Buffer.from(MAGIC, 'latin1'), 0);
  new DataView(out.buffer).setUint32(4, json.length, true);
  out.set(json, 8);
  let at = start;
  for (const section of sections) {
    out.set(section, at);
    at += section.length;
  }
  return out;
}

/** One face's words, ready to look up. */
export class FaceWords {
  constructor(
    readonly font: FontIdentity,
    private readonly words: string,
    private readonly wordOffsets: Uint32Array,
    private readonly runOffsets: Uint32Array,
    private readonly runs: Uint16Array,
    private readonly shared: Shared,
  ) {}

  get size(): number {
    return this.wordOffsets.length - 1;
  }

  /** The shaped word, or null when the table does not have it. */
  find(text: string): ShapedWord | null {
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const order = this.compare(mid, text);
      if (order === 0) return this.word(mid, text);
      if (order < 0) low = mid + 1;
      else high = mid - 1;
    }
    return null;
  }

  /** Word `i` against `text`, by code unit, without making a string. */
  private compare(i: number, text: string): number {
    const start = this.wordOffsets[i]!;
    const length = this.wordOffsets[i + 1]! - start;
    const n = Math.min(length, text.length);
    for (let k = 0; k < n; k++) {
      const d = this.words.charCodeAt(start + k) - text.charCodeAt(k);
      if (d !== 0) return d;
    }
    return length - text.length;
  }

  private word(i: number, text: string): ShapedWord {
    const runs = this.runs;
    const from = this.runOffsets[i]!;
    const to = this.runOffsets[i + 1]!;
    const [script, language, direction] = this.shared.scripts[runs[from + 1]!]!;
    const glyphs = (to - from - 2) / 3;
    const word: ShapedWord = {
      text,
      glyphIds: new Array(glyphs),
      positions: new Array(glyphs),
      codePoints: new Array(glyphs),
      features: this.shared.features[runs[from]!]!,
      script,
      language,
      direction,
    };
    const { positions, characters, characterOffsets } = this.shared;
    for (let g = 0, at = from + 2; g < glyphs; g++, at += 3) {
      word.glyphIds[g] = runs[at]!;
      const p = runs[at + 1]! * 5;
      word.positions[g] = {
        xAdvance: positions[p]!,
        yAdvance: positions[p + 1]!,
        xOffset: positions[p + 2]!,
        yOffset: positions[p + 3]!,
        advanceWidth: positions[p + 4]!,
      };
      const list = runs[at + 2]!;
      word.codePoints[g] = Array.from(
        characters.subarray(characterOffsets[list]!, characterOffsets[list + 1]!),
      );
    }
    return word;
  }
}

/**
 * Decodes a table made under these package versions; throws on bytes that are not a whole
 * table, or a table made under other versions.
 */
export function decodeWordTable(file: Uint8Array, versions: Record<string, string>): FaceWords[] {
  // Typed views need aligned offsets: one copy to a buffer of its own.
  const bytes = new Uint8Array(file);
  if (bytes.length < 8 || Buffer.from(bytes.subarray(0, 4)).toString('latin1') !== MAGIC) {
    throw new Error('not a Briefsmith word table');
  }
  const length = new DataView(bytes.buffer).getUint32(4, true);
  const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + length)).toString('utf8')) as Header;
  if (header.length !== bytes.length) throw new Error('a word table cut short or padded');
  if (JSON.stringify(header.versions) !== JSON.stringify(versions)) {
    throw new Error('a word table made under other package versions');
  }
  const start = (8 + length + 7) & ~7;
  const buffer = bytes.buffer;
  const shared: Shared = {
    positions: new Float64Array(buffer, start + header.positions, header.positionCount * 5),
    characters: new Uint32Array(buffer, start + header.characters, header.charactersLength),
    characterOffsets: new Uint32Array(
      buffer,
      start + header.characterOffsets,
      header.characterListCount + 1,
    ),
    features: header.features,
    scripts: header.scripts,
  };
  return header.faces.map(
    (face) =>
      new FaceWords(
        face.font,
        Buffer.from(buffer, start + face.words, face.wordsLength * 2).toString('utf16le'),
        new Uint32Array(buffer, start + face.wordOffsets, face.count + 1),
        new Uint32Array(buffer, start + face.runOffsets, face.count + 1),
        new Uint16Array(buffer, start + face.runs, face.runsLength),
        shared,
      ),
  );
}
