import { constants, createDeflate, deflateSync } from 'node:zlib';
import { fasterTrueTypeSubsets, type TrueTypeSubset } from './font-subset.ts';
import type { FaceWords, FontIdentity, ShapedWord, WordPosition } from './word-table.ts';

/**
 * Speed-ups for pdfkit's internals, the version pdfmake ships with. pdfkit is general; a
 * brief draws thousands of small text runs, and profiles of a batch show time going to
 * work repeated for every one of them: a Buffer per content operator, a colour parsed again
 * for every word, words re-shaped in every document. Each change here keeps pdfkit's
 * output byte for byte (the render tests compare against pdfkit's own output), and each is
 * installed once per process on the classes pdfkit does not export, reached through a probe
 * document.
 */

interface GlyphRun {
  glyphs: { id: number; advanceWidth: number; codePoints: number[] }[];
  positions: Record<string, number>[];
  features?: Record<string, boolean>;
  readonly advanceWidth: number;
  /** The document font that noted the run's characters last (ours; see noteCodePoints). */
  notedBy?: number;
}

/** The part of pdfkit's (unexported) EmbeddedFont class that shapes and encodes text. */
interface EmbeddedFont {
  font: object;
  subset: TrueTypeSubset;
  scale: number;
  widths: number[];
  unicode: number[][];
  layoutRun(text: string, features?: unknown): GlyphRun;
  layoutCached(text: string): GlyphRun;
  layout(text: string, features?: unknown, onlyWidth?: boolean): GlyphRun;
  widthOfString(text: string, size: number, features?: unknown): number;
  /** Per document (ours): its number, and the characters each glyph was first met with. */
  stamp?: number;
  firstCodePoints?: Map<number, number[]>;
  /** Per document (ours): the shared runs of its font, the word asked for last, and its run. */
  runs?: Map<string, GlyphRun>;
  lastWord?: string;
  lastRun?: GlyphRun;
  encode(text: string, features?: unknown): [string[], Record<string, number>[]];
}

/** The part of pdfkit's (unexported) PDFReference class that collects a stream's bytes. */
interface PdfReference {
  document: object;
  data: { Length?: number; Filter?: string };
  compress: boolean;
  uncompressedLength: number;
  buffer: Uint8Array[];
  /** Content lines not yet turned into bytes (ours). */
  pending?: string;
  write(chunk: unknown): void;
  finalize(): void;
}

/** The part of pdfkit's PDFDocument that sets colours and opacity. */
interface ColorMethods {
  spotColors: Record<string, unknown>;
  page: { ext_gstates: Record<string, unknown> };
  _opacityRegistry: Record<string, [dictionary: unknown, name: string]>;
  /** The opacity set last in this document, and what it wrote (ours; see rememberOpacity). */
  lastOpacity?: {
    fill: number;
    stroke: number;
    dictionary: unknown;
    name: string;
    operator: string;
  };
  _doOpacity(fill: unknown, stroke: unknown): unknown;
  fill(color?: unknown, rule?: unknown): unknown;
  fillColor(color: unknown, opacity?: unknown): unknown;
  resolveColor?(color: unknown, defaultColor: unknown): unknown;
  _setColorCore(color: unknown, stroke: boolean): boolean;
  _normalizeColor(color: unknown): number[] | null;
  _getColorSpace(color: number[]): string;
  addContent(line: string): unknown;
}

/** The part of pdfkit's (unexported) PDFNameTree class that orders its keys. */
interface NameTree {
  _compareKeys(a: string, b: string): number;
}

/** What `tunePdfkit` needs: a document of pdfkit's class with a font set, and its prototype chain. */
export interface PdfkitProbe {
  _font: EmbeddedFont;
  _root: { data: { Names: { data: { Dests: NameTree } } } };
  ref(): PdfReference;
}

const tuned = new WeakSet<object>();

/** Installs every speed-up, once per class. */
export function tunePdfkit(probe: PdfkitProbe, documentPrototype: object): void {
  const fontPrototype = Object.getPrototypeOf(probe._font) as EmbeddedFont;
  if (tuned.has(fontPrototype)) return;
  tuned.add(fontPrototype);
  shareShapedWords(fontPrototype);
  shapeWithOwnGlyphs(fontPrototype);
  layoutWithoutCopies(fontPrototype);
  measureWordsFromRuns(fontPrototype);
  encodeWithHexTable(fontPrototype);
  const referencePrototype = Object.getPrototypeOf(probe.ref()) as PdfReference;
  batchContentLines(referencePrototype);
  compressOffThread(referencePrototype);
  rememberColorOperators(documentPrototype as ColorMethods);
  rememberOpacity(documentPrototype as ColorMethods);
  fillKnownColors(documentPrototype as ColorMethods);
  drawPlainRunsDirectly(documentPrototype as TextMethods);
  formatPathPointsFaster(documentPrototype as PathMethods);
  fasterTrueTypeSubsets(probe._font.subset);
  orderNumberedNames(Object.getPrototypeOf(probe._root.data.Names.data.Dests) as NameTree);
}

/** Shaped words kept per font; a batch of briefs repeats most of its words. */
const SHARED_RUNS_LIMIT = 50_000;
const sharedRuns = new WeakMap<object, Map<string, GlyphRun>>();

/**
 * Shares shaped words across documents. pdfkit shapes every word of every document with
 * OpenType lookups and caches the result per document only; the result depends on nothing
 * but the font and the word, and pdfkit treats it as read-only once made, so one cache per
 * parsed font serves every brief of a batch.
 */
function shareShapedWords(prototype: EmbeddedFont): void {
  const own = prototype.layoutCached;
  prototype.layoutCached = function (this: EmbeddedFont, word: string): GlyphRun {
    const text = `${word}`;
    // pdfkit asks for the word it just drew again, for its width.
    if (text === this.lastWord && this.lastRun) return this.lastRun;
    let runs = this.runs;
    if (runs === undefined) {
      runs = sharedRuns.get(this.font);
      if (!runs) {
        runs = new Map();
        sharedRuns.set(this.font, runs);
      }
      this.runs = runs;
    }
    let run = runs.get(text);
    if (!run) {
      run = runFromTable(this, text) ?? own.call(this, text);
      // fontkit's advanceWidth is a getter summing the positions on every read (pdfkit
      // reads it for each width it measures); a kept run's positions never change.
      Object.defineProperty(run, 'advanceWidth', { value: run.advanceWidth });
      if (runs.size >= SHARED_RUNS_LIMIT) runs.clear();
      runs.set(text, run);
    }
    noteCodePoints(this, run);
    this.lastWord = text;
    this.lastRun = run;
    return run;
  };
}

/** The part of fontkit's font class that says which font it is, and lays out text. */
interface FontkitFont {
  postscriptName: string;
  numGlyphs: number;
  head?: { checkSumAdjustment: number };
  layout(text: string): GlyphRun;
}

export function fontIdentity(font: FontkitFont): FontIdentity {
  return {
    postscriptName: font.postscriptName,
    numGlyphs: font.numGlyphs,
    // A font without a head table (none of ours) matches no table.
    checkSumAdjustment: font.head?.checkSumAdjustment ?? Number.NaN,
  };
}

/** Words shaped ahead of time (./word-table.ts), per face; set when the renderer loads. */
let wordTables: readonly FaceWords[] = [];
let tableOfFont = new WeakMap<object, FaceWords | null>();

export function useWordTables(tables: readonly FaceWords[]): void {
  wordTables = tables;
  tableOfFont = new WeakMap();
}

function tableFor(font: FontkitFont): FaceWords | null {
  if (wordTables.length === 0) return null;
  let table = tableOfFont.get(font);
  if (table === undefined) {
    const id = fontIdentity(font);
    table =
      wordTables.find(
        (t) =>
          t.font.postscriptName === id.postscriptName &&
          t.font.numGlyphs === id.numGlyphs &&
          t.font.checkSumAdjustment === id.checkSumAdjustment,
      ) ?? null;
    tableOfFont.set(font, table);
  }
  return table;
}

/** fontkit's GlyphRun and GlyphPosition classes, which it does not export. */
interface FontkitClasses {
  Run: new (
    glyphs: GlyphRun['glyphs'],
    features: object,
    script: string | null,
    language: string | null,
    direction: string | null,
  ) => GlyphRun;
  Position: new (
    xAdvance: number,
    yAdvance: number,
    xOffset: number,
    yOffset: number,
  ) => Record<string, number>;
}
let fontkitClasses: FontkitClasses | undefined;

/**
 * A word's run from the table: the objects shaping would have made (fontkit's classes, the
 * process's glyph objects, interned positions, characters and features), or undefined when
 * the font has no table or the table not the word.
 */
export function runFromTable(embedded: EmbeddedFont, text: string): GlyphRun | undefined {
  const font = embedded.font as FontkitFont & ShapingFont;
  const word = tableFor(font)?.find(text);
  if (!word) return undefined;
  if (!fontkitClasses) {
    // A space is one glyph: its run shows both classes.
    const probe = font.layout(' ');
    fontkitClasses = {
      Run: probe.constructor as FontkitClasses['Run'],
      Position: probe.positions[0]!.constructor as FontkitClasses['Position'],
    };
  }
  const { Run, Position } = fontkitClasses;
  const n = word.glyphIds.length;
  const glyphs: GlyphRun['glyphs'] = new Array(n);
  const positions: GlyphRun['positions'] = new Array(n);
  const codePoints = new Array<number[]>(n);
  for (let i = 0; i < n; i++) {
    const characters = interned(word.codePoints[i]!, word.codePoints[i]!.join());
    codePoints[i] = characters;
    const id = word.glyphIds[i]!;
    glyphs[i] = font._glyphs[id] ?? (font.getGlyph(id, characters) as FontkitGlyph);
    const p = word.positions[i]!;
    const key = positionKey(p, 5);
    let position = internedValues.get(key) as Record<string, number> | undefined;
    if (!position) {
      position = new Position(p.xAdvance, p.yAdvance, p.xOffset, p.yOffset);
      position.advanceWidth = p.advanceWidth;
      position = interned(position, key);
    }
    positions[i] = position;
  }
  const features = interned(word.features, featuresKey(word.features));
  const run = new Run(glyphs, features, word.script, word.language, word.direction);
  run.positions = positions;
  runCodePoints.set(run, codePoints);
  return run;
}

/**
 * Shapes words as a document would (pdfkit's scaling, this module's glyph sharing), for
 * the table scripts/build-word-table.ts writes: never from a table.
 */
export function shapeForTable(embedded: EmbeddedFont, texts: readonly string[]): ShapedWord[] {
  return texts.map((text) => {
    const run = embedded.layoutRun(text);
    const codePoints = runCodePoints.get(run) ?? run.glyphs.map((g) => g.codePoints);
    return {
      text,
      glyphIds: run.glyphs.map((g) => g.id),
      positions: run.positions.map((p) => ({ ...p }) as unknown as ShapedWord['positions'][number]),
      codePoints,
      features: (run.features ?? {}) as Record<string, boolean>,
      script: (run as unknown as { script: string | null }).script,
      language: (run as unknown as { language: string | null }).language,
      direction: (run as unknown as { direction: string | null }).direction,
    };
  });
}

/**
 * A PDF's text layer (its ToUnicode map) gives each glyph the characters it was first
 * shaped from in that document: fontkit keeps one glyph object per glyph id, made with the
 * characters of the first text that needed it. Several characters can share a glyph (Ω is
 * both U+03A9 and U+2126 in Roboto), so with a font parsed once per process, the first
 * brief of the process would decide the text layer of every later one. So each word is
 * shaped as in a font of its own (fresh glyph objects), the characters each of its glyphs
 * came from are kept beside the run, and each document notes which characters it met each
 * glyph with first. The run itself holds the shared glyph objects, to keep it small.
 */
const runCodePoints = new WeakMap<GlyphRun, number[][]>();

function shapeWithOwnGlyphs(prototype: EmbeddedFont): void {
  const own = prototype.layoutRun;
  prototype.layoutRun = function (this: EmbeddedFont, text, features) {
    const font = this.font as ShapingFont;
    const shared = font._glyphs;
    shareGlyphMetrics(font);
    font._glyphs = {};
    font.sharedGlyphs = shared;
    let run: GlyphRun;
    try {
      run = own.call(this, text, features);
    } finally {
      font._glyphs = shared;
      font.sharedGlyphs = undefined;
    }
    const codePoints = new Array<number[]>(run.glyphs.length);
    for (let i = 0; i < run.glyphs.length; i++) {
      const glyph = run.glyphs[i];
      codePoints[i] = interned(glyph.codePoints, glyph.codePoints.join());
      shared[glyph.id] ??= glyph;
      run.glyphs[i] = shared[glyph.id];
      const p = run.positions[i];
      run.positions[i] = interned(
        p,
        positionKey(p as unknown as WordPosition, Object.keys(p).length),
      );
    }
    runCodePoints.set(run, codePoints);
    // The features shaping applied (an object per run); nothing reads them after shaping.
    if (run.features) run.features = interned(run.features, featuresKey(run.features));
    return run;
  };
}

/** What tells equal glyph positions apart: their values and how many keys they have. */
function positionKey(p: WordPosition, keys: number): string {
  return `${p.xAdvance},${p.yAdvance},${p.xOffset},${p.yOffset},${p.advanceWidth},${keys}`;
}

/** A feature set's key, made once per set object (a table's runs share theirs). */
const featureKeys = new WeakMap<object, string>();

function featuresKey(features: object): string {
  let key = featureKeys.get(features);
  if (key === undefined) {
    key = JSON.stringify(features);
    featureKeys.set(features, key);
  }
  return key;
}

/**
 * One object for equal glyph positions, character lists and feature sets. Kept words hold tens of
 * thousands of them, nearly all repeats (a glyph's advance, no offset); each its own object
 * made a batch worker's heap grow by ~40 MB and its garbage collector mark them all. They
 * are read-only once shaped (pdfkit copies a position before adding word spacing).
 */
const INTERNED_LIMIT = 100_000;
const internedValues = new Map<string, unknown>();

function interned<T>(value: T, key: string): T {
  const known = internedValues.get(key);
  if (known !== undefined) return known as T;
  if (internedValues.size >= INTERNED_LIMIT) internedValues.clear();
  internedValues.set(key, value);
  return value;
}

/** The part of fontkit's font class that makes glyph objects. */
interface ShapingFont {
  _glyphs: Record<number, FontkitGlyph>;
  /** The process's glyph objects, while a word is shaped with fresh ones (ours). */
  sharedGlyphs?: Record<number, FontkitGlyph>;
  getGlyph(id: number, characters?: number[]): FontkitGlyph | null;
}
type FontkitGlyph = GlyphRun['glyphs'][number] & { _metrics?: object };

const sharingMetrics = new WeakSet<object>();

/**
 * A fresh glyph object computes its metrics again, and for a TrueType font without vertical
 * metrics that means decoding the glyph's outline for its box (a third of shaping a new
 * word). Metrics depend on the glyph alone, so a fresh glyph takes them from the shared one.
 */
function shareGlyphMetrics(font: ShapingFont): void {
  const prototype = Object.getPrototypeOf(font) as ShapingFont;
  if (sharingMetrics.has(prototype)) return;
  sharingMetrics.add(prototype);
  const own = prototype.getGlyph;
  prototype.getGlyph = function (this: ShapingFont, id, characters) {
    const known = this._glyphs[id];
    if (known) return known;
    const glyph = own.call(this, id, characters);
    const metrics = this.sharedGlyphs?.[id]?._metrics;
    if (glyph && metrics && !glyph._metrics) glyph._metrics = metrics;
    return glyph;
  };
}

/** Numbers the documents' fonts, so a run can say which one noted it last without holding it. */
let documentFonts = 0;

/** Notes, for this document, the characters each glyph of a run was first met with. */
function noteCodePoints(font: EmbeddedFont, run: GlyphRun): void {
  font.stamp ??= ++documentFonts;
  // A run is noted again only when another document noted it since (noting is idempotent).
  if (run.notedBy === font.stamp) return;
  run.notedBy = font.stamp;
  font.firstCodePoints ??= new Map();
  const codePoints = runCodePoints.get(run);
  const first = font.firstCodePoints;
  // An indexed loop: in a cold start (unoptimised code) an iterator per run costs more.
  const glyphs = run.glyphs;
  for (let i = 0; i < glyphs.length; i++) {
    const glyph = glyphs[i];
    if (!first.has(glyph.id)) first.set(glyph.id, codePoints?.[i] ?? glyph.codePoints);
  }
}

/**
 * Most texts pdfmake draws are one word, perhaps with a space after it: one shaped run,
 * shaped as pdfkit would shape it alone.
 */
function isOneWord(text: string): boolean {
  if (text.length === 0 || text.includes('\t')) return false;
  const space = text.indexOf(' ');
  return space === -1 || space === text.length - 1;
}

/**
 * pdfkit's `layout` splits a text at spaces and joins the words' glyphs with `concat`, one
 * new array per word. This appends to one array instead; the result is the same fresh
 * arrays of the same (shared, read-only) glyph and position objects.
 */
function layoutWithoutCopies(prototype: EmbeddedFont): void {
  const own = prototype.layout;
  prototype.layout = function (this: EmbeddedFont, text, features, onlyWidth) {
    if (features) {
      const run = own.call(this, text, features, onlyWidth);
      if (run.glyphs) noteCodePoints(this, run);
      return run;
    }
    if (isOneWord(text)) {
      const run = this.layoutCached(text);
      return onlyWidth
        ? { glyphs: null as never, positions: null as never, advanceWidth: run.advanceWidth }
        : {
            glyphs: run.glyphs.slice(),
            positions: run.positions.slice(),
            advanceWidth: run.advanceWidth,
          };
    }
    const glyphs: GlyphRun['glyphs'] = [];
    const positions: GlyphRun['positions'] = [];
    let advanceWidth = 0;
    // Words end after a space or a tab, which stays with the word before it, as in pdfkit.
    let tab = text.indexOf('\t');
    for (let last = 0; last < text.length; ) {
      if (tab !== -1 && tab < last) tab = text.indexOf('\t', last);
      const space = text.indexOf(' ', last);
      const end = space === -1 ? tab : tab === -1 ? space : Math.min(space, tab);
      const stop = end === -1 ? text.length : end + 1;
      const run = this.layoutCached(text.slice(last, stop));
      if (!onlyWidth) {
        for (const g of run.glyphs) glyphs.push(g);
        for (const p of run.positions) positions.push(p);
      }
      advanceWidth += run.advanceWidth;
      last = stop;
    }
    return {
      glyphs: onlyWidth ? (null as never) : glyphs,
      positions: onlyWidth ? (null as never) : positions,
      advanceWidth,
    };
  };
}

/**
 * pdfkit measures a text through `layout(text, features, true)`, which makes a result
 * object for each width; a one-word text's width is its shared run's, scaled the same way.
 */
function measureWordsFromRuns(prototype: EmbeddedFont): void {
  const own = prototype.widthOfString;
  prototype.widthOfString = function (this: EmbeddedFont, text, size, features) {
    if (features || typeof text !== 'string' || !isOneWord(text)) {
      return own.call(this, text, size, features);
    }
    const width = this.layoutCached(text).advanceWidth;
    const scale = size / 1000;
    return width * scale;
  };
}

/** Four-digit hex glyph ids, made once: pdfkit formats one for every glyph it draws. */
const hex4: string[] = [];

function hexId(gid: number): string {
  let hex = hex4[gid];
  if (hex === undefined) {
    hex = gid.toString(16).padStart(4, '0').slice(-4);
    hex4[gid] = hex;
  }
  return hex;
}

/** pdfkit's `encode`, with the glyph ids' hex taken from a table. */
function encodeWithHexTable(prototype: EmbeddedFont): void {
  prototype.encode = function (this: EmbeddedFont, text, features) {
    // pdfkit only reads what `encode` returns (it copies before adding word spacing), so a
    // one-word text can use the shared shaped run itself.
    const { glyphs, positions } =
      !features && isOneWord(text) ? this.layoutCached(text) : this.layout(text, features);
    const encoded = new Array<string>(glyphs.length);
    for (let i = 0; i < glyphs.length; i++) {
      const glyph = glyphs[i];
      const gid = this.subset.includeGlyph(glyph.id);
      encoded[i] = hexId(gid);
      if (this.widths[gid] == null) this.widths[gid] = glyph.advanceWidth * this.scale;
      if (this.unicode[gid] == null) {
        this.unicode[gid] = this.firstCodePoints?.get(glyph.id) ?? glyph.codePoints;
      }
    }
    return [encoded, positions];
  };
}

/**
 * pdfkit turns every content operator into its own Buffer (`Buffer.from(line + '\n')`),
 * then joins them all when the stream ends. This appends the lines to one string (V8 keeps
 * it as a rope until it is read) and makes one Buffer of it, at the end or before a chunk
 * that is already bytes, so the order holds. Strings are written as 'binary' (one byte per
 * UTF-16 unit), as pdfkit writes them.
 */
function batchContentLines(prototype: PdfReference): void {
  const ownWrite = prototype.write;
  const ownFinalize = prototype.finalize;
  prototype.write = function (this: PdfReference, chunk: unknown) {
    if (chunk instanceof Uint8Array) {
      flush(this);
      ownWrite.call(this, chunk);
      return;
    }
    const line = `${chunk}\n`;
    this.pending = this.pending === undefined ? line : this.pending + line;
    this.uncompressedLength += line.length;
    this.data.Length = (this.data.Length ?? 0) + line.length;
    if (this.compress) this.data.Filter = 'FlateDecode';
  };
  prototype.finalize = function (this: PdfReference) {
    flush(this);
    ownFinalize.call(this);
  };
}

/** Turns a stream's batched content lines into bytes. */
function flush(ref: PdfReference): void {
  if (ref.pending) {
    ref.buffer.push(Buffer.from(ref.pending, 'binary'));
    ref.pending = '';
  }
}

let offThread = true;

/**
 * Keeps compression on the calling thread (as pdfkit does), for a batch's worker threads:
 * they already keep every core busy, and handing zlib to other threads there only adds its
 * overhead (~4 % on 231 briefs). Called by the worker rather than detected: importing
 * `node:worker_threads` into the startup snapshot leaves the CLI unable to start workers.
 */
export function compressOnThisThread(): void {
  offThread = false;
}

/**
 * Streams of one document compressing on the pool at a time. A brief has 10–20 (pages,
 * fonts and their maps); each holds zlib's state (~300 KB) until the main thread yields at
 * the end, and a 178-page document gained nothing from more: ~50 MB of it, and a per-page
 * cost 20 % above a short document's instead of flat.
 */
const OFF_THREAD_STREAMS = 32;

/** An object whose writing waits for its turn, and for its compressed bytes if any. */
interface UnwrittenObject {
  ref: PdfReference;
  compressed?: Buffer;
  ready: boolean;
}

/** The part of pdfkit's PDFDocument that compressOffThread reads. */
interface ReferencedDocument {
  _root: { data: { StructTreeRoot?: unknown } };
  emit(event: 'error', error: unknown): boolean;
}

/**
 * pdfkit compresses every stream with `zlib.deflateSync` when it ends, on the main thread:
 * ~2.9 ms of the 3-page sample, the map's page alone 1.3 ms. This compresses on libuv's
 * thread pool instead, while the main thread draws the next page and subsets the fonts, and
 * writes each object when every object ended before it has been written: the file's order,
 * its offsets and every byte stay as they were (same zlib, same defaults). pdfkit already
 * waits for every object before it writes the cross-reference table (`_waiting`, its hook
 * for images that load late), so `end()` needs no change.
 *
 * Two things a held-back object changes, handled here:
 * - An object is written after `end()` has returned, so what writing it throws (a number
 *   pdfkit cannot write, say) cannot reach `end()`'s caller: it becomes the document's
 *   'error' event, which `renderOwnedPdf` turns into a rejection.
 * - pdfkit's structure elements (tagged PDF) change their dictionary after ending it,
 *   which only works if it is written at once: a document with a structure tree
 *   compresses in place. pdfmake makes none today.
 */
function compressOffThread(prototype: PdfReference): void {
  const ownFinalize = prototype.finalize;
  const documents = new WeakMap<object, WriteQueue>();
  const write = (object: UnwrittenObject) => {
    if (object.compressed) {
      object.ref.buffer = [object.compressed];
      object.ref.compress = false;
    }
    ownFinalize.call(object.ref);
  };
  const drain = (queue: UnwrittenObject[]) => {
    while (queue.length > 0 && queue[0]!.ready) write(queue.shift()!);
  };
  prototype.finalize = function (this: PdfReference) {
    const document = this.document as ReferencedDocument;
    if (!offThread || document._root.data.StructTreeRoot) return ownFinalize.call(this);
    const state = documents.get(document) ?? { queue: [], inFlight: 0 };
    documents.set(document, state);
    const { queue } = state;
    flush(this);
    if (!this.compress || this.buffer.length === 0) {
      if (queue.length === 0) ownFinalize.call(this);
      else queue.push({ ref: this, ready: true });
      return;
    }
    const bytes = this.buffer.length === 1 ? this.buffer[0]! : Buffer.concat(this.buffer);
    if (state.inFlight >= OFF_THREAD_STREAMS) {
      // The main thread never yields while pdfmake draws, so no deflate comes back before
      // the end: past this many, a long document compresses in place, as pdfkit does.
      if (queue.length === 0) return ownFinalize.call(this);
      queue.push({ ref: this, compressed: deflateSync(bytes), ready: true });
      return;
    }
    state.inFlight++;
    const object: UnwrittenObject = { ref: this, ready: false };
    queue.push(object);
    deflateInOneTrip(bytes, settle({ document, state, object, bytes }));
  };
  /**
   * The deflate's callback. Whatever holds it after it has run (`zlib.deflate`'s engine did,
   * until the engine was collected, which could be after the next brief had begun) must not
   * hold the document: so the callback lets go of its stream, and with it the whole document
   * (pages, layout, content), as soon as it has run. Held on to, the last brief's document
   * was alive at every scavenge of the next one.
   */
  function settle(job: Deflation) {
    let pending: Deflation | undefined = job;
    return (error: Error | null, compressed: Buffer) => {
      const current = pending;
      if (current === undefined) return;
      pending = undefined;
      const { document, state, object, bytes } = current;
      state.inFlight--;
      try {
        // Only memory running out fails a deflate; the main thread then tries once more.
        object.compressed = error ? deflateSync(bytes) : compressed;
        object.ready = true;
        drain(state.queue);
      } catch (failure) {
        state.queue.length = 0;
        document.emit('error', failure);
      }
    };
  }
}

/**
 * zlib's `deflateBound` for the default settings (plus a little): the most a deflate of
 * `length` bytes can give, zlib's wrapper included.
 */
function deflateBound(length: number): number {
  return length + (length >> 12) + (length >> 14) + (length >> 25) + 19;
}

/** Deflates whose output came otherwise than in one chunk, compressed again here (the tests read it). */
export let deflatesRedone = 0;

/**
 * `zlib.deflate` in one trip to the thread pool instead of two or more. `zlib.deflate`
 * writes the bytes, then ends the stream, which asks zlib to finish in a second trip; each
 * trip wakes a pool thread, which on two cores often takes the main thread's. Here the only
 * write asks zlib to finish (`flush: Z_FINISH`: what `deflateSync` does in one call, so
 * the same bytes), into one output chunk large enough for anything zlib can give; the
 * engine is closed once it is back, which frees zlib's ~300 KB then rather than at a GC.
 * `done` is called once. Should the output come otherwise than as one chunk before the
 * write's callback (another Node's streams), the bytes are compressed here instead.
 */
export function deflateInOneTrip(
  bytes: Uint8Array,
  done: (error: Error | null, out: Buffer) => void,
): void {
  const engine = createDeflate({
    flush: constants.Z_FINISH,
    chunkSize: Math.max(constants.Z_DEFAULT_CHUNK, deflateBound(bytes.byteLength)),
  });
  let out: Buffer | undefined;
  let chunks = 0;
  let finished = false;
  const finish = (error: Error | null | undefined) => {
    if (finished) return;
    finished = true;
    // Closed after the stream is done with the write's callback: closed inside it, the
    // stream makes an error (stack and all) for the writes that can no longer come.
    queueMicrotask(() => engine.close());
    if (error) done(error, Buffer.alloc(0));
    // A copy: the chunk is a view of a buffer as large as the input.
    else if (out !== undefined && chunks === 1) done(null, Buffer.from(out));
    else {
      deflatesRedone++;
      done(null, deflateSync(bytes));
    }
  };
  engine.on('data', (chunk: Buffer) => {
    out = chunk;
    chunks++;
  });
  // zlib's own failures (memory) come as 'error' without the write's callback.
  engine.on('error', finish);
  engine.write(bytes, finish);
}

/** Per document: its objects waiting to be written, and its deflates not yet back. */
interface WriteQueue {
  queue: UnwrittenObject[];
  inFlight: number;
}

/** A stream handed to the thread pool, and what its callback needs. */
interface Deflation {
  document: ReferencedDocument;
  state: WriteQueue;
  object: UnwrittenObject;
  bytes: Uint8Array;
}

/** Colour operators by colour name and stroke or fill; a brief uses a handful of colours. */
const COLOR_OPERATORS_LIMIT = 1_000;
const colorOperators = new Map<string, [space: string, color: string] | null>();

/**
 * pdfkit parses a colour string and formats its components for every text run it draws.
 * This remembers the two operators a colour string becomes. Spot colours are per document
 * and go to pdfkit as before.
 */
function rememberColorOperators(prototype: ColorMethods): void {
  const own = prototype._setColorCore;
  prototype._setColorCore = function (this: ColorMethods, color, stroke) {
    if (typeof color !== 'string' || Object.hasOwn(this.spotColors, color)) {
      return own.call(this, color, stroke);
    }
    const key = `${stroke ? 'S' : 'f'}${color}`;
    let operators = colorOperators.get(key);
    if (operators === undefined) {
      const components = this._normalizeColor(color);
      operators = components
        ? [
            `/${this._getColorSpace(components)} ${stroke ? 'CS' : 'cs'}`,
            `${components.join(' ')} ${stroke ? 'SCN' : 'scn'}`,
          ]
        : null;
      if (colorOperators.size >= COLOR_OPERATORS_LIMIT) colorOperators.clear();
      colorOperators.set(key, operators);
    }
    if (!operators) return false;
    this.addContent(operators[0]);
    this.addContent(operators[1]);
    return true;
  };
}

/**
 * pdfmake sets the opacity before every word it draws (`opacity(1)`), and pdfkit makes a
 * key string for it and looks its graphics state up each time. This remembers, per
 * document, the last opacity pair and the operator it wrote; anything else goes to pdfkit.
 */
function rememberOpacity(prototype: ColorMethods): void {
  const own = prototype._doOpacity;
  prototype._doOpacity = function (this: ColorMethods, fill, stroke) {
    const last = this.lastOpacity;
    if (last !== undefined && last.fill === fill && last.stroke === stroke) {
      // What pdfkit does for an opacity it has met: the state on this page, and its operator.
      this.page.ext_gstates[last.name] = last.dictionary;
      return this.addContent(last.operator);
    }
    const result = own.call(this, fill, stroke);
    if (typeof fill === 'number' && typeof stroke === 'number') {
      const entry = this._opacityRegistry[`${clamp01(fill)}_${clamp01(stroke)}`];
      if (entry) {
        const [dictionary, name] = entry;
        this.lastOpacity = { fill, stroke, dictionary, name, operator: `/${name} gs` };
      }
    }
    return result;
  };
}

const clamp01 = (n: number) => Math.max(0, Math.min(1, n));

/** Colour strings pdfkit accepts in every document (hex and named ones, not fill rules). */
const KNOWN_COLORS_LIMIT = 1_000;
const knownColors = new Set<string>();
const FILL_RULE = /(even-?odd)|(non-?zero)/;

/**
 * Whether pdfkit takes `color` as a colour in any document: `_normalizeColor` reads hex and
 * named colours before a document's spot colours, so those answers hold everywhere; and
 * `fill` would not take it for a fill rule.
 */
function isKnownColor(doc: ColorMethods, color: unknown): color is string {
  if (typeof color !== 'string') return false;
  if (knownColors.has(color)) return true;
  if (Object.hasOwn(doc.spotColors, color) || FILL_RULE.test(color)) return false;
  if (doc._normalizeColor(color) === null) return false;
  if (knownColors.size >= KNOWN_COLORS_LIMIT) knownColors.clear();
  knownColors.add(color);
  return true;
}

/**
 * pdfmake fills every word with `fill(color)`, which tests the colour against a fill-rule
 * pattern, then sets it and writes `f`. For a known colour string that is what this does,
 * without the pattern.
 */
function fillKnownColors(prototype: ColorMethods): void {
  const own = prototype.fill;
  prototype.fill = function (this: ColorMethods, color, rule) {
    if (rule !== undefined || !isKnownColor(this, color)) return own.call(this, color, rule);
    this.fillColor(color);
    return this.addContent('f');
  };
}

/**
 * pdfmake checks every word's colour (`resolveColor`) by parsing it with `_normalizeColor`
 * and throwing the result away. A known colour string (see isKnownColor) is valid without
 * it. Installed on pdfmake's PDFDocument class, which adds `resolveColor` to pdfkit's.
 */
export function resolveKnownColors(prototype: object): void {
  const colors = prototype as ColorMethods;
  const own = colors.resolveColor;
  if (!own || tuned.has(prototype)) return;
  tuned.add(prototype);
  colors.resolveColor = function (this: ColorMethods, color, defaultColor) {
    const chosen = color || defaultColor;
    return isKnownColor(this, chosen) ? chosen : own.call(this, color, defaultColor);
  };
}

/** The part of pdfkit's PDFDocument that draws text. */
interface TextMethods {
  page: { height: number; fonts: Record<string, unknown> };
  _font: EmbeddedFont & { id: string; ascender: number; ref(): unknown };
  _fontSize: number;
  _wrapper?: unknown;
  _textOptions?: unknown;
  x: number;
  y: number;
  text(text: unknown, x?: unknown, y?: unknown, options?: unknown): TextMethods;
  addContent(line: string): unknown;
  addNamedDestination(name: string, ...args: unknown[]): void;
  widthOfString(text: string, options: object): number;
}

/** pdfkit's `PDFObject.number`: six decimals at most. */
const pdfNumber = (n: number) => {
  if (n > -1e21 && n < 1e21) return Math.round(n * 1e6) / 1e6;
  throw new Error(`unsupported number: ${n}`);
};

/**
 * `${pdfNumber(n)}`, the way pdfkit writes a number into content, twice as fast: a brief
 * writes ~8,000 of them (every word's position, every point of the map). With k =
 * round(n × 10⁶), pdfkit prints the double nearest k / 10⁶ in its shortest round-trip form;
 * while |k| < 10¹⁵ that decimal has at most 15 significant digits, so no shorter one maps to
 * the same double, and it is k's digits with the point six places from the right, trailing
 * zeros dropped (and never an exponent: |k / 10⁶| ≥ 10⁻⁶). A test compares both on
 * millions of values; anything larger, or not finite, goes the old way (and throws alike).
 */
export function pdfNumberText(n: number): string {
  const k = Math.round(n * 1e6);
  if (!(k > -1e15 && k < 1e15)) return `${pdfNumber(n)}`;
  if (k % 1e6 === 0) return `${k / 1e6}`;
  const digits = `${k < 0 ? -k : k}`;
  const padded = digits.length > 6 ? digits : `000000${digits}`.slice(-7);
  let end = padded.length;
  while (padded.charCodeAt(end - 1) === 48) end--;
  const text = `${padded.slice(0, -6)}.${padded.slice(-6, end)}`;
  return k < 0 ? `-${text}` : text;
}

/** pdfkit's `moveTo` and `lineTo`, with its number formatting done by `pdfNumberText`. */
function formatPathPointsFaster(prototype: PathMethods): void {
  prototype.moveTo = function (this: PathMethods, x, y) {
    return this.addContent(`${pdfNumberText(x)} ${pdfNumberText(y)} m`);
  };
  prototype.lineTo = function (this: PathMethods, x, y) {
    return this.addContent(`${pdfNumberText(x)} ${pdfNumberText(y)} l`);
  };
}

/** The part of pdfkit's PDFDocument that draws paths. */
interface PathMethods {
  moveTo(x: number, y: number): unknown;
  lineTo(x: number, y: number): unknown;
  addContent(line: string): unknown;
}

/** The options pdfmake's renderer gives `text` (the run's link and features among them). */
interface RunOptions {
  lineBreak: false;
  characterSpacing?: number;
  destination?: string;
  features?: unknown;
  link?: unknown;
  goTo?: unknown;
}

/** The options a run drawn directly may have; any other option goes through pdfkit. */
const PLAIN_RUN_OPTIONS = new Set([
  'lineBreak',
  'textWidth',
  'characterSpacing',
  'wordCount',
  'link',
  'goTo',
  'destination',
  'features',
]);

function isPlainRun(options: unknown): options is RunOptions {
  // A plain object: pdfkit copies only own options, and `for…in` would also see inherited ones.
  if (typeof options !== 'object' || options === null) return false;
  if (Object.getPrototypeOf(options) !== Object.prototype) return false;
  const o = options as Record<string, unknown>;
  if (o.lineBreak !== false || o.link != null || o.goTo != null) return false;
  for (const key in o) if (!PLAIN_RUN_OPTIONS.has(key)) return false;
  return true;
}

/**
 * pdfmake draws every word with `text(word, x, y, {lineBreak: false, …})`, and pdfkit takes
 * each through its general text path: options copied and defaulted, a line splitter, the
 * graphics state saved, transformed and restored with matrix bookkeeping, one content line
 * at a time. For such a plain run (no width, wrapping, rotation, link, alignment, spacing
 * or decoration) this writes the same operators in one go: the `q … cm BT … Tm … Tf … TJ
 * ET Q` pdfkit writes, with its number formatting, then moves `x` past the run as pdfkit
 * does. Anything else goes to pdfkit.
 */
function drawPlainRunsDirectly(prototype: TextMethods): void {
  const own = prototype.text;
  prototype.text = function (this: TextMethods, text, x, y, options) {
    if (
      typeof text !== 'string' ||
      typeof x !== 'number' ||
      typeof y !== 'number' ||
      !isPlainRun(options) ||
      this._wrapper ||
      this._textOptions ||
      text.includes('\n')
    ) {
      return own.call(this, text, x, y, options);
    }
    this.x = x;
    this.y = y;
    if (text.length > 0) drawRun(this, text, x, y, options);
    this.x += this.widthOfString(text, options);
    return this;
  };
}

/** The operators every run starts with, for the last page height seen (pages share a size). */
let runStart = { height: Number.NaN, text: '' };
/** The font operator, for the last font and size seen (a paragraph's words share them). */
let runFont = { id: '', size: Number.NaN, text: '' };

/** A TJ segment: glyphs, then the kerning adjustment after the last of them. */
function segment(commands: string, hex: string, last: Record<string, number>): string {
  const adjust = `<${hex}> ${pdfNumberText(-(last.xAdvance - last.advanceWidth))}`;
  return commands === '' ? adjust : `${commands} ${adjust}`;
}

/** pdfkit's `_fragment` for a plain run (baseline at the ascender, fill only, no word spacing). */
function drawRun(doc: TextMethods, text: string, x: number, y: number, options: RunOptions): void {
  const font = doc._font;
  const size = doc._fontSize;
  const characterSpacing = options.characterSpacing || 0;
  const dy = (font.ascender / 1000) * size;
  if (options.destination != null) doc.addNamedDestination(options.destination, 'XYZ', x, y, null);
  const height = doc.page.height;
  y = height - y - dy;
  if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
  if (runStart.height !== height) {
    runStart = { height, text: `q\n1 0 0 -1 0 ${pdfNumberText(height)} cm\nBT\n1 0 0 1 ` };
  }
  if (runFont.id !== font.id || runFont.size !== size) {
    runFont = { id: font.id, size, text: ` Tm\n/${font.id} ${pdfNumberText(size)} Tf` };
  }
  let out = `${runStart.text}${pdfNumberText(x)} ${pdfNumberText(y)}${runFont.text}`;
  if (characterSpacing) out += `\n${pdfNumberText(characterSpacing)} Tc`;
  const [encoded, positions] = font.encode(text, options.features);
  const scale = size / 1000;
  // pdfkit's segments: glyphs are cut after a kerned glyph (its adjustment follows the
  // segment) and around a glyph with an offset (placed by its own Tm); a TJ per cut run.
  let commands = '';
  let hex = '';
  let hadOffset = false;
  const n = positions.length;
  for (let i = 0; i < n; i++) {
    const pos = positions[i];
    if (pos.xOffset || pos.yOffset) {
      if (hex !== '') commands = segment(commands, hex, positions[i - 1]);
      if (commands !== '') out += `\n[${commands}] TJ`;
      out += `\n1 0 0 1 ${pdfNumberText(x + pos.xOffset * scale)} ${pdfNumberText(y + pos.yOffset * scale)} Tm`;
      out += `\n[${segment('', encoded[i], pos)}] TJ`;
      commands = '';
      hex = '';
      hadOffset = true;
    } else {
      if (hadOffset) {
        out += `\n1 0 0 1 ${pdfNumberText(x)} ${pdfNumberText(y)} Tm`;
        hadOffset = false;
      }
      hex += encoded[i];
      if (pos.xAdvance - pos.advanceWidth !== 0) {
        commands = segment(commands, hex, pos);
        hex = '';
      }
    }
    x += pos.xAdvance * scale;
  }
  if (hex !== '') commands = segment(commands, hex, positions[n - 1]);
  if (commands !== '') out += `\n[${commands}] TJ`;
  doc.addContent(`${out}\nET\nQ`);
}

/** A name and its number: `h12` is `h` and `12`. */
const NUMBERED = /^([a-z]*)([0-9]+)$/;

/**
 * pdfkit sorts the named destinations (the outline's `h1`, `h2`, …) with `localeCompare`,
 * whose first call in a process sets up ICU's collator (~5 ms of a cold start). Two names
 * that differ only in their digits, after the same letters, compare the same in every
 * locale as they do by code unit (digits are ordered alike everywhere, and a prefix comes
 * first), so those skip it; any other pair still goes to `localeCompare`.
 */
function orderNumberedNames(prototype: NameTree): void {
  const own = prototype._compareKeys;
  prototype._compareKeys = function (this: NameTree, a: string, b: string): number {
    const ma = NUMBERED.exec(a);
    const mb = ma && NUMBERED.exec(b);
    if (ma && mb && ma[1] === mb[1]) return a < b ? -1 : a > b ? 1 : 0;
    return own.call(this, a, b);
  };
}
